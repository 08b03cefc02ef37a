"""How believable the simulated customer is: answers, model lines kept or replaced, outcomes.

Usage: python bench/realism.py [--backend scripted|transformers] [--scenarios ID,ID]
       [--styles warm,cold,questioning] [--seeds 0,1,2] [--limit N] [--model PATH_OR_ID]
       [--home DIR] [--examples N] [--lines FILE.jsonl]

Plays a warm, a cold and a questioning trainee over every shipped scenario (or those named)
and prints, per scenario and overall:
- answered-question rate: trainee replies that ask for a fact the customer knows, and whether
  the very next customer line carries it (one of the fact's keywords or numbers);
- "I haven't got that to hand" for facts the customer does not know;
- customer lines from the model / replaced by an authored line, with the reasons;
- outcomes per style (a warm trainee should resolve, a cold one should not).

Trainee lines come from `tests/trainee_scripts/ARCHETYPE_STYLE_SCENARIO.txt` where one exists
(`cold` reads the `dismissive` script); otherwise they are built from the scenario itself:
warm = acknowledgement, the required offers' example sentences and the hidden needs' own words;
cold = curt brush-offs; questioning = one question per fact from its `asked_by` words.
With `--backend transformers` (the embedded SmolLM2-135M unless --model) it is CPU heavy.
`--lines FILE` writes every customer line the model was asked for as one JSON object a line:
the trainee's words, the intent and band, the authored line, what was said, kept or why not,
the model's raw text and the guard's context (to read every kept line, or re-check them).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so the project imports without an installed package
    sys.path.insert(0, str(REPO_ROOT))

from scenarios.matching import find_keywords  # noqa: E402
from scenarios.model import Scenario  # noqa: E402

SCRIPTS = REPO_ROOT / "tests" / "trainee_scripts"
STYLES = ("warm", "cold", "questioning")
SCRIPT_STYLE = {"warm": "warm", "cold": "dismissive", "questioning": "questioning"}

GENERIC: dict[str, dict[str, list[str]]] = {
    "en": {
        "warm": ["I'm really sorry, that sounds exhausting. I'll take care of this myself.",
                 "That must be so stressful. Let me make sure it's sorted today."],
        "cold": ["That's just how it works.", "You'll have to wait like everyone else.",
                 "I can't do anything about that.", "It's not our fault.", "Is that all?"],
        "ask": "Could you tell me about this: {}?",
        "ack": "I'm sorry you've had all this. Thank you for your patience with me.",
    },
    "sv": {
        "warm": ["Jag förstår, det låter jättejobbigt. Jag tar hand om det här själv.",
                 "Det måste vara så stressigt. Jag ser till att det blir löst idag."],
        "cold": ["Så fungerar det bara.", "Du får vänta som alla andra.",
                 "Det kan jag inte göra något åt.", "Det är inte vårt fel.", "Var det allt?"],
        "ask": "Kan du berätta om det här: {}?",
        "ack": "Jag beklagar att du har fått gå igenom det här.",
    },
    "nl": {
        "warm": ["Wat vervelend, dat klinkt echt uitputtend. Ik ga dit zelf voor u regelen.",
                 "Dat moet heel stressvol zijn. Ik zorg dat het vandaag opgelost wordt."],
        "cold": ["Zo werkt het nu eenmaal.", "U moet gewoon wachten, net als iedereen.",
                 "Daar kan ik niets aan doen.", "Het is niet onze schuld.", "Was dat alles?"],
        "ask": "Kunt u mij hier iets over vertellen: {}?",
        "ack": "Wat vervelend dat u dit allemaal meemaakt.",
    },
    "pl": {
        "warm": ["Bardzo mi przykro, to brzmi wyczerpująco. Sama się tym zajmę.",
                 "To musi być bardzo stresujące. Dopilnuję, żeby to dziś załatwić."],
        "cold": ["Tak to po prostu działa.", "Trzeba czekać jak wszyscy.",
                 "Nic na to nie poradzę.", "To nie nasza wina.", "To wszystko?"],
        "ask": "Czy może mi Pani/Pan o tym powiedzieć: {}?",
        "ack": "Przykro mi, że musi Pani/Pan przez to przechodzić.",
    },
}
"""Generic trainee lines per language for scenarios without their own scripts."""


def built_script(scenario: Scenario, style: str) -> list[str]:
    """Trainee lines built from the scenario itself, for a style."""
    words = GENERIC.get(scenario.language, GENERIC["en"])
    if style == "cold":
        return list(words["cold"]) * 2
    if style == "questioning":
        lines = []
        for fact in scenario.facts:
            if fact.asked_by:
                lines += [f"{words['ack']} {words['ask'].format(fact.asked_by[0])}"]
        return lines
    lines = list(words["warm"])
    offers = {o.id: o for o in scenario.policy.may_offer}
    for need in scenario.hidden_needs:
        if need.reveal_keywords:
            lines.append(words["ask"].format(need.reveal_keywords[0]))
        lines.append(f"{words['warm'][1]} {need.met_by[0].capitalize()}.")
    for oid in scenario.resolution.requires_offers:
        offer = offers[oid]
        lines.append(offer.examples[0] if offer.examples else offer.text)
    return lines


def trainee_lines(scenario: Scenario, archetype: str, style: str) -> tuple[list[str], str]:
    """The trainee's replies for a style, and where they came from (script or built)."""
    from simulator.simulate import read_trainee_lines

    path = SCRIPTS / f"{archetype}_{SCRIPT_STYLE[style]}_{scenario.id}.txt"
    if path.exists():
        return read_trainee_lines(path), "script"
    return built_script(scenario, style), "built"


