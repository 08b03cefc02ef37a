"""Turn findings into 1-5 scores, a balance verdict, signals and evidence, by the rubric."""

from __future__ import annotations

from collections import Counter

from evaluation.context import Finding
from evaluation.fitted import FittedWeights, load_weights
from evaluation.models import Evidence, Scores
from evaluation.rubric import Rubric
from personas.vocabulary import DIMENSIONS

WEAK = 4.0
"""Scores below this carry evidence and a tip."""


def multiplier(finding: Finding, extra: float, weight: float) -> float:
    """How much of the weight counts: harms grow with repetition, praise barely does."""
    times = min(finding.count, 3) - 1
    return 1 + (0.5 if weight < 0 else extra) * times


def raw_totals(
    found: dict[str, Finding], rubric: Rubric, fitted: FittedWeights | None = None
) -> dict[str, float]:
    """Unclamped totals: base plus weighted findings (fitted weights where there are some)."""
    fitted = load_weights() if fitted is None else fitted
    totals = {d: fitted.base.get(d, rubric.base[d]) for d in DIMENSIONS}
    for criterion_id, finding in found.items():
        criterion = rubric.criteria[criterion_id]
        for dimension, weight in criterion.weights.items():
            times = multiplier(finding, criterion.extra, weight)
            totals[dimension] += fitted.weight(dimension, criterion_id, weight) * times
    return totals


def score(
    found: dict[str, Finding], rubric: Rubric, fitted: FittedWeights | None = None
) -> Scores:
    """The four scores: base plus weighted findings, clamped to 1-5, moved the rubric's
    `pooling` share toward their mean, one decimal. Pooling keeps the order of the four and
    their mean; it narrows how far one dimension strays from the others on thin evidence."""
    totals = raw_totals(found, rubric, fitted)
    clamped = {d: min(5.0, max(1.0, totals[d])) for d in DIMENSIONS}
    mean = sum(clamped.values()) / len(clamped)
    share = rubric.pooling
    return Scores(**{d: round((1 - share) * v + share * mean, 1) for d, v in clamped.items()})


def signals(found: dict[str, Finding], rubric: Rubric) -> dict[str, int]:
    """The director's signals with their counts."""
    counts: Counter[str] = Counter()
    for criterion_id, finding in found.items():
        signal = rubric.criteria[criterion_id].signal
        if signal:
            counts[signal] += finding.count
    return dict(counts)


COLD_BELOW = 3.0
"""Hand-set rule (used when no fitted one is shipped): below this understanding score,"""
COLD_NEEDS_UPSET = True
"""a reply naming no feeling to an upset customer is `too_little`."""


WARM = frozenset({"feeling_named", "impact", "reflection", "open_question", "formality"})
"""Findings that show interest in the person: a reply with one is not cold."""


def balance(
    found: dict[str, Finding], scores: Scores, rubric: Rubric, upset: bool,
    fitted: FittedWeights | None = None,
) -> str:
    """too_little, lagom or too_much (seed 000); any overdoing wins, it costs more to undo.
    With no criterion voting, a reply is too_little when it names no feeling or impact and its
    understanding score is under the fitted `cold_below` (while the customer is upset, where
    the fit says that matters)."""
    votes = Counter(rubric.criteria[c].balance for c in found if rubric.criteria[c].balance)
    if not votes:
        fitted = load_weights() if fitted is None else fitted
        below = fitted.balance.get("cold_below", COLD_BELOW)
        needs_upset = bool(fitted.balance.get("cold_needs_upset", COLD_NEEDS_UPSET))
        warm = found.keys() & WARM
        helping = not upset and found.keys() & {"concrete_help", "answered_question"}
        cold = (upset or not needs_upset) and scores.understanding < below and not warm \
            and not helping
        return "too_little" if cold else "lagom"
    return "too_much" if votes["too_much"] else "too_little"


def evidence(found: dict[str, Finding], scores: Scores, rubric: Rubric,
             fitted: FittedWeights | None = None) -> list[Evidence]:
    """Evidence for every score below 4 (harms, else what is missing) and one strength above.
    A harm or help is what moved the score: a criterion whose fitted weight on the dimension
    is zero, or of the other sign, is not named there."""
    fitted = load_weights() if fitted is None else fitted
    items: list[Evidence] = []
    for dimension in DIMENSIONS:
        value = getattr(scores, dimension)
        moved = {c: effective(rubric, fitted, dimension, c) for c in found}
        harms = [f for c, f in found.items() if moved[c] < 0]
        helps = [f for c, f in found.items() if moved[c] > 0]
        if value < WEAK:
            items += [note(dimension, f, rubric) for f in harms]
            if not harms and "formality" not in found:  # a goodbye lacks nothing it should have
                items += missing(dimension, found, rubric)
        elif helps:
            items.append(note(dimension, max(helps, key=lambda f: moved[f.criterion]), rubric))
    return items


def effective(rubric: Rubric, fitted: FittedWeights, dimension: str, criterion: str) -> float:
    """A criterion's weight on a dimension as scored: the fitted one where the rubric gives
    the criterion a say on the dimension, else 0."""
    prior = rubric.criteria[criterion].weights.get(dimension)
    if prior is None:
        return 0.0
    return fitted.weight(dimension, criterion, prior)


def note(dimension: str, finding: Finding, rubric: Rubric) -> Evidence:
    """Evidence from a finding."""
    return Evidence(dimension=dimension, quote=finding.quote,
                    note=rubric.criteria[finding.criterion].note)


def missing(dimension: str, found: dict[str, Finding], rubric: Rubric) -> list[Evidence]:
    """What was missing on a weak dimension: the two strongest absent positive criteria."""
    absent = [
        (c.weights[dimension], c.missing) for cid, c in rubric.criteria.items()
        if c.missing and cid not in found and primary(c.weights) == dimension
    ]
    absent.sort(key=lambda pair: -pair[0])
    return [Evidence(dimension=dimension, quote="", note=text or "") for _, text in absent[:2]]


def primary(weights: dict[str, float]) -> str:
    """The dimension a criterion weighs on most."""
    return max(weights, key=lambda d: abs(weights[d]))
