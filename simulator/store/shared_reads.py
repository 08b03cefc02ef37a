"""Reads that are the same SQL on SQLite and PostgreSQL, and checks, shared by both stores.

Each store provides `_query(sql, params) -> list[row]` with `?` placeholders (the
PostgreSQL store translates them); these methods need nothing else.
"""

from __future__ import annotations

from typing import Any

from personas.vocabulary import DIMENSIONS
from simulator.store.errors import StoreError
from simulator.store.models import Agreement


def check_override(dimension: str, score: float, reason: str) -> None:
    """StoreError unless a coach's override names a dimension, a 1-5 score and a reason."""
    if dimension not in DIMENSIONS:
        raise StoreError(f"unknown dimension {dimension!r}; use one of {', '.join(DIMENSIONS)}")
    if not 1 <= score <= 5:
        raise StoreError(f"a score is from 1 to 5, not {score}")
    if not reason.strip():
        raise StoreError("an override needs a reason")


class SharedReads:
    """Coach agreement and remembered settings, for any store with `_query`."""

    _query: Any  # the store's own `_query(sql, params)`, `?` placeholders

    def agreement(self, sid: str | None = None) -> Agreement:
        """How many overridden scores (latest per reply and dimension) are within 1 point of
        the automatic score, in one session or across all."""
        where = "WHERE session_id = ?" if sid else ""
        latest = self._query(
            "SELECT score, automatic FROM overrides WHERE id IN (SELECT max(id) FROM overrides "
            f"{where} GROUP BY session_id, turn_index, dimension)",
            (sid,) if sid else (),
        )
        within = sum(1 for row in latest if abs(row["score"] - row["automatic"]) <= 1)
        return Agreement(overrides=len(latest), within_one=within)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A remembered value (e.g. the trainee's name), or `default`."""
        found = self._query("SELECT value FROM settings WHERE key = ?", (key,))
        return str(found[0]["value"]) if found else default
