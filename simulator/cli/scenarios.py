"""`lagom scenarios [--json] [--template]`: list the scenarios, or print a starting file."""

from __future__ import annotations

import argparse
import json
from importlib import resources

from scenarios.model import Scenario
from simulator.cli.common import library_for

COLUMNS = ("id", "title", "archetype", "language", "difficulty", "domain")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom scenarios`."""
    parser = subparsers.add_parser(
        "scenarios",
        help="list scenarios (id, title, archetype, language, difficulty)",
        description=(
            "List every scenario Lagom can play: the shipped ones, LAGOM_HOME/scenarios and "
            "any --scenarios DIR. Files with problems are skipped with a notice (see `lagom lint`)."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.add_argument(
        "--template",
        action="store_true",
        help="print a commented scenario file that passes `lagom lint`, to start your own",
    )
    parser.set_defaults(handler=run)


def template_text() -> str:
    """The commented starting scenario shipped with Lagom."""
    return resources.files("scenarios").joinpath("template.toml.in").read_text(encoding="utf-8")


def row(scenario: Scenario) -> dict[str, str]:
    """The listed fields of one scenario."""
    return {column: str(getattr(scenario, column)) for column in COLUMNS}


def table(rows: list[dict[str, str]]) -> str:
    """Rows as an aligned plain-text table with a header."""
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in COLUMNS}
    lines = ["  ".join(c.upper().ljust(widths[c]) for c in COLUMNS)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in COLUMNS).rstrip() for r in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the template, or the scenario list as a table or JSON."""
    if args.template:
        print(template_text(), end="")
        return 0
    library = library_for(args, quiet=args.json)
    rows = [row(s) for s in sorted(library.scenarios.values(), key=lambda s: s.id)]
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else table(rows))
    return 0
