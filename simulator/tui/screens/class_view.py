"""The trainer's cohort view: who practises now, results per trainee and scenario, weakest."""

from __future__ import annotations

import io
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, Static

from personas.vocabulary import DIMENSIONS
from simulator.classroom.cohort import CohortReport, Result, load_report
from simulator.store import StoreError
from simulator.tui.dialogs.assign_dialog import AssignDialog, AssignmentRequest
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import literal

RESULT_COLUMNS = ("Trainee", "Scenario", "Assignment", "Tries", "Outcome", "Latest", "Best",
                  *(d.capitalize() for d in DIMENSIONS))
"""The results table: latest overall and best overall, then the latest score per dimension."""
REFRESH_S = 5.0
"""How often the view reads the store again (trainees practise meanwhile)."""


def score(value: float | None) -> str:
    """A score cell."""
    return "–" if value is None else f"{value:.1f}"


def result_cells(result: Result) -> tuple[str, ...]:
    """One trainee × scenario row."""
    return (
        result.trainee, result.scenario, result.assignment or "", str(result.attempts),
        (result.latest_outcome or ("unfinished" if result.attempts else "–")).replace("_", " "),
        score(result.latest_overall), score(result.best_overall),
        *(score(result.latest_scores.get(d)) for d in DIMENSIONS),
    )


def active_words(report: CohortReport) -> str:
    """Who is practising now, in one or a few lines."""
    if not report.active:
        return f"Nobody is practising right now · {len(report.trainees)} trainees in the class."
    lines = [f"{a.trainee}: {a.scenario} ({a.turns} turns)" for a in report.active]
    return f"Practising now ({len(lines)}): " + " · ".join(lines)


class ClassScreen(LagomScreen[None]):
    """The cohort at a glance; Enter opens the latest session of a row."""

    BINDINGS = [
        Binding("a", "assign", "Assign", id="assign"),
        Binding("r", "refresh_report", "Refresh", id="refresh"),
        Binding("s", "all_sessions", "All sessions", id="sessions"),
        Binding("h", "export('html')", "Export HTML", id="export-html"),
        Binding("c", "export('csv')", "Export CSV", id="export-csv"),
    ]
    DEFAULT_CSS = """
    #class-active { padding: 0 1; margin-bottom: 1; }
    .class-heading { text-style: bold; padding: 0 1; }
    #class-results { height: 2fr; }
    #class-weakest { height: 1fr; }
    """

    def __init__(self) -> None:
        """The report is read on mount and every few seconds."""
        super().__init__()
        self.report: CohortReport | None = None

    def compose(self) -> ComposeResult:
        """Who practises now, the results, and the weakest dimension per scenario."""
        yield Header()
        yield Static(id="class-active", markup=False)
        yield Label("Results per trainee and scenario (Enter: review the latest session)",
                    classes="class-heading")
        yield DataTable(id="class-results", cursor_type="row", zebra_stripes=True)
        yield Label("Weakest dimension per scenario (mean over the cohort)",
                    classes="class-heading")
        yield DataTable(id="class-weakest", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the tables and keep them fresh."""
        self.query_one("#class-results", DataTable).add_columns(*RESULT_COLUMNS)
        self.query_one("#class-weakest", DataTable).add_columns(
            "Scenario", "Trainees", *(d.capitalize() for d in DIMENSIONS), "Weakest")
        self.action_refresh_report()
        self.set_interval(REFRESH_S, self.action_refresh_report)
        self.query_one("#class-results", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Back from a review: notes and overrides do not change these figures, but time did."""
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        """Read the store again and redraw."""
        try:
            self.report = load_report(self.context.store)
        except StoreError as exc:
            self.notify(str(exc), title="Cannot read the sessions", severity="error", markup=False)
            return
        self.query_one("#class-active", Static).update(literal(active_words(self.report)))
        self._fill_results(self.report)
        self._fill_weakest(self.report)

    def _fill_results(self, report: CohortReport) -> None:
        table = self.query_one("#class-results", DataTable)
        row = table.cursor_row
        table.clear()
        for index, result in enumerate(report.results):
            table.add_row(*(literal(c) for c in result_cells(result)),
                          key=result.latest_session or f"none-{index}")
        if report.results:
            table.move_cursor(row=min(row, len(report.results) - 1))

    def _fill_weakest(self, report: CohortReport) -> None:
        table = self.query_one("#class-weakest", DataTable)
        table.clear()
        for figure in report.scenarios:
            table.add_row(literal(figure.scenario), str(figure.trainees),
                          *(f"{figure.means[d]:.1f}" for d in DIMENSIONS), figure.weakest or "")

    @on(DataTable.RowSelected, "#class-results")
    def open_latest(self, event: DataTable.RowSelected) -> None:
        """Open the review of the row's latest finished session."""
        from simulator.tui.screens.session_detail import SessionDetailScreen

        key = str(event.row_key.value)
        if key.startswith("none-"):
            self.notify("No finished session to review yet.", severity="warning")
            return
        self.app.push_screen(SessionDetailScreen(key))

    def action_all_sessions(self) -> None:
        """Every saved session, to open any one's review."""
        from simulator.tui.screens.coach_review import CoachReviewScreen

        self.app.push_screen(CoachReviewScreen())

    def action_export(self, fmt: str) -> None:
        """Hand the report over: a download in the browser, a file in the terminal."""
        from simulator.classroom.export import render

        if self.report is None:
            return
        name = f"lagom-cohort-{datetime.now():%Y%m%d-%H%M}.{fmt}"
        self.app.deliver_text(io.StringIO(render(self.report, fmt)), save_filename=name)

    def action_assign(self) -> None:
        """Assign a scenario, as `lagom assign` does."""
        choices = sorted((s.title, s.id) for s in self.context.library.scenarios.values())
        self.app.push_screen(AssignDialog(choices), self.record_assignment)

    def record_assignment(self, request: AssignmentRequest | None) -> None:
        """Save what the dialog asked for; say who got it."""
        if request is None:
            return
        store = self.context.store
        try:
            names = request.trainees or [t.name for t in store.list_trainees()]
            if not names:
                self.notify("No trainees yet: name them, or import a class list "
                            "(lagom assign --import FILE).", severity="warning")
                return
            store.assign(request.scenario_id, names, due=request.due, mode=request.mode,
                         seed=request.seed, min_attempts=request.min_attempts)
        except StoreError as exc:
            self.notify(str(exc), title="Not assigned", severity="error", markup=False)
            return
        self.notify(f"Assigned {request.scenario_id} to {len(names)} trainee(s), seed "
                    f"{request.seed}.", markup=False)
        self.action_refresh_report()
