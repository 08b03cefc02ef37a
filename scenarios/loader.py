"""Read persona and scenario files into validated models, turning every failure into Problems."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from personas.model import Persona
from scenarios.model import Scenario
from scenarios.problems import ContentError, Problem, display_path

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_toml(path: Path) -> dict:
    """Parse a TOML file; syntax errors become a Problem naming the line and column."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(
            [Problem(shown, "-", f"cannot read file: {exc.strerror or exc}")]
        ) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, "-", "file is not valid UTF-8 text")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError([Problem(shown, "-", f"TOML syntax error: {exc}")]) from None


def validation_problems(shown: str, error: ValidationError) -> list[Problem]:
    """Translate a pydantic ValidationError into one Problem per failing field."""
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "-"
        problems.append(Problem(shown, field, friendly_message(item)))
    return problems


def shown_value(value: object) -> str:
    """A short repr of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def friendly_message(item: ErrorDetails) -> str:
    """Word one pydantic error for a scenario author, quoting the bad value."""
    kind = item["type"]
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"{shown_value(item['input'])} is not allowed: {item['msg']}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{item['msg']} (got {shown_value(item['input'])})"
    return item["msg"]


def parse_model(path: Path, model: type[ModelT], data: dict | None = None) -> ModelT:
    """Validate `data` (or the file's TOML) as `model`, raising ContentError with every problem."""
    shown = display_path(path)
    if data is None:
        data = read_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(validation_problems(shown, exc)) from None


def load_persona(path: Path) -> Persona:
    """Load one persona archetype file."""
    return parse_model(path, Persona)


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file (no cross-file checks; see scenarios.checks)."""
    return parse_model(path, Scenario)


def file_kind(data: dict) -> str:
    """Guess whether parsed TOML is a persona or a scenario: scenarios name an archetype."""
    return "scenario" if "archetype" in data or "customer" in data else "persona"
