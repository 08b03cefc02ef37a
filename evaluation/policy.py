"""Clause and negation helpers for cue matching, and `match_policy`, a view of the reader.

Offers, promises, needs and facts asked are read by `evaluation.reader` (by meaning);
`match_policy` returns them as `ReplySignals` for callers that hold a `CueSet`.

Negation decides whether something was said: `I can't promise it won't happen again`
promises nothing, while `It won't happen again` does. A negation cancels a matched phrase
only when it stands before the phrase in the same clause (`I can't guarantee...`) or is the
very next word (`ik beloof niet`, `jag lovar inte`); a negation inside the phrase itself
(`won't happen again`, `don't need the original`, `ingen självrisk`) is part of what was said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from evaluation.cues import CueSet
from evaluation.models import ReplySignals
from scenarios.matching import keyword_pattern, normalise
from scenarios.model import Scenario

CLAUSE = re.compile(r"(?:[;:!?…]|(?<!\d)[,.]|[,.](?!\d))+|\s[-–—]\s"
                    r"|\s(?:but|maar|men|ale|however|echter|dock|jednak)\s")
"""Where a clause ends: punctuation (not the comma or point inside `€104,85` or `14.320`), a
dash between spaces, or `but`."""
NEXT_WORD = re.compile(r"\s*(\S+)")


def clauses(text: str) -> list[str]:
    """The reply cut into clauses, so a negation only covers its own clause."""
    return [c.strip() for c in CLAUSE.split(normalise(text)) if c.strip()]


def affirmed(text: str, cues: CueSet) -> str:
    """The reply's clauses without negation (`I can't check...` checks nothing)."""
    return " . ".join(c for c in clauses(text) if not cues.has("negation", c))


def negated(clause: str, match: re.Match[str], cues: CueSet) -> bool:
    """True when a negation before the match, or the word right after it, cancels it."""
    after = NEXT_WORD.match(clause, match.end())
    return cues.has("negation", clause[: match.start()]) or bool(
        after and cues.has("negation", after.group(1))
    )


def said_matches(text: str, pattern: re.Pattern[str], cues: CueSet) -> Iterator[str]:
    """Every match of the pattern in the reply that no negation cancels, in order."""
    for clause in clauses(text):
        for match in pattern.finditer(clause):
            if not negated(clause, match, cues):
                yield match.group(0)


def agent_matches(text: str, pattern: re.Pattern[str], cues: CueSet) -> Iterator[str]:
    """Matches no negation cancels that the agent does, not the customer: a match with the
    customer before it in its clause and no `I`/`we` (`you should have checked the router`,
    `du kan ringa igen`, `musi pan zadzwonić`) is something the customer is told to do."""
    for clause in clauses(text):
        for match in pattern.finditer(clause):
            before = clause[: match.start()]
            theirs = cues.has("second_person", before) and not (
                cues.has("first_person", before) or cues.has("plural_we", before))
            if not theirs and not negated(clause, match, cues):
                yield match.group(0)


def said_keywords(text: str, keywords: Iterable[str], cues: CueSet) -> list[str]:
    """The scenario keywords the reply says without negating them, in the order given."""
    return [k for k in keywords if next(said_matches(text, keyword_pattern(k), cues), None)]


def negated_matches(text: str, pattern: re.Pattern[str], cues: CueSet) -> list[str]:
    """Matches of the pattern that a negation cancels (`I can't guarantee`)."""
    return [
        match.group(0)
        for clause in clauses(text)
        for match in pattern.finditer(clause)
        if negated(clause, match, cues)
    ]


def match_policy(text: str, scenario: Scenario, cues: CueSet) -> ReplySignals:
    """Offers, forbidden promises, hidden needs and facts asked, by scenario id.

    A thin view of the reader (`evaluation.reader.read_scenario`), which recognises them by
    meaning (paraphrase, inflection, separable verbs, negation and conditions)."""
    from evaluation.reader import read_scenario  # the reader imports this module's helpers

    reading = read_scenario(text, scenario, cues.language or scenario.language)
    return ReplySignals(
        offers=reading.offers,
        forbidden_promises=reading.promises,
        needs_touched=reading.needs_touched,
        needs_addressed=reading.needs_addressed,
        asked_facts=reading.asked_facts,
        questions=reading.questions,
    )
