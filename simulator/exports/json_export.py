"""The JSON export: the SavedSession as stored (info, turns, notes, overrides, flags), then
its realism report, with stable keys."""

from __future__ import annotations

import json

from simulator.realism import session_realism
from simulator.store.models import SavedSession


def render(saved: SavedSession) -> str:
    """The session as indented JSON; keys follow the models' field order, non-ASCII kept.

    `realism` (where the customer's lines came from, replacements by reason, flagged lines)
    is derived from the turns and flags; reading the file back as a SavedSession ignores it.
    """
    data = saved.model_dump(mode="json")
    data["realism"] = session_realism(saved).as_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
