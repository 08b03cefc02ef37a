"""Fit the evaluator's per-criterion weights on the calibration set (and the politeness corpus).

The rubric (`evaluation/rubric.toml`) decides which criteria move which dimension, in which
direction, and why (the seed idea). This script only fits *how much*: per dimension, a
least-squares line from the criteria found in a reply to the expected band, with every
weight kept on the rubric's side of zero and shrunk towards the rubric's hand-set weight
(ridge towards the prior), so a criterion the data rarely shows keeps its hand-set value.
Tone is fitted on the calibration bands and, with equal total weight, on the Stanford
politeness annotators' mean (mapped onto the 1-5 scale as 3.4 + 0.8 * z). The balance
verdict's `too_little` rule (a threshold on understanding, with or without an upset customer)
is then chosen for the best accuracy on the calibration replies' expected balance.

    .venv/bin/python bench/fit_evaluator_weights.py [--check] [--no-politeness]

writes `evaluation/weights.toml` (`--check` prints the fit and writes nothing). The
agreement bench (`--folds K`) and the politeness bench (`--held-out`) use `fit()` to report
figures on messages / requests the weights were not fitted on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from common import DIMENSIONS, REPO_ROOT, load_calibration, transcript_dict

from evaluation import Transcript
from evaluation.context import Finding, ReplyContext
from evaluation.detectors import run_detectors
from evaluation.fitted import FittedWeights
from evaluation.grader import context_for
from evaluation.rubric import Rubric, load_rubric
from evaluation.scorer import balance, multiplier, score

WEIGHTS_FILE = REPO_ROOT / "evaluation" / "weights.toml"
"""Where the fitted weights are written."""
SHRINK = 0.05
"""Ridge strength towards the rubric's hand-set weights (fixed in advance, not tuned)."""
POLITENESS_SCALE = (3.4, 0.8)
"""Politeness z-score z -> tone target 3.4 + 0.8 * z."""
ITERATIONS = 60

Row = tuple[list[dict[str, Finding]], dict[str, float], float]
"""One training example: the findings of each reply it covers (one reply, or every helpdesk
reply of a dialogue, whose grades are averaged), the targets by dimension, its weight."""


def detected(transcript: dict[str, Any]) -> ReplyContext:
    """The last turn of a transcript dict, with the detectors run on it."""
    parsed = Transcript.model_validate(transcript)
    ctx = context_for(parsed, len(parsed.turns) - 1, None)
    run_detectors(ctx)
    return ctx


def findings(transcript: dict[str, Any]) -> dict[str, Finding]:
    """The detectors' findings on the last turn of a transcript dict."""
    return detected(transcript).found


def calibration_rows(records: Sequence[dict[str, Any]]) -> list[Row]:
    """Training rows from calibration records (all four dimensions, weight 1 each)."""
    return [
        ([findings(transcript_dict(r))], {d: float(r["expected"][d]) for d in DIMENSIONS}, 1.0)
        for r in records
    ]


BLIND_DEV = ("dev-blind", "dev-blind-2", "dev-blind-3", "dev-blind-4", "dev-blind-5",
             "dev-blind-6", "dev-blind-7", "dev-blind-8", "dev-blind-9", "dev-blind-10",
             "dev-blind-11")
"""Blind development sets (bench/data): replies written and graded by people who never saw
the grader. Their grades are fitted on beside the calibration set's; the check sets and the
holdout never are."""
BLIND_DEV_WEIGHT = 0.25
"""Each blind development reply's weight, as a calibration reply's. `bench/blind_dev_weight.py`
leaves one set out at a time (eleven sets, 2026-11-30): from weight 0 to 0.25 / 0.5 / 1 the
left-out sets' agreement rises by 0.018 / 0.028 / 0.035 (listening) and 0.021 / 0.032 / 0.043
(understanding), tone and honesty by 0.00-0.01, while helpdesk satisfaction falls from 0.335 to
0.320 / 0.308 / 0.293. The sets were written and graded by helper sessions blind to the grader,
not by customer-service coaches, and the helpdesk raters are real people, so the weight stays
low: 0.25 takes the first and largest step of the gain for the smallest loss. Only listening,
honesty and understanding are fitted on them: tone keeps the politeness raters and the
calibration set (with tone fitted on the blind sets too, politeness fell to 0.49-0.50)."""


