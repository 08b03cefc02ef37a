"""What an assignment needs from the trainer's typing: names, a due date, one seed for all."""

from __future__ import annotations

import random
from datetime import date


def parse_names(values: list[str]) -> list[str]:
    """Names from comma-separated values (repeatable); spaces tidied, duplicates kept once."""
    names = [" ".join(n.split()) for value in values for n in value.split(",")]
    return list(dict.fromkeys(n for n in names if n))


def parse_due(value: str | None) -> str | None:
    """The due date in ISO form (None when blank); ValueError naming the value otherwise."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"--due: not a date (YYYY-MM-DD): {value!r}") from None


def draw_seed() -> int:
    """A seed for an assignment: drawn once, so everyone meets the same customer."""
    return random.randrange(1, 100_000)
