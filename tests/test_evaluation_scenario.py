"""Grading against a scenario: policy offers, forbidden promises and hidden needs."""

from __future__ import annotations

import pytest

from evaluation import Transcript, assess_reply
from scenarios.model import Scenario


@pytest.fixture
def scenario() -> Scenario:
    """A small parcel scenario with one allowed offer, one forbidden promise and two needs."""
    return Scenario.model_validate({
        "id": "late-parcel", "title": "Late parcel", "language": "en", "difficulty": "moderate",
        "domain": "parcel_delivery", "archetype": "frustrated",
        "customer": {"name": "Dana Reyes", "age": 41, "situation": "A birthday present is late."},
        "facts": [
            {"id": "parcel", "text": "Parcel 88214", "keywords": ["88214"]},
            {"id": "due", "text": "Due Friday", "keywords": ["friday"]},
            {"id": "depot", "text": "Stuck at the Leeds depot", "keywords": ["leeds"]},
        ],
        "customer_said": ["parcel number 88214"],
        "wants": "the parcel before Saturday",
        "hidden_needs": [
            {"id": "birthday", "description": "It is a birthday present", "revealed_by":
             ["useful_question"], "reveal_keywords": ["occasion", "birthday"],
             "met_by": ["saturday delivery", "priority"], "lines": ["It's for her birthday."]},
            {"id": "updates", "description": "Wants to be kept informed", "revealed_by":
             ["took_ownership"], "reveal_keywords": ["updates"], "met_by": ["text you"],
             "lines": ["Nobody ever tells me anything."]},
        ],
        "policy": {
            "may_offer": [{"id": "priority", "text": "Priority redelivery",
                           "keywords": ["priority", "redeliver"]}],
            "limits": ["No compensation above the postage"],
            "must_not_promise": [{"id": "guaranteed_time", "text": "A guaranteed delivery time",
                                  "keywords": ["guarantee", "definitely arrive"]}],
        },
        "resolution": {"description": "Priority redelivery arranged",
                       "requires_offers": ["priority"]},
        "opening_lines": ["Where is my parcel?"],
        "objectives": [{"text": "Stay inside policy", "seed": "000", "idea": "lagom empathy"}],
    })


def reply_to(scenario: Scenario, reply: str):
    """Grade one reply to the scenario's opening."""
    transcript = Transcript.model_validate({"turns": [
        {"role": "customer", "text": "Parcel 88214 was due on Friday and it's still not here!"},
        {"role": "trainee", "text": reply}]})
    return assess_reply(transcript, 1, scenario)


def test_promise_beyond_policy_lowers_honesty_and_is_reported(scenario: Scenario) -> None:
    inside, inside_signals = reply_to(scenario, "I'm sorry it's late. I'll book a priority "
                                                "redelivery for parcel 88214 today.")
    beyond, beyond_signals = reply_to(scenario, "I'm sorry it's late. I guarantee parcel 88214 "
                                                "will definitely arrive tomorrow morning.")
    assert beyond.scores.honesty < inside.scores.honesty
    assert beyond_signals.forbidden_promises == ["guaranteed_time"]
    assert "over_promised" in beyond_signals.signals
    assert inside_signals.offers == ["priority"]
    assert inside_signals.forbidden_promises == []
    assert any("policy" in e.note for e in beyond.evidence if e.dimension == "honesty")


def test_saying_what_cannot_be_promised_is_not_a_promise(scenario: Scenario) -> None:
    grade, signals = reply_to(scenario, "I can't guarantee a time, but I'll book a priority "
                                        "redelivery for parcel 88214 and text you updates.")
    assert signals.forbidden_promises == []
    assert "over_promised" not in signals.signals
    assert grade.scores.honesty >= 4


def test_hidden_needs_touched_and_addressed(scenario: Scenario) -> None:
    grade, signals = reply_to(scenario, "Is it for a special occasion, like a birthday? I can "
                                        "arrange Saturday delivery with priority.")
    assert signals.needs_touched == ["birthday"]
    assert signals.needs_addressed == ["birthday"]
    assert signals.language == "en"
