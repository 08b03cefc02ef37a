"""The conversation as it happens: one literal line per turn, the customer's streaming in."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from simulator.tui.text import clean

Role = Literal["customer", "trainee", "notice"]


class ChatLine(Static):
    """One turn: the speaker in bold, then the words exactly as written."""

    def __init__(self, role: Role, speaker: str, text: str = "") -> None:
        """A line by `speaker`; customer lines may start empty and grow."""
        super().__init__(markup=False, classes=f"chat-line -{role}")
        self.role = role
        self.speaker = speaker
        self.text = clean(text)

    def on_mount(self) -> None:
        """Show the initial text."""
        self._show()

    def append(self, chunk: str) -> None:
        """Add streamed text."""
        self.text += clean(chunk)
        self._show()

    def replace(self, text: str) -> None:
        """Show `text` instead (the guard swapped in an authored line)."""
        self.text = clean(text)
        self._show()

    def _show(self) -> None:
        line = Text(f"{self.speaker}: ", style="bold")
        line.append(self.text or "…")
        self.update(line)


class TranscriptView(VerticalScroll):
    """The scrolling list of chat lines."""

    def add_line(self, role: Role, speaker: str, text: str = "") -> ChatLine:
        """Append a line and keep it in view."""
        line = ChatLine(role, speaker, text)
        self.mount(line)
        self.scroll_end(animate=False)
        return line

    def follow(self) -> None:
        """Keep the newest text in view while it streams."""
        self.scroll_end(animate=False)
