"""The schema steps of `simulator.store.schema`, applied to a PostgreSQL database.

The same numbered list as SQLite, each statement rendered for PostgreSQL. Every step runs in
one transaction (PostgreSQL's DDL is transactional, so a failing step leaves nothing behind)
under an advisory lock, so two Lagoms opening a new database at once never race. A database
already at the latest version is only read: a role that may only read can open it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.store import schema
from simulator.store.dialects import render
from simulator.store.schema import ForeignDatabaseError, NewerSchemaError

if TYPE_CHECKING:
    import psycopg

MIGRATION_LOCK = 0x6C61676F6D  # "lagom"
"""The advisory lock key held while migrating."""


def _one(conn: psycopg.Connection[Any], sql: str, params: tuple[Any, ...] = ()) -> Any:
    row = conn.execute(sql, params).fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row, tuple | list) else next(iter(row.values()))


def current_version(conn: psycopg.Connection[Any]) -> int:
    """The schema version of the connected database (its current schema); 0 when it is new."""
    # A plain catalog query, not to_regclass(): after waiting on the advisory lock the
    # session's catalog cache may not yet show a table another Lagom just created.
    if not _one(
        conn,
        "SELECT count(*) FROM pg_catalog.pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'schema_version'",
    ):
        return 0
    version = _one(conn, "SELECT version FROM schema_version")
    return int(version) if version is not None else 0


def _has_tables(conn: psycopg.Connection[Any]) -> bool:
    """Whether the current schema holds any table (another program's, when unversioned)."""
    return bool(
        _one(
            conn,
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema()",
        )
    )


def migrate_postgresql(conn: psycopg.Connection[Any], target: int | None = None) -> int:
    """Bring the database up to `target` (default: the latest); returns the version found.

    `conn` must be in autocommit mode: this opens and ends its own transaction. Raises
    NewerSchemaError for a database written by a newer Lagom and ForeignDatabaseError for a
    schema that holds another program's tables.
    """
    latest = max(schema.MIGRATIONS)
    target = latest if target is None else target
    found = current_version(conn)
    if found > latest:
        raise NewerSchemaError(found, latest)
    if found >= target:
        return found  # already current: nothing written, no lock taken
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        found = current_version(conn)  # again, under the lock: another Lagom may have won
        if found > latest:
            raise NewerSchemaError(found, latest)
        if found == 0:
            if _has_tables(conn):
                raise ForeignDatabaseError
            conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        for version in range(found + 1, target + 1):
            for step in schema.MIGRATIONS[version]:
                statement = render(step, "postgresql")
                if statement:
                    conn.execute(statement)  # type: ignore[arg-type]
            conn.execute("UPDATE schema_version SET version = %s", (version,))
    return found
