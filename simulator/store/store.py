"""The SQLite store of practice sessions: every turn is committed the moment it is complete.

The database runs in WAL mode with `synchronous=FULL`: each commit is fsynced, so a saved
turn survives not only a killed process (WAL with NORMAL would already do that) but also a
power cut. Turns arrive at human pace, seconds apart, so one fsync per turn costs nothing
anyone notices. Several Lagom processes may share the file: writes are short transactions
and readers never block on them.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from evaluation.models import GradeSummary
from personas.vocabulary import DIMENSIONS
from simulator.records import TurnRecord, now_iso
from simulator.store import rows
from simulator.store.errors import SessionNotFound, StoreError, translated
from simulator.store.models import Agreement, SavedSession, SessionInfo
from simulator.store.schema import LATEST, NewerSchemaError, migrate

BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process's write before calling the database locked."""

_SELECT_INFO = (
    f"SELECT {rows.SESSION_COLUMNS}, "
    "(SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"
)


class Store:
    """Saved sessions, turns, coach notes and overrides, and a few remembered settings."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use `Store.open` instead."""
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()  # the UI saves from worker threads

    @classmethod
    def open(cls, path: Path | str, timeout: float = BUSY_TIMEOUT_S) -> Store:
        """Open (creating folders and file as needed) and migrate the database at `path`."""
        path = Path(path)
        with translated(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        try:
            with translated(path):
                cls._configure(conn)
                migrate(conn)
        except NewerSchemaError as error:
            conn.close()
            raise StoreError(
                f"the session database {path} was written by a newer Lagom (schema version "
                f"{error.found}; this Lagom knows up to {LATEST}) — upgrade Lagom, or set "
                "LAGOM_HOME to another folder"
            ) from None
        except StoreError:
            conn.close()
            raise
        return cls(conn, path)

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        """Per-connection settings: rows by name, WAL, fsync every commit, foreign keys."""
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and fsynced) when the block ends."""
        with self._lock, translated(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Run a read query and return all rows."""
        with self._lock, translated(self.path):
            return self._conn.execute(sql, params).fetchall()

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
        """Record a new running session and return its id, e.g. `20261123-0412-ab12`."""
        values = (trainee, scenario_id, scenario_title, language, archetype, seed, mode,
                  backend, model, now_iso())
        for _ in range(20):
            sid = f"{datetime.now():%Y%m%d-%H%M}-{secrets.token_hex(2)}"
            try:
                with self._write() as conn:
                    conn.execute(
                        "INSERT INTO sessions (id, trainee, scenario_id, scenario_title, "
                        "language, archetype, seed, mode, backend, model, started_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (sid, *values),
                    )
                return sid
            except StoreError as error:
                if not isinstance(error.__cause__, sqlite3.IntegrityError):
                    raise
                if "sessions.id" not in str(error.__cause__):
                    raise StoreError(f"cannot save the session: {error.__cause__}") from None
        raise StoreError("could not find a free session id; try again")

    def save_turn(self, sid: str, turn: TurnRecord) -> None:
        """Save (or replace) one turn and commit at once; an interrupted session runs again."""
        self._require(sid)
        with self._write() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO turns (session_id, {rows.TURN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, *rows.turn_values(turn)),
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
                (now_iso(), outcome, summary.overall if summary else None,
                 summary.model_dump_json() if summary else None, sid),
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
        self, trainee: str | None = None, scenario_id: str | None = None,
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

    def resolve(self, sid: str) -> str:
        """The full id of the one session whose id is `sid` or starts with it."""
        sid = sid.strip()
        exact = self._query("SELECT id FROM sessions WHERE id = ?", (sid,))
        if exact:
            return str(exact[0]["id"])
        found = [] if not sid else self._query(
            "SELECT id FROM sessions WHERE substr(id, 1, ?) = ? ORDER BY id", (len(sid), sid)
        )
        if len(found) == 1:
            return str(found[0]["id"])
        if not found:
            raise SessionNotFound(
                f"no saved session {sid!r} in {self.path} (`lagom sessions` lists them)"
            )
        shown = ", ".join(row["id"] for row in found[:5])
        raise SessionNotFound(f"{sid!r} matches several sessions ({shown}); type more of the id")

    def _require(self, sid: str) -> None:
        """Raise SessionNotFound unless a session has exactly this id."""
        if not self._query("SELECT 1 FROM sessions WHERE id = ?", (sid,)):
            raise SessionNotFound(f"no saved session {sid!r} in {self.path}")

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
        )
