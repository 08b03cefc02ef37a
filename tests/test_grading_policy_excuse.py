"""Hiding behind policy and sending the customer to someone else is an excuse and a
deflection in every language, however it is inflected ('Du får vända dig till…')."""

from __future__ import annotations

import pytest

from evaluation import Transcript, grade_transcript

CASES = [
    ("en", "Half? Why not all of it?",
     "It's policy. You'll have to contact the ferry operator if you want more back."),
    ("sv", "Hälften? Varför inte allt?",
     "Det är tyvärr policy. Du får vända dig till operatören på färjan om du vill ha mer."),
    ("nl", "De helft? Waarom niet alles?",
     "Dat is helaas beleid. U kunt zich wenden tot de rederij als u meer terug wilt."),
    ("pl", "Połowę? Dlaczego nie całość?",
     "Takie są zasady. Musi się Pan zwrócić do przewoźnika, jeśli chce Pan więcej."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), CASES)
def test_policy_and_someone_else_is_an_excuse_and_a_deflection(
        language: str, customer: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    graded = grade_transcript(transcript).replies[0]
    notes = " ".join(e.note for e in graded.evidence)
    assert "sends the customer elsewhere" in notes
    assert "an excuse" in notes
    assert graded.scores.honesty <= 2.5