def blind_dev_rows() -> list[Row]:
    """Training rows from the blind development sets, each reply weighing BLIND_DEV_WEIGHT, on
    every dimension but tone."""
    return [
        (found, {d: v for d, v in targets.items() if d != "tone"}, weight * BLIND_DEV_WEIGHT)
        for name in BLIND_DEV
        for found, targets, weight in calibration_rows(
            load_calibration(REPO_ROOT / "bench" / "data" / name))
    ]


def politeness_rows(requests: Sequence[dict[str, Any]], total_weight: float) -> list[Row]:
    """Tone-only rows from politeness requests, sharing `total_weight` between them."""
    base, scale = POLITENESS_SCALE
    each = total_weight / max(1, len(requests))
    return [
        (
            [findings({"language": "en", "turns": [{"role": "trainee", "text": q["request"]}]})],
            {"tone": base + scale * q["mean"]},
            each,
        )
        for q in requests
    ]


def fit(rows: Sequence[Row], rubric: Rubric | None = None) -> FittedWeights:
    """Sign-constrained ridge (towards the rubric) per dimension; returns base and weights."""
    rubric = rubric or load_rubric()
    base: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for dim in DIMENSIONS:
        used = [(i, row) for i, row in enumerate(rows) if dim in row[1]]
        if not used:
            continue  # no data on this dimension: the rubric's weights stay
        prior = {c: crit.weights[dim] for c, crit in rubric.criteria.items()
                 if crit.weights.get(dim)}
        columns: dict[str, list[tuple[int, float]]] = {c: [] for c in prior}
        for position, (_, (replies, _, _)) in enumerate(used):
            share: dict[str, float] = {}
            for found in replies:
                for c, finding in found.items():
                    if c in columns:
                        crit = rubric.criteria[c]
                        share[c] = share.get(c, 0.0) + multiplier(finding, crit.extra, prior[c])
            for c, total in share.items():
                columns[c].append((position, total / len(replies)))
        ys = [row[1][dim] for _, row in used]
        rs = [row[2] for _, row in used]
        b, w = solve(ys, rs, columns, prior)
        base[dim] = b
        weights[dim] = w
    return FittedWeights(base=base, weights=weights)


def solve(
    ys: list[float], rs: list[float], columns: dict[str, list[tuple[int, float]]],
    prior: dict[str, float],
) -> tuple[float, dict[str, float]]:
    """Coordinate descent for the weighted, sign-constrained ridge problem."""
    total = sum(rs)
    w = dict(prior)
    pred = [0.0] * len(ys)
    for c, column in columns.items():
        for i, x in column:
            pred[i] += w[c] * x
    b = sum(r * (y - p) for y, p, r in zip(ys, pred, rs, strict=True)) / total
    for _ in range(ITERATIONS):
        for c, column in columns.items():
            if not column:
                continue
            a = sum(rs[i] * x * x for i, x in column) / total
            g = sum(rs[i] * x * (ys[i] - b - pred[i] + w[c] * x) for i, x in column) / total
            new = (g + SHRINK * prior[c]) / (a + SHRINK)
            new = max(0.0, new) if prior[c] > 0 else min(0.0, new)
            if new != w[c]:
                for i, x in column:
                    pred[i] += (new - w[c]) * x
                w[c] = new
        b = sum(r * (y - p) for y, p, r in zip(ys, pred, rs, strict=True)) / total
    return b, w


BalanceExample = tuple[dict[str, Finding], bool, str]
"""One balance example: the findings, whether the customer was upset, the expected verdict."""
COLD_GRID = [round(1.5 + 0.1 * i, 1) for i in range(26)]
"""Candidate `cold_below` thresholds (1.5 to 4.0)."""


def balance_examples(records: Sequence[dict[str, Any]]) -> list[BalanceExample]:
    """Balance examples from calibration records."""
    examples = []
    for record in records:
        ctx = detected(transcript_dict(record))
        examples.append((ctx.found, ctx.customer_upset, record["balance"]))
    return examples


