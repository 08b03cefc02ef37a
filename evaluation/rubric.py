"""The rubric data file (`evaluation/rubric.toml`): bases, anchors and weighted criteria."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from pydantic import Field

from personas.strict import StrictModel
from personas.vocabulary import Balance, Dimension, Signal
from scenarios.model import SeedId


class Criterion(StrictModel):
    """One thing a detector reports, how it moves each dimension, and where the idea comes from."""

    weights: dict[Dimension, float]
    """Points added to (or taken from) each dimension when the criterion is found."""
    extra: float = 0.0
    """Share of the weight added again for each further occurrence (up to three in all)."""
    signal: Signal | None = None
    """The director's signal this criterion raises, if any."""
    balance: Balance | None = None
    """The balance verdict this criterion pushes towards, if any."""
    seed: SeedId
    """The seed article the idea comes from."""
    idea: str = Field(min_length=1)
    """The seed idea, in a few words."""
    note: str = Field(min_length=1)
    """What finding it means, in plain words (used as evidence)."""
    missing: str | None = None
    """What it means when this (positive) criterion is absent (evidence for low scores)."""


class Rubric(StrictModel):
    """The whole rubric file."""

    base: dict[Dimension, float]
    """The score of a reply with nothing notable in it, per dimension."""
    anchors: dict[Dimension, dict[str, str]]
    """Written anchors: dimension -> level ('1'..'5') -> description."""
    criteria: dict[str, Criterion]
    """Every criterion by id."""
    pooling: float = Field(default=0.0, ge=0.0, le=1.0)
    """The share of the way each clamped score moves toward the reply's mean score."""


@lru_cache(maxsize=1)
def load_rubric() -> Rubric:
    """The shipped rubric, parsed once."""
    text = resources.files("evaluation").joinpath("rubric.toml").read_text("utf-8")
    return Rubric.model_validate(tomllib.loads(text))
