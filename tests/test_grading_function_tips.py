"""Tips a coach would sign: no name, person or lone customer word spliced into a slot, no offer
already made, no empathy demanded of a greeting or goodbye; and the markdown report shows the
customer's line beside each reply and the three things to practise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation import Transcript, assess_reply, grade_transcript
from evaluation.markdown import render_markdown
from scenarios.loader import load_scenario
from scenarios.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
WEAK_REPLIES = {
    "en": ["OK.", "What is the account number?", "Please hold.", "I'm sorry.", "Let me check.",
           "You need to send us the death certificate.", "It says delivered.",
           "Please send us a private message.", "That's our system, not me."],
    "nl": ["Oké.", "Wat is uw klantnummer?", "Dat is ons systeem.", "Het spijt me.",
           "U moet het formulier invullen.", "Stuur ons een privébericht."],
    "sv": ["Okej.", "Vad är ditt kundnummer?", "Det är systemet.", "Förlåt.",
           "Du får kontakta kundtjänst."],
    "pl": ["Dobrze.", "Jaki jest numer paczki?", "Przepraszam.",
           "Proszę zadzwonić na infolinię.", "To wina systemu."],
}
QUOTED_BAD = [
    r"Tom Ellis should never have happened",
    r"sort out Tom Ellis",
    r"glad you called about delivered",
    r"'Bakker'",
    r"W sprawie 'paczka'",
]
"""The tips quoted in issue 8."""
CAPITALISED = re.compile(r"(?<=\s)[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźżåäöé]+\b")


def scenario(name: str) -> Scenario:
    """A shipped scenario."""
    return load_scenario(ROOT / "scenarios" / f"{name}.toml")


def all_tips(sc: Scenario) -> list[str]:
    """Every tip for every weak reply to every opening line of a scenario."""
    tips = []
    for opening in sc.opening_lines:
        for reply in WEAK_REPLIES[sc.language]:
            transcript = Transcript.model_validate({"language": sc.language, "turns": [
                {"role": "customer", "text": opening}, {"role": "trainee", "text": reply}]})
            tips += assess_reply(transcript, 1, sc)[0].tips
    return tips


def names_in(sc: Scenario) -> set[str]:
    """Capitalised words of the customer's opening lines (names of people and places)."""
    return {w for line in sc.opening_lines for w in CAPITALISED.findall(line)}


@pytest.mark.parametrize("name", [
    "en_bank_bereavement_account", "en_parcel_lost_again", "nl_energie_jaarafrekening",
    "pl_kurier_zagubiona_paczka", "nl_telecom_opzeggen_overleden", "sv_resa_avbokning_dodsfall",
])
def test_no_tip_splices_a_name_or_a_lone_word_into_a_slot(name: str) -> None:
    sc = scenario(name)
    tips = all_tips(sc)
    assert tips, "weak replies get tips"
    for tip in tips:
        assert not any(re.search(bad, tip) for bad in QUOTED_BAD), tip
        # a quoted customer word on its own ('paczka', 'Bakker') is never a slot's filling
        for quoted in re.findall(r"'([^'\s]+)'", tip):
            assert any(ch.isdigit() for ch in quoted), tip
        example = tip.split("e.g.", 1)[-1]
        for word in names_in(sc) - {sc.customer.name.split()[0]}:
            if word.lower() in {"i", "good", "hello", "dag", "hej", "dzień", "goedemiddag"}:
                continue
            assert f"about {word}" not in example and f"out {word}" not in example, tip


def test_the_widow_never_hears_her_husband_called_the_problem() -> None:
    sc = scenario("en_bank_bereavement_account")
    for tip in all_tips(sc):
        assert not re.search(r"(sort out|about|with|to) (your husband|Tom\b)", tip), tip
        assert "should never have happened" not in tip or "Tom" not in tip, tip


