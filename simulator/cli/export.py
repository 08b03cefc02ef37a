"""`lagom export SESSION`: a graded session as markdown, html, json or csv, for sharing."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from simulator.cli.common import fail, settings_for
from simulator.exports import FORMATS, export_session
from simulator.store import StoreError
from simulator.store.factory import open_store_for

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""

DATABASE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
"""The database file and the files SQLite keeps beside it."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export a graded session (markdown, html, json, csv)",
        description="Export a saved session: transcript, per-reply scores, evidence and tips, "
        "coach notes and overrides. SESSION is an id from `lagom sessions` or a unique prefix. "
        "An existing FILE is only replaced with --force, and never when it is a database.",
    )
    parser.add_argument("session", metavar="SESSION", help="session id or unique prefix")
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="output format (default: markdown)"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (never a database)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export one session; unknown id, bad database or unwritable FILE exit 2 with a message."""
    settings = settings_for(args)
    database = settings.database
    if args.output is not None:
        refusal = output_refusal(args.output, database, force=args.force)
        if refusal:
            return fail(refusal)
    if not settings.postgresql_url and not database.is_file():
        return fail(
            f"no saved session {args.session!r}: there is no session database at {database} "
            "yet (`lagom sessions` lists saved sessions)"
        )
    try:
        with open_store_for(settings, readonly=True) as store:
            saved = store.load_session(args.session)
    except StoreError as error:
        return fail(str(error))
    text = export_session(saved, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_new_file(args.output, text, replace=args.force)
    except FileExistsError:
        return fail(f"{args.output} already exists; use --force to replace it")
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def output_refusal(output: Path, database: Path, *, force: bool) -> str | None:
    """Why `output` must not be written, or None when it may.

    The session database (or a file beside it, or any SQLite database) is never written
    over, even with --force; another existing file only with --force.
    """
    if is_database(output, database):
        return f"{output} is a database; refusing to write an export over it (choose another FILE)"
    if output.is_dir():
        return f"cannot write {output}: it is a folder"
    if output.exists() and not force:
        return f"{output} already exists; use --force to replace it"
    return None


def is_database(output: Path, database: Path) -> bool:
    """Whether `output` is the session database, one of its side files, or any SQLite file."""
    try:
        target = output.resolve()
        if any(target == Path(f"{database.resolve()}{side}") for side in DATABASE_SIDE_FILES):
            return True
        if output.is_file():
            with output.open("rb") as handle:
                return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except (OSError, RuntimeError):  # unreadable, or a symlink loop: not a database we know
        return False
    return False


def write_new_file(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path`; an existing `path` raises FileExistsError unless `replace`.

    Without `replace` the file is created exclusively (checked at the last moment, never
    overwritten); with it, a temporary file beside `path` is moved into place, so a
    half-written export never takes the place of anything. A failed write leaves nothing.
    """
    if not replace:
        handle = path.open("x", encoding="utf-8")  # FileExistsError: nothing was touched
        try:
            with handle:
                handle.write(text)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
