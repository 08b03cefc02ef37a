"""Tone against people outside the team: the Stanford Politeness Corpus (Wikipedia requests).

Grades every request as a single trainee reply and prints the Spearman of the `tone` score
against the annotators' mean (`Normalized Score`). In the same run it computes the human
baseline from the file: each annotator column against the mean of the other four,
averaged. It also prints the figure on both halves of a seeded 50/50 split, to show that
the score is not fitted to one half.

The shipped tone weights (`evaluation/weights.toml`) were fitted partly on this corpus, so
the full-corpus figure is in-sample. `--held-out` also fits the weights twice, each time on
the calibration set plus one half of the split, and prints tone on the other half: the goal
then counts on the mean of the two held-out halves.

    .venv/bin/python bench/evaluator_politeness.py [--data CSV] [--limit N] [--json] [--held-out]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from common import DIMENSIONS, REPO_ROOT, fmt, json_safe, median, spearman

from evaluation import Transcript, grade_transcript

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "politeness" / "wikipedia.annotated.csv"
"""The corpus, found through `../shared/data/politeness` from the repository root."""
ANNOTATORS = ("Score1", "Score2", "Score3", "Score4", "Score5")
NEUTRAL_OPENING = "Hello, I have a question."
"""The customer line used with `--context neutral`."""


class DataError(Exception):
    """The corpus file is missing or has the wrong shape."""


def load_requests(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """Rows of the corpus: request text, the five annotator scores and the normalised mean."""
    if not path.is_file():
        raise DataError(f"{path}: no such file (use --data to point at wikipedia.annotated.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"Request", "Normalized Score", *ANNOTATORS} - set(reader.fieldnames or [])
        if missing:
            raise DataError(f"{path}: missing columns {', '.join(sorted(missing))}")
        rows = [
            {
                "request": row["Request"],
                "scores": [float(row[name]) for name in ANNOTATORS],
                "mean": float(row["Normalized Score"]),
            }
            for row in reader
        ]
    return rows[:limit] if limit is not None else rows


def human_baseline(rows: list[dict[str, Any]]) -> tuple[float, list[float]]:
    """Each annotator column against the mean of the other four: the average rho and each."""
    each = []
    for k in range(len(ANNOTATORS)):
        own = [row["scores"][k] for row in rows]
        others = [(sum(row["scores"]) - row["scores"][k]) / (len(ANNOTATORS) - 1) for row in rows]
        each.append(spearman(own, others))
    return sum(each) / len(each), each


def grade_requests(rows: list[dict[str, Any]], context: str) -> tuple[list[dict], list[float]]:
    """Grade each request as one English trainee reply; the scores and per-call times (ms)."""
    opening = [{"role": "customer", "text": NEUTRAL_OPENING}] if context == "neutral" else []
    scores, times = [], []
    for row in rows:
        turns = [*opening, {"role": "trainee", "text": row["request"]}]
        transcript = Transcript.model_validate({"language": "en", "turns": turns})
        started = time.perf_counter()
        report = grade_transcript(transcript)
        times.append((time.perf_counter() - started) * 1000)
        scores.append(report.replies[-1].scores.model_dump())
    return scores, times


def split_halves(count: int, seed: int) -> tuple[list[int], list[int]]:
    """A seeded random 50/50 split of row indices."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    half = count // 2
    return sorted(order[:half]), sorted(order[half:])


def build_parser() -> argparse.ArgumentParser:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description="Spearman of the evaluator's tone score against the Wikipedia "
        "politeness annotators, next to one annotator against the others."
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        metavar="CSV",
        help=f"the annotated corpus (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="use only the first N requests"
    )
    parser.add_argument(
        "--context",
        choices=("empty", "neutral"),
        default="empty",
        help="customer turn before the request: none, or a neutral greeting",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the 50/50 split")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="fit the weights on the calibration set plus one half, report tone on the other",
    )
    return parser


def held_out_halves(rows: list[dict[str, Any]], seed: int) -> list[float]:
    """Tone Spearman on each half, with weights fitted on the calibration set and the other half."""
    from common import load_calibration
    from fit_evaluator_weights import calibration_rows, detected, fit, politeness_rows

    from evaluation.rubric import load_rubric
    from evaluation.scorer import score

    rubric = load_rubric()
    records = load_calibration()
    calibration = calibration_rows(records)
    halves = split_halves(len(rows), seed)
    result = []
    for train, test in (halves, halves[::-1]):
        fitted = fit(calibration + politeness_rows([rows[i] for i in train], float(len(records))),
                     rubric)
        tones = [
            score(detected({"language": "en", "turns": [
                {"role": "trainee", "text": rows[i]["request"]}]}).found, rubric, fitted).tone
            for i in test
        ]
        result.append(spearman(tones, [rows[i]["mean"] for i in test]))
    return result


def main(argv: list[str] | None = None) -> int:
    """Grade the corpus and print tone agreement next to the human baseline."""
    args = build_parser().parse_args(argv)
    try:
        rows = load_requests(args.data, args.limit)
    except (DataError, ValueError) as error:
        print(f"lagom: {error}", file=sys.stderr)
        return 2
    if len(rows) < 4:
        print("lagom: need at least 4 requests to compute rank correlations", file=sys.stderr)
        return 2
    human, each = human_baseline(rows)
    scores, times = grade_requests(rows, args.context)
    means = [row["mean"] for row in rows]
    by_dim = {d: spearman([s[d] for s in scores], means) for d in DIMENSIONS}
    halves = [
        spearman([scores[i]["tone"] for i in half], [means[i] for i in half])
        for half in split_halves(len(rows), args.seed)
    ]
    result = {
        "requests": len(rows),
        "tone_spearman": by_dim["tone"],
        "human_baseline": human,
        "human_each": each,
        "split_halves": halves,
        "other_dimensions": {d: v for d, v in by_dim.items() if d != "tone"},
        "median_ms_per_request": median(times),
    }
    if args.held_out:
        result["held_out_halves"] = held_out_halves(rows, args.seed)
    goal_figure = (
        sum(result["held_out_halves"]) / 2 if args.held_out else by_dim["tone"]
    )
    if args.json:
        print(json.dumps(json_safe(result), indent=2, default=str))
        return 0
    print(f"politeness corpus: {args.data} ({len(rows)} requests, context {args.context})")
    print(f"tone vs annotators' mean: Spearman {fmt(by_dim['tone'])}")
    print(
        f"human baseline (one annotator vs mean of the other four, averaged): {fmt(human)} "
        f"[{', '.join(fmt(v) for v in each)}]"
    )
    print(f"tone on a 50/50 split (seed {args.seed}): {fmt(halves[0])} / {fmt(halves[1])}")
    print(
        "other dimensions vs annotators' mean: "
        + ", ".join(f"{d} {fmt(v)}" for d, v in result["other_dimensions"].items())
    )
    print(f"median grading time per request: {median(times):.2f} ms")
    if args.held_out:
        first, second = result["held_out_halves"]
        print(
            f"tone held out (weights fitted on calibration + the other half, seed {args.seed}): "
            f"{fmt(first)} / {fmt(second)}, mean {fmt(goal_figure)}"
        )
    print(
        f"goal: match a human rater (tone >= human baseline {fmt(human)}): "
        + ("met" if goal_figure >= human else "NOT met")
        + (" [held-out]" if args.held_out else " [in-sample: weights fitted on this corpus; "
           "use --held-out]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
