"""A feeling the trainee already answered needs no second condolence: once a reply has named
or acknowledged how the customer feels, the next reply is graded on the customer's newest line."""

from __future__ import annotations

from evaluation import Transcript, grade_transcript

OPENING = "My dad died in November and now you've sent a bill for nearly £500 for his empty flat."
READING = "Yes, the meter said 23418 on the first of December."
FIX = ("Thank you. I'll correct the bill to that reading; the corrected bill reaches you "
       "within 14 days.")


def graded(first_reply: str):
    transcript = Transcript.model_validate({"language": "en", "turns": [
        {"role": "customer", "text": OPENING},
        {"role": "trainee", "text": first_reply},
        {"role": "customer", "text": READING},
        {"role": "trainee", "text": FIX},
    ]})
    return grade_transcript(transcript).replies[-1]


def notes(reply) -> str:
    return " ".join(e.note for e in reply.evidence)


def test_after_a_condolence_the_next_fix_is_not_told_to_acknowledge_again() -> None:
    reply = graded("I'm so sorry about your dad. Do you have a meter reading from the flat?")
    assert "not acknowledged at all" not in notes(reply)
    assert "jumps to the fix" not in notes(reply)
    assert reply.balance == "lagom"


def test_when_nobody_answered_the_feeling_the_next_fix_still_is() -> None:
    reply = graded("Do you have a meter reading from the flat?")
    assert "not acknowledged at all" in notes(reply) or "jumps to the fix" in notes(reply)
    assert reply.balance == "too_little"


def test_a_wrong_thing_in_polish_is_no_anger_but_saying_you_are_angry_is() -> None:
    from evaluation.grader import context_for

    def feeling(customer: str) -> str | None:
        transcript = Transcript.model_validate({"language": "pl", "turns": [
            {"role": "customer", "text": customer}, {"role": "trainee", "text": "Dobrze."}]})
        return context_for(transcript, 1, None).feeling

    assert feeling("Dostałam zły lek i zła dawka była w paczce.") is None  # the wrong medicine
    assert feeling("Jestem zła, bo trzeci raz nikt nie przyszedł.") == "frustration"
