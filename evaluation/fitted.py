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


@lru_cache(maxsize=1)
def load_weights() -> FittedWeights:
    """The shipped fitted weights (empty when the file is absent: rubric weights apply)."""
    path = resources.files("evaluation").joinpath("weights.toml")
    if not path.is_file():
        return FittedWeights()
    return parse_weights(path.read_text("utf-8"))
