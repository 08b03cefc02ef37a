"""What every Lagom screen shares: access to the app's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from simulator.tui.context import AppContext

ResultType = TypeVar("ResultType")


class LagomScreen(Screen[ResultType]):
    """A screen of the Lagom app, with its services at hand."""

    @property
    def context(self) -> AppContext:
        """The library, store, backend and clock of the running app."""
        return self.app.context  # type: ignore[attr-defined, no-any-return]
