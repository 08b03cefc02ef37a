"""Asking for what an earlier reply asked for, once the customer has given it: `Please give me
the contract number` after `Could you give me the contract number?` and `It's 2015/KH/44812.`
The customer has answered; asking again says nobody listened. Found on a blind development set
whose coach graded such replies listening 1."""

from __future__ import annotations

import pytest
from grading_support import found

ASKED_BEFORE = [
    ("en", ("My late husband's pension hasn't started.",
            "I'm sorry for your loss. Could you give me his member number?",
            "It's 5520-113. I put it on the form as well. When does the money come?",
            "To look into it I'll need your husband's member number, please.")),
    ("sv", ("Min återbetalning har inte kommit.",
            "Vad tråkigt. Kan du ge mig ditt ordernummer?",
            "Det är 88 41 207. När kommer pengarna?",
            "Skicka ditt ordernummer till oss så kollar jag.")),
    ("nl", ("Mijn pakket is nooit aangekomen.",
            "Vervelend! Wat is uw ordernummer?",
            "Dat is 55012. Wanneer krijg ik mijn pakket?",
            "Kunt u mij uw ordernummer doorgeven?")),
    ("pl", ("Spłaciłam kredyt, a zaświadczenia dalej nie ma.",
            "Przykro mi. Czy może Pani podać numer umowy kredytowej?",
            "Podawałam go: 2015/KH/44812. Kiedy dostanę zaświadczenie?",
            "Proszę podać numer umowy, wtedy złożę wniosek.")),
]


@pytest.mark.parametrize(("language", "lines"), ASKED_BEFORE,
                         ids=[case[0] for case in ASKED_BEFORE])
def test_asking_again_for_what_the_customer_just_gave_is_asking_again(
        language: str, lines: tuple[str, ...]) -> None:
    assert "repeated_question" in found(language, *lines)


def test_asking_for_something_new_after_an_answer_is_not_asking_again() -> None:
    lines = ("My parcel never arrived.",
             "Sorry to hear that. What's your order number?",
             "It's 55012.",
             "Thanks. Was it going to your home address or to a pickup point?")
    assert "repeated_question" not in found("en", *lines)


def test_asking_again_when_the_customer_could_not_give_it_is_fair() -> None:
    lines = ("My parcel never arrived.",
             "Sorry to hear that. What's your order number?",
             "I can't find the email, sorry.",
             "No problem. Could you check your bank statement for the order number?")
    assert "repeated_question" not in found("en", *lines)


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ("The dog next door barks all night. This is my fourth report.",
            "I'm sorry. Could you keep a noise diary for two weeks?",
            "I already sent you a two-week diary in September and another in October.",
            "I understand. We will need a noise diary covering at least 14 days.")),
    ("sv", ("Min bror dog i juni. Jag skickade in sluträkningen och dödsbeviset i augusti. "
            "Ska jag verkligen behöva hålla på med det här?",
            "Jag beklagar sorgen. För att avsluta ärendet behöver du skicka in sluträkning "
            "och dödsbevis.")),
], ids=["en", "sv"])
def test_asking_for_a_document_the_customer_says_they_sent_is_asking_again(
        language: str, lines: tuple[str, ...]) -> None:
    assert "repeated_question" in found(language, *lines)


def test_a_promise_broken_once_more_is_a_repeat_when_nothing_came() -> None:
    criteria = found("en", "The intercom has been broken for three weeks.",
                     "I've raised a repair and an engineer will come on Thursday.",
                     "Thursday came and went. No engineer.",
                     "I have raised a new repair and an engineer will attend next Thursday.")
    assert "promise_again" in criteria, criteria
