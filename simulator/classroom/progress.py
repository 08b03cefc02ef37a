"""Where a trainee stands on an assignment: not started, in progress, done or overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from simulator.store import SessionInfo
from simulator.store.classroom import Assignment

Status = Literal["not started", "in progress", "done", "overdue"]
"""What the welcome screen and the trainer view show for an assignment."""


def counted_sessions(assignment: Assignment, sessions: list[SessionInfo]) -> list[SessionInfo]:
    """The trainee's sessions of the scenario started since it was assigned (exam: exams only)."""
    return [
        s for s in sessions
        if s.trainee == assignment.trainee and s.scenario_id == assignment.scenario_id
        and s.started_at >= assignment.created_at
        and (assignment.mode != "exam" or s.mode == "exam")
    ]


def is_overdue(assignment: Assignment, today: date | None = None) -> bool:
    """Whether the due date (end of that day) has passed."""
    if not assignment.due:
        return False
    try:
        due = date.fromisoformat(assignment.due)
    except ValueError:
        return False
    return (today or datetime.now(UTC).astimezone().date()) > due


def assignment_status(
    assignment: Assignment, sessions: list[SessionInfo], today: date | None = None
) -> Status:
    """The status of one assignment, from the trainee's sessions."""
    counted = counted_sessions(assignment, sessions)
    finished = sum(1 for s in counted if s.ended_at is not None)
    if finished >= assignment.min_attempts:
        return "done"
    if is_overdue(assignment, today):
        return "overdue"
    return "in progress" if counted else "not started"


def status_line(assignment: Assignment, status: Status, title: str, done: int) -> str:
    """One line for the welcome screen: title, mode, attempts, due date and status."""
    parts = [title, assignment.mode]
    if assignment.min_attempts > 1:
        parts.append(f"{done}/{assignment.min_attempts} attempts")
    if assignment.due:
        parts.append(f"due {assignment.due}")
    return f"{' · '.join(parts)} — {status}"
