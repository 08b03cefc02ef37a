"""The four scores reply by reply, as one row of blocks per dimension (no plotting library)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from evaluation.models import ReplyGrade
from personas.vocabulary import DIMENSIONS

BLOCKS = "▁▂▃▄▅▆▇█"
"""Eight heights: a score of 1 is the lowest, 5 the highest."""


def block(score: float) -> str:
    """The block for a 1-5 score."""
    level = round((min(5.0, max(1.0, score)) - 1) / 4 * (len(BLOCKS) - 1))
    return BLOCKS[level]


def score_style(score: float) -> str:
    """Red for weak, yellow for middling, green for good scores."""
    if score < 2.5:
        return "red"
    if score < 3.5:
        return "yellow"
    return "green"


class ScoreChart(Static):
    """Rows of blocks per dimension, one column per graded reply, and first → last score."""

    def __init__(self, grades: list[ReplyGrade], **kwargs: object) -> None:
        """Chart these grades, in reply order."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grades = grades

    def render(self) -> Text:
        """One row per dimension."""
        if not self.grades:
            return Text("No replies were graded.", style="dim")
        gap = " " if len(self.grades) <= 20 else ""  # many replies still fit in 80 columns
        text = Text()
        text.append(" " * 14 + gap.join(str(i + 1)[-1] for i in range(len(self.grades))))
        text.append("  reply\n", style="dim")
        for dimension in DIMENSIONS:
            scores = [getattr(g.scores, dimension) for g in self.grades]
            text.append(f"{dimension:<14}", style="bold")
            for i, score in enumerate(scores):
                text.append(block(score), style=score_style(score))
                if i < len(scores) - 1:
                    text.append(gap)
            text.append(f"  {scores[0]:.1f} → {scores[-1]:.1f}\n")
        text.rstrip()
        return text
