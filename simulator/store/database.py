"""The SQLite connection under the store: opening, migrating, transactions and id lookup.

The database runs in WAL mode with `synchronous=FULL`: each commit is fsynced, so a saved
turn survives not only a killed process (WAL with NORMAL would already do that) but also a
power cut. Turns arrive at human pace, seconds apart, so one fsync per turn costs nothing
anyone notices. Several Lagom processes may share the file: writes are short transactions
and readers never block on them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from simulator.store.errors import SessionNotFound, StoreError, corrupt_message, translated
from simulator.store.schema import ForeignDatabaseError, NewerSchemaError, migrate

BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process's write before calling the database locked."""


class Database:
    """One connection to the session database, safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use `Store.open` instead."""
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()  # the UI saves from worker threads

    @classmethod
    def open(cls, path: Path | str, timeout: float | None = None) -> Self:
        """Open (creating folders and file as needed) and migrate the database at `path`."""
        path = Path(path)
        timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        with translated(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        try:
            with translated(path):
                cls._configure(conn)
                migrate(conn)
                # only now, so that another program's database is never switched to WAL
                conn.execute("PRAGMA journal_mode=WAL")
        except NewerSchemaError as error:
            conn.close()
            raise StoreError(
                f"the session database {path} was written by a newer Lagom (schema version "
                f"{error.found}; this Lagom knows up to {error.latest}) — upgrade Lagom, or set "
                "LAGOM_HOME to another folder"
            ) from None
        except ForeignDatabaseError:
            conn.close()
            raise StoreError(corrupt_message(path)) from None
        except StoreError:
            conn.close()
            raise
        return cls(conn, path)

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        """Per-connection settings: rows by name, fsync every commit, foreign keys."""
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        """Use the store in a `with` block; it is closed at the end."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the database."""
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

    def resolve(self, sid: str) -> str:
        """The full id of the one session whose id is `sid` or starts with it."""
        sid = sid.strip()
        exact = self._query("SELECT id FROM sessions WHERE id = ?", (sid,))
        if exact:
            return str(exact[0]["id"])
        found = (
            []
            if not sid
            else self._query(
                "SELECT id FROM sessions WHERE substr(id, 1, ?) = ? ORDER BY id", (len(sid), sid)
            )
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
