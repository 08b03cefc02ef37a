"""The `Reading` of one trainee reply: what it does, and what it does inside this scenario."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evaluation.reader.acts import Acts


@dataclass(frozen=True)
class Reading:
    """Everything the evaluator and the director need to know about one trainee reply.

    `acts` are the generic speech acts (questions, reflections, apologies, deflection...);
    the other fields are read against the scenario, by scenario id, in the order the scenario
    lists them.
    """

    acts: Acts | None = None
    """The generic acts (`evaluation.reader.acts.read_acts`), None when unavailable."""
    offers: list[str] = field(default_factory=list)
    """Ids of `policy.may_offer` items the reply offers (in any wording, not negated)."""
    promises: list[str] = field(default_factory=list)
    """Ids of `policy.must_not_promise` items the reply actually promises (not negated,
    not conditional, hedged or reported)."""
    needs_touched: list[str] = field(default_factory=list)
    """Hidden-need ids the reply touches (its reveal words, even in a question or negated)."""
    needs_addressed: list[str] = field(default_factory=list)
    """Hidden-need ids the reply addresses (its `met_by` words, not negated)."""
    asked_facts: list[str] = field(default_factory=list)
    """Fact ids the reply asks the customer for (a question or request, not a statement of
    the detail itself)."""
    questions: int = 0
    """How many questions the reply asks."""
