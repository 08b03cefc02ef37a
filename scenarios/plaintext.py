"""Plain text at the boundary: no terminal escape sequences, no control characters.

Text from files (scenarios, archetypes), from a model server or from a transcript may hold
`\\x1b[2J` (clear screen), OSC title sequences or other control bytes that a terminal would
obey. `plain` removes whole escape sequences first (so `[2J` does not stay behind), then any
C0/C1 control character except newline and tab.
"""

from __future__ import annotations

import re
from typing import Any

ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?        # OSC (window title, hyperlink...)
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?           # DCS, SOS, PM, APC strings
    | \x1b\[[0-?]*[ -/]*[@-~]?                         # CSI (cursor, colour, clear screen)
    | \x9b[0-?]*[ -/]*[@-~]?                           # 8-bit CSI
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?        # 8-bit OSC
    | \x1b[ -/]*[0-~]?                                 # any other escape
    """,
    re.VERBOSE,
)
"""A terminal escape sequence, terminated or cut off."""

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character other than tab (\\x09) and newline (\\x0a)."""


def plain(text: str) -> str:
    """`text` without escape sequences and control characters (newline and tab are kept)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


def has_controls(text: str) -> bool:
    """True when `text` holds an escape or another control character (not newline or tab)."""
    return CONTROL.search(text) is not None


def plain_data(data: Any) -> Any:
    """Parsed data (dicts, lists, strings) with every string and key made plain.

    Walks iteratively, so deeply nested data cannot exhaust the stack.
    """
    root: list[Any] = [data]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        parent, key = stack.pop()
        value = parent[key]
        if isinstance(value, str):
            parent[key] = plain(value)
        elif isinstance(value, list):
            stack.extend((value, i) for i in range(len(value)))
        elif isinstance(value, dict):
            if any(isinstance(k, str) and CONTROL.search(k) for k in value):
                cleaned = {plain(k) if isinstance(k, str) else k: v for k, v in value.items()}
                value.clear()
                value.update(cleaned)
            stack.extend((value, k) for k in value)
    return root[0]
