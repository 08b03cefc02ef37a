"""`lagom simulate` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from simulator.cli.common import fail


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser("simulate", help="simulate (not yet available)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Not available yet."""
    return fail("'simulate' is not available yet")
