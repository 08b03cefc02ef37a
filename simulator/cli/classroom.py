"""`lagom class`: the trainer's cohort view, in the terminal, or exported as HTML or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import add_backend_options, fail, settings_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom class`."""
    parser = subparsers.add_parser(
        "class",
        help="the trainer's view: who practises, scores per trainee and scenario, exports",
        description=(
            "The trainer's cohort view: who is practising now and on what; per trainee and "
            "scenario the attempts, latest and best scores (overall and per dimension), the "
            "outcome and the assignment's status; the cohort's weakest dimension per scenario. "
            "Enter on a row opens the latest session's review. --export FILE writes the report "
            "as HTML or CSV (by the file's suffix; `-` with --format for standard output)."
        ),
    )
    parser.add_argument("--export", metavar="FILE", help="write the cohort report to FILE")
    parser.add_argument("--format", choices=("html", "csv"),
                        help="report format (default: from the FILE's suffix)")
    parser.add_argument("--import", dest="roster", metavar="FILE", type=Path,
                        help="add trainees from a CSV class list")
    add_backend_options(parser)
    parser.set_defaults(handler=run)


def export_format(target: str, chosen: str | None) -> str:
    """The format to write: --format, else the suffix of FILE; ValueError if neither says."""
    if chosen:
        return chosen
    suffix = Path(target).suffix.lower().lstrip(".")
    if suffix in ("html", "htm"):
        return "html"
    if suffix == "csv":
        return "csv"
    raise ValueError(f"--export {target}: name a .html or .csv file, or add --format html|csv")


def run(args: argparse.Namespace) -> int:
    """Import, export, or open the trainer view."""
    if args.roster is not None:
        from simulator.cli.assign import run as assign

        status = assign(argparse.Namespace(**{**vars(args), "scenario": None, "to": None,
                                              "all": False, "due": None}))
        if status or args.export is None:
            return status
    if args.export is not None:
        return export(args)
    from simulator.tui.context import StartPlan
    from simulator.tui.launch import launch

    return launch(args, StartPlan(review=True, trainer=True))


def export(args: argparse.Namespace) -> int:
    """Write the cohort report."""
    from simulator.classroom.cohort import load_report
    from simulator.classroom.export import render
    from simulator.store import StoreError
    from simulator.store.factory import open_store_for

    try:
        fmt = export_format(args.export, args.format)
    except ValueError as error:
        return fail(str(error))
    try:
        with open_store_for(settings_for(args)) as store:
            text = render(load_report(store), fmt)
    except StoreError as error:
        return fail(str(error))
    if args.export == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.export).write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"cannot write {args.export}: {error.strerror or error}")
    print(f"wrote {args.export}", file=sys.stderr)
    return 0
