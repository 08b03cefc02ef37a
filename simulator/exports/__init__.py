"""Exports of a saved session for sharing: markdown, html, json and csv."""

from __future__ import annotations

from collections.abc import Callable

from simulator.exports import csv_export, html, json_export, markdown
from simulator.store.models import SavedSession

RENDERERS: dict[str, Callable[[SavedSession], str]] = {
    "markdown": markdown.render,
    "html": html.render,
    "json": json_export.render,
    "csv": csv_export.render,
}
"""Each export format and the function that writes it."""

FORMATS: tuple[str, ...] = tuple(RENDERERS)
"""The export formats, default first."""

EXTENSIONS = {"markdown": ".md", "html": ".html", "json": ".json", "csv": ".csv"}
"""The usual file extension of each format."""


def export_session(saved: SavedSession, fmt: str = "markdown") -> str:
    """The session in format `fmt`; ValueError names the formats for an unknown one."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    return renderer(saved)


__all__ = ["EXTENSIONS", "FORMATS", "export_session"]
