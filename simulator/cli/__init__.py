"""The `lagom` command line: one module per subcommand, each with `register` and `run`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence

from simulator.cli.common import PlainOutput, fail, output_failure, silence_stdout

SUBCOMMANDS = ("play", "scenarios", "lint", "simulate", "grade", "sessions", "review", "export",
               "serve", "db", "assign", "classroom")
"""Subcommand modules under simulator.cli; each defines `register(subparsers)`."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="lagom",
        description=(
            "Practise hard customer-service conversations. Without a command, opens the "
            "practice UI: pick a scenario, talk to the simulated customer, get graded."
        ),
    )
    from simulator.cli.common import add_backend_options

    add_backend_options(parser)
    parser.add_argument(
        "--print-config", action="store_true",
        help="show every setting, its value and where it came from (flag, environment, "
        "default), secrets masked, and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"simulator.cli.{name}").register(subparsers)
    for subparser in subparsers.choices.values():
        # The shared options are accepted after the subcommand too: `lagom play X --model M`.
        with contextlib.suppress(argparse.ArgumentError):
            add_backend_options(subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `lagom` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.print_config:
        from simulator.cli.config import print_config

        return run_guarded(print_config, args)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = importlib.import_module("simulator.cli.play").run_ui
    if args.command in UI_COMMANDS or args.command is None:
        return run_guarded(handler, args)
    stdout, stderr = sys.stdout, sys.stderr
    # No escape sequence from any text (a file, a model, a name) reaches the terminal.
    sys.stdout, sys.stderr = PlainOutput(stdout), PlainOutput(stderr)
    try:
        return run_guarded(handler, args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


UI_COMMANDS = ("play", "review", "class", "serve")
"""Commands that run the Textual UI, which draws the terminal itself."""


def run_guarded(handler: Callable[[argparse.Namespace], int | None],
                args: argparse.Namespace) -> int:
    """Run a command; what escapes it becomes one `lagom: ...` line, never a traceback."""
    from simulator.settings import SettingsError
    from simulator.store.errors import StoreError

    try:
        status = int(handler(args) or 0)
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        silence_stdout()
        return 0
    except (StoreError, SettingsError) as error:
        return fail(str(error))
    except sqlite3.Error as error:  # a store failure the store did not word (read-only...)
        return fail(f"the session database failed: {error}")
    except OSError as error:
        silence_stdout()
        return fail(output_failure(error))
    except RecursionError:
        return fail("the input is nested too deeply to read")
