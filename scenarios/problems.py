"""Problems found in data files, reported as `path: field: message` and never as tracebacks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one data file."""

    path: str
    """The file, as the user named it."""
    field: str
    """Dotted location inside the file (e.g. `policy.may_offer.0.keywords`), or `-` for the file."""
    message: str
    """What is wrong, in words a scenario author understands."""

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContentError(Exception):
    """A data file could not be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
        return str(path)
