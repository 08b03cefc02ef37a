"""Shared helpers for the grading tests: grade a conversation whose lines alternate (customer
first) and read the evidence a coach would see."""

from __future__ import annotations

from evaluation import Transcript, grade_transcript
from evaluation.detectors import run_detectors
from evaluation.grader import context_for
from evaluation.models import ReplyGrade
from scenarios.model import Scenario


def graded(language: str, *lines: str, scenario: Scenario | None = None) -> list[ReplyGrade]:
    """The grades of every trainee reply of a conversation, customer first, in turn."""
    roles = ("customer", "trainee")
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": roles[i % 2], "text": text} for i, text in enumerate(lines)]})
    return grade_transcript(transcript, scenario).replies


def found(language: str, *lines: str) -> set[str]:
    """The criteria the detectors find on the conversation's last reply (the findings behind
    its scores, including those the evidence does not name)."""
    roles = ("customer", "trainee")
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": roles[i % 2], "text": text} for i, text in enumerate(lines)]})
    ctx = context_for(transcript, len(lines) - 1, None)
    run_detectors(ctx)
    return set(ctx.found)


def last_reply(language: str, *lines: str, scenario: Scenario | None = None) -> ReplyGrade:
    """The grade of the conversation's last reply."""
    return graded(language, *lines, scenario=scenario)[-1]


def notes(grade: ReplyGrade, quotes: bool = False) -> str:
    """The evidence notes of a grade, joined (with their quotes when asked)."""
    return " ".join(f"{e.note} {e.quote}" if quotes else e.note for e in grade.evidence)
