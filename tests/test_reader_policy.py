"""The reader hears offers and forbidden promises by meaning: paraphrase, inflection, Dutch
separable verbs, negation, conditions, hedges and reported speech (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.reader import Reading, read_reply
from scenarios.loader import load_scenario
from scenarios.matching import find_keywords
from scenarios.model import Scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def scenario(sid: str) -> Scenario:
    return load_scenario(SCENARIOS / f"{sid}.toml")


def read(sid: str, text: str) -> Reading:
    return read_reply(text, customer_turns=[], earlier_replies=[], scenario=scenario(sid),
                      language=None)


def keywords_of(sid: str, item: str) -> list[str]:
    sc = scenario(sid)
    return next(o.keywords for o in (*sc.policy.may_offer, *sc.policy.must_not_promise)
                if o.id == item)


def test_refund_today_in_other_words_is_the_forbidden_promise() -> None:
    reading = read("en_telecom_double_billing",
                   "I'll refund the £64.99 today, so it's back straight away.")
    assert "refund_today" in reading.promises


def test_written_confirmation_within_the_hour_is_no_refund_promise() -> None:
    reading = read("en_telecom_double_billing",
                   "I'll email you written confirmation within the hour.")
    assert reading.promises == []
    assert reading.offers == ["confirmation_letter"]


def test_paying_hartleys_invoice_from_toms_account_is_the_funeral_offer() -> None:
    text = "We can pay Hartley's invoice straight from Tom's account."
    assert not find_keywords(text, keywords_of("en_bank_bereavement_account", "funeral_release"))
    reading = read("en_bank_bereavement_account", text)
    assert reading.offers == ["funeral_release"]
    assert reading.promises == []


def test_dutch_separable_verb_holds_the_collection() -> None:
    text = "De incasso van de bijbetaling houd ik aan tot de herberekening klaar is."
    reading = read("nl_energie_jaarafrekening", text)
    assert "aanhouden" in reading.offers
    split = read("nl_energie_jaarafrekening", "De incasso houden we voorlopig aan.")
    assert split.offers == ["aanhouden"]


def test_polish_inflected_sms_notification_is_heard() -> None:
    text = "Widzę, że to Panią bardzo niepokoi. Ustawię powiadomienie SMS."
    assert read("pl_kurier_zagubiona_paczka", text).offers == ["powiadomienie"]
    other_form = read("pl_kurier_zagubiona_paczka", "Włączymy Pani powiadomienia SMS-em.")
    assert other_form.offers == ["powiadomienie"]


@pytest.mark.parametrize(("sid", "text"), [
    ("en_telecom_double_billing",
     "I can't promise it today, but the refund will reach you in 3 to 5 working days."),
    ("en_telecom_double_billing", "I can't promise it won't happen again."),
    ("en_parcel_lost_again", "I won't promise it'll be paid today."),
    ("nl_energie_jaarafrekening", "Ik kan niet beloven dat u niets hoeft bij te betalen."),
    ("sv_forsakring_vattenskada", "Jag kan inte lova att köket är klart innan jul."),
    ("pl_kurier_zagubiona_paczka", "Nie mogę obiecać, że paczka na pewno dotrze przed 20 marca."),
])
def test_a_negated_promise_is_no_promise(sid: str, text: str) -> None:
    assert read(sid, text).promises == []


@pytest.mark.parametrize(("sid", "text", "promise"), [
    ("en_parcel_lost_again", "It won't happen again.", "never_again"),
    ("en_telecom_double_billing", "This will never happen again, I promise.", "never_again"),
    ("en_insurance_funeral_claim",
     "You don't need to send a death certificate at all.", "skip_certificate"),
])
def test_a_promise_that_carries_its_own_negation_is_a_promise(
    sid: str, text: str, promise: str
) -> None:
    assert promise in read(sid, text).promises


@pytest.mark.parametrize("text", [
    "If the GP approves it this morning, it might arrive tomorrow.",
    "Hopefully it'll be there tomorrow.",
    "You were told it would definitely arrive tomorrow, and that was wrong.",
])
def test_conditional_hedged_or_reported_is_no_promise(text: str) -> None:
    assert read("en_pharmacy_prescription_delay", text).promises == []


def test_the_same_promise_said_plainly_is_caught() -> None:
    reading = read("en_pharmacy_prescription_delay", "It'll definitely arrive tomorrow.")
    assert reading.promises == ["arrives_tomorrow"]


def test_a_negated_offer_is_not_an_offer_but_a_following_one_is() -> None:
    reading = read("en_telecom_broadband_outage_homeworker",
                   "I can't send an engineer sooner, but I'll courier you a 4G router with "
                   "unlimited data for tomorrow.")
    assert reading.offers == ["backup_4g"]
    assert reading.promises == []


def test_a_negation_after_the_offer_does_not_cancel_it() -> None:
    reading = read("en_utilities_estimated_bill",
                   "I'm adding a £30 goodwill credit for the callbacks you didn't get.")
    assert reading.offers == ["goodwill"]


def test_sympathy_alone_offers_and_promises_nothing() -> None:
    for sid, text in [
        ("en_bank_bereavement_account", "I'm so sorry about Tom. Please take your time."),
        ("nl_energie_jaarafrekening", "Wat vervelend voor u, ik begrijp dat u boos bent."),
        ("sv_forsakring_vattenskada", "Jag förstår att det här är jobbigt för er."),
        ("pl_kurier_zagubiona_paczka", "Rozumiem, że to bardzo stresujące."),
    ]:
        reading = read(sid, text)
        assert (reading.offers, reading.promises) == ([], []), text


@pytest.mark.parametrize(("sid", "text", "offer"), [
    ("sv_forsakring_vattenskada", "Du får en egen handläggare med direktnummer.",
     "fast_handlaggare"),
    ("sv_forsakring_vattenskada", "Vi bokar om fuktmätningen så att den görs inom fem arbetsdagar.",
     "fuktmatning"),
    ("en_parcel_lost_again", "I'll get the Leeds depot to investigate, with the photo attached.",
     "depot_investigation"),
])
def test_offers_in_other_words_across_languages(sid: str, text: str, offer: str) -> None:
    assert offer in read(sid, text).offers


def test_a_huge_reply_is_read_in_linear_time() -> None:
    sc = scenario("en_telecom_double_billing")
    sentence = "I'll refund the duplicate payment today, so it's back straight away. "
    text = sentence * (1_000_000 // len(sentence))
    reading = read_reply(text, scenario=sc)  # must not hang: no backtracking, no quadratic step
    assert "refund_today" in reading.promises
    garbage = read_reply("a" * 1_000_000 + " ,,,,,,,," * 20_000, scenario=sc)
    assert garbage.offers == [] and garbage.promises == []


def test_readings_in_parallel_threads_match_one_at_a_time() -> None:
    from concurrent.futures import ThreadPoolExecutor

    sc = scenario("en_telecom_double_billing")
    texts = [f"{t} ({i})" for i in range(40) for t in (
        "I'll refund the £64.99 today, so it's back straight away.",
        "I'll email you written confirmation within the hour.",
        "I can't promise it won't happen again.",
        "I'll check the direct debit mandate so only one payment goes out in April.",
    )]

    def offers_and_promises(text: str) -> tuple[list[str], list[str]]:
        reading = read_reply(text, scenario=sc)
        return reading.offers, reading.promises

    alone = [offers_and_promises(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(offers_and_promises, texts))
    assert together == alone


def test_sending_once_the_gp_approves_is_no_promise_to_skip_the_gp() -> None:
    waiting = read("en_pharmacy_prescription_delay", "Once the GP approves it, I'll send it.")
    assert "skip_gp" not in waiting.promises
    skipping = read("en_pharmacy_prescription_delay",
                    "I'll send it anyway, without waiting for the GP.")
    assert "skip_gp" in skipping.promises


def test_swedish_sympathy_for_the_delay_promises_nothing() -> None:
    sympathy = read("sv_forsakring_vattenskada", "Vad tråkigt att det har dragit ut så.")
    assert sympathy.promises == []
    waiving = read("sv_forsakring_vattenskada",
                   "Vi stryker självrisken för er eftersom det har dragit ut så.")
    assert waiving.promises == ["stryka_sjalvrisk"]


def test_a_reason_clause_of_a_promise_example_is_not_the_promise_on_its_own() -> None:
    # example: "The £6,200 will be released to you straight away, you don't need to wait."
    reading = read("en_bank_bereavement_account", "You don't need to wait.")
    assert "release_balance" not in reading.promises


def test_the_allowed_compensation_by_its_figure_is_no_forbidden_promise() -> None:
    """`€ 50 for the two missed days` pays the policy's compensation; it does not promise the
    forbidden lost income, though it resembles that promise's example."""
    reading = read("nl_webshop_wasmachine",
                   "Voor de twee gemiste dagen stort ik € 50 terug.")
    assert "vergoeding" in reading.offers
    assert reading.promises == []
    forbidden = read("nl_webshop_wasmachine",
                     "We vergoeden uw gemiste inkomsten van die twee dagen.")
    assert forbidden.promises == ["inkomsten"]


@pytest.mark.parametrize(("sid", "text"), [
    ("pl_prad_po_smierci_ojca",
     "Wstrzymałam płatność tej faktury, więc do czasu wyjaśnienia nie musi Pani nic płacić."),
])
def test_nothing_to_pay_until_it_is_cleared_up_is_a_hold_not_a_write_off(sid: str,
                                                                         text: str) -> None:
    reading = read(sid, text)
    assert reading.promises == []
    assert "wstrzymanie" in reading.offers
    assert read(sid, "Nie musi Pani nic płacić, umorzymy całą fakturę.").promises == ["umorzenie"]


@pytest.mark.parametrize(("question", "fact"), [
    ("What was his name, so I can find the account?", "death"),
    ("Could I have your husband's name, please?", "death"),
    ("Is the account in his name only?", "sole_account"),
])
def test_asking_the_late_husbands_name_asks_for_the_death_fact(question: str, fact: str) -> None:
    assert read("en_bank_bereavement_account", question).asked_facts == [fact]
