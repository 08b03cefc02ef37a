"""`lagom export SESSION`: a graded session as markdown, html, json or csv, for sharing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import fail, settings_for
from simulator.exports import FORMATS, export_session
from simulator.store import Store, StoreError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export a graded session (markdown, html, json, csv)",
        description="Export a saved session: transcript, per-reply scores, evidence and tips, "
        "coach notes and overrides. SESSION is an id from `lagom sessions` or a unique prefix.",
    )
    parser.add_argument("session", metavar="SESSION", help="session id or unique prefix")
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="output format (default: markdown)"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export one session; unknown id, bad database or unwritable FILE exit 2 with a message."""
    try:
        with Store.open(settings_for(args).database) as store:
            saved = store.load_session(args.session)
    except StoreError as error:
        return fail(str(error))
    text = export_session(saved, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
