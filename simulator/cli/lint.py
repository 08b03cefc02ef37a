"""`lagom lint [PATH...]`: validate persona and scenario files, every problem at once."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scenarios.library import (
    Library,
    load_files,
    shipped_personas_dir,
    shipped_scenarios_dir,
    toml_files,
    user_scenario_dirs,
)
from scenarios.problems import Problem, display_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom lint`."""
    parser = subparsers.add_parser(
        "lint",
        help="validate persona and scenario files",
        description=(
            "Check persona and scenario files: TOML syntax, fields and types, unknown fields, "
            "archetype references, unique ids, supported language, line-bank coverage and "
            "policy consistency. Prints `path: field: message` for every problem and exits 1 "
            "if there is any. Without PATH, checks the shipped files and your own "
            "(LAGOM_HOME/scenarios and --scenarios)."
        ),
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    parser.set_defaults(handler=run)


def resolved(path: Path) -> Path:
    """The path with links resolved; as given when it cannot be (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def base_personas(excluded: set[Path]) -> Library:
    """The shipped archetypes (minus the files being linted), for resolving references."""
    files = [f for f in toml_files([shipped_personas_dir()]) if resolved(f) not in excluded]
    return load_files(files)


def run(args: argparse.Namespace) -> int:
    """Lint the named paths, or everything Lagom would load."""
    problems: list[Problem] = []
    if args.paths:
        # lexists: a symlink loop or a dangling link is named by the loader, not called missing
        missing = [p for p in args.paths if not os.path.lexists(p)]
        problems += [Problem(display_path(p), "-", "no such file or folder") for p in missing]
        files = toml_files([p for p in args.paths if os.path.lexists(p)])
        base = base_personas({resolved(f) for f in files})
    else:
        extra = list(getattr(args, "scenarios", None) or [])
        dirs = [shipped_personas_dir(), shipped_scenarios_dir(), *user_scenario_dirs(extra)]
        files, base = toml_files(dirs), None
    problems += load_files(files, base).problems
    for problem in problems:
        print(problem)
    bad_files = len({p.path for p in problems})
    if problems:
        print(f"{len(problems)} problem(s) in {bad_files} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(files)} file(s) checked", file=sys.stderr)
    return 0
