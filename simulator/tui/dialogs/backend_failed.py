"""The customer model could not start: say why, and offer to go on with authored lines."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from simulator.tui.text import literal


class BackendFailedDialog(ModalScreen[bool]):
    """Returns True to continue with authored lines, False to quit."""

    DEFAULT_CSS = """
    BackendFailedDialog { align: center middle; }
    BackendFailedDialog > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $error; background: $panel; padding: 1 2;
    }
    BackendFailedDialog #backend-failed-title { text-style: bold; color: $error; }
    BackendFailedDialog #backend-failed-message { margin: 1 0; }
    BackendFailedDialog Horizontal { height: auto; align-horizontal: right; }
    BackendFailedDialog Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "quit_app", "Quit", show=False)]

    def __init__(self, message: str) -> None:
        """`message` is the backend's error, shown as-is."""
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        """The reason and two choices."""
        with Vertical():
            yield Label("The customer model could not start", id="backend-failed-title")
            yield Static(literal(self.message), id="backend-failed-message")
            yield Static(
                "You can still practise: the customer will speak authored lines "
                "from the scenario instead of model-written ones."
            )
            with Horizontal():
                yield Button("Continue with authored lines", variant="primary", id="authored")
                yield Button("Quit", variant="error", id="quit")

    def on_mount(self) -> None:
        """Start on the safe choice."""
        self.query_one("#authored", Button).focus()

    @on(Button.Pressed)
    def choose(self, event: Button.Pressed) -> None:
        """Return the choice."""
        self.dismiss(event.button.id == "authored")

    def action_quit_app(self) -> None:
        """Escape means quit."""
        self.dismiss(False)