@dataclass
class Tally:
    """What one or more sessions produced."""

    asked: int = 0
    answered: int = 0
    not_known: int = 0
    need_instead: int = 0
    model: int = 0
    replaced: int = 0
    authored_only: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Counter[str]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.asked += other.asked
        self.answered += other.answered
        self.not_known += other.not_known
        self.need_instead += other.need_instead
        self.model += other.model
        self.replaced += other.replaced
        self.authored_only += other.authored_only
        self.reasons.update(other.reasons)
        for style, counts in other.outcomes.items():
            self.outcomes.setdefault(style, Counter()).update(counts)
        self.kept += other.kept
        self.missed += other.missed
        self.rejected += other.rejected
        self.records += other.records


class Recording:
    """Wraps a backend and keeps the raw text of the last line it wrote (to show rejections)."""

    def __init__(self, inner: object) -> None:
        """Delegate everything to `inner`."""
        self.inner = inner
        self.last = ""

    def __getattr__(self, name: str) -> object:
        """Every other attribute is the inner backend's."""
        return getattr(self.inner, name)

    def stream(self, messages, options):  # noqa: ANN001, ANN201 - the backend's signature
        """Stream from the inner backend, remembering the text (with any begun line)."""
        begun = messages[-1]["content"] if messages[-1]["role"] == "assistant" else ""
        self.last = begun
        for piece in self.inner.stream(messages, options):
            self.last += piece
            yield piece


SPEAKERS = {
    "en": ("Agent", "Customer"), "sv": ("Handläggare", "Kund"),
    "nl": ("Medewerker", "Klant"), "pl": ("Konsultant", "Klient"),
}
"""Speaker labels of a raw transcript prompt, per language."""


class RawGGUF:
    """A base (non-chat) GGUF model through llama.cpp, continuing a transcript: the customer's
    line starts with the authored start and ends at the newline. For measuring small
    multilingual base models such as Gemma 3 270M (`--backend gguf --gguf PATH`)."""

    name = "gguf"
    generates = True
    continues_lines = True

    def __init__(self, path: str, language: str = "en") -> None:
        """Load the GGUF file with llama.cpp (2 threads, 2048 tokens of context)."""
        from llama_cpp import Llama

        self.llm = Llama(model_path=path, n_ctx=2048, n_threads=2, verbose=False)
        self.model_id = Path(path).name
        self.language = language
        self.stats: dict[str, float] = {}

    def writes(self, language: str) -> bool:
        """Every language: that is what is being measured."""
        self.language = language
        return True

    def warm_up(self, progress=None) -> None:  # noqa: ANN001 - the backend's signature
        """Loaded in the constructor."""

    def prefill(self, messages) -> None:  # noqa: ANN001
        """No cache reuse here."""

    def prompt(self, messages) -> str:  # noqa: ANN001
        """The chat as a transcript, without the stage direction, ending in the begun line."""
        agent, customer = SPEAKERS.get(self.language, SPEAKERS["en"])
        lines = [messages[0]["content"], ""]
        begun = messages[-1]["content"] if messages[-1]["role"] == "assistant" else ""
        body = messages[1:-1] if begun else messages[1:]
        for message in body:
            text = message["content"].split("\n\n(")[0].strip()
            if text.startswith("("):
                continue
            who = customer if message["role"] == "assistant" else agent
            lines.append(f"{who}: {text}")
        lines.append(f"{customer}: {begun}".rstrip())
        return "\n".join(lines)

    def stream(self, messages, options):  # noqa: ANN001, ANN201
        """Continue the transcript to the end of the customer's line."""
        import time

        started = time.perf_counter()
        out = self.llm.create_completion(
            self.prompt(messages), max_tokens=options.max_new_tokens,
            temperature=options.temperature, top_p=options.top_p,
            repeat_penalty=options.repetition_penalty, seed=options.seed or 0,
            stop=["\n"], stream=True,
        )
        count = 0
        for chunk in out:
            count += 1
            yield chunk["choices"][0]["text"]
        self.stats = {"tokens": float(count), "first_token_s": time.perf_counter() - started}

    def last_stats(self) -> dict[str, float]:
        """Tokens of the last line."""
        return dict(self.stats)

    def close(self) -> None:
        """Free the model."""
        self.llm.close()


