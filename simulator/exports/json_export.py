"""The JSON export: the SavedSession as stored (info, turns, notes, overrides), stable keys."""

from __future__ import annotations

from simulator.store.models import SavedSession


def render(saved: SavedSession) -> str:
    """The session as indented JSON; keys follow the models' field order, non-ASCII kept."""
    return saved.model_dump_json(indent=2) + "\n"
