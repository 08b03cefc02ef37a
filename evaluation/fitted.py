"""Fitted weights (`evaluation/weights.toml`): numbers fitted on data that replace rubric weights.

The rubric says which criteria move which dimension and in which direction (and cites the seed
idea behind each); `bench/fit_evaluator_weights.py` fits how much, sign-constrained to the
rubric and shrunk towards its hand-set weights. A criterion or dimension missing from the file
keeps the rubric's weight, so the grader works (with the hand-set numbers) without it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class FittedWeights:
    """Per-dimension base scores and per-criterion weights that override the rubric's."""

    base: dict[str, float] = field(default_factory=dict)
    """The score of a reply with nothing notable in it, per dimension."""
    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    """dimension -> criterion id -> weight."""
    balance: dict[str, float] = field(default_factory=dict)
    """The fitted `too_little` rule: `cold_below` (an understanding score under which a reply
    with no feeling named is cold) and `cold_needs_upset` (1 when that only counts while the
    customer is upset). Empty: the rubric's hand-set rule applies."""

    def weight(self, dimension: str, criterion: str, default: float) -> float:
        """The fitted weight of a criterion on a dimension, else `default` (the rubric's)."""
        return self.weights.get(dimension, {}).get(criterion, default)


def parse_weights(text: str) -> FittedWeights:
    """Fitted weights from the TOML text of a weights file."""
    data = tomllib.loads(text)
    return FittedWeights(
        base={d: float(v) for d, v in data.get("base", {}).items()},
        weights={
            d: {c: float(w) for c, w in row.items()} for d, row in data.get("weights", {}).items()
        },
        balance={k: float(v) for k, v in data.get("balance", {}).items()},
    )


class WeightsError(ValueError):
    """The weights file does not fit the rubric; the message names the field."""


BALANCE_KEYS = frozenset({"cold_below", "cold_needs_upset"})


def problems(fitted: FittedWeights) -> list[str]:
    """What in fitted weights does not fit the rubric: an unknown dimension or criterion, a
    weight on a dimension the rubric's criterion does not move or on the wrong side of zero
    (the rubric decides direction, the fit only how much), a base off the 1-5 scale."""
    from evaluation.rubric import load_rubric

    rubric = load_rubric()
    dimensions = set(rubric.base)
    found = [f"base.{d}: unknown dimension" for d in fitted.base if d not in dimensions]
    found += [f"base.{d}: {v} is off the 1-5 scale" for d, v in fitted.base.items()
              if not 1.0 <= v <= 5.0]
    found += [f"balance.{k}: unknown setting" for k in fitted.balance if k not in BALANCE_KEYS]
    for dimension, row in fitted.weights.items():
        if dimension not in dimensions:
            found.append(f"weights.{dimension}: unknown dimension")
            continue
        for criterion, weight in row.items():
            where = f"weights.{dimension}.{criterion}"
            rubric_weight = rubric.criteria[criterion].weights.get(dimension) \
                if criterion in rubric.criteria else None
            if criterion not in rubric.criteria:
                found.append(f"{where}: unknown criterion")
            elif rubric_weight is None:
                found.append(f"{where}: the rubric's criterion does not move {dimension}")
            elif weight * rubric_weight < 0:
                found.append(f"{where}: {weight} is on the other side of zero from the "
                             f"rubric's {rubric_weight}")
    return found


@lru_cache(maxsize=1)
def load_weights() -> FittedWeights:
    """The shipped fitted weights (empty when the file is absent: rubric weights apply),
    checked against the rubric; raises WeightsError naming the field when they do not fit."""
    path = resources.files("evaluation").joinpath("weights.toml")
    if not path.is_file():
        return FittedWeights()
    try:
        fitted = parse_weights(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, TypeError, ValueError, AttributeError) as error:
        raise WeightsError(f"evaluation/weights.toml: {error}") from error
    found = problems(fitted)
    if found:
        raise WeightsError(f"evaluation/weights.toml: {found[0]}")
    return fitted
