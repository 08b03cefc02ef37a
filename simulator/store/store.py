"""The store of practice sessions: sessions and turns (each committed at once), coach notes,
score overrides kept beside the automatic grade, agreement figures and remembered settings.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime

from evaluation.models import GradeSummary
from simulator.records import TurnRecord, now_iso
from simulator.store import rows
from simulator.store.classroom import ClassroomStore
from simulator.store.database import Database
from simulator.store.errors import StoreError, TurnConflict
from simulator.store.flags import FlagStore
from simulator.store.models import SavedSession, SessionInfo
from simulator.store.shared_reads import SharedReads, check_override

_SELECT_INFO = (
    f"SELECT {rows.SESSION_COLUMNS}, "
    "(SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"
)


ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford's base32 in lower case: no i, l, o or u to misread when typing an id."""

ID_RANDOM_CHARS = 10
"""Random characters in a session id: 50 bits, so ids made on many machines never collide."""


def new_session_id() -> str:
    """A session id like `20261123-0412-k3x9q2m7ab`: local start minute, then 50 random bits.

    The time prefix keeps ids readable and sorted by start; the random part makes ids drawn
    on different machines (or stores) unique without coordination, so sessions can be moved
    between databases. A unique prefix is enough to name a session.
    """
    tail = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_RANDOM_CHARS))
    return f"{datetime.now():%Y%m%d-%H%M}-{tail}"


