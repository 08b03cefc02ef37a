"""Cross-file checks that pydantic alone cannot do (archetype exists, ids unique, coverage...)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.model import Scenario
from scenarios.problems import Problem, display_path

if TYPE_CHECKING:
    from scenarios.library import Library


def check_library(library: Library, loaded: list[tuple[Path, Scenario]]) -> list[Problem]:
    """Return every cross-reference problem among the loaded scenarios."""
    problems: list[Problem] = []
    seen: dict[str, str] = {sid: "" for sid in library.scenarios}
    for path, scenario in loaded:
        shown = display_path(path)
        if scenario.id in seen:
            problems.append(Problem(shown, "id", f"duplicate scenario id '{scenario.id}'"))
        seen[scenario.id] = shown
        if scenario.archetype not in library.personas:
            known = ", ".join(sorted(library.personas)) or "none loaded"
            problems.append(
                Problem(shown, "archetype", f"unknown archetype '{scenario.archetype}' (known: {known})")
            )
    return problems
