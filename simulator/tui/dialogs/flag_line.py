"""The trainee flags a customer line that felt wrong, with an optional word why."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from simulator.records import TurnRecord
from simulator.store import SessionStore, StoreError
from simulator.store.flags import MAX_REASON_CHARS
from simulator.tui.text import literal


class FlagLineDialog(ModalScreen[str | None]):
    """Returns the reason (empty when none was given), or None when cancelled."""

    DEFAULT_CSS = """
    FlagLineDialog { align: center middle; }
    FlagLineDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $warning; background: $panel; padding: 1 2;
    }
    FlagLineDialog Label { text-style: bold; margin-bottom: 1; }
    FlagLineDialog #flag-quote { color: $text-muted; margin-bottom: 1; }
    FlagLineDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    FlagLineDialog Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, line: str) -> None:
        """`line` is the customer's line being flagged (shown literally)."""
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        """The line, a field for the reason, Flag and Cancel."""
        with Vertical():
            yield Label("Flag this customer line as wrong?", markup=False)
            yield Static(literal(f"“{self.line}”"), id="flag-quote")
            yield Input(
                placeholder="Why? (optional: e.g. she thanks me, wrong amount)",
                max_length=MAX_REASON_CHARS,
                id="flag-reason",
            )
            with Horizontal():
                yield Button("Flag line", variant="warning", id="flag")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#flag")
    def flag(self) -> None:
        """Return the reason (may be empty)."""
        self.dismiss(self.query_one("#flag-reason", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without flagging."""
        self.dismiss(None)


def latest_customer_line(
    turns: Sequence[TurnRecord], unsaved: Sequence[TurnRecord] = ()
) -> TurnRecord | None:
    """The customer's latest saved line (an unsaved one cannot be flagged yet)."""
    not_saved = {turn.index for turn in unsaved}
    for turn in reversed(turns):
        if turn.role == "customer" and turn.index not in not_saved:
            return turn
    return None


def flag_latest_line(
    screen: Screen[object],
    store: SessionStore,
    session_id: str | None,
    turns: Sequence[TurnRecord],
    unsaved: Sequence[TurnRecord] = (),
) -> None:
    """Ask why the customer's latest saved line felt wrong, then store the flag (or say why
    it could not be stored). The coach sees it in the review, the exports and the report."""
    line = latest_customer_line(turns, unsaved)
    if session_id is None or line is None:
        screen.notify("There is no saved customer line to flag yet.", severity="warning")
        return
    index = line.index

    def save(reason: str | None) -> None:
        if reason is None:
            return
        try:
            store.flag_line(session_id, index, reason)
        except StoreError as exc:
            screen.notify(str(exc), title="Not flagged", severity="error", markup=False)
            return
        screen.notify("Line flagged: your coach will see it in the review.", title="Flagged")

    screen.app.push_screen(FlagLineDialog(line.text), save)
