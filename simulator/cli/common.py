"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from scenarios.library import Library, load_library
from scenarios.plaintext import plain
from simulator.settings import Settings, settings_from


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """Add --backend, --model, --base-url, --scenarios and --database (also valid after a
    subcommand)."""
    from simulator.backends.registry import BACKENDS

    group = parser.add_argument_group("customer model")
    group.add_argument(
        "--backend",
        choices=tuple(BACKENDS),
        default=argparse.SUPPRESS,
        help="who writes the customer's lines (default: transformers, or LAGOM_BACKEND)",
    )
    group.add_argument(
        "--model",
        metavar="ID_OR_PATH",
        default=argparse.SUPPRESS,
        help="hub id, local model folder or .gguf file (default: embedded SmolLM2-135M-Instruct)",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (implies --backend openai)",
    )
    group.add_argument(
        "--scenarios",
        metavar="DIR",
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        help="also load scenario files from DIR (repeatable); LAGOM_HOME/scenarios is always read",
    )
    group.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="where sessions are saved: postgresql://user:password@host/db, sqlite:///path or "
        "a path (default: LAGOM_DATABASE, else LAGOM_HOME/lagom.db)",
    )


def settings_for(args: argparse.Namespace) -> Settings:
    """Settings from parsed flags and the environment."""
    return settings_from(
        backend=getattr(args, "backend", None),
        model=getattr(args, "model", None),
        base_url=getattr(args, "base_url", None),
        scenario_dirs=getattr(args, "scenarios", None),
        database=getattr(args, "database", None),
    )


def library_for(args: argparse.Namespace, *, quiet: bool = False) -> Library:
    """Load all scenarios; report files that failed to load on stderr unless quiet."""
    library = load_library(list(getattr(args, "scenarios", None) or []))
    if library.problems and not quiet:
        print(
            f"lagom: {len(library.problems)} problem(s) in scenario files were skipped "
            "(run `lagom lint` for details)",
            file=sys.stderr,
        )
    return library


def fail(message: str, status: int = 2) -> int:
    """Print `lagom: message` on stderr and return the exit status."""
    print(f"lagom: {message}", file=sys.stderr)
    return status


class PlainOutput:
    """A text stream that writes through to another with control characters removed.

    Scenario text, model lines and trainee scripts reach the terminal through it, so an
    escape sequence (`\\x1b[2J`, an OSC title) is never obeyed, whatever command prints it.
    """

    def __init__(self, inner: TextIO) -> None:
        """Wrap `inner` (usually sys.stdout)."""
        self.inner = inner

    def write(self, text: str) -> int:
        """Write `text` without control characters (newline and tab are kept)."""
        self.inner.write(plain(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def output_failure(error: OSError) -> str:
    """One line for an OSError that reached the command line (a full disk, a closed pipe)."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename:
        return f"{error.filename}: {reason}"
    return f"cannot write the output: {reason}"


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
