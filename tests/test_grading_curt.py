"""Short is not curt when it asks about the customer's case: a one-line diagnostic question
engages with them. A bare demand for details still is curt."""

from __future__ import annotations

from grading_support import last_reply, notes


def evidence(customer: str, reply: str, language: str = "en") -> str:
    """The evidence notes of one reply to one customer line."""
    return notes(last_reply(language, customer, reply))


def test_a_short_question_about_their_case_is_not_curt() -> None:
    notes = evidence("My SIM card stopped working after I moved it to my new phone.",
                     "Is the new phone locked to another network?")
    assert "curt" not in notes.casefold() and "short" not in notes.casefold(), notes


def test_a_bare_demand_for_details_is_still_curt() -> None:
    notes = evidence("My husband died last month and the bills are still in his name.",
                     "Name and date of death.")
    assert "short" in notes.casefold() or "curt" in notes.casefold(), notes


def test_a_bare_question_for_a_number_is_still_curt() -> None:
    notes = evidence("My husband died and his account is still open.", "Account number?")
    assert "short" in notes.casefold() or "curt" in notes.casefold(), notes


def test_a_formula_question_is_still_curt() -> None:
    notes = evidence("Mijn man is overleden en zijn rekening staat nog open.",
                     "Was er verder nog iets?", "nl")
    assert "short" in notes.casefold() or "curt" in notes.casefold(), notes
