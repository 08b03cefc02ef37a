"""Customer lines a trainee flagged as wrong ("that's not what a customer would say").

Mixed into both stores (`Store`, `PostgresStore`); schema step 5 (in `schema.MIGRATIONS`) holds
the `flags` table. The SQL is portable: `?` placeholders, read through the store's `_query` and
written through its `_write`, so one implementation serves SQLite and PostgreSQL.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from simulator.records import now_iso
from simulator.store.errors import StoreError

MAX_REASON_CHARS = 500
"""A flag's reason is a word or a sentence; longer text is refused."""


class Flag(BaseModel):
    """A trainee's flag on one customer line, with an optional word why."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    turn_index: int
    """The customer turn flagged."""
    reason: str = ""
    """Why it felt wrong, verbatim (may be empty)."""
    created_at: str
    """When it was flagged (UTC, ISO 8601)."""


class FlagStore:
    """Flags on customer lines (a mixin over a store: uses `resolve`, `_query` and `_write`)."""

    def flag_line(self, sid: str, turn_index: int, reason: str = "") -> None:
        """Flag saved customer turn `turn_index` of session `sid` as wrong, with a reason.

        StoreError when the turn is not a saved customer line or the reason is too long;
        SessionNotFound for an unknown session. Flagging the same line again adds a flag.
        """
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON_CHARS:
            raise StoreError(f"a flag's reason is at most {MAX_REASON_CHARS} characters")
        sid = self.resolve(sid)  # type: ignore[attr-defined]
        found = self._query(  # type: ignore[attr-defined]
            "SELECT role FROM turns WHERE session_id = ? AND turn_index = ?", (sid, turn_index)
        )
        if not found:
            raise StoreError(f"turn {turn_index} of session {sid} is not saved; nothing flagged")
        if found[0]["role"] != "customer":
            raise StoreError(f"turn {turn_index} of session {sid} is not a customer line")
        with self._write() as conn:  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO flags (session_id, turn_index, reason, created_at) "
                "VALUES (?, ?, ?, ?)",
                (sid, turn_index, reason, now_iso()),
            )

    def flags_of(self, sid: str) -> list[Flag]:
        """The flags of session `sid` (its full id), oldest first."""
        found = self._query(  # type: ignore[attr-defined]
            "SELECT turn_index, reason, created_at FROM flags WHERE session_id = ? ORDER BY id",
            (sid,),
        )
        return [Flag(**dict(row)) for row in found]
