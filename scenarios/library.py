"""Find and load every persona and scenario: the shipped ones plus a coach's own folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from personas.model import Persona
from scenarios.checks import check_library
from scenarios.loader import file_kind, parse_model, read_toml
from scenarios.model import Scenario
from scenarios.problems import ContentError, Problem, display_path


def shipped_personas_dir() -> Path:
    """The folder of archetype files installed with Lagom."""
    return Path(str(resources.files("personas")))


def shipped_scenarios_dir() -> Path:
    """The folder of scenario files installed with Lagom."""
    return Path(str(resources.files("scenarios")))


def lagom_home() -> Path:
    """Where Lagom keeps data: LAGOM_HOME, else the platform's user data directory."""
    from simulator.settings import lagom_home as settings_home  # the one reader of LAGOM_HOME

    return settings_home()


def user_scenario_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Coach folders read next to the shipped scenarios: LAGOM_HOME/scenarios, --scenarios."""
    dirs = [lagom_home() / "scenarios", *(extra or [])]
    return [d for d in dirs if d.is_dir()]


@dataclass
class Library:
    """Every loaded persona and scenario, plus the problems of files that did not load."""

    personas: dict[str, Persona] = field(default_factory=dict)
    """Archetypes by id."""
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    """Scenarios by id, only those that passed every check."""
    paths: dict[str, Path] = field(default_factory=dict)
    """Where each scenario and persona id was loaded from (keys `scenario:ID`, `persona:ID`)."""
    problems: list[Problem] = field(default_factory=list)
    """Everything wrong, across all files, for one notice or `lagom lint`."""

    def scenario(self, scenario_id: str) -> Scenario:
        """Return a scenario by id, or raise KeyError naming the known ids."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(sorted(self.scenarios)) or "none"
            raise KeyError(f"unknown scenario '{scenario_id}' (known: {known})") from None

    def persona_for(self, scenario: Scenario) -> Persona:
        """Return the archetype a scenario is built on."""
        return self.personas[scenario.archetype]


def toml_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their *.toml files (sorted); keep files as given.

    A folder that cannot be listed gives no files; what each file is (a FIFO, a loop, a
    device) is found out when it is read, and reported then.
    """
    files: list[Path] = []
    for path in paths:
        try:
            files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
        except OSError:
            continue
    return files


def load_files(files: list[Path], base: Library | None = None) -> Library:
    """Load the given files (personas and scenarios, in any order) and check them together.

    `base` supplies already-loaded personas (e.g. the shipped archetypes when linting one
    coach file); only the files given here are checked and reported.
    """
    library = Library(
        personas=dict(base.personas) if base else {},
        paths=dict(base.paths) if base else {},
    )
    loaded: list[tuple[Path, Scenario]] = []
    new_personas: list[str] = []
    for path in files:
        try:
            data = read_toml(path)
            if file_kind(data) == "persona":
                persona = parse_model(path, Persona, data)
                if persona.id in new_personas:
                    library.problems.append(
                        Problem(display_path(path), "id", f"duplicate archetype id '{persona.id}'")
                    )
                    continue
                new_personas.append(persona.id)
                library.personas[persona.id] = persona
                library.paths[f"persona:{persona.id}"] = path
            else:
                loaded.append((path, parse_model(path, Scenario, data)))
        except ContentError as exc:
            library.problems.extend(exc.problems)
        except (RecursionError, MemoryError, ValueError) as exc:  # never stop Lagom
            library.problems.append(
                Problem(display_path(path), "-", f"cannot load: {type(exc).__name__}: skipped")
            )
    library.problems.extend(check_library(library, loaded, new_personas))
    bad_paths = {p.path for p in library.problems}
    for persona_id in new_personas:  # an archetype failing lint does not load, nor play
        if display_path(library.paths[f"persona:{persona_id}"]) in bad_paths:
            del library.personas[persona_id]
    for path, scenario in loaded:
        shown = display_path(path)
        if shown in bad_paths or scenario.id in library.scenarios:
            continue
        if scenario.archetype not in library.personas:
            library.problems.append(Problem(
                shown, "archetype",
                f"archetype '{scenario.archetype}' has problems and did not load: skipped",
            ))
            continue
        library.scenarios[scenario.id] = scenario
        library.paths[f"scenario:{scenario.id}"] = path
    return library


def load_library(extra_dirs: list[Path] | None = None) -> Library:
    """Load the shipped content and every coach folder; bad files are reported, not fatal."""
    dirs = [shipped_personas_dir(), shipped_scenarios_dir(), *user_scenario_dirs(extra_dirs)]
    return load_files(toml_files(dirs))