class Store(FlagStore, ClassroomStore, Database, SharedReads):
    """Saved sessions, turns, coach notes and overrides, and a few remembered settings."""

    # sessions

    def create_session(
        self,
        trainee: str,
        scenario_id: str,
        seed: int = 0,
        mode: str = "practice",
        backend: str = "",
        model: str | None = None,
        *,
        scenario_title: str = "",
        language: str = "",
        archetype: str = "",
    ) -> str:
        """Record a new running session and return its id (see `new_session_id`)."""
        if mode not in ("practice", "exam"):
            raise StoreError(f"mode must be practice or exam, not {mode!r}")
        values = (
            trainee,
            scenario_id,
            scenario_title,
            language,
            archetype,
            seed,
            mode,
            backend,
            model,
            now_iso(),
        )
        for _ in range(5):
            sid = new_session_id()
            try:
                with self._write() as conn:
                    conn.execute(
                        "INSERT INTO sessions (id, trainee, scenario_id, scenario_title, "
                        "language, archetype, seed, mode, backend, model, started_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (sid, *values),
                    )
            except StoreError as error:
                if isinstance(error.__cause__, sqlite3.IntegrityError):
                    continue  # 50 random bits collided: astronomically rare, draw again
                raise
            return sid
        raise StoreError(f"could not find a free session id in {self.path}")

    def save_turn(self, sid: str, turn: TurnRecord) -> None:
        """Save one turn as the next of the session and commit at once (plain INSERT).

        `turn.index` must be the next index: one past the last saved turn (0 for the first).
        Saving the very same turn again is a no-op, so a retry after an unclear failure is
        safe; an index already saved with other content, or one that would leave a gap,
        raises TurnConflict and nothing is written: a saved turn is never replaced. An
        interrupted session runs again.
        """
        self._require(sid)
        values = rows.turn_values(turn)
        with self._write() as conn:
            last = conn.execute(
                "SELECT max(turn_index) FROM turns WHERE session_id = ?", (sid,)
            ).fetchone()[0]
            expected = 0 if last is None else int(last) + 1
            if turn.index < expected:
                saved = conn.execute(
                    f"SELECT {rows.TURN_COLUMNS} FROM turns WHERE session_id = ? "
                    "AND turn_index = ?",
                    (sid, turn.index),
                ).fetchone()
                if saved is not None and tuple(saved) == values:
                    return  # already saved: a retry of a save that did commit
                raise TurnConflict(
                    f"turn {turn.index} of session {sid} is already saved with other content; "
                    f"saved turns are never replaced (the next turn is {expected})"
                )
            if turn.index > expected:
                raise TurnConflict(
                    f"turn {turn.index} of session {sid} would leave a gap: the next turn is "
                    f"{expected}"
                )
            conn.execute(
                f"INSERT INTO turns (session_id, {rows.TURN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, *values),
            )
            conn.execute(
                "UPDATE sessions SET status = 'running' WHERE id = ? AND status = 'interrupted'",
                (sid,),
            )

    def finish_session(self, sid: str, outcome: str, summary: GradeSummary | None) -> None:
        """Record how the session ended and its summary; it no longer shows as unfinished."""
        self._require(sid)
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET ended_at = ?, outcome = ?, overall = ?, summary_json = ?, "
                "status = 'finished' WHERE id = ?",
                (
                    now_iso(),
                    outcome,
                    summary.overall if summary else None,
                    summary.model_dump_json() if summary else None,
                    sid,
                ),
            )

    def mark_interrupted(self, sid: str) -> None:
        """Record that the trainee left a running session on purpose (it can be continued)."""
        self._require(sid)
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET status = 'interrupted' WHERE id = ? AND status = 'running'",
                (sid,),
            )

    def list_sessions(
        self,
        trainee: str | None = None,
        scenario_id: str | None = None,
        outcome: str | None = None,
    ) -> list[SessionInfo]:
        """Saved sessions, newest first, optionally only one trainee's, scenario's or outcome's."""
        filters = {"trainee": trainee, "scenario_id": scenario_id, "outcome": outcome}
        used = {key: value for key, value in filters.items() if value is not None}
        where = " AND ".join(f"s.{key} = ?" for key in used)
        sql = f"{_SELECT_INFO}{' WHERE ' + where if where else ''} "
        found = self._query(sql + "ORDER BY s.started_at DESC, s.rowid DESC", tuple(used.values()))
        return [rows.info_from_row(row) for row in found]

    def interrupted_sessions(self, trainee: str | None = None) -> list[SessionInfo]:
        """Unfinished sessions (left running by a closed or killed Lagom), newest first.

        A session still being played by another live process also shows here: the store
        cannot tell the two apart, so the caller offers "continue" rather than deciding.
        """
        return [s for s in self.list_sessions(trainee=trainee) if s.ended_at is None]

    def load_session(self, sid: str) -> SavedSession:
        """A whole session (info, turns, notes, overrides) by id or unique id prefix."""
        sid = self.resolve(sid)
        info = rows.info_from_row(self._query(f"{_SELECT_INFO} WHERE s.id = ?", (sid,))[0])
        turns = self._query(
            f"SELECT {rows.TURN_COLUMNS} FROM turns WHERE session_id = ? ORDER BY turn_index",
            (sid,),
        )
        notes = self._query("SELECT * FROM notes WHERE session_id = ? ORDER BY id", (sid,))
        overrides = self._query("SELECT * FROM overrides WHERE session_id = ? ORDER BY id", (sid,))
        return SavedSession(
            info=info,
            turns=[rows.turn_from_row(row) for row in turns],
            notes=[rows.note_from_row(row) for row in notes],
            overrides=[rows.override_from_row(row) for row in overrides],
            flags=self.flags_of(sid),
        )

    # coach review

    def add_note(self, sid: str, turn_index: int | None, text: str, author: str = "") -> None:
        """Add a coach's note to a turn (None: to the whole session)."""
        if not text.strip():
            raise StoreError("a note needs some text")
        self._require(sid)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO notes (session_id, turn_index, text, author, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (sid, turn_index, text, author, now_iso()),
            )

    def override_score(
        self,
        sid: str,
        turn_index: int,
        dimension: str,
        score: float,
        reason: str,
        author: str = "",
    ) -> None:
        """Record a coach's score for one dimension of a graded reply, beside the automatic one."""
        check_override(dimension, score, reason)
        found = self._query(
            "SELECT grade_json FROM turns WHERE session_id = ? AND turn_index = ?",
            (sid, turn_index),
        )
        automatic = rows.grade_score(found[0]["grade_json"], dimension) if found else None
        if automatic is None:
            raise StoreError(f"turn {turn_index} of session {sid} is not a graded reply")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO overrides (session_id, turn_index, dimension, score, automatic, "
                "reason, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, turn_index, dimension, score, automatic, reason, author, now_iso()),
            )

    # settings

    def set_setting(self, key: str, value: str) -> None:
        """Remember a value across runs."""
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
