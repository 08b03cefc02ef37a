"""`lagom assign`: give trainees the same exercise (scenario, seed, mode, due); import a class."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import fail, library_for, settings_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom assign`."""
    parser = subparsers.add_parser(
        "assign",
        help="assign a scenario to trainees (same seed for everyone), or import a class list",
        description=(
            "Assign SCENARIO to trainees: they see it on their welcome screen with its status "
            "(not started, in progress, done, overdue). Everyone plays the same seed, so "
            "everyone meets the same customer. --import FILE adds trainees from a CSV file "
            "(a `name` column, optional `email` and `cohort`; or one name per line)."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", nargs="?",
                        help="scenario id (see `lagom scenarios`)")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--to", metavar="NAMES", action="append",
                     help="comma-separated trainee names (repeatable)")
    who.add_argument("--all", action="store_true", help="every trainee of the class")
    parser.add_argument("--due", metavar="DATE", help="due date, YYYY-MM-DD")
    parser.add_argument("--exam", action="store_true", help="exam mode: no tips until the end")
    parser.add_argument("--seed", type=int, metavar="N",
                        help="the customer's seed (default: the one this scenario is already "
                        "assigned with, else one drawn now; the same for all)")
    parser.add_argument("--min-attempts", type=int, default=1, metavar="K",
                        help="finished sessions needed for done (default 1)")
    parser.add_argument("--import", dest="roster", metavar="FILE", type=Path,
                        help="add trainees from a CSV class list first")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import the class list and/or record the assignment."""
    from simulator.classroom.assigning import parse_due, parse_names
    from simulator.classroom.roster import RosterError, read_roster
    from simulator.store import StoreError
    from simulator.store.factory import open_store_for

    if args.scenario is None and args.roster is None:
        return fail("name a SCENARIO to assign, or --import FILE to add trainees")
    if args.scenario is not None and not (args.to or args.all):
        return fail("say who gets it: --to NAMES or --all")
    try:
        due = parse_due(args.due)
        roster = read_roster(args.roster) if args.roster else []
    except (ValueError, RosterError) as error:
        return fail(str(error))
    if args.scenario is not None:
        scenarios = library_for(args, quiet=True).scenarios
        if args.scenario not in scenarios:
            return fail(f"unknown scenario '{args.scenario}' (`lagom scenarios` lists them)")
    try:
        with open_store_for(settings_for(args)) as store:
            if roster:
                new = store.add_trainees(roster)
                print(f"imported {len(roster)} trainees ({new} new) from {args.roster}")
            if args.scenario is None:
                return 0
            names = [t.name for t in store.list_trainees()] if args.all else parse_names(args.to)
            if not names:
                return fail("no trainees yet: import a class list with --import FILE, or use --to")
            seed = args.seed if args.seed is not None else assigned_seed(store, args.scenario)
            mode = "exam" if args.exam else "practice"
            store.assign(args.scenario, names, due=due, mode=mode, seed=seed,
                         min_attempts=args.min_attempts)
    except StoreError as error:
        return fail(str(error))
    attempts = f"{args.min_attempts} attempt{'s' if args.min_attempts > 1 else ''}"
    print(f"assigned {args.scenario} to {len(names)} trainee{'s' if len(names) > 1 else ''} "
          f"(seed {seed}, {mode}, {attempts}{f', due {due}' if due else ''}): {', '.join(names)}")
    return 0


def assigned_seed(store: object, scenario_id: str) -> int:
    """The seed this scenario is already assigned with (so a trainee added later plays the
    same customer as the class), else a new one."""
    from simulator.classroom.assigning import draw_seed

    assignments = store.list_assignments()  # type: ignore[attr-defined]
    earlier = [a for a in assignments if a.scenario_id == scenario_id]
    return max(earlier, key=lambda a: (a.created_at, a.id)).seed if earlier else draw_seed()
