"""The conversation: the customer's lines stream in, the trainee replies, every turn is saved.

The session itself (create, save each turn, finish, mark interrupted, resume) is run by
`simulator.runner.SessionRunner`; this screen only shows what it yields. A turn the store
could not save is shown marked "not saved", the input stays locked, and Ctrl+S saves again.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Footer, Header, Input, Static

from scenarios.model import Scenario
from simulator.events import BackendFailed, CustomerChunk, CustomerReplaced
from simulator.records import TurnRecord
from simulator.runner import RunnerEvent, SavePolicy, SessionEnded, TurnUnsaved
from simulator.store import StoreError
from simulator.tui.context import SessionPlan
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import literal
from simulator.tui.widgets.backend_status import BackendStatusLine
from simulator.tui.widgets.mood_panel import MoodPanel
from simulator.tui.widgets.transcript_view import ChatLine, TranscriptView
from simulator.tui.widgets.turn_timer import TurnTimer

if TYPE_CHECKING:
    from simulator.runner import SessionRunner
    from simulator.session import PracticeSession

UNSAVED_MARK = " (not saved)"
"""Added to the speaker of a line the store could not save."""

OUTCOME_WORDS = {
    "resolved": "The customer is satisfied: resolved.",
    "escalated": "The customer asked for a manager: escalated.",
    "customer_left": "The customer hung up.",
    "turn_limit": "Time is up: the turn limit was reached.",
}
"""How each outcome is announced at the end of the chat."""


class ChatScreen(LagomScreen[None]):
    """Talk to the simulated customer; Escape cancels a reply in flight."""

    BINDINGS = [
        Binding("escape", "cancel_reply", "Cancel reply", id="cancel-reply",
                tooltip="Stop the customer's line being written"),
        Binding("ctrl+l", "leave", "Leave (saved)", id="leave",
                tooltip="Leave; the session can be continued from the welcome screen"),
        Binding("ctrl+s", "save_again", "Save again", id="save-again",
                tooltip="Try again to save the turn that could not be saved"),
        Binding("ctrl+f", "flag_line", "Flag line", id="flag-line",
                tooltip="Flag the customer's latest line as wrong (your coach sees it)"),
    ]

    save_policy = SavePolicy()
    """How often a failed save is retried before the turn is shown as not saved."""

    busy: reactive[bool] = reactive(True, init=False)
    """True while the customer speaks: the input is locked."""

    @dataclass
    class ChunkArrived(Message):
        """A piece of the customer's line arrived."""

        text: str

    @dataclass
    class LineReplaced(Message):
        """The guard replaced the streamed line with an authored one."""

        text: str

    @dataclass
    class TurnSaved(Message):
        """A turn is complete and saved."""

        turn: TurnRecord

    @dataclass
    class ModelFailed(Message):
        """The model failed; the customer goes on with authored lines."""

        message: str

    @dataclass
    class ReplyFinished(Message):
        """The customer finished speaking (or was cancelled)."""

        cancelled: bool

    @dataclass
    class TurnNotSaved(Message):
        """A turn is complete but could not be saved; the session waits."""

        turn: TurnRecord
        message: str

    @dataclass
    class Ended(Message):
        """The conversation reached an outcome; `saved` says whether it was recorded."""

        saved: bool
        message: str | None

    @dataclass
    class SaveRetried(Message):
        """A "save again" finished; `saved` says whether everything is saved now."""

        saved: bool
        message: str | None

    @dataclass
    class ReplyFailed(Message):
        """Something went wrong in the session work; `message` says what."""

        message: str

    def __init__(self, plan: SessionPlan) -> None:
        """Run (or continue) the session described by `plan`."""
        super().__init__()
        self.plan = plan
        self.runner: SessionRunner | None = None
        self.session_id: str | None = plan.resume_id
        self.finished = False
        self._cancel = threading.Event()
        self._speaking: ChatLine | None = None
        self._last_reply = ""
        self._last_reply_line: ChatLine | None = None
        self._unsaved_lines: list[ChatLine] = []
        self._leave_warned = False
        self._saved = None

    @property
    def session(self) -> PracticeSession | None:
        """The conversation being run (None until the backend is ready)."""
        return self.runner.session if self.runner is not None else None

    @property
    def save_blocked(self) -> bool:
        """True while a turn (or the outcome) waits to be saved: no new reply is taken."""
        return self.runner is not None and self.runner.blocked

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self.context.library.scenarios[self.plan.scenario_id]

    def compose(self) -> ComposeResult:
        """Transcript, tip and input on the left; mood and timer on the right."""
        scenario = self.scenario
        yield Header()
        with Horizontal(id="chat-body"):
            with Vertical(id="chat-main"):
                yield TranscriptView(id="transcript")
                yield Static(id="tip", markup=False)
                yield Input(placeholder="Type your reply, Enter to send", id="reply-input")
                with Horizontal(id="chat-end"):
                    yield Static(id="chat-end-text", markup=False)
                    yield Button("See your report", variant="primary", id="report-button")
            with Vertical(id="chat-side"):
                yield Static(literal(f"{scenario.title}\n{scenario.customer.name}"),
                             id="chat-scenario")
                yield Static(f"{self.plan.mode.capitalize()} mode", id="chat-mode")
                yield MoodPanel(self.context.library.persona_for(scenario), id="mood")
                yield TurnTimer(self.context.clock, id="turn-timer")
        yield BackendStatusLine()
        yield Footer()

    def on_mount(self) -> None:
        """Show saved turns when continuing, then let the customer speak."""
        self.query_one("#chat-end").display = False
        self.query_one("#tip").display = False
        self.query_one("#reply-input", Input).disabled = True
        if self.plan.resume_id:
            self.show_saved_turns()
        if not self.context.backend.ready:
            self.notice("The customer model is warming up; the call starts when it is ready.")
        self.let_customer_speak(None)

    def show_saved_turns(self) -> None:
        """Put the turns of an unfinished session back on screen."""
        saved = self.context.store.load_session(self.plan.resume_id or "")
        self._saved = saved
        for turn in saved.turns:
            self.add_turn_line(turn)
            if turn.state is not None:
                self.query_one(MoodPanel).state = turn.state
        started = saved.info.started_at[:16].replace("T", " ")
        self.notice(f"Continuing the session of {started}.")

    def add_turn_line(self, turn: TurnRecord) -> ChatLine:
        """Add one complete turn to the transcript."""
        speaker = self.scenario.customer.name if turn.role == "customer" else self.plan.trainee
        return self.query_one(TranscriptView).add_line(turn.role, speaker, turn.text)

    def notice(self, text: str) -> None:
        """A line in the transcript that nobody said."""
        self.query_one(TranscriptView).add_line("notice", "Lagom", text)

    # --- session work, in a thread ------------------------------------------------------

    @work(thread=True, exclusive=True, group="customer-reply", exit_on_error=False)
    def customer_speaks(self, reply: str | None, cancel: threading.Event) -> None:
        """Run the opening line (reply None) or one exchange; post every event."""
        try:
            runner = self.runner or self.open_runner(cancel)
            if runner is None:
                return
            events = (
                runner.start(cancel) if reply is None else runner.respond(reply, cancel=cancel)
            )
            for event in events:
                self.post_message(self.message_for(event))
        except Exception as exc:  # a worker exception must never take the app down
            self.post_message(self.ReplyFailed(str(exc) or type(exc).__name__))
            return
        self.post_message(self.ReplyFinished(cancel.is_set()))
        if not cancel.is_set():
            runner.prepare()  # prefill the next prompt while the trainee types

    def open_runner(self, cancel: threading.Event) -> SessionRunner | None:
        """Wait for the warm backend, then create (or reopen) the saved session."""
        from simulator.runner import SessionRunner

        backend = self.context.backend.wait(cancel)
        if backend is None:
            return None
        scenario, plan, store = self.scenario, self.plan, self.context.store
        if self.session_id is None:
            self.runner = SessionRunner.create(
                store, scenario, self.context.library.persona_for(scenario), backend,
                trainee=plan.trainee, seed=plan.seed, mode=plan.mode, policy=self.save_policy,
            )
            self.session_id = self.runner.session_id
        else:
            self.runner = SessionRunner.resume(
                store, self.session_id, self.context.library, backend, saved=self._saved,
                policy=self.save_policy,
            )
        return self.runner

    @work(thread=True, exclusive=True, group="customer-reply", exit_on_error=False)
    def save_again(self) -> None:
        """Retry saving what could not be saved (in a thread: the store may wait for a lock)."""
        runner = self.runner
        if runner is None:
            return
        saved = runner.save_unsaved()
        self.post_message(self.SaveRetried(saved, runner.save_error))

    def message_for(self, event: RunnerEvent) -> Message:
        """The UI message for one session event."""
        if isinstance(event, CustomerChunk):
            return self.ChunkArrived(event.text)
        if isinstance(event, CustomerReplaced):
            return self.LineReplaced(event.text)
        if isinstance(event, BackendFailed):
            return self.ModelFailed(event.message)
        if isinstance(event, TurnUnsaved):
            return self.TurnNotSaved(event.turn, event.message)
        if isinstance(event, SessionEnded):
            return self.Ended(event.saved, event.message)
        return self.TurnSaved(event.turn)

    # --- the trainee's side --------------------------------------------------------------

    @on(Input.Submitted, "#reply-input")
    def send_reply(self, event: Input.Submitted) -> None:
        """Send the trainee's reply and let the customer answer."""
        text = event.value.strip()
        if not text or self.busy or self.finished:
            return
        if self.save_blocked:
            self.say_not_saved()
            return
        event.input.clear()
        self.query_one(TurnTimer).stop()
        resend = self.session is not None and self.session.pending and text == self._last_reply
        if not resend:  # a re-send after a cancel only asks for the answer again
            self._last_reply_line = self.query_one(TranscriptView).add_line(
                "trainee", self.plan.trainee, text
            )
        self._last_reply = text
        self.let_customer_speak(text)

    def let_customer_speak(self, reply: str | None) -> None:
        """Lock the input, show that the customer is about to speak, and start the worker."""
        self._cancel = threading.Event()
        self.busy = True
        # An empty line shows "…" at once: the first words of a model can take seconds.
        self._speaking = self.query_one(TranscriptView).add_line(
            "customer", self.scenario.customer.name
        )
        self.customer_speaks(reply, self._cancel)

    def watch_busy(self, busy: bool) -> None:
        """Lock the input while the customer speaks; time the trainee's turn after."""
        reply = self.query_one("#reply-input", Input)
        reply.disabled = busy or self.finished or self.save_blocked
        self.set_class(busy, "-awaiting-reply")
        if not busy and not self.finished and not self.save_blocked:
            reply.focus()
            self.query_one(TurnTimer).start()

    def action_cancel_reply(self) -> None:
        """Stop the customer's line in flight."""
        if self.busy:
            self._cancel.set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Save again" only while something waits to be saved."""
        if action == "save_again":
            return self.save_blocked and not self.busy
        return True

    def action_save_again(self) -> None:
        """Try again to save the turn (or outcome) that could not be saved."""
        if self.save_blocked and not self.busy:
            self.busy = True
            self.save_again()

    def action_flag_line(self) -> None:
        """Flag the customer's latest saved line as wrong, with an optional word why."""
        from simulator.tui.dialogs.flag_line import flag_latest_line

        runner = self.runner
        turns = runner.turns if runner else (self._saved.turns if self._saved else [])
        flag_latest_line(self, self.context.store, self.session_id, turns,
                         runner.unsaved if runner else [])

    def action_leave(self) -> None:
        """Leave the session; it stays saved and can be continued.

        With a turn not saved, the first Ctrl+L only warns; a second one leaves without it.
        """
        if self.save_blocked and not self._leave_warned:
            self._leave_warned = True
            self.notice("A turn is not saved yet. Ctrl+S saves it; Ctrl+L again leaves "
                        "without it (the session continues from the last saved turn).")
            return
        self.app.pop_screen()

    # --- events from the session -----------------------------------------------------------

    @on(ChunkArrived)
    def show_chunk(self, event: ChunkArrived) -> None:
        """Append streamed text to the customer's line."""
        if self._speaking is None:
            self._speaking = self.add_turn_line(TurnRecord(index=-1, role="customer", text=""))
        self._speaking.append(event.text)
        self.query_one(TranscriptView).follow()

    @on(LineReplaced)
    def show_replacement(self, event: LineReplaced) -> None:
        """Show the authored line the guard chose instead."""
        if self._speaking is None:
            self._speaking = self.add_turn_line(TurnRecord(index=-1, role="customer", text=""))
        self._speaking.replace(event.text)

    @on(TurnSaved)
    def show_turn(self, event: TurnSaved) -> None:
        """A finished turn: the customer's final words and mood, or the reply's tip."""
        turn = event.turn
        if turn.state is not None:
            self.query_one(MoodPanel).state = turn.state
        if turn.role == "customer":
            line = self._speaking or self.add_turn_line(turn)
            line.replace(turn.text)
            self._speaking = None
        else:
            self._last_reply_line = None  # the reply is a recorded turn now
        if turn.role == "trainee" and turn.grade and self.plan.mode == "practice":
            tip = self.query_one("#tip", Static)
            tip.display = bool(turn.grade.tips)  # a reply without tips clears the old one
            if turn.grade.tips:
                tip.update(literal(f"Tip: {turn.grade.tips[0]}"))

    @on(TurnNotSaved)
    def show_unsaved_turn(self, event: TurnNotSaved) -> None:
        """Show the turn, marked as not saved, and say how to save it again."""
        turn = event.turn
        if turn.role == "customer":
            line = self._speaking or self.add_turn_line(turn)
            self._speaking = None
        else:
            line = self._last_reply_line or self.add_turn_line(turn)
            self._last_reply_line = None
        if turn.state is not None:
            self.query_one(MoodPanel).state = turn.state
        line.speaker += UNSAVED_MARK
        line.replace(turn.text)
        self._unsaved_lines.append(line)
        self.say_not_saved(event.message)

    def say_not_saved(self, message: str | None = None) -> None:
        """Tell the trainee that a turn is not saved and the conversation waits for it."""
        reason = message or (self.runner.save_error if self.runner else None) or "not saved"
        text = (f"This turn could not be saved ({reason}). The conversation waits until it "
                "is saved: press Ctrl+S to save it again.")
        self.notice(text)
        self.notify(text, title="Not saved", severity="error", markup=False, timeout=8)
        self.refresh_bindings()

    @on(SaveRetried)
    def save_retried(self, event: SaveRetried) -> None:
        """After "save again": go on when everything is saved, else say it still is not."""
        if not event.saved:
            self.busy = False
            self.say_not_saved(event.message)
            return
        for line in self._unsaved_lines:
            line.speaker = line.speaker.removesuffix(UNSAVED_MARK)
            line.replace(line.text)
        self._unsaved_lines.clear()
        self.notice("Saved. The conversation goes on.")
        self.refresh_bindings()
        runner = self.runner
        if runner is not None and runner.outcome is not None:
            self.busy = False
            if not self.finished:
                self.end_session()
        elif runner is not None and runner.pending:
            self.let_customer_speak(None)  # the saved reply's answer is still owed
        else:
            self.busy = False

    @on(Ended)
    def session_ended(self, event: Ended) -> None:
        """Say when the outcome could not be recorded (Ctrl+S saves it again)."""
        if not event.saved:
            self.say_not_saved(event.message)

    @on(ModelFailed)
    def warn_model_failed(self, event: ModelFailed) -> None:
        """Say the model failed; the customer goes on with authored lines."""
        self.notify(f"{event.message} (the customer goes on with authored lines)",
                    title="Customer model failed", severity="warning", markup=False)

    @on(ReplyFailed)
    def show_failure(self, event: ReplyFailed) -> None:
        """Say what went wrong and give the input back (with a reply that was not taken)."""
        self.drop_empty_line()
        if self._last_reply_line is not None:  # the reply never became a turn: off screen
            self._last_reply_line.remove()
            self._last_reply_line = None
            reply = self.query_one("#reply-input", Input)
            if not reply.value:
                reply.value = self._last_reply
        self.notify(event.message, title="The session hit a problem", severity="error",
                    markup=False)
        self.busy = False

    @on(ReplyFinished)
    def customer_done(self, event: ReplyFinished) -> None:
        """The customer finished: the trainee's turn, or the end of the session."""
        if event.cancelled and self.session is not None and self.session.pending:
            self.withdraw_line()
        self.drop_empty_line()
        if self.session is not None and self.session.outcome is not None and not self.finished:
            self.end_session()
        self.busy = False
        self.refresh_bindings()

    def drop_empty_line(self) -> None:
        """Remove the "…" line when the customer ended up saying nothing."""
        if self._speaking is not None and not self._speaking.text:
            self._speaking.remove()
        self._speaking = None

    def withdraw_line(self) -> None:
        """A cancelled line is not recorded: take it off screen and offer to re-send."""
        if self._speaking is not None:
            self._speaking.remove()
            self._speaking = None
        reply = self.query_one("#reply-input", Input)
        if self._last_reply and not reply.value:
            reply.value = self._last_reply
        self.notify("The customer's answer was cancelled. Enter sends your reply again; "
                    "or write something else.", timeout=4)

    def end_session(self) -> None:
        """Record the outcome and offer the report."""
        session = self.session
        assert session is not None and session.outcome is not None
        self.finished = True  # the runner recorded the outcome (or said it could not)
        self.query_one(TurnTimer).stop()
        self.query_one("#reply-input").display = False
        self.query_one("#chat-end-text", Static).update(OUTCOME_WORDS.get(session.outcome, ""))
        self.query_one("#chat-end").display = True
        self.query_one("#report-button", Button).focus()

    @on(Button.Pressed, "#report-button")
    def open_report(self) -> None:
        """Replace the chat with the report."""
        from simulator.tui.screens.report import ReportScreen

        assert self.session is not None
        self.app.switch_screen(ReportScreen.for_session(self.plan, self.scenario, self.session,
                                                        self.session_id))

    def on_unmount(self) -> None:
        """Stop any line in flight; an unfinished session stays saved to continue later."""
        self._cancel.set()
        if self.runner is not None and not self.runner.leave():  # never raises
            self.app.notify(
                f"Part of the session could not be saved ({self.runner.save_error}); it "
                "continues from the last saved turn.",
                title="Not saved", severity="error", markup=False,
            )
        elif self.session_id and not self.finished:
            with suppress(StoreError):
                self.context.store.mark_interrupted(self.session_id)
