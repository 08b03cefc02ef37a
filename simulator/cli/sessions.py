"""`lagom sessions`: list saved sessions, newest first, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from personas.vocabulary import OUTCOMES
from simulator.cli.common import fail, settings_for
from simulator.exports.common import number
from simulator.store import SavedSession, SessionInfo, StoreError
from simulator.store.factory import open_store_for

HEADINGS = ("ID", "TRAINEE", "SCENARIO", "STARTED", "OUTCOME", "OVERALL")
"""The table's columns."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "sessions",
        help="list saved sessions",
        description="List saved sessions, newest first: id, trainee, scenario, started, "
        "outcome and overall score (— while unfinished). Data lives in LAGOM_HOME.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    parser.add_argument("--scenario", metavar="ID", help="only sessions of this scenario")
    parser.add_argument("--outcome", choices=OUTCOMES, help="only sessions that ended this way")
    parser.add_argument(
        "--realism",
        action="store_true",
        help="per scenario: share of model lines, lines the guard replaced (by reason) and "
        "lines trainees flagged, with their reasons",
    )
    parser.set_defaults(handler=run)


def as_json(info: SessionInfo) -> dict[str, object]:
    """One session as a JSON object (`outcome` and `overall` are null while unfinished)."""
    return {
        "id": info.id,
        "trainee": info.trainee,
        "scenario": info.scenario_id,
        "scenario_title": info.scenario_title,
        "language": info.language,
        "archetype": info.archetype,
        "mode": info.mode,
        "started": info.started_at,
        "ended": info.ended_at,
        "status": info.status,
        "outcome": info.outcome,
        "overall": info.overall,
        "turns": info.turn_count,
    }


def printable(text: str) -> str:
    """Text safe to print in a table: control characters (escape sequences) shown as codes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def local_time(iso: str) -> str:
    """A stored UTC timestamp in the local time zone, `2026-11-23 04:12`."""
    try:
        return f"{datetime.fromisoformat(iso).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return printable(iso)


def table_row(info: SessionInfo) -> tuple[str, ...]:
    """One session as table cells."""
    outcome = info.outcome or ("interrupted" if info.status == "interrupted" else "unfinished")
    overall = number(info.overall) if info.finished else "—"
    cells = (info.id, info.trainee, info.scenario_id, local_time(info.started_at), outcome, overall)
    return tuple(printable(cell) for cell in cells)


def table(sessions: list[SessionInfo]) -> str:
    """An aligned plain-text table with a heading row."""
    rows = [HEADINGS, *(table_row(info) for info in sessions)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def print_realism(sessions: list[SavedSession], as_json_list: bool) -> int:
    """Print the realism report per scenario (`--realism`); exit status 0."""
    from simulator.realism import by_scenario, scenario_json, scenario_table

    rows = by_scenario(sessions)
    if as_json_list:
        print(json.dumps([scenario_json(row) for row in rows], ensure_ascii=False, indent=2))
    elif rows:
        print("\n".join(printable(line) for line in scenario_table(rows).split("\n")))
    else:
        print("no saved sessions")
    return 0


def run(args: argparse.Namespace) -> int:
    """List the sessions; a locked, corrupt or unwritable database exits 2 with a message."""
    settings = settings_for(args)
    try:
        # read only: works on a read-only file or folder (or role), never waits
        if settings.postgresql_url or settings.database.is_file():
            with open_store_for(settings, readonly=True) as store:
                found = store.list_sessions(args.trainee, args.scenario, args.outcome)
                if args.realism:
                    return print_realism([store.load_session(s.id) for s in found], args.json)
        else:
            found = []
    except StoreError as error:
        return fail(str(error))
    if args.realism:
        return print_realism([], args.json)
    if args.json:
        print(json.dumps([as_json(info) for info in found], ensure_ascii=False, indent=2))
    elif found:
        print(table(found))
    else:
        print("no saved sessions")
    return 0
