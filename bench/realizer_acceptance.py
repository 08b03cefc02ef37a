"""How many of the model's customer lines the guard accepts, per scenario, with the real model.

Usage: python bench/realizer_acceptance.py [--scenarios ID,ID] [--limit N] [--seed N]
       [--model PATH_OR_ID] [--home DIR] [--examples N] [--show-rejected] [--all-languages]

Plays the warm and the dismissive trainee scripts of `tests/trainee_scripts/` over shipped
scenarios (by default one per archetype plus a Swedish one) with the transformers backend
(the embedded SmolLM2-135M unless --model), and prints per scenario and overall: model
lines tried, accepted (share), a histogram of rejection reasons, the median time to first
token, and a few accepted lines. The weights cache lives in --home (default: a fixed folder
under the temp directory, reused between runs). CPU heavy: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so the project imports without an installed package
    sys.path.insert(0, str(REPO_ROOT))

from simulator.backends.base import ChatMessage, CustomerBackend, GenerationOptions  # noqa: E402

SCRIPTS = REPO_ROOT / "tests" / "trainee_scripts"
DEFAULT_SCENARIOS = (
    "en_telecom_double_billing",  # frustrated
    "en_bank_card_blocked_abroad",  # exhausted
    "en_insurance_funeral_claim",  # grieving
    "en_pharmacy_prescription_delay",  # anxious
    "en_parcel_lost_again",  # distrustful
    "sv_forsakring_vattenskada",  # exhausted, Swedish
)
STYLES = ("warm", "dismissive")


@dataclass
class Attempt:
    """One model line: what it wrote, whether the guard took it, how fast it started."""

    raw: str
    first_token_s: float | None
    example: str = ""
    shown: str | None = None
    rejection: str | None = None

    def closeness(self) -> float:
        """Share of the authored example's content words the shown line kept (0..1)."""
        from simulator.customer.guard import stems

        wanted = stems(self.example)
        return len(wanted & stems(self.shown or "")) / len(wanted) if wanted else 0.0


@dataclass
class Tally:
    """Attempts of one scenario (or of all of them)."""

    attempts: list[Attempt] = field(default_factory=list)
    unwritten: int = 0
    """Customer lines left to authored text because the model does not write the language."""

    def accepted(self) -> list[Attempt]:
        """The attempts whose line was used (source `model`)."""
        return [a for a in self.attempts if a.rejection is None]

    def reasons(self) -> Counter[str]:
        """Rejection reasons, numbers folded away ("too long (41 words > 40)" -> "too long")."""
        return Counter(re.sub(r"\s*\(.*\)$", "", a.rejection) for a in self.attempts if a.rejection)


class Recording(CustomerBackend):
    """Wraps a backend and keeps the raw text and first-token time of every line it writes."""

    name = "recording"

    def __init__(self, inner: CustomerBackend, all_languages: bool = False) -> None:
        """Delegate to `inner`; `all_languages` lets it write languages it says it cannot."""
        self.inner = inner
        self.all_languages = all_languages
        self.model_id = inner.model_id
        self.continues_lines = getattr(inner, "continues_lines", False)  # type: ignore[misc]
        self.lines: list[Attempt] = []

    def warm_up(self, progress=None) -> None:  # noqa: ANN001 - same signature as the base
        """Load the inner backend."""
        self.inner.warm_up(progress)

    def writes(self, language: str) -> bool:
        """Whether the inner backend writes this language."""
        return self.all_languages or getattr(self.inner, "writes", lambda _: True)(language)

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Pass a prefill on (so sessions behave as in the UI)."""
        self.inner.prefill(messages)

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Stream from the inner backend, remembering the text."""
        pieces: list[str] = []
        try:
            with closing(self.inner.stream(messages, options)) as stream:
                for piece in stream:
                    pieces.append(piece)
                    yield piece
        finally:
            stats = self.inner.last_stats()
            begun = messages[-1]["content"] if messages[-1]["role"] == "assistant" else ""
            asked = messages[-2 if begun else -1]["content"]
            quoted = re.findall(r'"([^"]*)"', asked)  # the authored example is quoted last
            self.lines.append(
                Attempt(
                    begun + "".join(pieces),
                    stats.get("first_token_s"),
                    quoted[-1] if quoted else "",
                )
            )

    def last_stats(self) -> dict[str, float]:
        """The inner backend's figures."""
        return self.inner.last_stats()


