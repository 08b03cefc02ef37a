"""Show user text literally: never as markup, never with terminal control characters."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (escape, bell, carriage return...), keeping tab and newline."""


def clean(text: str) -> str:
    """Remove control characters so escape sequences are shown as plain characters."""
    return _CONTROL.sub("", text)


def literal(text: str, style: str = "") -> Text:
    """A rich Text that shows `text` exactly as typed: `[bold]` stays `[bold]`."""
    return Text(clean(text), style=style)
