"""`lagom` and `lagom play SCENARIO`: the practice UI, or straight into one scenario."""

from __future__ import annotations

import argparse

from simulator.cli.common import add_backend_options


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom play`."""
    parser = subparsers.add_parser(
        "play",
        help="the practice UI, straight into one scenario's briefing",
        description=(
            "Practise one scenario: read the briefing, talk to the simulated customer, get "
            "graded. Every turn is saved as it happens; quit at any point with ctrl+q."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id (see `lagom scenarios`)")
    parser.add_argument("--exam", action="store_true",
                        help="exam mode: no tips during the conversation, grades at the end")
    parser.add_argument("--seed", type=int, metavar="N",
                        help="fix the customer's choices (the same seed and replies replay alike)")
    parser.add_argument("--trainee", metavar="NAME", help="who is practising (remembered)")
    add_backend_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Open the UI on the scenario's briefing."""
    from simulator.tui.context import StartPlan
    from simulator.tui.launch import launch

    start = StartPlan(
        scenario_id=args.scenario, trainee=args.trainee, seed=args.seed,
        mode="exam" if args.exam else "practice",
    )
    return launch(args, start)


def run_ui(args: argparse.Namespace) -> int:
    """`lagom` with no command: the welcome screen, then the scenario picker."""
    from simulator.tui.context import StartPlan
    from simulator.tui.launch import launch

    return launch(args, StartPlan())