def play(
    backend: Recording, scenario_id: str, style: str, limit: int | None, seed: int
) -> tuple[list[Attempt], int]:
    """One session of a trainee script: the attempts with the guard's verdict attached, and
    how many lines were authored because the model does not write the language."""
    from scenarios.library import load_library
    from simulator.simulate import read_trainee_lines, run_simulation

    library = load_library()
    scenario = library.scenario(scenario_id)
    persona = library.persona_for(scenario)
    script = SCRIPTS / f"{persona.id}_{style}_{scenario_id}.txt"
    replies = read_trainee_lines(script)[:limit]
    start = len(backend.lines)
    result = run_simulation(scenario, persona, backend, replies, seed=seed)
    attempts = backend.lines[start:]
    model_turns = [
        t
        for t in result.turns
        if t.role == "customer"
        and t.index > 0
        and not (t.rejection or "").startswith("the model does not write")
    ]
    unwritten = sum(1 for t in result.turns if t.role == "customer" and t.index > 0) - len(
        model_turns
    )
    # Each customer turn after the opening came from exactly one model attempt, in order.
    for attempt, turn in zip(
        attempts, model_turns[-len(attempts) :] if attempts else [], strict=False
    ):
        attempt.shown = turn.text
        attempt.rejection = turn.rejection if turn.source == "script" else None
    return attempts, unwritten


def print_tally(title: str, tally: Tally, examples: int, show_rejected: bool) -> None:
    """Counts, share, reasons, median first-token time, sample lines."""
    tried, accepted = len(tally.attempts), tally.accepted()
    share = len(accepted) / tried if tried else 0.0
    firsts = [a.first_token_s for a in tally.attempts if a.first_token_s is not None]
    ttft = f"{statistics.median(firsts):.2f} s" if firsts else "n/a"
    close = statistics.mean(a.closeness() for a in accepted) if accepted else 0.0
    print(
        f"\n{title}: {len(accepted)}/{tried} model lines accepted ({share:.0%}), "
        f"median first token {ttft}, accepted lines keep {close:.0%} of the authored "
        "line's content words"
    )
    if tally.unwritten:
        print(f"    {tally.unwritten} lines authored: the model does not write this language")
    for reason, count in tally.reasons().most_common():
        print(f"    {count:>3}  {reason}")
    for attempt in accepted[:examples]:
        print(f"    + {attempt.shown}")
    if show_rejected:
        for attempt in [a for a in tally.attempts if a.rejection][:examples]:
            print(f"    - [{attempt.rejection}] {attempt.raw.strip()!r}")


def main() -> None:
    """Play the scripts, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenarios",
        default=",".join(DEFAULT_SCENARIOS),
        help="comma-separated scenario ids (each needs trainee scripts)",
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="play at most N trainee replies per script"
    )
    parser.add_argument("--seed", type=int, default=0, help="director and sampling seed")
    parser.add_argument("--model", default=None, help="hub id, folder or .gguf (default: embedded)")
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(tempfile.gettempdir()) / "lagom-realizer-bench",
        help="LAGOM_HOME for the weights cache (reused between runs)",
    )
    parser.add_argument("--examples", type=int, default=3, help="accepted lines shown each")
    parser.add_argument("--show-rejected", action="store_true", help="also show rejected lines")
    parser.add_argument(
        "--all-languages",
        action="store_true",
        help="let the model write languages it is not trusted with",
    )
    args = parser.parse_args()
    os.environ["LAGOM_HOME"] = str(args.home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from simulator.backends.transformers_backend import TransformersBackend

    inner = TransformersBackend(args.model, args.home / "cache")
    started = time.perf_counter()
    inner.warm_up()
    print(
        f"Realizer acceptance: {inner.model_id}, seed {args.seed}, "
        f"limit {args.limit or 'none'}, model ready in {time.perf_counter() - started:.1f} s"
    )
    backend = Recording(inner, args.all_languages)
    overall = Tally()
    for scenario_id in [s.strip() for s in args.scenarios.split(",") if s.strip()]:
        tally = Tally()
        for style in STYLES:
            attempts, unwritten = play(backend, scenario_id, style, args.limit, args.seed)
            tally.attempts += attempts
            tally.unwritten += unwritten
        print_tally(scenario_id, tally, args.examples, args.show_rejected)
        overall.attempts += tally.attempts
        overall.unwritten += tally.unwritten
    print_tally("Overall", overall, args.examples, args.show_rejected)
    inner.close()


if __name__ == "__main__":
    main()
