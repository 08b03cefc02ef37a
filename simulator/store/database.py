"""The SQLite connection under the store: opening, migrating, transactions and id lookup.

The database runs in WAL mode with `synchronous=FULL`: each commit is fsynced, so a saved
turn survives not only a killed process (WAL with NORMAL would already do that) but also a
power cut. Turns arrive at human pace, seconds apart, so one fsync per turn costs nothing
anyone notices. Several Lagom processes may share the file: writes are short transactions
and readers never block on them (opening a current database takes no write lock; see
`schema.migrate`). Commands that only read open the file read-only (`readonly=True`), which
also works on a read-only file or folder.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from simulator.store.errors import (
    SessionNotFound,
    StoreError,
    corrupt_message,
    translated,
    unwritable_message,
)
from simulator.store.schema import (
    LATEST,
    ForeignDatabaseError,
    NewerSchemaError,
    current_version,
    migrate,
)

BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process's write before calling the database locked."""


def newer_message(path: Path, error: NewerSchemaError) -> str:
    """What to say about a database written by a newer Lagom."""
    return (
        f"the session database {path} was written by a newer Lagom (schema version "
        f"{error.found}; this Lagom knows up to {error.latest}) — upgrade Lagom, or set "
        "LAGOM_HOME to another folder"
    )


def check_writable(path: Path) -> None:
    """Raise StoreError when the database file or its folder is read-only.

    SQLite would open a write-protected file read-only without a word and fail only at the
    first save, mid-session; a command that must write says so before it starts instead.
    """
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(unwritable_message(path, "the file is read-only"))
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(unwritable_message(path, "its folder is read-only"))


def _connect_readonly(path: Path, timeout: float) -> tuple[sqlite3.Connection, int]:
    """A `mode=ro` connection and the schema version read through it.

    A WAL database in a folder that cannot be written, with no `-shm` file left beside it,
    cannot be opened `mode=ro` (SQLite would have to create the `-shm`); it is then opened
    `immutable=1`, which needs no side files, but only when no `-wal` file holds changes
    that `immutable` would not see.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(
        uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    try:
        return conn, current_version(conn)
    except sqlite3.OperationalError as error:
        conn.close()
        name = getattr(error, "sqlite_errorname", "") or ""
        wal = Path(f"{path}-wal")
        if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or (
            wal.exists() and wal.stat().st_size > 0
        ):
            raise
    conn = sqlite3.connect(
        f"{uri}&immutable=1", uri=True, timeout=timeout, isolation_level=None,
        check_same_thread=False,
    )
    conn.row_factory = sqlite3.Row
    try:
        return conn, current_version(conn)
    except BaseException:
        conn.close()
        raise


class Database:
    """One connection to the session database, safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use `Store.open` instead."""
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()  # the UI saves from worker threads
        self.readonly = False
        """True when opened with `readonly=True`: every write raises StoreError."""

    @classmethod
    def open(
        cls, path: Path | str, timeout: float | None = None, *, readonly: bool = False
    ) -> Self:
        """Open (creating folders and file as needed) and migrate the database at `path`.

        With `readonly=True` nothing is created, migrated or written: the file is opened with
        `mode=ro` (or `immutable=1` when its folder cannot be written and no WAL side files
        are there), for commands that only read, like `lagom sessions` and `lagom export`.
        A read-only file or folder opened for writing is a StoreError at once.
        """
        path = Path(path)
        timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        if readonly:
            return cls._open_readonly(path, timeout)
        with translated(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            check_writable(path)
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
            raise StoreError(newer_message(path, error)) from None
        except ForeignDatabaseError:
            conn.close()
            raise StoreError(corrupt_message(path)) from None
        except StoreError:
            conn.close()
            raise
        store = cls(conn, path)
        store.readonly = False
        return store

    @classmethod
    def _open_readonly(cls, path: Path, timeout: float) -> Self:
        """Open an existing database for reading only; see `open`."""
        if not path.is_file():
            raise StoreError(f"there is no session database at {path} yet")
        conn: sqlite3.Connection | None = None
        try:
            with translated(path):
                conn, found = _connect_readonly(path, timeout)
                if found == 0:
                    raise ForeignDatabaseError
                if found > LATEST:
                    raise NewerSchemaError(found, LATEST)
                if found < LATEST:
                    raise StoreError(
                        f"the session database {path} has an older layout (schema version "
                        f"{found}); run Lagom once with write access to it to upgrade it"
                    )
        except NewerSchemaError as error:
            raise StoreError(newer_message(path, error)) from None
        except ForeignDatabaseError:
            raise StoreError(corrupt_message(path)) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        store = cls(conn, path)
        store.readonly = True
        return store

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
        if self.readonly:
            raise StoreError(unwritable_message(self.path, "it was opened read-only"))
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
