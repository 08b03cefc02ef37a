"""The one place that reads a trainee reply, for the evaluator and the director alike.

`read_reply(text, customer_turns=..., earlier_replies=..., scenario=..., language=...)` returns
a `Reading`: the generic acts of the reply (`acts.read_acts`) and, against the scenario, the
offers and forbidden promises it makes, the hidden needs it touches and addresses, the facts it
asks for and how many questions it asks. Pure Python, no model: cheap enough for every reply.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from evaluation.reader.lexicon import Lexicon, load_lexicon
from evaluation.reader.policy import (
    ScenarioIndex,
    asked_facts,
    build_index,
    not_committed,
    read_clauses,
    said,
    touched,
)
from evaluation.reader.reading import Reading
from scenarios.model import Scenario

if TYPE_CHECKING:
    from evaluation.reader.acts import Acts

__all__ = ["Reading", "read_reply", "read_scenario", "scenario_index"]

_INDEXES: OrderedDict[tuple[int, str | None], tuple[Scenario, ScenarioIndex]] = OrderedDict()
_INDEX_LIMIT = 64
_INDEX_LOCK = threading.Lock()
MAX_CHARS = 20_000
"""The scenario reading looks at a reply's first 20,000 characters (some 3,000 words, far
beyond any spoken or chat reply), so a pasted megabyte costs no more than that."""


def scenario_index(scenario: Scenario, lexicon: Lexicon) -> ScenarioIndex:
    """The compiled index of a scenario (built once per scenario object and language)."""
    key = (id(scenario), lexicon.language)
    with _INDEX_LOCK:  # the browser server reads replies in several threads
        hit = _INDEXES.get(key)
        if hit and hit[0] is scenario:
            _INDEXES.move_to_end(key)
            return hit[1]
        index = build_index(scenario, lexicon)
        _INDEXES[key] = (scenario, index)
        while len(_INDEXES) > _INDEX_LIMIT:
            _INDEXES.popitem(last=False)
        return index


def read_reply(
    text: str,
    *,
    customer_turns: list[str] | None = None,
    earlier_replies: list[str] | None = None,
    scenario: Scenario | None = None,
    language: str | None = None,
    acts: Acts | None = None,
) -> Reading:
    """Read one trainee reply in its conversation (and scenario, when there is one).

    `acts`: the reply's acts when the caller has read them already (the grader's context
    has), so they are not read twice."""
    language = language or (scenario.language if scenario else None)
    text = text[:MAX_CHARS]
    if acts is None:
        acts = _acts(text, customer_turns or [], language)
    part = read_scenario(text, scenario, language)
    if acts is None:
        return part
    return replace(part, acts=acts, questions=acts.questions_open + acts.questions_closed)


_LAST: list[tuple[str, int, str | None, Scenario | None, Reading]] = []


def read_scenario(text: str, scenario: Scenario | None, language: str | None = None) -> Reading:
    """The scenario-bound half of a reading (no acts): offers, promises, needs, facts asked,
    and questions counted by question marks, from the reply's first `MAX_CHARS` characters.
    The last answer is kept, since several detectors ask about the same reply."""
    language = language or (scenario.language if scenario else None)
    text = text[:MAX_CHARS]
    last = _LAST[0] if _LAST else None  # one read: another thread may replace it
    if last and last[:3] == (text, id(scenario), language) and last[3] is scenario:
        return last[4]
    lexicon = load_lexicon(language)
    clauses, sentences = read_clauses(text, lexicon)
    questions = sum("?" in s for s in sentences)
    if scenario is None:
        reading = Reading(questions=questions)
    else:
        index = scenario_index(scenario, lexicon)
        reading = Reading(
            offers=said(index.offers, clauses, lexicon),
            promises=said(index.promises, clauses, lexicon, not_committed(sentences, lexicon),
                          allowed=index.offers),
            needs_touched=touched(index.reveal, clauses),
            needs_addressed=said(index.met, clauses, lexicon),
            asked_facts=asked_facts(index, sentences, lexicon),
            questions=questions,
        )
    _LAST[:] = [(text, id(scenario), language, scenario, reading)]
    return reading


def _acts(text: str, customer_turns: list[str], language: str | None) -> Acts | None:
    """The generic acts, or None while `acts.py` is missing or broken (guarded import)."""
    try:
        from evaluation.reader.acts import read_acts
    except ImportError:
        return None
    return read_acts(text, customer_turns, language)
