"""The briefing: the situation, what the customer already said, the objectives and the policy."""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from personas.vocabulary import LANGUAGE_NAMES
from scenarios.model import Scenario
from simulator.tui.context import Mode, SessionPlan
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import clean
from simulator.tui.widgets.backend_status import BackendStatusLine


def section(text: Text, heading: str, items: list[str], bullet: str = "•") -> None:
    """Append a heading and a bullet list to `text`."""
    text.append(f"\n{heading}\n", style="bold underline")
    for item in items:
        text.append(f" {bullet} {clean(item)}\n")


def briefing_text(scenario: Scenario) -> Text:
    """Everything the trainee should know before the call, as literal text."""
    customer = scenario.customer
    text = Text(clean(scenario.title), style="bold")
    text.append(
        f"\n{clean(customer.name)}, {customer.age} · {LANGUAGE_NAMES[scenario.language]} · "
        f"{scenario.difficulty} · {scenario.domain.replace('_', ' ')}\n",
        style="dim",
    )
    text.append("\nSituation\n", style="bold underline")
    text.append(clean(customer.situation) + "\n")
    section(text, "What the customer already told us", scenario.customer_said)
    section(text, "What they ask for", [scenario.wants])
    section(text, "Learning objectives", [o.text for o in scenario.objectives])
    policy = scenario.policy
    section(text, "Policy: you may offer", [o.text for o in policy.may_offer], "✓")
    section(text, "Policy: limits you must respect", policy.limits, "!")
    section(text, "Policy: you must not promise", [o.text for o in policy.must_not_promise], "✗")
    return text


class BriefingScreen(LagomScreen[None]):
    """Read the briefing, then start in practice or exam mode."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("p", "begin('practice')", "Practice", id="practice"),
        Binding("e", "begin('exam')", "Exam", id="exam"),
    ]

    def __init__(self, scenario: Scenario, trainee: str, mode: Mode = "practice",
                 seed: int | None = None) -> None:
        """The briefing of `scenario`; `seed` None draws a new one per session."""
        super().__init__()
        self.scenario = scenario
        self.trainee = trainee
        self.mode = mode
        self.seed = seed

    def compose(self) -> ComposeResult:
        """The briefing text and two start buttons."""
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(briefing_text(self.scenario), id="briefing-text")
        with Horizontal(id="briefing-buttons"):
            yield Button("Practice: a tip after each reply", id="practice",
                         variant="primary" if self.mode == "practice" else "default")
            yield Button("Exam: grades only at the end", id="exam",
                         variant="primary" if self.mode == "exam" else "default")
        yield BackendStatusLine()
        yield Footer()

    def on_mount(self) -> None:
        """Focus the preselected mode."""
        self.query_one(f"#{self.mode}", Button).focus()

    @on(Button.Pressed, "#practice, #exam")
    def start_pressed(self, event: Button.Pressed) -> None:
        """Start in the mode of the pressed button."""
        self.action_begin(str(event.button.id))

    def action_begin(self, mode: str) -> None:
        """Start the session in `mode`."""
        from simulator.tui.screens.chat import ChatScreen

        seed = self.seed if self.seed is not None else random.randrange(1_000_000)
        chosen: Mode = "exam" if mode == "exam" else "practice"
        self.app.push_screen(ChatScreen(SessionPlan(self.scenario.id, self.trainee, chosen, seed)))
