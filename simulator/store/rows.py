"""Conversions between the store's models and SQLite rows (JSON columns for nested parts)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from evaluation.models import GradeSummary, ReplyGrade
from simulator.records import CustomerState, Timings, TurnRecord
from simulator.store.models import Note, Override, SessionInfo

TURN_COLUMNS = (
    "turn_index, role, text, source, intent, state_json, rejection, timings_json, grade_json, "
    "created_at"
)
"""The turn columns, in the order `turn_values` and `turn_from_row` use."""

SESSION_COLUMNS = (
    "id, trainee, scenario_id, scenario_title, language, archetype, seed, mode, backend, model, "
    "started_at, ended_at, outcome, overall, summary_json, status"
)
"""The session columns, in the order `info_from_row` uses (followed by the turn count)."""


def _dump(model: Any) -> str | None:
    """A pydantic model as compact JSON, or None."""
    return model.model_dump_json() if model is not None else None


def turn_values(turn: TurnRecord) -> tuple[Any, ...]:
    """A turn's column values, in TURN_COLUMNS order."""
    return (
        turn.index,
        turn.role,
        turn.text,
        turn.source,
        turn.intent,
        _dump(turn.state),
        turn.rejection,
        _dump(turn.timings),
        _dump(turn.grade),
        turn.created_at,
    )


def turn_from_row(row: sqlite3.Row) -> TurnRecord:
    """Rebuild a TurnRecord from a turns row."""
    return TurnRecord(
        index=row["turn_index"],
        role=row["role"],
        text=row["text"],
        source=row["source"],
        intent=row["intent"],
        state=CustomerState.model_validate_json(row["state_json"]) if row["state_json"] else None,
        rejection=row["rejection"],
        timings=Timings.model_validate_json(row["timings_json"] or "{}"),
        grade=ReplyGrade.model_validate_json(row["grade_json"]) if row["grade_json"] else None,
        created_at=row["created_at"],
    )


def info_from_row(row: sqlite3.Row) -> SessionInfo:
    """Rebuild a SessionInfo from a sessions row (with a `turn_count` column)."""
    values = dict(row)
    summary = values.pop("summary_json")
    values["summary"] = GradeSummary.model_validate_json(summary) if summary else None
    return SessionInfo(**values)


def note_from_row(row: sqlite3.Row) -> Note:
    """Rebuild a Note from a notes row."""
    return Note(**{key: row[key] for key in ("turn_index", "text", "author", "created_at")})


def override_from_row(row: sqlite3.Row) -> Override:
    """Rebuild an Override from an overrides row."""
    keys = ("turn_index", "dimension", "score", "automatic", "reason", "author", "created_at")
    return Override(**{key: row[key] for key in keys})


def grade_score(grade_json: str | None, dimension: str) -> float | None:
    """The automatic score of one dimension in a stored grade, or None when ungraded."""
    if not grade_json:
        return None
    return float(json.loads(grade_json)["scores"][dimension])
