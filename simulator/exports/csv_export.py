"""The CSV export: one row per trainee reply, for spreadsheets; each row also says where the
customer line it answered came from and whether the trainee flagged that line."""

from __future__ import annotations

import csv
import io

from personas.vocabulary import DIMENSIONS
from simulator.exports.common import flags_text, origin_text, override_text
from simulator.store.models import SavedSession

COLUMNS = ("session", "turn", "text", *DIMENSIONS, "balance", "overrides", "notes",
           "customer_line", "customer_flags")
"""The header row."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """User text safe for spreadsheets: a leading formula character gets a `'` before it."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def render(saved: SavedSession) -> str:
    """One row per trainee reply: turn, text, the four scores, balance, overrides and notes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    answered = None  # the customer line the reply answers
    for turn in saved.turns:
        if turn.role == "customer":
            answered = turn
            continue
        grade = turn.grade
        scores = [getattr(grade.scores, d) if grade else "" for d in DIMENSIONS]
        overrides = "; ".join(override_text(o) for o in saved.overrides_for(turn.index))
        notes = "; ".join(n.text for n in saved.notes_for(turn.index))
        writer.writerow(
            [
                saved.info.id,
                turn.index,
                cell(turn.text),
                *scores,
                grade.balance if grade else "",
                cell(overrides),
                cell(notes),
                origin_text(answered) if answered else "",
                cell(flags_text(saved, answered.index)) if answered else "",
            ]
        )
    return out.getvalue()
