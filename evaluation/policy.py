"""What a reply offers, promises and explores against a scenario's policy and hidden needs.

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

CLAUSE = re.compile(r"[,;:.!?…]+|\s[-–—]\s|\s(?:but|maar|men|ale|however|echter|dock|jednak)\s")
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
    """Offers, forbidden promises and hidden needs the reply touches, by scenario id."""
    policy = scenario.policy
    return ReplySignals(
        offers=[o.id for o in policy.may_offer if said_keywords(text, o.keywords, cues)],
        forbidden_promises=[
            o.id for o in policy.must_not_promise if said_keywords(text, o.keywords, cues)
        ],
        needs_touched=[n.id for n in scenario.hidden_needs if _mentions(text, n.reveal_keywords)],
        needs_addressed=[
            n.id for n in scenario.hidden_needs if said_keywords(text, n.met_by, cues)
        ],
    )


def _mentions(text: str, keywords: Iterable[str]) -> bool:
    """True when any keyword occurs at all (exploring a need counts even when negated)."""
    plain = normalise(text)
    return any(keyword_pattern(k).search(plain) for k in keywords)
