"""How well the reader hears offers and forbidden promises, per language, and how fast.

Figures, per language:

- held-out: `bench/data/reader/heldout.toml`, paraphrases written before the reader was tuned
  and never used for tuning or as scenario `examples`. *recall* is the share of offer/promise
  sentences in which the reader hears the intended item; *false positives* the share of all
  sentences in which it hears an item the sentence does not make (another offer's sentence
  heard as this one, or a negated promise heard as a promise). The keyword matcher the reader
  replaced (`scenarios.matching.find_keywords` on the scenario keywords) is shown beside it.
- leave-one-out on the scenarios' own `examples`: each example taken out of its item, is it
  still heard as that item from the keywords and the other examples?
- speed: median milliseconds per sentence of `read_scenario` (the scenario half) and of
  `read_reply` (with the generic acts), over several runs; and a 1 MB reply.

    .venv/bin/python bench/reader_offers.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import evaluation.reader as reader  # noqa: E402
from scenarios.loader import load_scenario  # noqa: E402
from scenarios.matching import find_keywords  # noqa: E402
from scenarios.model import Scenario  # noqa: E402

HELDOUT = REPO_ROOT / "bench" / "data" / "reader" / "heldout.toml"
SCENARIOS = REPO_ROOT / "scenarios"
LANGUAGES = ("en", "sv", "nl", "pl")


def heard(text: str, scenario: Scenario) -> set[str]:
    """Offers and promises the reader hears (cache bypassed)."""
    reader._LAST.clear()
    r = reader.read_scenario(text, scenario)
    return {*r.offers, *r.promises}


def keyword_heard(text: str, scenario: Scenario) -> set[str]:
    """Offers and promises the old keyword matcher finds."""
    items = (*scenario.policy.may_offer, *scenario.policy.must_not_promise)
    return {o.id for o in items if find_keywords(text, o.keywords)}


def score(cases: list[tuple[str, set[str], Scenario]], hear: Any) -> dict[str, dict[str, float]]:
    """Recall and false-positive rate per language."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hit, want, fp, n
    for text, want, sc in cases:
        got = hear(text, sc)
        t = tally[sc.language]
        t[0] += len(want & got)
        t[1] += len(want)
        t[2] += bool(got - want)
        t[3] += 1
    return {lang: {"recall": hit / want if want else 0.0, "false_positive": fp / n,
                   "items": want, "sentences": n}
            for lang, (hit, want, fp, n) in tally.items()}


def heldout_cases(scenarios: dict[str, Scenario]) -> list[tuple[str, set[str], Scenario]]:
    data = tomllib.loads(HELDOUT.read_text(encoding="utf-8"))
    return [(c["text"], {*c.get("offers", []), *c.get("promises", [])}, scenarios[c["scenario"]])
            for c in data["case"]]


def leave_one_out(scenarios: dict[str, Scenario]) -> dict[str, dict[str, float]]:
    """Each example removed from its item: still heard as that item?"""
    cases = []
    for sc in scenarios.values():
        for attr in ("may_offer", "must_not_promise"):
            items = getattr(sc.policy, attr)
            for item in items:
                for k, example in enumerate(item.examples):
                    rest = item.model_copy(update={"examples": [
                        e for j, e in enumerate(item.examples) if j != k]})
                    policy = sc.policy.model_copy(update={
                        attr: [rest if o.id == item.id else o for o in items]})
                    cases.append((example, {item.id}, sc.model_copy(update={"policy": policy})))
    return score(cases, heard)


def timings(cases: list[tuple[str, set[str], Scenario]], runs: int) -> dict[str, float]:
    """Median ms per sentence, scenario half and whole reading, and one 1 MB reply."""
    per_run_scenario, per_run_full = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for text, _, sc in cases:
            reader._LAST.clear()
            reader.read_scenario(text, sc)
        per_run_scenario.append((time.perf_counter() - start) * 1000 / len(cases))
        start = time.perf_counter()
        for text, _, sc in cases:
            reader._LAST.clear()
            reader.read_reply(text, scenario=sc)
        per_run_full.append((time.perf_counter() - start) * 1000 / len(cases))
    big_text = " ".join(t for t, _, _ in cases)
    big_text = (big_text + " ") * (1_000_000 // len(big_text) + 1)
    sc = cases[0][2]
    big = []
    for _ in range(runs):
        reader._LAST.clear()
        start = time.perf_counter()
        reader.read_reply(big_text[:1_000_000], scenario=sc)
        big.append((time.perf_counter() - start) * 1000)
    return {"scenario_ms": statistics.median(per_run_scenario),
            "reply_ms": statistics.median(per_run_full),
            "one_megabyte_ms": statistics.median(big)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs (median is shown)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    scenarios = {p.stem: load_scenario(p) for p in sorted(SCENARIOS.glob("*.toml"))}
    cases = heldout_cases(scenarios)
    figures = {
        "heldout_reader": score(cases, heard),
        "heldout_keywords": score(cases, keyword_heard),
        "examples_leave_one_out": leave_one_out(scenarios),
        "speed": timings(cases, max(1, args.runs)),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Held-out paraphrases ({len(cases)} sentences; {HELDOUT.relative_to(REPO_ROOT)})")
    print("lang  sentences  items | reader recall  false pos. | keywords recall  false pos.")
    for lang in LANGUAGES:
        r, k = figures["heldout_reader"].get(lang), figures["heldout_keywords"].get(lang)
        if r and k:
            print(f"{lang:4}  {r['sentences']:9}  {r['items']:5} | {r['recall']:13.2f}"
                  f"  {r['false_positive']:10.2f} | {k['recall']:15.2f}"
                  f"  {k['false_positive']:10.2f}")
    print("\nScenario examples, leave-one-out (heard from the keywords and the other examples)")
    for lang in LANGUAGES:
        r = figures["examples_leave_one_out"].get(lang)
        if r:
            print(f"{lang:4}  {r['sentences']:4} examples | recall {r['recall']:.2f}"
                  f"  false pos. {r['false_positive']:.2f}")
    s = figures["speed"]
    print(f"\nSpeed (median of {args.runs} runs): read_scenario {s['scenario_ms']:.2f} ms/sentence,"
          f" read_reply (with acts) {s['reply_ms']:.2f} ms/sentence,"
          f" a 1 MB reply {s['one_megabyte_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
