"""The Lagom Textual app: bindings, the stylesheet, the first screen and the model warm-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from simulator.tui.backend_holder import BackendHolder
from simulator.tui.context import AppContext, StartPlan
from simulator.tui.widgets.backend_status import BackendStatus

if TYPE_CHECKING:
    from scenarios.library import Library
    from simulator.backends.base import CustomerBackend
    from simulator.store import Store


def first_screens(start: StartPlan) -> list[Screen]:
    """The screens to push at launch, bottom first."""
    if start.trainer:
        from simulator.tui.screens.class_view import ClassScreen

        return [ClassScreen()]
    if start.review:
        from simulator.tui.screens.coach_review import CoachReviewScreen

        return [CoachReviewScreen()]
    from simulator.tui.screens.welcome import WelcomeScreen

    screens: list[Screen] = [WelcomeScreen(start)]
    if start.scenario_id and start.trainee:
        screens.append(WelcomeScreen(start).next_screen(start.trainee))
    return screens


class LagomApp(App[None]):
    """Practice for trainees and review for coaches; every finished turn is already saved."""

    CSS_PATH = "lagom.tcss"
    TITLE = "Lagom"
    SUB_TITLE = "practise hard conversations"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit; every turn is saved",
                id="quit"),
    ]

    backend_status: reactive[BackendStatus] = reactive(
        BackendStatus("warming", "Customer model: starting…"), always_update=True
    )
    """What the status line on every screen shows about the customer model."""

    @dataclass
    class BackendProgressed(Message):
        """A slow first load reported progress."""

        text: str
        fraction: float | None

        def can_replace(self, message: Message) -> bool:
            """Only the latest progress matters: a newer report replaces a pending one."""
            return isinstance(message, LagomApp.BackendProgressed)

    @dataclass
    class BackendWarmedUp(Message):
        """The customer model is ready."""

        model_id: str
        generates: bool

    @dataclass
    class BackendFailedToStart(Message):
        """The customer model could not start; `message` says why."""

        message: str

    def __init__(self, context: AppContext, start: StartPlan | None = None) -> None:
        """Run with these services; `start` says which screen opens first."""
        super().__init__()
        self.context = context
        self.start = start or StartPlan()

    def on_mount(self) -> None:
        """Show the first screen, then warm the model up behind it."""
        for screen in first_screens(self.start):
            self.push_screen(screen)
        if problems := self.context.library.problems:
            self.notify(f"{len(problems)} problem(s) in scenario files: those files were skipped "
                        "(run `lagom lint` for details).", severity="warning", timeout=8)
        if self.start.review:
            self.backend_status = BackendStatus("off", "Coach review")
        else:
            # After the first paint, so the first screen is usable at once.
            self.call_after_refresh(self.warm_up_backend)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up_backend(self) -> None:
        """Build and warm the backend in a thread; post progress, success or failure."""
        from simulator.backends.base import BackendError

        def progress(text: str, fraction: float | None) -> None:
            self.post_message(self.BackendProgressed(text, fraction))

        self.post_message(self.BackendProgressed("Customer model: warming up…", None))
        try:
            backend = self.context.backend.warm_up(progress)
        except BackendError as exc:
            self.post_message(self.BackendFailedToStart(str(exc)))
            return
        self.post_message(self.BackendWarmedUp(backend.model_id, backend.generates))

    @on(BackendProgressed)
    def show_progress(self, event: BackendProgressed) -> None:
        """Show the warm-up's progress."""
        if not self.context.backend.ready:
            self.backend_status = BackendStatus("warming", event.text, event.fraction)

    @on(BackendWarmedUp)
    def show_ready(self, event: BackendWarmedUp) -> None:
        """Say which model plays the customer."""
        if event.generates:
            self.backend_status = BackendStatus("ready", f"Customer model: {event.model_id}")
        else:
            self.backend_status = BackendStatus("authored", "Customer: authored lines")

    @on(BackendFailedToStart)
    def offer_authored_lines(self, event: BackendFailedToStart) -> None:
        """Explain the failure and offer to go on without the model."""
        from simulator.tui.dialogs import BackendFailedDialog

        self.backend_status = BackendStatus("failed", "Customer model failed to start")
        self.push_screen(BackendFailedDialog(event.message), self._after_backend_failed)

    def _after_backend_failed(self, go_on: bool | None) -> None:
        if not go_on:
            self.exit()
            return
        self.context.backend.use_authored_lines()
        self.backend_status = BackendStatus("authored", "Customer: authored lines (model off)")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: Lagom's own commands next to Textual's."""
        yield from super().get_system_commands(screen)
        if not self.start.served:  # a trainee's browser never reaches other people's sessions
            yield SystemCommand("Coach review", "Review saved sessions", self.open_review)
        yield SystemCommand("Practise", "Pick a scenario to practise", self.open_practice)

    def open_review(self) -> None:
        """Open the coach review on top of the current screen."""
        from simulator.tui.screens.coach_review import CoachReviewScreen

        if self.start.served:
            return
        self.push_screen(CoachReviewScreen())

    def open_practice(self) -> None:
        """Open the welcome screen (who is practising, then a scenario)."""
        from simulator.tui.screens.welcome import WelcomeScreen

        if self.backend_status.state == "off":  # opened from the coach review
            self.warm_up_backend()
        self.push_screen(WelcomeScreen(StartPlan()))

    def on_unmount(self) -> None:
        """Release the model; the store has committed every turn already."""
        self.context.backend.close()


def make_app(
    library: Library,
    backend: CustomerBackend | BackendHolder,
    store: Store,
    start: StartPlan | None = None,
    clock: Callable[[], float] | None = None,
) -> LagomApp:
    """Build the app from its services (the command line and tests both use this)."""
    holder = backend if isinstance(backend, BackendHolder) else BackendHolder.ready_with(backend)
    context = AppContext(library=library, store=store, backend=holder)
    if clock is not None:
        context.clock = clock
    return LagomApp(context, start)
