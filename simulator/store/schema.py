"""The database schema as numbered migrations, applied in order inside one transaction.

ONE list serves both engines. Each step is a tuple of statements; a statement is portable
SQL (written as SQLite accepts it: TEXT, INTEGER, REAL, CHECK, REFERENCES, DEFAULT; the
PostgreSQL store rewrites the few type names that differ, see `simulator.store.dialects`) or a
`Dialects(sqlite=..., postgresql=...)` pair for the rare statement the engines spell
differently. To change the schema, append a step here, once; SQLite (`migrate` below) and
PostgreSQL (`simulator.store.pg_schema.migrate_postgresql`) both apply it, and
`lagom db migrate` copies its new columns and tables (keep flags INTEGER 0/1, times ISO TEXT).

A released step is never edited: change the schema by appending a step. A database whose
version is newer than the last step was written by a newer Lagom and is left alone.
"""

from __future__ import annotations

import sqlite3

from simulator.store.dialects import Dialects, Step, render

MIGRATIONS: dict[int, tuple[Step, ...]] = {
    1: (
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_title TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT '',
            archetype TEXT NOT NULL DEFAULT '',
            seed INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL DEFAULT 'practice' CHECK (mode IN ('practice', 'exam')),
            backend TEXT NOT NULL DEFAULT '',
            model TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            outcome TEXT,
            overall REAL,
            summary_json TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'interrupted'))
        )""",
        """CREATE TABLE turns (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_index INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('customer', 'trainee')),
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            intent TEXT,
            state_json TEXT,
            rejection TEXT,
            timings_json TEXT,
            grade_json TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (session_id, turn_index)
        )""",
        "CREATE INDEX sessions_started ON sessions(started_at)",
        # PostgreSQL has no rowid: this keeps the order sessions were created in (ties in
        # started_at, which has whole seconds); nothing to do on SQLite.
        Dialects(
            sqlite=None,
            postgresql="ALTER TABLE sessions ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY",
        ),
    ),
    2: (
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_index INTEGER,
            text TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE overrides (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_index INTEGER NOT NULL,
            dimension TEXT NOT NULL,
            score REAL NOT NULL CHECK (score BETWEEN 1 AND 5),
            automatic REAL,
            reason TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        "CREATE INDEX notes_session ON notes(session_id)",
        "CREATE INDEX overrides_session ON overrides(session_id)",
    ),
    # Reserved for the runner/store helper, whose work needed no schema change; kept (empty)
    # so the classroom's step 4 can be applied in order. A released step is never edited.
    3: (),
    4: (
        """CREATE TABLE trainees (
            name TEXT PRIMARY KEY,
            email TEXT NOT NULL DEFAULT '',
            cohort TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            last_seen_at TEXT
        )""",
        """CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            trainee TEXT NOT NULL,
            due TEXT,
            mode TEXT NOT NULL DEFAULT 'practice' CHECK (mode IN ('practice', 'exam')),
            seed INTEGER NOT NULL DEFAULT 0,
            min_attempts INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            UNIQUE (scenario_id, trainee)
        )""",
        "CREATE INDEX assignments_trainee ON assignments(trainee)",
    ),
    5: (
        """CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_index INTEGER NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX flags_session ON flags(session_id)",
    ),
}
"""SQL steps by version: 1 = sessions and turns; 2 = coach notes, overrides and settings;
3 = (none); 4 = the classroom's trainees and assignments (`simulator.store.classroom`);
5 = customer lines the trainee flagged as wrong (`simulator.store.flags`)."""

LATEST = max(MIGRATIONS)
"""The schema version this Lagom writes."""


class NewerSchemaError(Exception):
    """The database was written by a newer Lagom; holds the version found."""

    def __init__(self, found: int, latest: int) -> None:
        super().__init__(found, latest)
        self.found = found
        self.latest = latest


class ForeignDatabaseError(Exception):
    """The file is an SQLite database, but not Lagom's (it has tables and no version)."""


def current_version(conn: sqlite3.Connection) -> int:
    """The database's schema version; 0 for a new, empty database."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring the database up to `target` (default: the latest) in one transaction.

    Returns the version found. A database already at `target` is only read: no write lock is
    taken, so opening never waits for (or blocks) another process. The connection must be in
    autocommit mode (`isolation_level=None`) so this controls the transaction; a failure rolls
    every step back.
    Raises NewerSchemaError for a newer file and ForeignDatabaseError for another program's.
    """
    latest = max(MIGRATIONS)
    target = latest if target is None else target
    found = current_version(conn)  # a plain read: readers never wait for a writer's lock
    if found > latest:
        raise NewerSchemaError(found, latest)
    if found >= target:
        return found  # already current: take no write lock at all
    conn.execute("BEGIN IMMEDIATE")  # take the write lock first: two processes never race here
    try:
        found = current_version(conn)  # again, under the lock: another process may have won
        if found > latest:
            raise NewerSchemaError(found, latest)
        if found == 0:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise ForeignDatabaseError
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        for version in range(found + 1, target + 1):
            for step in MIGRATIONS[version]:
                statement = render(step, "sqlite")
                if statement:
                    conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (version,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found
