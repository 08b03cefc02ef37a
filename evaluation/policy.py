"""What a reply offers, promises and explores against a scenario's policy and hidden needs."""

from __future__ import annotations

import re

from evaluation.cues import CueSet
from evaluation.models import ReplySignals
from scenarios.matching import find_keywords, normalise
from scenarios.model import Scenario

CLAUSE = re.compile(r"[,;:.!?…]+|\s(?:but|maar|men|ale|however|echter|dock|jednak)\s")


def clauses(text: str) -> list[str]:
    """The reply cut into clauses, so a negation only covers its own clause."""
    return [c.strip() for c in CLAUSE.split(normalise(text)) if c.strip()]


def affirmed(text: str, cues: CueSet) -> str:
    """The reply's clauses without negation (`I can't promise...` promises nothing)."""
    return " . ".join(c for c in clauses(text) if not cues.has("negation", c))


def match_policy(text: str, scenario: Scenario, cues: CueSet) -> ReplySignals:
    """Offers, forbidden promises and hidden needs the reply touches, by scenario id."""
    said = affirmed(text, cues)
    policy = scenario.policy
    return ReplySignals(
        offers=[o.id for o in policy.may_offer if find_keywords(said, o.keywords)],
        forbidden_promises=[
            o.id for o in policy.must_not_promise if find_keywords(said, o.keywords)
        ],
        needs_touched=[
            n.id for n in scenario.hidden_needs if find_keywords(text, n.reveal_keywords)
        ],
        needs_addressed=[n.id for n in scenario.hidden_needs if find_keywords(said, n.met_by)],
    )
