"""Which scenario facts a trainee reply asks for, when the reader does not say.

The reader (`evaluation.reader`, `ReplySignals.asked_facts`) is the one place that reads a
reply; this is the director's stand-in for replies read without it: a sentence that asks
(a question mark, or a request such as "can you tell me") and uses one of a fact's
`asked_by` phrases asks for that fact.
"""

from __future__ import annotations

import re

from evaluation.models import ReplySignals
from scenarios.matching import find_keywords
from scenarios.model import Scenario


def _requests() -> re.Pattern[str]:
    """Request phrases of every language (`phrases/*.toml`: `requests`)."""
    from simulator.customer.phrases import phrases_for

    words = [re.escape(p) for code in ("en", "sv", "nl", "pl") for p in phrases_for(code).requests]
    return re.compile(rf"\b(?:{'|'.join(words)})\b", re.I)


REQUEST = _requests()
"""Phrases that make a sentence without a question mark a request for information."""

SENTENCES = re.compile(r"[^.!?]+[.!?]*")


def asked_facts(text: str, scenario: Scenario) -> list[str]:
    """Ids of the facts the reply asks for, in the scenario's order."""
    asking = [s for s in SENTENCES.findall(text) if "?" in s or REQUEST.search(s)]
    if not asking:
        return []
    found = []
    for fact in scenario.facts:
        if fact.asked_by and any(find_keywords(s, fact.asked_by) for s in asking):
            found.append(fact.id)
    return found


def facts_asked(reply: ReplySignals, text: str, scenario: Scenario) -> list[str]:
    """The facts a reply asks for: the reader's reading when it finds any, else our own.

    A reply that asks nothing (no question mark, no request, no question counted by the
    reader) asks for no fact, whatever details it mentions.
    """
    known = {f.id for f in scenario.facts}
    asks = getattr(reply, "questions", 0) > 0 or not text or any(
        "?" in s or REQUEST.search(s) for s in SENTENCES.findall(text)
    )
    if not asks:
        return []
    read = list(getattr(reply, "asked_facts", None) or [])
    if not read and text:
        read = asked_facts(text, scenario)
    return [f for f in read if f in known]
