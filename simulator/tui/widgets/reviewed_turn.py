"""One turn in the coach's view: the words, grades, evidence and notes beside the hidden state."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ListItem, Static

from personas.vocabulary import DIMENSIONS
from simulator.records import TurnRecord
from simulator.store import Flag, Note, Override
from simulator.tui.text import clean

BALANCE_SHORT = {"too_little": "too little", "lagom": "lagom", "too_much": "too much"}


def latest_overrides(overrides: list[Override]) -> dict[str, Override]:
    """The newest override per dimension."""
    return {o.dimension: o for o in overrides}


def grouped_evidence(turn: TurnRecord) -> dict[tuple[str, str], list[str]]:
    """Evidence by (quote, note), with the dimensions it bears on: each point said once."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for evidence in turn.grade.evidence if turn.grade else []:
        key = (evidence.quote.strip(), evidence.note)
        grouped.setdefault(key, []).append(evidence.dimension)
    return grouped


def grade_text(turn: TurnRecord, overrides: list[Override]) -> Text:
    """Each automatic score with the coach's override beside it, then evidence and tips."""
    assert turn.grade is not None
    grade, coach = turn.grade, latest_overrides(overrides)
    text = Text()
    for dimension in DIMENSIONS:
        text.append(f"\n  {dimension:<14}", style="bold")
        text.append(f"{getattr(grade.scores, dimension):g}")
        if dimension in coach:
            override = coach[dimension]
            text.append(f"   coach: {override.score:g}", style="bold magenta")
            text.append(f" ({clean(override.reason)})", style="magenta")
    text.append(f"\n  balance: {BALANCE_SHORT.get(grade.balance, grade.balance)}", style="dim")
    for (quote, note), dimensions in grouped_evidence(turn).items():
        # The whole reply is already shown above; quote only other words (e.g. the customer's).
        shown = f"“{clean(quote)}” " if quote and quote != turn.text.strip() else ""
        text.append(f"\n  · {', '.join(dimensions)}: {shown}{clean(note)}", style="dim")
    for tip in grade.tips:
        text.append(f"\n  Tip: {clean(tip)}", style="italic")
    return text


def words_text(turn: TurnRecord, speaker: str, notes: list[Note],
               overrides: list[Override], flags: Sequence[Flag] = ()) -> Text:
    """The left column: who said what, the grade, the trainee's flags and the coach's notes."""
    text = Text(f"#{turn.index} {clean(speaker)}: ", style="bold")
    text.append(clean(turn.text))
    if turn.grade is not None:
        text.append(grade_text(turn, overrides))
    for flag in flags:
        text.append("\n  Flagged by the trainee", style="bold red")
        text.append(f": {clean(flag.reason)}" if flag.reason else " (no reason given)",
                    style="red")
    for note in notes:
        text.append(f"\n  Coach note: {clean(note.text)}", style="bold cyan")
    return text


def state_text(turn: TurnRecord) -> Text:
    """The right column: the customer's hidden state and intent, or the reply's signals."""
    text = Text()
    if turn.role == "trainee":
        signals = turn.grade.signals if turn.grade else []
        text.append("signals: ", style="bold")
        text.append(", ".join(s.replace("_", " ") for s in signals) or "none")
        return text
    text.append("intent: ", style="bold")
    text.append(f"{(turn.intent or '?').replace('_', ' ')} ({turn.source})")
    if turn.state is not None:
        state = turn.state
        text.append(f"\ndistress {state.distress:.1f} · trust {state.trust:.1f} · "
                    f"patience {state.patience:.1f}")
        text.append(f"\nband {state.band}" + (f" · rung {state.rung}" if state.rung else ""))
        if state.revealed_needs:
            text.append(f"\nrevealed: {', '.join(state.revealed_needs)}")
        if state.met_needs:
            text.append(f"\nmet: {', '.join(state.met_needs)}")
    if turn.rejection:
        text.append(f"\nguard rejected the model: {clean(turn.rejection)}", style="yellow")
    return text


class ReviewedTurn(ListItem):
    """A selectable row of the session transcript for the coach."""

    def __init__(self, turn: TurnRecord, speaker: str, notes: list[Note],
                 overrides: list[Override], flags: Sequence[Flag] = ()) -> None:
        """One turn with its notes, overrides and the trainee's flags."""
        super().__init__(classes=f"reviewed-turn -{turn.role}")
        self.turn = turn
        self.speaker = speaker
        self.notes = notes
        self.overrides = overrides
        self.flags = list(flags)

    def compose(self) -> ComposeResult:
        """Words and grades on the left, hidden state on the right."""
        with Horizontal():
            yield Static(words_text(self.turn, self.speaker, self.notes, self.overrides,
                                    self.flags), classes="turn-words")
            yield Static(state_text(self.turn), classes="turn-state")
