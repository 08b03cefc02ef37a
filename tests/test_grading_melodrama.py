"""Dramatic sympathy is marked down on tone in four languages (seed 001: calm and sure; seed
000: too much empathy loses direction): cries of shock, heartbreak words, a breezy 'don't
worry!', or exclamation after exclamation to an upset customer. A calm reply to the same
customer is not, and neither is a cheerful goodbye."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes

DRAMA_NOTE = "dramatic sympathy"

CASES = [
    ("en", "My mother died last week and you've sent her a final demand for £300.",
     "Oh my goodness, I'm so, so sorry! That's heartbreaking, I can't imagine how awful this is.",
     "I'm so sorry about your mother. I'll cancel the £300 demand and close the account today."),
    ("sv", "Ni har ställt in vårt bröllop sex veckor innan och jag är helt förtvivlad!",
     "Herregud, vad hemskt! Ert bröllop, den viktigaste dagen i ert liv!",
     "Jag förstår att ni är förtvivlade. Jag bokar om er till en annan sal samma datum."),
    ("nl", "Mijn pakket is al drie weken zoek en ik word er gek van!",
     "Jeetje, wat vreselijk! Maakt u zich geen zorgen!",
     "Drie weken wachten is lang. Ik zoek het pakket nu voor u op bij de vervoerder."),
    ("pl", "Paczka zaginęła trzy tygodnie temu i jestem bardzo zdenerwowana!",
     "O Boże, to straszne! Proszę się nie martwić!",
     "Rozumiem, że to denerwujące. Sprawdzę teraz u przewoźnika, gdzie jest paczka."),
]


@pytest.mark.parametrize(("language", "customer", "drama", "calm"), CASES,
                         ids=[case[0] for case in CASES])
def test_dramatic_sympathy_costs_tone_and_tips_the_balance(
        language: str, customer: str, drama: str, calm: str) -> None:
    dramatic, plain = last_reply(language, customer, drama), last_reply(language, customer, calm)
    assert DRAMA_NOTE in notes(dramatic)
    assert dramatic.scores.tone < 3.5 <= plain.scores.tone
    assert dramatic.balance == "too_much"
    assert DRAMA_NOTE not in notes(plain)


def test_the_tip_for_drama_to_a_grieving_customer_asks_for_quiet_sympathy() -> None:
    customer, drama = CASES[0][1], CASES[0][2]
    tips = " ".join(last_reply("en", customer, drama).tips)
    assert "quiet sentence of sympathy" in tips or "calm and plain" in tips


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Thanks, that's all sorted then.", "Great, glad it's sorted! Have a lovely day!"),
    ("sv", "Tack, då är det löst.", "Vad bra! Ha en fin dag!"),
    ("en", "My parcel is three weeks late and I'm fed up!",
     "I'm sorry it's taken three weeks. I've found it: it arrives tomorrow before noon!"),
])
def test_a_cheerful_goodbye_or_one_exclamation_is_no_drama(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert DRAMA_NOTE not in notes(grade)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Jag skickade dödsfallsintyget i september och breven fortsätter komma.",
     "Jag beklagar, jag beklagar verkligen. Förlåt, förlåt för att det har blivit så här."),
    ("nl", "Er is al een week niemand geweest en we hebben geen douche.",
     "Het spijt me echt verschrikkelijk. Ik schaam me diep voor hoe dit gegaan is."),
    ("pl", "Od tygodnia nikt nie przyszedł, nie mamy prysznica.",
     "Przepraszam, przepraszam, strasznie mi wstyd za to, co się stało."),
])
def test_apologies_stacked_with_shame_are_drama(language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert DRAMA_NOTE in notes(grade)
    assert grade.scores.tone < 3.5