def carries(text: str, keywords: list[str], fact_text: str) -> bool:
    """True when a customer line carries a fact: one of its keywords or numbers."""
    numbers = set(re.findall(r"\d+", fact_text)) | {
        n for k in keywords for n in re.findall(r"\d+", k)
    }
    return bool(find_keywords(text, keywords)) or bool(numbers & set(re.findall(r"\d+", text)))


def play(scenario: Scenario, persona, backend, style: str, seed: int, limit: int | None) -> Tally:  # noqa: ANN001
    """One session: the trainee's lines until the end, counted."""
    from simulator.customer.director.questions import facts_asked
    from simulator.customer.realizer import opening_words
    from simulator.session import PracticeSession

    replies, _ = trainee_lines(scenario, persona.id, style)
    replies = replies[:limit] if limit else replies
    practice = PracticeSession(scenario, persona, backend, seed=seed)
    briefs = capture_briefs(practice)
    list(practice.start())
    tally = Tally()
    facts = {f.id: f for f in scenario.facts}
    for reply in replies:
        if practice.outcome is not None:
            break
        signals = practice.assess(reply)[1]
        asked = facts_asked(signals, reply, scenario)
        list(practice.respond(reply))
        line = practice.turns[-1]
        if asked:
            fact = facts[asked[0]]
            if fact.customer_knows:
                tally.asked += 1
                hit = any(carries(line.text, facts[f].keywords, facts[f].text) for f in asked)
                tally.answered += hit
                tally.need_instead += not hit and line.intent == "reveal_need"
                if not hit:
                    tally.missed.append(f"{reply!r} -> [{line.intent}] {line.text!r}")
            else:
                tally.not_known += line.intent == "not_known"
        rejection = line.rejection or ""
        raw = getattr(backend, "last", "")
        if rejection.startswith("the model does not write"):
            tally.authored_only += 1
        elif line.source == "model":
            tally.model += 1
            authored = briefs[-1][0] if briefs else line.text
            note = "" if authored == line.text else f" (authored {authored!r})"
            tally.kept.append(f"[{line.intent}] {line.text!r}{note}")
        elif rejection:
            tally.replaced += 1
            tally.reasons[re.sub(r"\s*\(.*\)$", "", rejection)] += 1
            tally.rejected.append(f"[{rejection}] {raw.strip()!r} -> {line.text!r}")
        if briefs and (line.source == "model" or rejection) and not rejection.startswith(
            "the model does not write"
        ):
            authored, guard = briefs[-1]
            start = "" if practice.realizer.free or not getattr(
                backend, "continues_lines", False) else opening_words(authored)
            tally.records.append({
                "scenario": scenario.id, "style": style, "seed": seed, "trainee": reply,
                "intent": line.intent, "band": line.state.band if line.state else None,
                "authored": authored, "text": line.text, "kept": line.source == "model",
                "rejection": line.rejection, "raw": raw.strip(),
                "guard": {**context_json(guard), "start": start,
                          "free": practice.realizer.free},
            })
    tally.outcomes[style] = Counter([practice.outcome or "unfinished"])
    return tally


def capture_briefs(practice) -> list[tuple[str, object]]:  # noqa: ANN001
    """Remember, for every line the realizer speaks, the authored line and the guard's context."""
    briefs: list[tuple[str, object]] = []
    speak = practice.realizer.speak

    def recorded(messages, authored, guard, cancel, seed=None):  # noqa: ANN001, ANN202
        briefs.append((authored, guard))
        return speak(messages, authored, guard, cancel, seed)

    practice.realizer.speak = recorded
    return briefs


