"""A coach writes a note on one turn."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class NoteDialog(ModalScreen[str | None]):
    """Returns the note's text, or None when cancelled."""

    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $primary; background: $panel; padding: 1 2;
    }
    NoteDialog Label { text-style: bold; margin-bottom: 1; }
    NoteDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    NoteDialog Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str) -> None:
        """`title` says which turn the note is on."""
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        """A text field, Save and Cancel."""
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(placeholder="What should the trainee know about this turn?", id="note-text")
            with Horizontal():
                yield Button("Save note", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        """Return the text, unless it is blank."""
        text = self.query_one("#note-text", Input).value.strip()
        if not text:
            self.notify("Write something first, or press Escape.", severity="warning")
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)
