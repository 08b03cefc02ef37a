"""The director uses the reader: offers made in other words count toward resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.loader import load_persona, load_scenario
from scenarios.matching import find_keywords
from simulator.backends.scripted import ScriptedBackend
from simulator.session import PracticeSession

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = load_scenario(ROOT / "scenarios" / "en_bank_bereavement_account.toml")
PERSONA = load_persona(ROOT / "personas" / "grieving.toml")
EXPLORE = [
    "I'm so sorry about Tom, Mrs Ellis. Take all the time you need. Is there anything "
    "worrying you about his affairs?",
    "That sounds like a lot to carry on your own. Are there any bills or payments going out "
    "that you're worried about?",
]
PARAPHRASED_OFFERS = [
    "I'll note on the account today that Tom has passed away, and nothing more will be posted "
    "to him from next week.",
    "Hartley's invoice doesn't have to come from your savings: we can settle it straight from "
    "Tom's account once you send it in with the certificate.",
]
BILLS = ("For the council tax and electricity, I'll send you a list of the direct debits so you "
         "can set them up on your own account, and I'll help you move each one.")
SYMPATHY = ["I understand, it must be so hard.", "Please take your time, I'm here for you."]


def play(replies: list[str], seed: int) -> PracticeSession:
    session = PracticeSession(SCENARIO, PERSONA, ScriptedBackend(), seed=seed)
    list(session.start())
    for reply in replies:
        if session.outcome is None:
            list(session.respond(reply))
    return session


def test_the_offers_are_paraphrases_not_keywords() -> None:
    keywords = [k for offer in SCENARIO.policy.may_offer for k in offer.keywords]
    for reply in PARAPHRASED_OFFERS:
        assert find_keywords(reply, keywords) == [], reply


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_paraphrased_required_offers_resolve_the_call(seed: int) -> None:
    session = play([*EXPLORE, *PARAPHRASED_OFFERS, BILLS], seed)
    assert {"register_death", "funeral_release"} <= set(session.director.ledger.offers)
    assert session.outcome == "resolved"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_the_offers_the_same_call_does_not_resolve(seed: int) -> None:
    session = play([*EXPLORE, *SYMPATHY, BILLS], seed)
    assert session.outcome != "resolved"
