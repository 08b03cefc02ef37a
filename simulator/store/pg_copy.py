"""Move a saved history from an SQLite file into PostgreSQL (`lagom db migrate`), and count rows.

The copy is generic over the schema, so the tables and columns later schema steps add move
too: every table of the source except `schema_version` is copied, parents before children
(by their foreign keys), with the columns both sides have. A row is "already there" when the
target has a row with the same key: the primary key, or, for a table numbered by an
`INTEGER PRIMARY KEY` (notes, overrides), all its other columns. So a second run moves
nothing new, and a run that was interrupted picks up where it stopped. Tables that belong to
sessions (a `session_id` column) move in batches of sessions, each batch one transaction.
A session that was unfinished in an earlier move and has finished since gets its ending.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.store.errors import StoreError
from simulator.store.schema import LATEST, current_version

if TYPE_CHECKING:
    import psycopg

BATCH_SESSIONS = 200
"""Sessions moved per transaction."""

ENDING_COLUMNS = ("ended_at", "outcome", "overall", "summary_json", "status")
"""The session columns a later move fills in when the session has finished since."""


@dataclass
class TableCopy:
    """How one table copies: its columns, its key, and what was moved."""

    name: str
    """The table."""
    columns: list[str]
    """The columns copied (in both databases; a surrogate id left out)."""
    key: list[str]
    """The columns that say whether a row is already there."""
    by_session: bool
    """Whether the table's rows belong to sessions (moved batch by batch)."""
    source_rows: int = 0
    """Rows in the source."""
    moved: int = 0
    """Rows inserted by this run."""
    present: int = 0
    """Source rows found in the target at the end (the count check)."""


@dataclass
class CopyReport:
    """What a move did, table by table."""

    tables: list[TableCopy] = field(default_factory=list)
    """Every table copied, parents first."""
    finished_since: int = 0
    """Sessions whose ending was filled in (they finished after an earlier move)."""
    seconds: float = 0.0
    """How long the move took."""

    @property
    def complete(self) -> bool:
        """Whether every source row is in the target."""
        return all(t.present == t.source_rows for t in self.tables)


