"""One saved session for the coach: every turn with grades, evidence, hidden state and notes."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, ListView, Static

from simulator.realism import session_realism
from simulator.store import SavedSession, StoreError
from simulator.tui.dialogs import NoteDialog, ScoreOverride, ScoreOverrideDialog
from simulator.tui.screens.base import LagomScreen
from simulator.tui.screens.coach_review import agreement_words
from simulator.tui.text import clean
from simulator.tui.widgets.reviewed_turn import ReviewedTurn


def header_text(saved: SavedSession) -> Text:
    """Who, what, when and how it went."""
    info = saved.info
    text = Text(f"{clean(info.trainee)} · {clean(info.scenario_title or info.scenario_id)}",
                style="bold")
    outcome = (info.outcome or info.status).replace("_", " ")
    score = f"{info.overall:.1f}" if info.overall is not None else "–"
    text.append(f"\n{info.started_at[:16].replace('T', ' ')} · {info.mode} · {outcome} · "
                f"overall {score} · {info.backend} {info.model or ''}".rstrip())
    return text


class SessionDetailScreen(LagomScreen[None]):
    """The transcript of one session; the coach adds notes and overrides scores."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("n", "add_note", "Note", id="note"),
        Binding("o", "override", "Override score", id="override"),
    ]

    def __init__(self, session_id: str) -> None:
        """The saved session `session_id`."""
        super().__init__()
        self.session_id = session_id
        self.saved: SavedSession | None = None

    def compose(self) -> ComposeResult:
        """Header, agreement and the turns."""
        yield Header()
        yield Static(id="detail-header")
        yield Static(id="detail-agreement", markup=False)
        yield Static(id="detail-realism", markup=False)
        yield ListView(id="detail-turns")
        yield Footer()

    def on_mount(self) -> None:
        """Load the session."""
        self.reload()
        self.query_one(ListView).focus()

    def reload(self) -> None:
        """Read the session again and rebuild the turns, keeping the selection."""
        store = self.context.store
        self.saved = saved = store.load_session(self.session_id)
        self.query_one("#detail-header", Static).update(header_text(saved))
        self.query_one("#detail-agreement", Static).update(
            agreement_words(store.agreement(self.session_id), "this session")
        )
        self.query_one("#detail-realism", Static).update(
            f"Realism: {session_realism(saved).summary()}."
        )
        turns = self.query_one(ListView)
        selected = turns.index
        turns.clear()
        for turn in saved.turns:
            speaker = saved.info.trainee if turn.role == "trainee" else "Customer"
            turns.append(ReviewedTurn(turn, speaker, saved.notes_for(turn.index),
                                      saved.overrides_for(turn.index),
                                      saved.flags_for(turn.index)))
        turns.index = selected if selected is not None else 0

    def saved_or_said(self, write: Callable[[], None]) -> None:
        """Run a store write and show the result, or say why it could not be saved."""
        try:
            write()
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.reload()

    def selected(self) -> ReviewedTurn | None:
        """The turn under the cursor."""
        item = self.query_one(ListView).highlighted_child
        return item if isinstance(item, ReviewedTurn) else None

    def action_add_note(self) -> None:
        """Ask for a note on the selected turn."""
        item = self.selected()
        if item is None:
            return
        index = item.turn.index

        def save(text: str | None) -> None:
            if text:
                store = self.context.store
                self.saved_or_said(lambda: store.add_note(self.session_id, index, text))

        self.app.push_screen(NoteDialog(f"Note on turn #{index}"), save)

    def action_override(self) -> None:
        """Ask for the coach's score of one dimension of the selected reply."""
        item = self.selected()
        if item is None or item.turn.grade is None:
            self.notify("Select a graded reply of the trainee to override its score.",
                        severity="warning")
            return
        index = item.turn.index

        def save(override: ScoreOverride | None) -> None:
            if override:
                self.saved_or_said(lambda: self.context.store.override_score(
                    self.session_id, index, override.dimension, override.score, override.reason
                ))

        dialog = ScoreOverrideDialog(f"Your score for reply #{index}", item.turn.grade.scores)
        self.app.push_screen(dialog, save)