def context_json(guard: object) -> dict:
    """A guard context as JSON (sets as sorted lists)."""
    def plain(value: object) -> object:
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in dataclasses.asdict(guard).items()}


def share(part: int, whole: int) -> str:
    """A share as a percentage, or n/a."""
    return f"{part / whole:.0%}" if whole else "n/a"


def report(title: str, tally: Tally, examples: int) -> None:
    """Print one tally."""
    lines = tally.model + tally.replaced
    print(
        f"{title}: questions answered {tally.answered}/{tally.asked} "
        f"({share(tally.answered, tally.asked)}; {tally.need_instead} met by revealing a "
        f"hidden need instead); model lines kept {tally.model}/{lines} "
        f"({share(tally.model, lines)}), replaced {tally.replaced}"
        + (f", authored (language) {tally.authored_only}" if tally.authored_only else "")
    )
    outcomes = "; ".join(
        f"{style}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        for style, counts in sorted(tally.outcomes.items())
    )
    print(f"    outcomes  {outcomes}")
    for reason, count in tally.reasons.most_common():
        print(f"    {count:>4}  {reason}")
    for text in tally.kept[:examples]:
        print(f"    + {text}")
    for text in tally.missed[:examples]:
        print(f"    ? {text}")
    for text in tally.rejected[:examples]:
        print(f"    - {text}")


def main() -> None:
    """Play every scenario in every style, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend", choices=("scripted", "transformers", "gguf"), default="scripted",
        help="gguf: a base GGUF model through llama.cpp (--gguf PATH), every language",
    )
    parser.add_argument("--gguf", default=None, help="the GGUF file for --backend gguf")
    parser.add_argument("--scenarios", default="", help="comma-separated ids (default: all)")
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--seeds", default="0", help="comma-separated seeds, one session each")
    parser.add_argument("--limit", type=int, default=None, help="at most N replies a session")
    parser.add_argument("--model", default=None, help="hub id, folder or .gguf")
    parser.add_argument(
        "--home", type=Path, default=Path(tempfile.gettempdir()) / "lagom-realizer-bench"
    )
    parser.add_argument("--examples", type=int, default=0, help="kept model lines shown each")
    parser.add_argument(
        "--lines", type=Path, default=None,
        help="write every model-line attempt (kept or replaced) as JSON lines to this file",
    )
    args = parser.parse_args()
    os.environ["LAGOM_HOME"] = str(args.home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from scenarios.library import load_library
    from simulator.backends.scripted import ScriptedBackend

    library = load_library()
    if args.backend == "transformers":
        from simulator.backends.transformers_backend import TransformersBackend

        backend = Recording(TransformersBackend(args.model, args.home / "cache"))
        backend.warm_up()
    elif args.backend == "gguf":
        backend = Recording(RawGGUF(args.gguf))
    else:
        backend = ScriptedBackend()
    wanted = [s for s in args.scenarios.split(",") if s] or sorted(library.scenarios)
    styles = [s for s in args.styles.split(",") if s]
    seeds = [int(s) for s in args.seeds.split(",") if s]
    print(f"Realism: backend {args.backend} ({backend.model_id}), seeds {seeds}, "
          f"{len(wanted)} scenarios, styles {', '.join(styles)}")
    overall = Tally()
    per_style: dict[str, Tally] = {s: Tally() for s in styles}
    rates = []
    for scenario_id in wanted:
        scenario = library.scenario(scenario_id)
        persona = library.persona_for(scenario)
        tally = Tally()
        for style in styles:
            for seed in seeds:
                one = play(scenario, persona, backend, style, seed, args.limit)
                tally.add(one)
                per_style[style].add(one)
        if tally.asked:
            rates.append(tally.answered / tally.asked)
        report(f"\n{scenario_id} ({scenario.language}, {persona.id})", tally, args.examples)
        overall.add(tally)
    print()
    for style, tally in per_style.items():
        report(f"style {style}", tally, 0)
    median = f"{statistics.median(rates):.0%}" if rates else "n/a"
    report(f"\nOverall (median answered rate per scenario {median})", overall, args.examples)
    if args.lines:
        with args.lines.open("w", encoding="utf-8") as out:
            for record in overall.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        kept = sum(r["kept"] for r in overall.records)
        print(f"\n{len(overall.records)} model lines ({kept} kept) written to {args.lines}")
    backend.close()


if __name__ == "__main__":
    main()
