"""A coach gives their own score for one dimension of a reply, with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from evaluation.models import Scores
from personas.vocabulary import DIMENSIONS


@dataclass(frozen=True)
class ScoreOverride:
    """The coach's score for one dimension and why."""

    dimension: str
    """listening, tone, honesty or understanding."""
    score: float
    """1-5."""
    reason: str
    """Why the coach disagrees with the evaluator."""


def parse_score(text: str) -> float | None:
    """A 1-5 score from typed text, or None when it is not one."""
    try:
        score = float(text.replace(",", "."))
    except ValueError:
        return None
    return score if 1 <= score <= 5 else None


class ScoreOverrideDialog(ModalScreen[ScoreOverride | None]):
    """Returns the override, or None when cancelled."""

    DEFAULT_CSS = """
    ScoreOverrideDialog { align: center middle; }
    ScoreOverrideDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $primary; background: $panel; padding: 1 2;
    }
    ScoreOverrideDialog #override-title { text-style: bold; margin-bottom: 1; }
    ScoreOverrideDialog Select, ScoreOverrideDialog Input { margin-bottom: 1; }
    ScoreOverrideDialog Horizontal { height: auto; align-horizontal: right; }
    ScoreOverrideDialog Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, automatic: Scores) -> None:
        """`automatic` are the evaluator's scores, shown next to each dimension."""
        super().__init__()
        self.title_text = title
        self.automatic = automatic

    def compose(self) -> ComposeResult:
        """Dimension, score and reason."""
        options = [
            (f"{d} (evaluator: {getattr(self.automatic, d):g})", d) for d in DIMENSIONS
        ]
        with Vertical():
            yield Label(self.title_text, id="override-title", markup=False)
            yield Select(options, value=DIMENSIONS[0], allow_blank=False, id="override-dimension")
            yield Input(placeholder="Your score, 1 to 5", id="override-score")
            yield Input(placeholder="Why (required)", id="override-reason")
            with Horizontal():
                yield Button("Save override", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#override-score")
    def next_field(self) -> None:
        """Enter in the score field moves on to the reason."""
        self.query_one("#override-reason", Input).focus()

    @on(Input.Submitted, "#override-reason")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        """Return the override once the score and the reason are valid."""
        score = parse_score(self.query_one("#override-score", Input).value)
        reason = self.query_one("#override-reason", Input).value.strip()
        if score is None:
            self.notify("The score is a number from 1 to 5.", severity="warning")
            return
        if not reason:
            self.notify("Say why you disagree: the reason is required.", severity="warning")
            return
        dimension = str(self.query_one("#override-dimension", Select).value)
        self.dismiss(ScoreOverride(dimension, score, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without overriding."""
        self.dismiss(None)
