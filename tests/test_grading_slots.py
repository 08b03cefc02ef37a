"""Asking again: a question for a detail the customer already gave costs listening, but a
question for a different detail with a similar word in it does not ("date of birth" is not
the date something happened)."""

from __future__ import annotations

import pytest

from evaluation import Transcript, assess_reply


def signals(customer: str, reply: str, language: str) -> list[str]:
    """The grader's signals for one reply after one customer line."""
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    return list(assess_reply(transcript, 1)[0].signals)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Card ending 0932, declined at 23:40 on 3 March at my hotel. €412.",
     "I'll text you a one-time code now. What's your date of birth, please?"),
    ("sv", "Kortet nekades den 3 mars klockan 23.40 på hotellet.",
     "Jag skickar en kod nu. Vad är ditt födelsedatum?"),
    ("nl", "Mijn pas werd op 3 maart om 23.40 geweigerd in het hotel.",
     "Ik stuur u nu een code. Wat is uw geboortedatum?"),
    ("pl", "Karta została odrzucona 3 marca o 23.40 w hotelu.",
     "Wyślę teraz kod. Jaka jest Pani data urodzenia?"),
])
def test_a_security_question_is_not_asking_again_for_the_date_of_the_problem(
    language: str, customer: str, reply: str
) -> None:
    assert "repeated_question" not in signals(customer, reply, language)


def test_asking_again_for_the_date_given_still_counts() -> None:
    customer = "My card was declined on 3 March at the hotel."
    assert "repeated_question" in signals(customer, "What date was it declined?", "en")
