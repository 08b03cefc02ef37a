"""Calm moments, found grading a Polish courier conversation by hand: a reply to 'OK, thanks'
gets no lesson in empathy or in reflecting details; 'Proszę bardzo' welcomes the thanks, it is
no order; 'Odezwę się najpóźniej w czwartek' owns the next step; and a greeting echoed back
('Dzień dobry') is no reflected detail."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("pl", "Dobrze. Dziękuję.", "Proszę bardzo. Odezwę się najpóźniej w czwartek. Do usłyszenia."),
    ("en", "OK, thanks.", "You're welcome. I'll call you on Thursday with the result."),
    ("nl", "Oké, dank u.", "Graag gedaan. Ik bel u donderdag met de uitslag."),
    ("sv", "Okej, tack.", "Varsågod. Jag ringer dig på torsdag med svaret."),
])
def test_a_reply_to_thanks_gets_no_lesson_in_empathy(language: str, customer: str,
                                                    reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert grade.tips == [], grade.tips
    assert "nothing acknowledges" not in notes(grade, quotes=True)


def test_proszę_bardzo_is_no_order_and_odezwę_się_owns_the_next_step() -> None:
    grade = last_reply("pl", "Dobrze. Dziękuję.",
                       "Proszę bardzo. Odezwę się najpóźniej w czwartek. Do usłyszenia.")
    assert "reads as an order" not in notes(grade, quotes=True)
    assert "nobody takes ownership" not in notes(grade, quotes=True)


def test_a_greeting_said_back_is_no_reflected_detail() -> None:
    grade = last_reply(
        "pl", "Dzień dobry. Paczka 6120 3344 5512 stoi w sortowni od pięciu dni.",
        "Dzień dobry. Widzę przesyłkę 6120 3344 5512 w sortowni i zleciłam jej poszukiwanie.")
    assert "Dzień" not in notes(grade, quotes=True)
