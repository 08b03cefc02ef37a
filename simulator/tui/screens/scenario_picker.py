"""Pick a scenario, filtered by archetype, language, difficulty and domain."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Label, Select

from personas.vocabulary import LANGUAGE_NAMES
from scenarios.model import Scenario
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import literal
from simulator.tui.widgets.backend_status import BackendStatusLine

FILTERS = ("archetype", "language", "difficulty", "domain")
"""Scenario fields the picker filters on, one drop-down each."""


def words(value: str) -> str:
    """An id as words: `parcel_delivery` → `parcel delivery`."""
    return value.replace("_", " ")


class ScenarioPickerScreen(LagomScreen[None]):
    """A table of scenarios with four filters; Enter opens the briefing."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+l", "clear_filters", "Clear filters", id="clear-filters"),
    ]

    def __init__(self, trainee: str) -> None:
        """Scenarios for `trainee` to practise."""
        super().__init__()
        self.trainee = trainee
        self.shown: list[Scenario] = []

    def compose(self) -> ComposeResult:
        """Filters above, the table below."""
        yield Header()
        with Horizontal(id="picker-filters"):
            for name in FILTERS:
                yield Select[str]([], prompt=f"any {name}", id=f"filter-{name}")
        yield DataTable(id="scenario-table", cursor_type="row", zebra_stripes=True)
        yield Label(id="scenario-count")
        yield BackendStatusLine()
        yield Footer()

    def on_mount(self) -> None:
        """Fill the filters and the table."""
        scenarios = list(self.context.library.scenarios.values())
        for name in FILTERS:
            values = sorted({str(getattr(s, name)) for s in scenarios})
            labels = [(literal(self.label(name, v)), v) for v in values]
            self.query_one(f"#filter-{name}", Select).set_options(labels)
        table = self.query_one(DataTable)
        # The long title goes last so the short columns stay visible at 80 columns.
        table.add_columns("Customer", "Language", "Difficulty", "Domain", "Scenario")
        self.refresh_table()
        table.focus()

    def label(self, field: str, value: str) -> str:
        """How a filter value is shown (plain text: callers wrap it with `literal`)."""
        if field == "language":
            return LANGUAGE_NAMES.get(value, value)
        if field == "archetype" and value in self.context.library.personas:
            return self.context.library.personas[value].name
        return words(value)

    def chosen(self) -> dict[str, str]:
        """The filters that are set."""
        chosen: dict[str, str] = {}
        for name in FILTERS:
            value = self.query_one(f"#filter-{name}", Select).value
            if value is not Select.NULL:
                chosen[name] = str(value)
        return chosen

    @on(Select.Changed)
    def refresh_table(self) -> None:
        """Show the scenarios that match every filter set."""
        chosen = self.chosen()
        library = self.context.library
        self.shown = [
            s for s in sorted(library.scenarios.values(), key=lambda s: (s.language, s.title))
            if all(str(getattr(s, k)) == v for k, v in chosen.items())
        ]
        table = self.query_one(DataTable)
        table.clear()
        for s in self.shown:
            # Every cell is file-supplied text: shown literally, never as markup.
            cells = (self.label("archetype", s.archetype),
                     LANGUAGE_NAMES.get(s.language, s.language), s.difficulty, words(s.domain),
                     s.title)
            table.add_row(*(literal(cell) for cell in cells), key=s.id)
        total = len(library.scenarios)
        self.query_one("#scenario-count", Label).update(
            f"{len(self.shown)} of {total} scenarios · Enter: briefing"
        )

    def action_clear_filters(self) -> None:
        """Show every scenario again."""
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()

    @on(DataTable.RowSelected, "#scenario-table")
    def open_briefing(self, event: DataTable.RowSelected) -> None:
        """Open the chosen scenario's briefing."""
        from simulator.tui.screens.briefing import BriefingScreen

        scenario = self.context.library.scenarios[str(event.row_key.value)]
        start = self.app.start  # type: ignore[attr-defined]
        self.app.push_screen(BriefingScreen(scenario, self.trainee, start.mode, start.seed))