def fit_balance(
    examples: Sequence[BalanceExample], fitted: FittedWeights, rubric: Rubric | None = None
) -> FittedWeights:
    """The `too_little` rule with the best accuracy on the examples (scored with `fitted`):
    a threshold on understanding, and whether it needs an upset customer. Ties keep the
    hand-set form (upset needed) and the lower threshold."""
    rubric = rubric or load_rubric()
    scored = [(found, upset, label, score(found, rubric, fitted)) for found, upset, label in
              examples]
    best: tuple[int, float, float] | None = None
    for needs_upset in (1.0, 0.0):
        for below in COLD_GRID:
            trial = replace(fitted, balance={"cold_below": below, "cold_needs_upset": needs_upset})
            right = sum(balance(found, s, rubric, upset, trial) == label
                        for found, upset, label, s in scored)
            if best is None or right > best[0]:
                best = (right, below, needs_upset)
    assert best is not None
    return replace(fitted, balance={"cold_below": best[1], "cold_needs_upset": best[2]})


def render(fitted: FittedWeights, how: str) -> str:
    """The weights file text, with a comment saying how it was produced."""
    lines = [
        "# Fitted weights: how much each rubric criterion moves each dimension.",
        "# Produced by `.venv/bin/python bench/fit_evaluator_weights.py` (do not edit by hand):",
        f"# {how}",
        "# Signs and seed ideas come from rubric.toml; criteria missing here keep its weights.",
        "",
        "[base]",
        *(f"{d} = {v:.3f}" for d, v in fitted.base.items()),
    ]
    if fitted.balance:
        lines += ["", "[balance]", *(f"{k} = {v:.1f}" for k, v in fitted.balance.items())]
    for dim in fitted.weights:
        lines += ["", f"[weights.{dim}]"]
        lines += [f"{c} = {w:.3f}" for c, w in sorted(fitted.weights[dim].items())]
    return "\n".join(lines) + "\n"


def training_rows(records: Sequence[dict[str, Any]], politeness: bool) -> list[Row]:
    """Calibration rows plus, unless disabled, the `fit` halves of the helpdesk dialogues
    (listening, honesty and understanding against satisfaction, as an order) and of the
    politeness requests (tone), each with the calibration set's total weight, and the blind
    development sets' replies. The `report` halves are left for `bench/evaluator_transfer.py`."""
    rows = calibration_rows(records)
    if politeness:
        from evaluator_politeness import DEFAULT_DATA, load_requests
        from evaluator_transfer import (
            HELPDESK_WEIGHT,
            helpdesk_rows,
            load_helpdesk,
            reply_findings,
            split,
        )

        dialogues = split(load_helpdesk())[0]
        for d in dialogues:
            d["findings"] = reply_findings(d["turns"])
        requests = load_requests(DEFAULT_DATA, None)
        for i, q in enumerate(requests):
            q["id"] = f"{i:05d}"
        rows += politeness_rows(split(requests)[0], float(len(records)))
        rows += helpdesk_rows(dialogues, HELPDESK_WEIGHT * len(records), fit(rows))
        rows += blind_dev_rows()
    return rows


def main(argv: list[str] | None = None) -> int:
    """Fit on all calibration replies (and the politeness corpus) and write the weights file."""
    parser = argparse.ArgumentParser(description="Fit the evaluator's per-criterion weights.")
    parser.add_argument("--check", action="store_true", help="print the fit, write nothing")
    parser.add_argument("--no-politeness", action="store_true",
                        help="fit on the calibration set only (no helpdesk, no politeness, "
                        "no blind development sets)")
    args = parser.parse_args(argv)
    records = load_calibration()
    fitted = fit(training_rows(records, not args.no_politeness))
    fitted = fit_balance(balance_examples(records), fitted)
    from evaluator_transfer import HELPDESK_SCALE, HELPDESK_WEIGHT

    how = (
        f"sign-constrained ridge (shrink {SHRINK} towards the rubric) on all {len(records)} "
        "calibration replies (bench/data/calibration)"
        + ("" if args.no_politeness else
           " plus the fit half of the helpdesk dialogues (listening, honesty, understanding:"
           " satisfaction,"
           f" level + {HELPDESK_SCALE} * z, {HELPDESK_WEIGHT} x the calibration set's weight)"
           " and of the Stanford politeness requests (tone: target 3.4 + 0.8 * z), and the"
           f" {len(BLIND_DEV)} blind development sets ({BLIND_DEV_WEIGHT} x a calibration"
           " reply each); the report halves, the blind check sets and the holdout are kept"
           " for bench/evaluator_transfer.py")
        + "; [balance]: the too_little threshold with the best accuracy on the same replies"
    )
    text = render(fitted, how)
    if args.check:
        print(text)
        return 0
    WEIGHTS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
