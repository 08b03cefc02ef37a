"""How much weight the blind development sets should carry in the fit: leave one set out.

For each weight W, fits the evaluator's weights on what `bench/fit_evaluator_weights.py` uses
(calibration set, helpdesk and politeness fit halves) plus every blind development set but one
(each reply weighing W times a calibration reply, tone left out), grades the left-out set, and
prints the mean Spearman per dimension over the left-out sets; beside it, helpdesk satisfaction
and politeness on their report halves with all the sets fitted. The blind check sets and the
holdout are never read.

    .venv/bin/python bench/blind_dev_weight.py [--weights 0 0.5 1] [--json]

Slow: one fit per set and weight (about a minute per weight on two cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from statistics import mean
from typing import Any

from common import DIMENSIONS, REPO_ROOT, load_calibration, spearman
from evaluator_transfer import last_reply_findings, overall, people_halves, people_rows
from fit_evaluator_weights import BLIND_DEV, Row, calibration_rows, fit, politeness_rows

from evaluation.fitted import FittedWeights
from evaluation.rubric import Rubric, load_rubric
from evaluation.scorer import score


def without_tone(rows: list[Row], weight: float) -> list[Row]:
    """The rows scaled by `weight`, with tone left out (tone keeps the politeness raters)."""
    return [(found, {d: v for d, v in targets.items() if d != "tone"}, w * weight)
            for found, targets, w in rows]


def agreement(records: list[dict[str, Any]], rubric: Rubric, fitted: FittedWeights) -> list[float]:
    """Spearman per dimension of the graded records against their expected bands."""
    graded = [score(last_reply_findings(r), rubric, fitted) for r in records]
    return [spearman([getattr(g, d) for g in graded], [r["expected"][d] for r in records])
            for d in DIMENSIONS]


def run(weights: list[float]) -> list[dict[str, Any]]:
    """Per weight: the left-out mean per dimension, helpdesk and politeness figures."""
    rubric = load_rubric()
    sets = {name: load_calibration(REPO_ROOT / "bench" / "data" / name) for name in BLIND_DEV}
    rows = {name: calibration_rows(records) for name, records in sets.items()}
    calibration = calibration_rows(load_calibration())
    halves = people_halves()
    common = calibration + people_rows(halves, calibration, rubric)
    hd_report, po_report = halves["helpdesk_report"], halves["politeness_report"]
    results = []
    for weight in weights:
        left_out = []
        for name in BLIND_DEV:
            others = [row for other in BLIND_DEV if other != name
                      for row in without_tone(rows[other], weight)]
            left_out.append(agreement(sets[name], rubric, fit(common + others, rubric)))
        fitted = fit(common + [row for name in BLIND_DEV
                               for row in without_tone(rows[name], weight)], rubric)
        results.append({
            "weight": weight,
            "left_out": {d: mean(o[k] for o in left_out) for k, d in enumerate(DIMENSIONS)},
            "helpdesk": spearman([overall(d["findings"], rubric, fitted) for d in hd_report],
                                 [d["S"] for d in hd_report]),
            "politeness": spearman(
                [score(politeness_rows([q], 1.0)[0][0][0], rubric, fitted).tone
                 for q in po_report], [q["mean"] for q in po_report]),
        })
    return results


def main(argv: list[str] | None = None) -> int:
    """Print the figures per weight (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.5, 1.0],
                        help="weights of a blind development reply to try (default 0 0.5 1)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if any(w < 0 for w in args.weights):
        print("lagom: --weights must not be negative", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = run(args.weights)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"leave one of {len(BLIND_DEV)} blind development sets out; helpdesk and politeness "
          "on their report halves")
    print(f"{'weight':>6}  " + "  ".join(f"{d:>13}" for d in DIMENSIONS)
          + f"  {'helpdesk':>8}  {'politeness':>10}")
    for r in results:
        print(f"{r['weight']:>6.2f}  " + "  ".join(f"{r['left_out'][d]:>13.3f}" for d in DIMENSIONS)
              + f"  {r['helpdesk']:>8.3f}  {r['politeness']:>10.3f}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