def open_source(path: Path) -> sqlite3.Connection:
    """Open an SQLite history for reading only; StoreError when it is not a Lagom database."""
    if not path.is_file():
        raise StoreError(f"there is no session database at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        version = current_version(conn)
    except sqlite3.Error as error:
        raise StoreError(f"{path} is not a Lagom database or is damaged ({error})") from None
    if version == 0:
        conn.close()
        raise StoreError(f"{path} is not a Lagom database (it has no schema version)")
    if version > LATEST:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer Lagom (schema version {version}; this Lagom knows "
            f"up to {LATEST}) — upgrade Lagom first"
        )
    return conn


def _source_tables(conn: sqlite3.Connection) -> list[str]:
    """The source's tables, parents before children (foreign keys), then by name."""
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'schema_version' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    parents = {
        name: {str(row["table"]) for row in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= {*ordered, n}]
        ordered.extend(ready or [n for n in names if n not in ordered])  # a cycle: keep going
    return ordered


def _plan(source: sqlite3.Connection, target: psycopg.Connection[Any]) -> list[TableCopy]:
    """How each source table copies into the target."""
    plans = []
    for name in _source_tables(source):
        info = list(source.execute(f'PRAGMA table_info("{name}")'))
        target_columns = {
            row["column_name"]
            for row in target.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                (name,),
            ).fetchall()
        }
        if not target_columns:
            raise StoreError(f"the target database has no table {name!r}; is it a Lagom database?")
        primary = [row["name"] for row in sorted(info, key=lambda r: r["pk"]) if row["pk"]]
        surrogate = (
            primary[0]
            if len(primary) == 1
            and next(r for r in info if r["name"] == primary[0])["type"].upper() == "INTEGER"
            else None
        )
        columns = [
            row["name"]
            for row in info
            if row["name"] in target_columns and row["name"] != surrogate
        ]
        key = list(columns) if surrogate else primary
        plans.append(TableCopy(name, columns, key, by_session="session_id" in columns))
    return plans


def _keys(rows: Iterable[Any], key: Sequence[str]) -> set[tuple[Any, ...]]:
    return {tuple(row[c] for c in key) for row in rows}


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _insert_missing(
    target: psycopg.Connection[Any],
    plan: TableCopy,
    rows: list[sqlite3.Row],
    where: str = "",
    params: tuple[Any, ...] = (),
) -> int:
    """Insert the rows whose key the target lacks; returns how many were inserted."""
    if not rows:
        return 0
    existing = _keys(
        target.execute(f'SELECT {_quoted(plan.key)} FROM "{plan.name}" {where}', params), plan.key
    )
    missing = [tuple(row[c] for c in plan.columns) for row in rows
               if tuple(row[c] for c in plan.key) not in existing]
    if not missing:
        return 0
    placeholders = ", ".join(["%s"] * len(plan.columns))
    with target.cursor() as cursor:
        cursor.executemany(
            f'INSERT INTO "{plan.name}" ({_quoted(plan.columns)}) VALUES ({placeholders}) '
            "ON CONFLICT DO NOTHING",  # a row clashing with another unique key stays out
            missing,
        )
        return cursor.rowcount if cursor.rowcount >= 0 else len(missing)


def _fill_endings(target: psycopg.Connection[Any], rows: list[sqlite3.Row]) -> int:
    """Give sessions that finished since an earlier move their ending; returns how many."""
    ended = [row for row in rows if row["ended_at"] is not None]
    if not ended:
        return 0
    still_open = {
        row["id"]
        for row in target.execute(
            "SELECT id FROM sessions WHERE ended_at IS NULL AND id = ANY(%s)",
            ([row["id"] for row in ended],),
        ).fetchall()
    }
    updates = [
        (*(row[c] for c in ENDING_COLUMNS), row["id"]) for row in ended if row["id"] in still_open
    ]
    if updates:
        assignments = ", ".join(f"{c} = %s" for c in ENDING_COLUMNS)
        with target.cursor() as cursor:
            cursor.executemany(f"UPDATE sessions SET {assignments} WHERE id = %s", updates)
    return len(updates)


def copy_history(
    source: sqlite3.Connection,
    target: psycopg.Connection[Any],
    progress: Callable[[str], None] = print,
    batch: int = BATCH_SESSIONS,
) -> CopyReport:
    """Copy every row the target lacks; then count, table by table, what is there.

    `target` is an autocommit psycopg connection whose rows are dicts (as the PostgreSQL
    store's); each batch is one transaction.
    """
    started = time.perf_counter()
    report = CopyReport(tables=_plan(source, target))
    plans = {plan.name: plan for plan in report.tables}
    if "sessions" not in plans:
        raise StoreError("the source has no sessions table; is it a Lagom database?")
    for plan in report.tables:
        plan.source_rows = int(source.execute(f'SELECT count(*) FROM "{plan.name}"').fetchone()[0])
    # tables outside sessions (settings, trainees, ...) that sessions do not depend on
    for plan in report.tables:
        if plan.by_session or plan.name == "sessions":
            continue
        with target.transaction():
            plan.moved += _insert_missing(
                target, plan, list(source.execute(f'SELECT * FROM "{plan.name}"'))
            )
    ids = [str(row[0]) for row in source.execute("SELECT id FROM sessions ORDER BY rowid")]
    children = [p for p in report.tables if p.by_session]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        marks = ", ".join("?" * len(chunk))
        with target.transaction():
            session_rows = list(
                source.execute(
                    f"SELECT * FROM sessions WHERE id IN ({marks}) ORDER BY rowid", chunk
                )
            )
            plans["sessions"].moved += _insert_missing(
                target, plans["sessions"], session_rows, "WHERE id = ANY(%s)", (chunk,)
            )
            report.finished_since += _fill_endings(target, session_rows)
            for plan in children:
                rows = list(
                    source.execute(
                        f'SELECT * FROM "{plan.name}" WHERE session_id IN ({marks})', chunk
                    )
                )
                plan.moved += _insert_missing(
                    target, plan, rows, "WHERE session_id = ANY(%s)", (chunk,)
                )
        moved = ", ".join(f"{p.name} +{p.moved}" for p in [plans["sessions"], *children])
        progress(f"sessions {min(start + batch, len(ids))}/{len(ids)}: {moved}")
    count_present(source, target, report, batch)
    report.seconds = time.perf_counter() - started
    return report


def count_present(
    source: sqlite3.Connection,
    target: psycopg.Connection[Any],
    report: CopyReport,
    batch: int = BATCH_SESSIONS,
) -> None:
    """For each table, how many source rows the target holds (by key). Rows of sessions are
    looked up for the source's sessions only, batch by batch: a big shared target is not read
    whole."""
    ids = [str(row[0]) for row in source.execute("SELECT id FROM sessions ORDER BY rowid")]
    for plan in report.tables:
        wanted = _keys(source.execute(f'SELECT {_quoted(plan.key)} FROM "{plan.name}"'), plan.key)
        column = "id" if plan.name == "sessions" else "session_id" if plan.by_session else None
        if column is None:
            found = _keys(
                target.execute(f'SELECT {_quoted(plan.key)} FROM "{plan.name}"'), plan.key
            )
        else:
            found = set()
            for start in range(0, len(ids), batch):
                found |= _keys(
                    target.execute(
                        f'SELECT {_quoted(plan.key)} FROM "{plan.name}" '
                        f'WHERE "{column}" = ANY(%s)',
                        (ids[start : start + batch],),
                    ),
                    plan.key,
                )
        plan.present = len(wanted & found)


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table of an SQLite database (besides schema_version)."""
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in _source_tables(conn)
    }


def postgresql_counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Rows per table of the connected PostgreSQL schema (besides schema_version); `conn`
    returns rows as dicts."""
    names = [
        row["table_name"]
        for row in conn.execute(
            "SELECT table_name AS table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' AND table_name != 'schema_version' "
            "ORDER BY table_name"
        ).fetchall()
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) AS n FROM "{name}"').fetchone()["n"])
        for name in names
    }
