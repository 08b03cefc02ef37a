"""A class list from a CSV file: one trainee per row, `name` (and optional `email`, `cohort`)."""

from __future__ import annotations

import csv
from pathlib import Path


class RosterError(Exception):
    """The CSV file cannot be read or has no names; the message names the file and line."""


def read_roster(path: Path) -> list[tuple[str, str, str]]:
    """(name, email, cohort) rows. A header row with `name` is optional; without one the
    first column is the name. Blank rows are skipped; duplicates are kept once."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"{path}: cannot read: {error}") from None
    rows = [row for row in csv.reader(text.splitlines()) if any(cell.strip() for cell in row)]
    if not rows:
        raise RosterError(f"{path}: no trainees (one name per row, or a `name` column)")
    header = [cell.strip().casefold() for cell in rows[0]]
    columns = {"name": 0, "email": None, "cohort": None}
    if "name" in header:
        columns = {key: header.index(key) if key in header else None for key in columns}
        rows = rows[1:]
    found: dict[str, tuple[str, str, str]] = {}
    for number, row in enumerate(rows, start=2 if "name" in header else 1):
        name = _cell(row, columns["name"])
        if not name:
            raise RosterError(f"{path}: line {number}: name: empty")
        found.setdefault(name, (name, _cell(row, columns["email"]), _cell(row, columns["cohort"])))
    return list(found.values())


def _cell(row: list[str], index: int | None) -> str:
    return " ".join(row[index].split()) if index is not None and index < len(row) else ""
