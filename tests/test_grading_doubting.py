"""Doubting or lecturing the customer ('Have you actually been wearing them?', 'dat weet u',
'Potwierdzenie mailowe to jeszcze nie dowód', 'We don't just take money for fun') is blame:
it costs tone in four languages. A plain question about the facts is not."""

from __future__ import annotations

import pytest
from grading_support import last_reply

DOUBT = [
    ("en", "I get headaches after an hour of reading with these new glasses.",
     "Have you actually been wearing them all the time?"),
    ("en", "You've taken £312 from my salary instead of £48.",
     "Presumably you earned more this month. We don't just take money for fun."),
    ("nl", "Ik heb al drie parkeerboetes gekregen terwijl mijn vergunning al betaald is.",
     "Zonder vergunning mag u daar niet parkeren, dat weet u. Die boetes zijn dus terecht."),
    ("pl", "Oddałem wszystkie książki w czerwcu, mam potwierdzenie mailowe.",
     "Potwierdzenie mailowe to jeszcze nie dowód. Proszę poszukać w domu."),
    ("sv", "Jag har betalat fakturan två gånger och ni drar pengar igen.",
     "Har du verkligen betalat två gånger? Vi tar inte pengar för skojs skull."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), DOUBT,
                         ids=[f"{d[0]}-{i}" for i, d in enumerate(DOUBT)])
def test_doubting_or_lecturing_the_customer_costs_tone(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert grade.scores.tone < 3.0, grade.scores


def test_a_plain_question_about_the_facts_keeps_its_tone() -> None:
    plain = last_reply("en", DOUBT[0][1], "Have you been wearing them all the time?")
    doubting = last_reply(*DOUBT[0])  # the same question with `actually`
    assert plain.scores.tone - doubting.scores.tone >= 0.5, (plain.scores, doubting.scores)