def test_an_offer_made_in_an_earlier_reply_is_not_suggested_again() -> None:
    sc = scenario("en_bank_bereavement_account")
    turns = [
        {"role": "customer", "text": sc.opening_lines[0]},
        {"role": "trainee", "text": "I can register Tom's death with you now, over the phone, so "
                                    "the letters and marketing calls stop."},
        {"role": "customer", "text": "And what about the funeral bill?"},
        {"role": "trainee", "text": "OK."},
    ]
    transcript = Transcript.model_validate({"language": "en", "turns": turns})
    tips = assess_reply(transcript, 3, sc)[0].tips
    assert tips
    assert not any("register the death" in tip for tip in tips), tips


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Thanks, that's everything. Bye!", "You're welcome, take care!"),
    ("nl", "Dat was het, dank u wel!", "Graag gedaan, nog een fijne dag!"),
])
def test_no_empathy_tip_for_a_goodbye(language: str, customer: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    graded = assess_reply(transcript, 1)[0]
    assert not any(re.search(r"feel|voel|känn|czuj|question|vraag", tip) for tip in graded.tips)


def test_markdown_shows_the_customer_line_and_three_things_to_practise() -> None:
    transcript = Transcript.model_validate({"language": "en", "turns": [
        {"role": "customer", "text": "I've called three times about my router and nobody came!"},
        {"role": "trainee", "text": "Please call our hotline again."},
        {"role": "customer", "text": "I just told you I called three times!"},
        {"role": "trainee", "text": "We apologise for any inconvenience."},
    ]})
    text = render_markdown(grade_transcript(transcript), transcript)
    assert "## Top three things to practise" in text
    practise = text.split("## Top three things to practise", 1)[1].split("## Turn", 1)[0]
    assert len(re.findall(r"^\d\. ", practise, re.M)) == 3, practise
    first, second = text.split("## Turn")[1:3]
    assert "Customer: I've called three times about my router" in first
    assert first.index("Customer:") < first.index("> Please call our hotline again.")
    assert "Customer: I just told you I called three times" in second


def test_what_happened_twice_is_never_put_in_a_slot_meant_for_a_thing() -> None:
    """'charged twice' is quoted as evidence, but "starting with charged twice" is no English."""
    from evaluation import grade_transcript
    from evaluation.models import Transcript, Turn

    report = grade_transcript(Transcript(language="en", turns=[
        Turn(role="customer", text="Hello... I think I've been charged twice. For March."),
        Turn(role="trainee", text="Calm down, it is not our fault."),
    ]))
    tips = " ".join(report.replies[0].tips)
    assert tips and "charged twice" not in tips


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I've waited three weeks for the invoice. When do I get my money back?",
     "We have a lot of cases at the moment."),
    ("sv", "Jag har väntat i tre veckor på fakturan. När kommer pengarna tillbaka?",
     "Vi har många ärenden just nu."),
    ("nl", "Ik wacht al drie weken op de factuur. Wanneer krijg ik mijn geld terug?",
     "We hebben het op dit moment erg druk."),
    ("pl", "Czekam na fakturę od trzech tygodni. Kiedy dostanę zwrot pieniędzy?",
     "Mamy teraz bardzo dużo zgłoszeń."),
])
def test_the_answer_the_question_first_tip_answers_instead_of_asking(
        language: str, customer: str, reply: str) -> None:
    from evaluation.cues import load_cues

    advice = str(load_cues(language).tips["listening"]["ignored_question"]).split(",")[0]
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    tips = assess_reply(transcript, 1, None)[0].tips
    answer_first = [t for t in tips if t.startswith(advice)]
    assert answer_first, tips
    assert all("?" not in tip for tip in answer_first)


PRAISED_FIX = ["The fix is good", "De oplossing is goed", "Lösningen är bra",
               "Rozwiązanie jest dobre"]
"""Tip openings that praise a fix: untrue of a reply that offers none (seen by hand)."""
QUESTIONS_ONLY = {
    "en": ["What is your order number, and how are you managing?",
           "Which day did it go wrong? And what have you tried?",
           "When did it start, and who did you speak to?"],
    "nl": ["Wat is uw bestelnummer, en hoe doet u nu de was?",
           "Wanneer ging het mis? En wat heeft u al geprobeerd?",
           "Met wie heeft u gesproken, en wanneer was dat?"],
    "sv": ["Vilket bokningsnummer har resan, och har ni någon hemförsäkring?",
           "När började det? Och vad har du provat?",
           "Vem pratade du med, och när var det?"],
    "pl": ["Na jaką kwotę jest faktura i jaki jest stan licznika?",
           "Kiedy to się zaczęło? I co Pani już próbowała?",
           "Z kim Pani rozmawiała i kiedy to było?"],
}


@pytest.mark.parametrize("name", [
    "en_parcel_lost_again", "nl_webshop_wasmachine", "sv_resa_avbokning_dodsfall",
    "pl_prad_po_smierci_ojca",
])
def test_no_tip_praises_a_fix_the_reply_did_not_offer(name: str) -> None:
    sc = scenario(name)
    for opening in sc.opening_lines:
        for reply in QUESTIONS_ONLY[sc.language]:
            transcript = Transcript.model_validate({"language": sc.language, "turns": [
                {"role": "customer", "text": opening}, {"role": "trainee", "text": reply}]})
            for tip in assess_reply(transcript, 1, sc)[0].tips:
                assert not any(tip.startswith(p) for p in PRAISED_FIX), (reply, tip)
