"""`lagom review`: the coach UI: sessions, per-reply grades, notes and score overrides."""

from __future__ import annotations

import argparse

from simulator.cli.common import add_backend_options


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom review`."""
    parser = subparsers.add_parser(
        "review",
        help="the coach UI: sessions, per-reply grades, notes, overrides",
        description=(
            "Review saved sessions: filter by trainee, scenario, date or outcome; open one to "
            "see every reply's grades and evidence beside the customer's hidden state; add "
            "notes and override scores with a reason (kept beside the automatic score)."
        ),
    )
    add_backend_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Open the coach review."""
    from simulator.tui.context import StartPlan
    from simulator.tui.launch import launch

    return launch(args, StartPlan(review=True))
