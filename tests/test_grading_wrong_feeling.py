"""A feeling pinned on the customer that they never voiced (`I'm sorry you're feeling so
embarrassed` to a parent fighting an insurer's refusal): seed 000, empathy without mixing up who
is who. Blind coaches graded such replies 1 for understanding; the grader credited them for
naming a feeling."""

from __future__ import annotations

import pytest
from grading_support import found, last_reply, notes


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Your insurer has refused my son's braces three times as 'cosmetic'. The "
           "orthodontist says he needs them. Who decides this?",
     "I'm sorry you're feeling so embarrassed about your son's teeth."),
    ("nl", "De premie van mijn overleden vader wordt nog steeds afgeschreven. Hoe stop ik dat?",
     "Wat verschrikkelijk, u voelt zich vast enorm schuldig dat u dit niet eerder zag."),
    ("sv", "Ni har nekat min dotters glasögon igen. Vem bestämmer det?",
     "Jag förstår att du skäms över att behöva fråga igen."),
    ("pl", "Trzeci raz odrzucili zwrot za ortezę. Co mam zrobić?",
     "Rozumiem, że czuje się Pani winna, że nie dopilnowała pieczątki."),
], ids=["en", "nl", "sv", "pl"])
def test_a_feeling_pinned_on_the_customer_that_they_never_voiced_is_marked(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert "names a feeling the customer did not express" in notes(grade)
    assert "feeling_named" not in found(language, customer, reply)
    assert any(tip for tip in grade.tips), grade.tips


@pytest.mark.parametrize("reply", [
    "I'm so ashamed of how we've treated you; I've refunded it now.",
    "Please don't feel embarrassed about asking; I've refunded it now.",
], ids=["own-feeling", "negated"])
def test_the_agents_own_feeling_or_a_reassurance_pins_nothing(reply: str) -> None:
    assert "wrong_feeling" not in found("en", "You charged me twice. I want it back.", reply)


def test_a_feeling_the_customer_named_is_theirs_to_hear_back() -> None:
    assert "wrong_feeling" not in found(
        "en", "I'm honestly embarrassed to ask, but can I pay the bill in two parts?",
        "There's no need to be embarrassed; yes, I've split it into two payments.")
