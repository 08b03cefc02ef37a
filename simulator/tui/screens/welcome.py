"""The first screen: who is practising (remembered), and unfinished sessions to continue."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from simulator.store import SessionInfo, StoreError
from simulator.tui.context import SessionPlan, StartPlan
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import literal
from simulator.tui.widgets.backend_status import BackendStatusLine

TRAINEE_KEY = "trainee"
"""The store setting that remembers who practised last."""

INTRO = (
    "Practise hard customer conversations. Lagom empati: neither too little empathy "
    "(cold, mechanical) nor too much (the call loses direction, promises can't be kept)."
)


def resume_label(info: SessionInfo) -> str:
    """One line describing an unfinished session."""
    title = info.scenario_title or info.scenario_id
    started = info.started_at[:16].replace("T", " ")
    return f"{info.trainee} · {title} · {info.mode} · {info.turn_count} turns · {started}"


class WelcomeScreen(LagomScreen[None]):
    """Asks for the trainee's name, then opens the picker (or the briefing of `lagom play`)."""

    BINDINGS = [Binding("ctrl+r", "app.open_review", "Coach review", id="review")]

    def __init__(self, start: StartPlan) -> None:
        """`start` may name a scenario to go straight to."""
        super().__init__()
        self.start = start
        self.unfinished: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        """Name field, start button and the unfinished sessions."""
        yield Header()
        with VerticalScroll(id="welcome"):
            yield Static(INTRO, id="welcome-intro")
            yield Label("Who is practising?", id="trainee-label")
            with Horizontal(id="trainee-row"):
                yield Input(placeholder="Your name", id="trainee-name")
                yield Button("Start", variant="primary", id="start")
            yield Label("Unfinished sessions: continue where you left off", id="resume-title")
            yield OptionList(id="resume-list")
        yield BackendStatusLine()
        yield Footer()

    def on_mount(self) -> None:
        """Fill in the remembered name and the unfinished sessions."""
        name = self.start.trainee or self.context.store.get_setting(TRAINEE_KEY) or ""
        self.query_one("#trainee-name", Input).value = name
        self.query_one("#trainee-name", Input).focus()
        self.show_unfinished()

    def on_screen_resume(self) -> None:
        """Coming back from a session: it may have become unfinished or finished."""
        self.show_unfinished()

    def show_unfinished(self) -> None:
        """List sessions that never reached an outcome."""
        known = self.context.library.scenarios
        self.unfinished = [
            s for s in self.context.store.interrupted_sessions() if s.scenario_id in known
        ]
        options = self.query_one("#resume-list", OptionList)
        options.clear_options()
        options.add_options([Option(literal(resume_label(s)), id=s.id) for s in self.unfinished])
        has_any = bool(self.unfinished)
        if has_any:
            options.highlighted = 0
        options.display = has_any
        self.query_one("#resume-title").display = has_any

    @on(Input.Submitted, "#trainee-name")
    @on(Button.Pressed, "#start")
    def start_practice(self) -> None:
        """Remember the name and go on to a scenario."""
        name = self.query_one("#trainee-name", Input).value.strip()
        if not name:
            self.notify("Type your name first: your sessions are saved under it.",
                        severity="warning")
            return
        try:
            self.context.store.set_setting(TRAINEE_KEY, name)
        except StoreError as exc:  # not remembering the name must not stop practice
            self.notify(str(exc), title="Name not remembered", severity="warning", markup=False)
        self.app.push_screen(self.next_screen(name))

    def next_screen(self, trainee: str) -> LagomScreen[None]:
        """The briefing of a scenario named on the command line, else the picker."""
        if self.start.scenario_id:
            from simulator.tui.screens.briefing import BriefingScreen

            scenario = self.context.library.scenarios[self.start.scenario_id]
            return BriefingScreen(scenario, trainee, self.start.mode, self.start.seed)
        from simulator.tui.screens.scenario_picker import ScenarioPickerScreen

        return ScenarioPickerScreen(trainee)

    @on(OptionList.OptionSelected, "#resume-list")
    def continue_session(self, event: OptionList.OptionSelected) -> None:
        """Reopen an unfinished session where it stopped."""
        from simulator.tui.screens.chat import ChatScreen

        info = next(s for s in self.unfinished if s.id == event.option.id)
        plan = SessionPlan(info.scenario_id, info.trainee, info.mode, info.seed, resume_id=info.id)
        self.app.push_screen(ChatScreen(plan))
