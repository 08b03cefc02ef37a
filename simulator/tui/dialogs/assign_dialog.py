"""The trainer assigns a scenario from the cohort view: the same form as `lagom assign`."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from simulator.classroom.assigning import draw_seed, parse_due, parse_names
from simulator.tui.text import literal


@dataclass(frozen=True)
class AssignmentRequest:
    """What the trainer filled in."""

    scenario_id: str
    trainees: list[str]
    """Names; empty means every trainee of the class."""
    due: str | None
    mode: str
    seed: int
    min_attempts: int


class AssignDialog(ModalScreen[AssignmentRequest | None]):
    """Scenario, who (names or everyone), due date, exam, seed and minimum attempts."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]
    DEFAULT_CSS = """
    AssignDialog { align: center middle; }
    #assign-box { width: 80; height: auto; border: thick $primary; background: $panel;
                  padding: 1 2; }
    #assign-box Input, #assign-box Select { margin-bottom: 1; }
    #assign-error { color: $error; height: auto; }
    #assign-buttons { height: auto; align-horizontal: right; }
    """

    def __init__(self, scenarios: list[tuple[str, str]]) -> None:
        """`scenarios`: (title, id) pairs to choose from."""
        super().__init__()
        self.scenarios = scenarios

    def compose(self) -> ComposeResult:
        """The form."""
        with Vertical(id="assign-box"):
            yield Label("Assign a scenario (everyone plays the same seed)")
            choices = [(literal(title), value) for title, value in self.scenarios]
            yield Select(choices, prompt="Scenario", id="assign-scenario")
            yield Input(placeholder="Trainees: names, comma-separated (blank: everyone)",
                        id="assign-names")
            yield Input(placeholder="Due date YYYY-MM-DD (optional)", id="assign-due")
            yield Input(placeholder="Finished attempts needed (default 1)", id="assign-min",
                        type="integer")
            yield Input(placeholder="Seed (blank: drawn now)", id="assign-seed", type="integer")
            yield Checkbox("Exam: no tips until the end", id="assign-exam")
            yield Label("", id="assign-error", markup=False)
            with Horizontal(id="assign-buttons"):
                yield Button("Assign", variant="primary", id="assign-ok")
                yield Button("Cancel", id="assign-cancel")

    def action_cancel(self) -> None:
        """Close without assigning."""
        self.dismiss(None)

    @on(Button.Pressed, "#assign-cancel")
    def cancel_pressed(self) -> None:
        """Close without assigning."""
        self.dismiss(None)

    @on(Button.Pressed, "#assign-ok")
    def assign_pressed(self) -> None:
        """Check the form; dismiss with the request, or say what is wrong."""
        try:
            self.dismiss(self.request())
        except ValueError as error:
            self.query_one("#assign-error", Label).update(literal(str(error)))

    def request(self) -> AssignmentRequest:
        """The filled-in form; ValueError with a message when something is missing or wrong."""
        scenario = self.query_one("#assign-scenario", Select).value
        if not isinstance(scenario, str):
            raise ValueError("Choose a scenario.")
        value = {key: self.query_one(f"#assign-{key}", Input).value.strip()
                 for key in ("names", "due", "min", "seed")}
        minimum = int(value["min"] or 1)
        if minimum < 1:
            raise ValueError("At least 1 finished attempt.")
        return AssignmentRequest(
            scenario_id=scenario,
            trainees=parse_names([value["names"]]),
            due=parse_due(value["due"]),
            mode="exam" if self.query_one("#assign-exam", Checkbox).value else "practice",
            seed=int(value["seed"]) if value["seed"] else draw_seed(),
            min_attempts=minimum,
        )
