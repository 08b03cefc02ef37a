"""The coach's list of saved sessions: filter, open one, see how often coach and evaluator agree."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from simulator.realism import SCENARIO_HEADINGS, by_scenario, scenario_cells
from simulator.store import Agreement, SessionInfo, StoreError
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import clean, literal

COLUMNS = ("Trainee", "Scenario", "Date", "Mode", "Outcome", "Score", "Turns")


def agreement_words(agreement: Agreement, scope: str = "all sessions") -> str:
    """How often coach and evaluator agree, in one line."""
    if agreement.share is None:
        return f"Coach and evaluator ({scope}): no score overridden yet."
    return (
        f"Coach and evaluator ({scope}) agree within 1 point on {agreement.within_one} of "
        f"{agreement.overrides} overridden scores ({agreement.share:.0%})."
    )


def row_for(info: SessionInfo) -> tuple[str, ...]:
    """The table cells of one session."""
    return (
        info.trainee,
        info.scenario_title or info.scenario_id,
        info.started_at[:16].replace("T", " "),
        info.mode,
        (info.outcome or info.status).replace("_", " "),
        f"{info.overall:.1f}" if info.overall is not None else "–",
        str(info.turn_count),
    )


class CoachReviewScreen(LagomScreen[None]):
    """Saved sessions by trainee, scenario, date, outcome and score."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="filter"),
        Binding("r", "realism", "Realism by scenario", id="realism"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        """The list is read from the store on mount."""
        super().__init__()
        self.sessions: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        """Agreement, filter and the table."""
        yield Header()
        yield Static(id="review-agreement", markup=False)
        yield Input(placeholder="Filter: trainee, scenario, date, outcome… (/)", id="review-filter")
        yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Load the sessions."""
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        """Back from a session: notes and overrides may have changed the figures."""
        self.reload()

    def reload(self) -> None:
        """Read the sessions and the agreement figure again."""
        store = self.context.store
        self.sessions = store.list_sessions()
        self.query_one("#review-agreement", Static).update(agreement_words(store.agreement()))
        self.show_rows()

    @on(Input.Changed, "#review-filter")
    def show_rows(self) -> None:
        """Show the sessions whose cells contain the filter text."""
        needle = self.query_one("#review-filter", Input).value.strip().casefold()
        table = self.query_one(DataTable)
        table.clear()
        for info in self.sessions:
            cells = row_for(info)
            if needle in " ".join(cells).casefold():
                table.add_row(*(literal(c) for c in cells), key=info.id)
        if not self.sessions:
            table.add_row("No saved sessions yet.", *([""] * (len(COLUMNS) - 1)))

    @on(Input.Submitted, "#review-filter")
    def action_focus_table(self) -> None:
        """Enter in the filter moves to the table."""
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        """Jump to the filter."""
        self.query_one("#review-filter", Input).focus()

    def action_back(self) -> None:
        """Leave the review when it was opened from practice; else clear the filter."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.query_one("#review-filter", Input).value = ""

    def shown_ids(self) -> list[str]:
        """The ids of the sessions the filter leaves in the table."""
        known = {s.id for s in self.sessions}
        rows = self.query_one(DataTable).rows
        return [str(key.value) for key in rows if key.value in known]

    def action_realism(self) -> None:
        """Per scenario, over the sessions shown: model lines, replacements and flags."""
        self.app.push_screen(RealismScreen(self.shown_ids()))

    @on(DataTable.RowSelected, "#sessions-table")
    def open_session(self, event: DataTable.RowSelected) -> None:
        """Open the selected session's transcript."""
        from simulator.tui.screens.session_detail import SessionDetailScreen

        if event.row_key.value in {s.id for s in self.sessions}:
            self.app.push_screen(SessionDetailScreen(str(event.row_key.value)))


class RealismScreen(LagomScreen[None]):
    """Per scenario: how many lines the model wrote, which the guard replaced and why, and
    the lines trainees flagged with their reasons, so a coach knows which scenario to fix."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self, session_ids: list[str]) -> None:
        """The realism of the sessions `session_ids` (those the review's filter shows)."""
        super().__init__()
        self.session_ids = session_ids

    def compose(self) -> ComposeResult:
        """A heading, the table by scenario and the flagged lines."""
        yield Header()
        yield Static(id="realism-heading", markup=False)
        yield DataTable(id="realism-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="realism-flags")
        yield Footer()

    def on_mount(self) -> None:
        """Read the sessions and fill the table."""
        store = self.context.store
        try:
            rows = by_scenario(store.load_session(sid) for sid in self.session_ids)
        except StoreError as exc:
            self.notify(str(exc), title="Not read", severity="error", markup=False)
            rows = []
        sessions = len(self.session_ids)
        self.query_one("#realism-heading", Static).update(
            f"Customer lines by scenario over {sessions} session{'s' * (sessions != 1)}: "
            "the share written by the model, lines the guard replaced (by reason) and lines "
            "trainees flagged."
        )
        table = self.query_one(DataTable)
        table.add_columns(*(h.capitalize() for h in SCENARIO_HEADINGS))
        for row in rows:
            table.add_row(*(literal(cell) for cell in scenario_cells(row)), key=row.scenario_id)
        flags = Text()
        for row in rows:
            for flag in row.realism.flagged:
                flags.append(f"\n{clean(row.scenario_id)} #{flag.turn_index} ", style="bold")
                flags.append(f"“{clean(flag.text)}”" if flag.text else "(line not found)")
                flags.append(f" — {clean(flag.reason)}" if flag.reason else " — no reason given",
                             style="red")
        if flags:
            flags = Text("Flagged lines", style="bold underline") + flags
        else:
            flags = Text("No line was flagged.", style="dim")
        self.query_one("#realism-flags", Static).update(flags)
        table.focus()
