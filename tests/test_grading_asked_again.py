"""Asking again for what the customer already gave is heard however it is put: as a need
('För att kunna hjälpa dig behöver jag ditt ordernummer', 'I'll need your reference') and for
an address the customer gave as a street and number ('Kerkstraat 22-A'). Using the value the
customer gave is not asking again."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes

AGAIN = "asks again"


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Anders Lindqvist, order 58812. Vi har betalat 148 000 kronor och inget händer.",
     "Jag förstår. För att kunna hjälpa dig behöver jag ditt ordernummer."),
    ("en", "It's MR-2291. I've given that reference to three people now.",
     "Thanks. I'll need your tenancy reference before I can look into it."),
    ("nl", "Kerkstraat 22-A, dat heb ik al in het formulier ingevuld. Er lekt nog steeds water.",
     "Ik begrijp het. Kunt u mij uw postcode en huisnummer nog doorgeven?"),
])
def test_asking_again_is_heard_as_a_need_or_for_a_street_address(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert AGAIN in notes(grade), notes(grade)
    assert grade.scores.listening < 2.5


def test_using_the_address_the_customer_gave_is_not_asking_again() -> None:
    grade = last_reply("nl", "Ik woon op de Kerkstraat 22-A en er lekt water door het plafond.",
                       "Ik heb uw adres, Kerkstraat 22-A. Ik stuur vandaag nog een monteur.")
    assert AGAIN not in notes(grade)


def test_an_exploring_question_about_the_case_is_not_asking_again() -> None:
    grade = last_reply(
        "en",
        "I've been back to your shop twice about these glasses. I get headaches after an hour "
        "of reading. I just want glasses I can actually use.",
        "That sounds draining. Did the headaches start with these glasses, or were you getting "
        "them before?")
    assert AGAIN not in notes(grade)
    assert grade.scores.listening >= 3.0


def test_asking_for_what_they_already_sent_is_still_asking_again() -> None:
    grade = last_reply("en", "I've already sent you the death certificate twice.",
                       "Could you send us the death certificate?")
    assert AGAIN in notes(grade) or "already" in notes(grade)
