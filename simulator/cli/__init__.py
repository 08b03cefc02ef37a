"""The `lagom` command line: one module per subcommand, each with `register` and `run`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS = ("play", "scenarios", "lint", "simulate", "grade", "sessions", "review", "export",
               "serve")
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
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = importlib.import_module("simulator.cli.play").run_ui
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
