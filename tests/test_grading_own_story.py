"""Found grading a Polish bereavement call by hand: an agent who answers a widow with the story
of their own father's death makes the call about themselves, and that story is no fix
('męczyłam się' is not 'I have sorted it'); 'Anything else I can help with?' after the
customer's thanks is a closing, not ownership; condolences already offered are not suggested
again; and evidence names only what moved the score."""

from __future__ import annotations

import pytest
from grading_support import graded, last_reply, notes

from evaluation.fitted import FittedWeights
from evaluation.rubric import load_rubric
from evaluation.scorer import evidence, score

OWNS = load_rubric().criteria["ownership"].note

OWN_STORY = [
    ("en", "My husband died last month and you keep sending his bills. Nobody answers my emails.",
     "I'm so sorry. My dad passed away two years ago and I struggled with all the paperwork "
     "for months, I cried every day."),
    ("sv", "Min man dog förra månaden och ni skickar fortfarande hans räkningar.",
     "Åh, jag beklagar. Min pappa dog för två år sedan och jag kämpade med alla papper i "
     "månader."),
    ("nl", "Mijn man is vorige maand overleden en u blijft zijn rekeningen sturen.",
     "Wat naar. Mijn vader is twee jaar geleden overleden en ik heb maanden met al die "
     "papieren geworsteld."),
    ("pl", "Mój mąż zmarł w zeszłym miesiącu, a wy dalej przysyłacie rachunki na jego nazwisko.",
     "Tak mi przykro. Mój tata też zmarł dwa lata temu i pamiętam, jak ja się męczyłam z "
     "tymi wszystkimi urzędami, płakałam codziennie."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), OWN_STORY,
                         ids=[case[0] for case in OWN_STORY])
def test_the_agents_own_bereavement_is_about_the_agent_and_fixes_nothing(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert "self_focused" in grade.signals
    assert grade.balance == "too_much"
    assert OWNS not in [e.note for e in grade.evidence]
    assert grade.scores.honesty < 3.5  # nothing done for the customer
    assert grade.scores.understanding < 3.5


CLOSINGS = [
    ("en", "Thank you, that helps a lot.",
     "You're welcome. Is there anything else I can help with?"),
    ("sv", "Tack, det hjälper mycket.", "Varsågod. Finns det något mer jag kan hjälpa dig med?"),
    ("nl", "Dank u, dat helpt echt.", "Graag gedaan. Kan ik u nog ergens anders mee helpen?"),
    ("pl", "Dziękuję, to mi bardzo pomoże.", "Proszę bardzo. Czy mogę jeszcze w czymś pomóc?"),
]


@pytest.mark.parametrize(("language", "customer", "reply"), CLOSINGS,
                         ids=[case[0] for case in CLOSINGS])
def test_anything_else_after_thanks_is_a_closing_not_ownership(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert OWNS not in [e.note for e in grade.evidence]
    assert "a greeting or closing" in notes(grade)
    assert grade.tips == [], grade.tips
    assert min(grade.scores.model_dump().values()) >= 4.0


def test_condolences_offered_earlier_are_not_suggested_again() -> None:
    replies = graded(
        "pl",
        "Dzień dobry. Mój tata zmarł w zeszłym miesiącu, a wy dalej przysyłacie rachunki na "
        "jego nazwisko.",
        "Tak mi przykro. Już sprawdzam umowę.",
        "No dobrze, ale co z tymi rachunkami? Czy muszę je płacić?",
        "Nie musi Pani płacić tych rachunków, dopóki nie przepiszemy umowy. Wstrzymałam "
        "windykację.")
    later = " ".join(replies[-1].tips)
    assert "współczucia" not in later and "przykro" not in later


def test_evidence_names_only_what_moved_the_score() -> None:
    rubric = load_rubric()
    prior = rubric.criteria["negation"].weights["tone"]
    assert prior < 0
    found = {"negation": _finding("negation", "We can't do that."),
             "curt": _finding("curt", "We can't do that.")}
    silent = FittedWeights(base={}, weights={"tone": {"negation": 0.0}})
    heard = FittedWeights(base={}, weights={"tone": {"negation": prior}})
    for fitted, expected in ((silent, False), (heard, True)):
        scores = score(found, rubric, fitted)
        assert scores.tone < 4.0
        named = [e.note for e in evidence(found, scores, rubric, fitted) if e.dimension == "tone"]
        assert (rubric.criteria["negation"].note in named) is expected, named
        assert rubric.criteria["curt"].note in named


def _finding(criterion: str, quote: str):
    from evaluation.context import Finding
    return Finding(criterion=criterion, count=1, quote=quote)
