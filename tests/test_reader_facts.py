"""Which scenario fact a trainee question asks for; stating the customer's detail is not asking."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.grader import assess_reply
from evaluation.models import Transcript, Turn
from evaluation.reader import read_reply
from scenarios.loader import load_scenario
from scenarios.model import Scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def scenario(sid: str) -> Scenario:
    return load_scenario(SCENARIOS / f"{sid}.toml")


QUESTIONS = [
    ("en_bank_bereavement_account", "When is the funeral invoice due?", "funeral_invoice"),
    ("en_bank_card_blocked_abroad", "Where was the card declined?", "declined_payment"),
    ("en_gp_reception_test_results", "When were your bloods taken?", "bloods"),
    ("en_insurance_funeral_claim", "Could you give me the policy number?", "policy"),
    ("en_parcel_lost_again", "What's the parcel number?", "parcel"),
    ("en_pharmacy_prescription_delay", "How many tablets has Leo got left?", "supply_left"),
    ("en_telecom_broadband_outage_homeworker", "When did this start?", "outage"),
    ("en_telecom_double_billing", "How much was taken, and on what date?", "double_charge"),
    ("en_utilities_estimated_bill", "When did you last send a meter reading?", "readings"),
    ("nl_energie_jaarafrekening", "Wanneer is de oude meter vervangen?", "meterwissel"),
    ("pl_kurier_zagubiona_paczka", "Jaki jest numer przesyłki?", "nadanie"),
    ("sv_forsakring_vattenskada", "Vad är skadenumret?", "skadenummer"),
]


@pytest.mark.parametrize(("sid", "question", "fact"), QUESTIONS)
def test_a_question_asks_for_its_fact(sid: str, question: str, fact: str) -> None:
    reading = read_reply(question, scenario=scenario(sid))
    assert fact in reading.asked_facts
    assert reading.questions == 1


@pytest.mark.parametrize(("sid", "text"), [
    ("en_parcel_lost_again", "I can see parcel JD-30915 here, is that the one?"),
    ("en_parcel_lost_again", "Parcel JD-30915 was marked delivered on 9 October at 14:02."),
    ("pl_kurier_zagubiona_paczka", "Czy chodzi o przesyłkę 6200 4471 9083?"),
    ("sv_forsakring_vattenskada", "Jag har skadenummer 118734 framför mig, stämmer det?"),
    ("en_telecom_broadband_outage_homeworker", "So it's been down since Sunday at half seven."),
])
def test_stating_the_customers_detail_is_not_asking_for_it(sid: str, text: str) -> None:
    assert read_reply(text, scenario=scenario(sid)).asked_facts == []


def test_a_request_without_a_question_mark_asks_too() -> None:
    reading = read_reply("Please tell me the parcel number.",
                         scenario=scenario("en_parcel_lost_again"))
    assert reading.asked_facts == ["parcel"]


def test_a_statement_about_the_topic_asks_nothing() -> None:
    reading = read_reply("I'm opening a claim for the parcel now.",
                         scenario=scenario("en_parcel_lost_again"))
    assert reading.asked_facts == [] and reading.questions == 0


def test_the_director_gets_the_facts_asked_and_the_question_count() -> None:
    sc = scenario("en_parcel_lost_again")
    transcript = Transcript(turns=[
        Turn(role="customer", text=sc.opening_lines[0]),
        Turn(role="trainee", text="I'm sorry. What's the parcel number?"),
    ])
    _, signals = assess_reply(transcript, 1, sc)
    assert signals.asked_facts == ["parcel"]
    assert signals.questions == 1
