"""The customer's mood as the director sees it: distress, trust and patience as bars."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from personas.model import Persona
from simulator.records import CustomerState

BAND_WORDS = {"low": "settling", "mid": "upset", "high": "at the edge"}
"""The distress band in plain words."""

BAR_CELLS = 10


def bar(value: float, cells: int = BAR_CELLS) -> str:
    """A 0-10 value as a bar of full and empty cells."""
    filled = max(0, min(cells, round(value / 10 * cells)))
    return "█" * filled + "░" * (cells - filled)


class MoodPanel(Static):
    """Distress, trust and patience as bars, and the band and escalation rung in words."""

    state: reactive[CustomerState | None] = reactive(None, layout=True)
    """The customer's state after the latest turn; None before the first."""

    def __init__(self, persona: Persona | None = None, **kwargs: object) -> None:
        """`persona` gives the rung labels (e.g. "Wants a manager")."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rungs = {r.name: r.label for r in persona.escalation} if persona else {}

    def render(self) -> Text:
        """Three bars and a line of words."""
        state = self.state
        if state is None:
            return Text("Mood: waiting for the customer…", style="dim")
        text = Text()
        for name, value, style in (
            ("distress", state.distress, "red"),
            ("trust", state.trust, "green"),
            ("patience", state.patience, "yellow"),
        ):
            text.append(f"{name:<9}", style="bold")
            text.append(bar(value), style=style)
            text.append(f" {value:4.1f}\n")
        text.append(f"Mood: {BAND_WORDS.get(state.band, state.band)}")
        if state.rung:
            text.append(f" · {self._rungs.get(state.rung, state.rung)}", style="bold")
        return text
