"""`lagom db migrate --from PATH --to URL` and `lagom db check`: move a history, report a store."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import Any

from simulator.cli.common import add_backend_options, fail, settings_for
from simulator.settings import is_postgresql_url, mask, sqlite_path
from simulator.store.errors import StoreError
from simulator.store.schema import LATEST


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom db` and its two subcommands."""
    parser = subparsers.add_parser(
        "db",
        help="move a saved history into PostgreSQL; check a session database",
        description="Manage the session database: `migrate` copies an SQLite history into "
        "PostgreSQL (safe to run again: it copies only what is missing), `check` reports the "
        "schema version and how many sessions, turns, notes and overrides are saved.",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate",
        help="copy an SQLite history into PostgreSQL",
        description="Copy every session, turn, coach note and override (and remembered "
        "settings, trainees, assignments) from the SQLite file PATH into the PostgreSQL "
        "database URL. Rows already there are left alone, so running it again moves nothing "
        "new; at the end every table's rows are counted on both sides (exit 1 if any is "
        "missing). The source is only read.",
    )
    migrate.add_argument("--from", dest="source", metavar="PATH", required=True,
                         help="the SQLite file (e.g. LAGOM_HOME/lagom.db, or sqlite:///path)")
    migrate.add_argument("--to", dest="target", metavar="URL", required=True,
                         help="postgresql://user:password@host:port/dbname")
    migrate.add_argument("--batch", type=int, default=200, metavar="N",
                         help="sessions per transaction (default 200)")
    migrate.set_defaults(handler=run_migrate)
    check = actions.add_parser(
        "check",
        help="report the schema version and counts of the session database",
        description="Report which database the settings name (--database, LAGOM_DATABASE, "
        "else LAGOM_HOME/lagom.db), its schema version, and how many rows each table holds. "
        "Only reads.",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(handler=run_check)
    add_backend_options(check)  # --database (and the rest) after `check` too


def run_migrate(args: argparse.Namespace) -> int:
    """Copy the history; print progress and the count check on stdout."""
    from simulator.store.pg_copy import copy_history, open_source
    from simulator.store.postgres import PostgresStore

    if args.batch < 1:
        return fail("--batch must be at least 1")
    if not is_postgresql_url(args.target.strip()):
        return fail(f"--to must be a postgresql:// URL, not {mask('database_url', args.target)!r}")
    try:
        path = sqlite_path(args.source)
        source = open_source(path)
    except (StoreError, ValueError) as error:
        return fail(str(error))
    try:
        with PostgresStore.open(args.target.strip()) as store:
            print(f"moving {path} (schema {_sqlite_version(source)}) into {store.location} "
                  f"(schema {LATEST})", flush=True)
            report = copy_history(
                source, store.raw_connection(), progress=_progress, batch=args.batch
            )
    except StoreError as error:
        return fail(str(error), 1)
    except Exception as error:
        import psycopg

        if isinstance(error, psycopg.Error):
            return fail(f"the move stopped: {str(error).splitlines()[0]} (run it again to go "
                        "on; what was copied stays)", 1)
        raise
    finally:
        source.close()
    width = max(len(t.name) for t in report.tables)
    print(f"{'table'.ljust(width)}  {'source':>8}  {'in target':>9}  {'moved now':>9}")
    for table in report.tables:
        print(f"{table.name.ljust(width)}  {table.source_rows:>8}  {table.present:>9}  "
              f"{table.moved:>9}")
    total = sum(t.source_rows for t in report.tables)
    moved = sum(t.moved for t in report.tables)
    if report.finished_since:
        print(f"{report.finished_since} session(s) finished since an earlier move: ending copied")
    if not report.complete:
        missing = ", ".join(
            f"{t.name} {t.source_rows - t.present}" for t in report.tables
            if t.present != t.source_rows
        )
        return fail(f"count check failed: rows of the source missing in the target: {missing} "
                    "(they clash with different rows already there)", 1)
    print(f"count check: all {total} rows are in the target; moved {moved} now "
          f"in {report.seconds:.1f} s")
    return 0


def _progress(line: str) -> None:
    print(line, flush=True)


def _sqlite_version(conn: sqlite3.Connection) -> int:
    from simulator.store.schema import current_version

    return current_version(conn)


def run_check(args: argparse.Namespace) -> int:
    """Print the database, its schema version and the rows of each table."""
    settings = settings_for(args)
    try:
        report = _check_postgresql(settings.postgresql_url) if settings.postgresql_url else (
            _check_sqlite(settings.database)
        )
    except StoreError as error:
        return fail(str(error))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    version = report["schema_version"]
    state = (
        "up to date" if version == LATEST
        else f"older: run Lagom once with write access to upgrade it to {LATEST}"
        if version < LATEST else f"newer than this Lagom ({LATEST}): upgrade Lagom"
    )
    width = max([8, *(len(table) for table in report["counts"])])
    print(f"{'database'.ljust(width)}  {report['database']} ({report['engine']})")
    print(f"{'schema'.ljust(width)}  version {version} ({state})")
    statuses = report.get("sessions_by_status", {})
    for table, rows in report["counts"].items():
        extra = ""
        if table == "sessions" and statuses:
            extra = " (" + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) + ")"
        print(f"{table.ljust(width)}  {rows}{extra}")
    return 0


def _check_sqlite(path: Path) -> dict[str, Any]:
    from simulator.store.pg_copy import open_source, sqlite_counts

    source = open_source(path)
    try:
        return {
            "database": str(path),
            "engine": "SQLite",
            "schema_version": _sqlite_version(source),
            "latest": LATEST,
            "counts": sqlite_counts(source),
            "sessions_by_status": {
                str(row[0]): int(row[1])
                for row in source.execute("SELECT status, count(*) FROM sessions GROUP BY status")
            },
        }
    finally:
        source.close()


def _check_postgresql(url: str) -> dict[str, Any]:
    import psycopg

    from simulator.store.pg_copy import postgresql_counts
    from simulator.store.pg_schema import current_version
    from simulator.store.postgres import PostgresStore

    with PostgresStore.at(url, readonly=True) as store:
        conn = store.raw_connection()
        try:
            version = current_version(conn)
            counts = postgresql_counts(conn)
            statuses = (
                {
                    row["status"]: int(row["n"])
                    for row in conn.execute(
                        "SELECT status, count(*) AS n FROM sessions GROUP BY status"
                    ).fetchall()
                }
                if "sessions" in counts
                else {}
            )
            server = conn.execute("SHOW server_version").fetchone()
        except psycopg.Error as error:
            raise StoreError(
                f"cannot read {store.location}: {str(error).splitlines()[0]}"
            ) from None
        return {
            "database": store.location,
            "engine": f"PostgreSQL {next(iter(server.values())) if server else ''}".strip(),
            "schema_version": version,
            "latest": LATEST,
            "counts": counts,
            "sessions_by_status": statuses,
        }
