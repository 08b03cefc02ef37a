"""A one-line status of the customer model: warming up (with progress), ready, or failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from simulator.tui.text import literal

BackendState = Literal["warming", "ready", "failed", "authored", "off"]
"""warming up, ready, failed to start, authored lines only, or not needed (coach review)."""


@dataclass(frozen=True)
class BackendStatus:
    """What the status line shows about the customer model."""

    state: BackendState
    """Where the model is."""
    text: str
    """The words shown."""
    fraction: float | None = None
    """Progress of a slow load, 0-1, when known."""


class BackendStatusLine(Horizontal):
    """Shows the app's `backend_status` and follows its changes on every screen."""

    def compose(self) -> ComposeResult:
        """A label and a progress bar (shown only while a load reports progress)."""
        yield Label(id="backend-status-text", markup=False)
        yield ProgressBar(total=1.0, show_eta=False, id="backend-status-progress")

    def on_mount(self) -> None:
        """Follow the app's status from now on."""
        self.watch(self.app, "backend_status", self.show_status)

    def show_status(self, status: BackendStatus) -> None:
        """Show one status: words, a class per state, and progress when known."""
        self.query_one("#backend-status-text", Label).update(literal(status.text))
        for state in ("warming", "ready", "failed", "authored", "off"):
            self.set_class(state == status.state, f"-{state}")
        bar = self.query_one(ProgressBar)
        bar.display = status.state == "warming" and status.fraction is not None
        if status.fraction is not None:
            bar.update(progress=status.fraction)
