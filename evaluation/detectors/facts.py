"""Honesty: a reply must not contradict the scenario's facts (a wrong amount, date or reference).

Seed 003 (accuracy, "nauwkeurigheid", is the fourth of the top-5 happy makers) and seed 001
(stay honest). A reply value counts as a contradiction when the scenario's facts hold values
of the same kind, the reply's value is neither among them nor anything the customer said, and
the reply's sentence is about the same thing as a fact with such a value (it shares one of
the fact's content words), or, for references, it looks like the fact's own reference.
"""

from __future__ import annotations

from evaluation.context import ReplyContext, clip
from evaluation.details import stem, tokens
from evaluation.values import MONTHS, Value, values
from scenarios.model import Fact


def detect(ctx: ReplyContext) -> None:
    """Record values in the reply that conflict with the scenario's facts."""
    if not ctx.scenario:
        return
    facts = [(fact, values(fact.text)) for fact in ctx.scenario.facts]
    known = {(v.kind, v.key) for _, found in facts for v in found}
    known |= {(v.kind, v.key) for turn in ctx.customer_turns for v in values(turn)}
    conflicts: list[tuple[str, str]] = []
    for sentence in ctx.sentences:
        for value in values(sentence):
            if (value.kind, value.key) in known:
                continue
            fact = conflicting_fact(value, near(sentence, value, ctx), facts, ctx)
            if fact:
                conflicts.append((clip(sentence), f"{value.words} ≠ {fact}"))
    if conflicts:
        quote = conflicts[0][0] + f" ({'; '.join(c[1] for c in conflicts[:3])})"
        ctx.add("contradicts_fact", len(conflicts), quote)


def conflicting_fact(
    value: Value, words: set[str], facts: list[tuple[Fact, list[Value]]], ctx: ReplyContext
) -> str | None:
    """The fact value the reply's value contradicts, as written, or None."""
    for fact, found in facts:
        same_kind = [v for v in found if v.kind == value.kind]
        if not same_kind:
            continue
        if value.kind == "reference":
            lookalike = [v for v in same_kind if v.key.rstrip("0123456789")
                         == value.key.rstrip("0123456789") and len(v.key) == len(value.key)]
            if lookalike:
                return lookalike[0].words
            continue
        for other in same_kind:
            if words & near(fact.text, other, ctx):
                return other.words
    return None


WINDOW = 30
"""Characters either side of a value whose words say what the value is about."""


def near(text: str, value: Value, ctx: ReplyContext) -> set[str]:
    """Stems of the content words standing next to a value (numbers and months left out)."""
    window = text[max(0, value.start - WINDOW): value.start + len(value.words) + WINDOW]
    return {
        stem(t) for t in tokens(window)
        if not t[0].isdigit() and len(t) >= 4 and t not in ctx.cues.stopwords
        and not month_word(t)
    }


def month_word(token: str) -> bool:
    """True for month names (a date's month is not what the sentence is about)."""
    return token in MONTHS
