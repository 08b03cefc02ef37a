"""The first screen: who is practising, their assignments, and unfinished sessions to continue.

In the terminal the name is remembered between runs. In a browser tab of `lagom serve`
every tab has its own name (typed there, never shared between tabs), and only that
trainee's assignments and unfinished sessions are listed; the coach review is not offered.
"""

from __future__ import annotations

from contextlib import suppress

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from simulator.store import SessionInfo, StoreError
from simulator.store.classroom import Assignment
from simulator.tui.context import SessionPlan, StartPlan
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import literal
from simulator.tui.widgets.backend_status import BackendStatusLine

TRAINEE_KEY = "trainee"
"""The store setting that remembers who practised last (terminal only)."""

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
    """Asks for the trainee's name, then opens the picker, an assignment, or a saved session."""

    BINDINGS = [Binding("ctrl+r", "open_review", "Coach review", id="review")]
    DEFAULT_CSS = """
    #assignment-title { text-style: bold; margin-top: 1; }
    #assignment-list { height: auto; max-height: 10; }
    """

    def __init__(self, start: StartPlan) -> None:
        """`start` may name a scenario to go straight to."""
        super().__init__()
        self.start = start
        self.unfinished: list[SessionInfo] = []
        self.assigned: list[Assignment] = []

    def compose(self) -> ComposeResult:
        """Name field, start button, assignments and the unfinished sessions."""
        yield Header()
        with VerticalScroll(id="welcome"):
            yield Static(INTRO, id="welcome-intro")
            yield Label("Who is practising?", id="trainee-label")
            with Horizontal(id="trainee-row"):
                yield Input(placeholder="Your name", id="trainee-name")
                yield Button("Start", variant="primary", id="start")
            yield Label("Your assignments: choose one to start it", id="assignment-title")
            yield OptionList(id="assignment-list")
            yield Label("Unfinished sessions: continue where you left off", id="resume-title")
            yield OptionList(id="resume-list")
        yield BackendStatusLine()
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A trainee's browser tab has no way into the coach review."""
        if action == "open_review":
            return not self.start.served
        return True

    def action_open_review(self) -> None:
        """Open the coach review (the terminal only)."""
        self.app.open_review()  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        """Fill in the remembered name (terminal only), assignments and unfinished sessions."""
        name = self.start.trainee or ""
        if not self.start.served and not name:
            name = self.context.store.get_setting(TRAINEE_KEY) or ""
        self.query_one("#trainee-name", Input).value = name
        self.query_one("#trainee-name", Input).focus()
        self.refresh_lists()

    def on_screen_resume(self) -> None:
        """Coming back from a session: it may have become unfinished or finished."""
        self.refresh_lists()

    @property
    def typed_name(self) -> str:
        """The name in the field, spaces tidied."""
        return " ".join(self.query_one("#trainee-name", Input).value.split())

    @on(Input.Changed, "#trainee-name")
    def refresh_lists(self) -> None:
        """Show the typed trainee's assignments and the unfinished sessions."""
        self.show_assignments()
        self.show_unfinished()

    def show_unfinished(self) -> None:
        """List sessions that never reached an outcome (in a browser: this trainee's only)."""
        known = self.context.library.scenarios
        if self.start.served:
            name = self.typed_name
            found = self.context.store.interrupted_sessions(name) if name else []
        else:
            found = self.context.store.interrupted_sessions()
        self.unfinished = [s for s in found if s.scenario_id in known]
        self._fill("#resume-list", "#resume-title",
                   [Option(literal(resume_label(s)), id=s.id) for s in self.unfinished])

    def show_assignments(self) -> None:
        """List the typed trainee's assignments with their status."""
        from simulator.classroom.progress import assignment_status, counted_sessions, status_line

        name, library = self.typed_name, self.context.library
        try:
            found = self.context.store.list_assignments(name) if name else []
            sessions = self.context.store.list_sessions(trainee=name) if found else []
        except StoreError:  # an older database without the classroom tables
            found, sessions = [], []
        self.assigned = [a for a in found if a.scenario_id in library.scenarios]
        options = []
        for assignment in self.assigned:
            status = assignment_status(assignment, sessions)
            done = sum(1 for s in counted_sessions(assignment, sessions) if s.ended_at)
            title = library.scenarios[assignment.scenario_id].title
            options.append(Option(literal(status_line(assignment, status, title, done)),
                                  id=str(assignment.id)))
        self._fill("#assignment-list", "#assignment-title", options)

    def _fill(self, list_id: str, title_id: str, options: list[Option]) -> None:
        listing = self.query_one(list_id, OptionList)
        listing.clear_options()
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        listing.display = bool(options)
        self.query_one(title_id).display = bool(options)

    def remember(self, name: str) -> str | None:
        """Record who is practising; None (with a notice) when the name is blank."""
        if not name:
            self.notify("Type your name first: your sessions are saved under it.",
                        severity="warning")
            return None
        try:
            if not self.start.served:
                self.context.store.set_setting(TRAINEE_KEY, name)
        except StoreError as exc:  # not remembering the name must not stop practice
            self.notify(str(exc), title="Name not remembered", severity="warning", markup=False)
        with suppress(StoreError):  # the class list is a convenience for the trainer
            name = self.context.store.touch_trainee(name)
        return name

    @on(Input.Submitted, "#trainee-name")
    @on(Button.Pressed, "#start")
    def start_practice(self) -> None:
        """Remember the name and go on to a scenario."""
        if name := self.remember(self.typed_name):
            self.app.push_screen(self.next_screen(name))

    def next_screen(self, trainee: str) -> LagomScreen[None]:
        """The briefing of a scenario named on the command line, else the picker."""
        if self.start.scenario_id:
            from simulator.tui.screens.briefing import BriefingScreen

            scenario = self.context.library.scenarios[self.start.scenario_id]
            return BriefingScreen(scenario, trainee, self.start.mode, self.start.seed)
        from simulator.tui.screens.scenario_picker import ScenarioPickerScreen

        return ScenarioPickerScreen(trainee)

    @on(OptionList.OptionSelected, "#assignment-list")
    def start_assignment(self, event: OptionList.OptionSelected) -> None:
        """Open the assigned scenario's briefing with the assigned seed and mode."""
        from simulator.tui.screens.briefing import BriefingScreen

        assignment = next(a for a in self.assigned if str(a.id) == event.option.id)
        if name := self.remember(self.typed_name):
            scenario = self.context.library.scenarios[assignment.scenario_id]
            mode = "exam" if assignment.mode == "exam" else "practice"
            self.app.push_screen(BriefingScreen(scenario, name, mode, assignment.seed))

    @on(OptionList.OptionSelected, "#resume-list")
    def continue_session(self, event: OptionList.OptionSelected) -> None:
        """Reopen an unfinished session where it stopped."""
        from simulator.tui.screens.chat import ChatScreen

        info = next(s for s in self.unfinished if s.id == event.option.id)
        plan = SessionPlan(info.scenario_id, info.trainee, info.mode, info.seed, resume_id=info.id)
        self.app.push_screen(ChatScreen(plan))
