"""Read persona and scenario files into validated models, turning every failure into Problems."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from personas.model import Persona
from scenarios.checks import check_persona
from scenarios.model import Scenario
from scenarios.plaintext import plain_data
from scenarios.problems import ContentError, Problem, display_path

ModelT = TypeVar("ModelT", bound=BaseModel)


MAX_FILE_BYTES = 1024 * 1024
"""The largest persona or scenario file read (a real one is a few kilobytes)."""

MAX_TEXT_CHARS = 2000
"""The longest text one field may hold: a customer line, a description, a voice."""

MAX_DEPTH = 12
"""The deepest nesting of tables and lists a persona or scenario file needs (and more)."""


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; a FIFO, device, folder, loop or file over `limit` is a ContentError.

    The file is opened without blocking and checked after opening, so a FIFO or a symlink to
    /dev/zero can neither hang nor flood the reader.
    """
    shown = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ContentError([Problem(shown, "-", f"cannot read file: {_reason(exc)}")]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ContentError(
                [Problem(shown, "-", "not a regular file (a FIFO, device or folder): skipped")]
            )
        data = os.read(fd, limit + 1)
        while len(data) <= limit and (more := os.read(fd, limit + 1 - len(data))):
            data += more
    except OSError as exc:
        raise ContentError([Problem(shown, "-", f"cannot read file: {_reason(exc)}")]) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ContentError(
            [Problem(shown, "-", f"file is larger than {limit // 1024} KB: skipped")]
        )
    return data


def _reason(exc: OSError) -> str:
    """The OS's words for a failure (`Too many levels of symbolic links`)."""
    return exc.strerror or str(exc)


def read_toml(path: Path) -> dict:
    """Parse a TOML file; syntax errors become a Problem naming the line and column.

    Control characters and escape sequences are removed from every string, so text from a
    file never drives the terminal. Nesting deeper than MAX_DEPTH is a Problem.
    """
    shown = display_path(path)
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, "-", "file is not valid UTF-8 text")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError([Problem(shown, "-", f"TOML syntax error: {exc}")]) from None
    except RecursionError:
        raise ContentError([Problem(shown, "-", "nested too deeply: skipped")]) from None
    problems = [Problem(shown, f, m) for f, m in shape_problems(data)]
    if problems:
        raise ContentError(problems)
    return plain_data(data)


def shape_problems(data: dict) -> list[tuple[str, str]]:
    """(field, message) for nesting past MAX_DEPTH and texts past MAX_TEXT_CHARS.

    Walks without recursion, so any depth is safe to check.
    """
    problems: list[tuple[str, str]] = []
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    while stack and len(problems) < 20:
        field, value, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            problems.append((field or "-", f"nested more than {MAX_DEPTH} levels deep"))
            continue
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            problems.append(
                (field or "-", f"text is {len(value):,} characters; at most {MAX_TEXT_CHARS:,}")
            )
        items = value.items() if isinstance(value, dict) else (
            enumerate(value) if isinstance(value, list) else ()
        )
        for key, item in items:
            stack.append((f"{field}.{key}" if field else str(key), item, depth + 1))
    return sorted(problems)


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
    except RecursionError:
        raise ContentError([Problem(shown, "-", "nested too deeply: skipped")]) from None


def load_persona(path: Path) -> Persona:
    """Load one persona archetype file; one that fails lint's checks does not load."""
    persona = parse_model(path, Persona)
    problems = [Problem(display_path(path), f, m) for f, m in check_persona(persona)]
    if problems:
        raise ContentError(problems)
    return persona


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file (no cross-file checks; see scenarios.checks)."""
    return parse_model(path, Scenario)


def file_kind(data: dict) -> str:
    """Guess whether parsed TOML is a persona or a scenario: scenarios name an archetype."""
    return "scenario" if "archetype" in data or "customer" in data else "persona"
