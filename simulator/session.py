"""The practice session loop: grade the reply, direct the customer, realize and guard its line.

    session = PracticeSession(scenario, persona, backend, seed=0, on_turn=save)
    for event in session.start(): ...               # the customer's opening line
    for event in session.respond(text, cancel): ...  # one trainee reply and the answer
    session.prepare()                                # while the trainee types: prefill

Every complete turn goes to `on_turn` at once (the trainee's before the customer starts).

Cancelling (`cancel.set()` while the customer speaks) stops the line at the next chunk and
records nothing of it. The trainee's reply stays recorded and heard, and the customer's
answer stays pending: `respond()` with the same text again (a re-send) only produces the
answer, the same decision and authored line as before; a different text is a further reply
that the director hears first, unless the pending answer ends the conversation: then the
customer says that last line whatever was sent. A session resumed from turns that end with
a trainee reply (e.g. after a crash mid-line) is in the same pending state, and `start()`
answers it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from evaluation.grader import assess_reply, summarise
from evaluation.models import GradeSummary, ReplyGrade, ReplySignals, Transcript, Turn
from personas.model import Persona
from scenarios.model import Scenario
from simulator.backends.base import BackendError, CustomerBackend, GenerationOptions
from simulator.customer.director import Decision, Director, LineBook
from simulator.customer.guard import ScenarioWords, build_context
from simulator.customer.prompts import build_messages, stable_messages
from simulator.customer.realizer import Line, Realizer
from simulator.events import SessionEvent, TurnCompleted
from simulator.records import CustomerState, Timings, TurnRecord

TurnCallback = Callable[[TurnRecord], None]


class SessionOver(RuntimeError):
    """The conversation has ended; no further replies are taken."""


class PracticeSession:
    """One conversation between a trainee and a simulated customer."""

    def __init__(
        self,
        scenario: Scenario,
        persona: Persona,
        backend: CustomerBackend,
        seed: int = 0,
        on_turn: TurnCallback | None = None,
        options: GenerationOptions | None = None,
        resume: list[TurnRecord] | None = None,
    ) -> None:
        """Set up the director and realizer; with `resume`, replay the saved turns."""
        self.scenario = scenario
        self.persona = persona
        self.seed = seed
        self.director = Director(scenario, persona, seed)
        self.lines = LineBook(scenario, persona, seed)
        self.backend = backend
        self.realizer = Realizer(backend, options)
        self.words = ScenarioWords.of(scenario, persona)
        self.turns: list[TurnRecord] = []
        self._on_turn = on_turn or (lambda turn: None)
        self._pending: tuple[Decision, str] | None = None
        self._replied_at = time.perf_counter()
        for turn in resume or []:
            self._replay(turn)

    def set_on_turn(self, on_turn: TurnCallback | None) -> None:
        """Hand every complete turn from now on to `on_turn` (the runner saves them)."""
        self._on_turn = on_turn or (lambda turn: None)

    @property
    def state(self) -> CustomerState:
        """The customer's hidden state now."""
        return self.director.state

    @property
    def outcome(self) -> str | None:
        """None while running, else resolved, escalated, customer_left or turn_limit."""
        return self.director.outcome if self._pending is None else None

    @property
    def pending(self) -> bool:
        """The trainee's last reply is recorded but the customer has not answered it yet."""
        return self._pending is not None

    def summary(self) -> GradeSummary | None:
        """The grade summary over the trainee replies so far (None before any)."""
        grades = [t.grade for t in self.turns if t.grade is not None]
        return summarise(grades, self.transcript(), self.scenario) if grades else None

    def transcript(self) -> Transcript:
        """The conversation so far, in the evaluator's shape."""
        turns = [Turn(role=t.role, text=t.text) for t in self.turns]
        return Transcript(scenario=self.scenario.id, language=self.scenario.language, turns=turns)

    def start(self, cancel: threading.Event | None = None) -> Iterator[SessionEvent]:
        """The customer's opening line; when resumed, the answer still pending (else nothing)."""
        cancel = cancel or threading.Event()
        if self._pending is not None:
            yield from self._answer(cancel)
        elif not self.turns:
            decision = self.director.opening()
            line = yield from self.realizer.recite(self.lines.opening(), cancel)
            if line is not None:
                yield self._commit_customer(decision, line)

    def prepare(self) -> bool:
        """Let the backend compute the known start of the next prompt while the trainee types.

        Call it right after a customer line is complete. The next prompt starts with the
        system message and the conversation up to the customer's last line; only the
        trainee's reply and the direction come after. Returns True when a prefill ran. A
        failed prefill is ignored: it only costs speed, and `respond` reports a broken model.
        """
        if (not self.backend.generates or not self.turns or self._pending is not None
                or self.turns[-1].role != "customer" or self.outcome is not None
                or self.realizer.resting):
            return False
        turns = list(self.turns)  # a snapshot: the UI may take the next reply meanwhile
        try:
            self.backend.prefill(stable_messages(self.scenario, self.persona, turns))
        except BackendError:
            return False
        return True

    def respond(self, text: str, cancel: threading.Event | None = None) -> Iterator[SessionEvent]:
        """Hear one trainee reply and stream the customer's answer."""
        cancel = cancel or threading.Event()
        if self.outcome is not None:
            raise SessionOver(f"the conversation is over ({self.outcome})")
        text = text.strip()
        if not text:
            raise ValueError("the reply is empty")
        if not self.turns:
            raise RuntimeError("start() the session before replying")
        if self._takes_new_reply(text):
            yield self._commit_trainee(text)
        yield from self._answer(cancel)

    def _takes_new_reply(self, text: str) -> bool:
        """False for a re-send of the pending reply, or while a final line is still owed."""
        if self._pending is None:
            return True
        ending = self._pending[0].outcome is not None
        return not ending and text != self.turns[-1].text

    def _commit_trainee(self, text: str) -> TurnCompleted:
        """Grade and record the reply, and let the director hear it."""
        waited = time.perf_counter() - self._replied_at
        grade, signals = self.assess(text)
        turn = TurnRecord(
            index=self.next_index(), role="trainee", text=text, grade=grade,
            timings=Timings(total_s=round(waited, 3)),
        )
        self._record(turn)
        self.hear(signals, text)
        return TurnCompleted(turn)

    def assess(self, text: str) -> tuple[ReplyGrade, ReplySignals]:
        """The evaluator's grade and signals for `text` as the next trainee turn."""
        transcript = self.transcript()
        transcript.turns.append(Turn(role="trainee", text=text))
        return assess_reply(transcript, len(transcript.turns) - 1, self.scenario)

    def hear(self, signals: ReplySignals, text: str = "") -> None:
        """Let the director decide the answer and pick its authored line (kept until spoken)."""
        decision = self.director.hear(signals, text)
        line = self.lines.pick(
            decision.intent, decision.band, decision.need, decision.max_words,
            fact=decision.fact, again=decision.again, thanks=decision.thanks,
        )
        self._pending = (decision, line)

    def _answer(self, cancel: threading.Event) -> Iterator[SessionEvent]:
        """Speak the pending answer; on cancel keep it pending and record nothing."""
        assert self._pending is not None
        decision, authored = self._pending
        messages = build_messages(
            self.scenario, self.persona, self.turns, decision, authored, free=self.realizer.free
        )
        guard = build_context(
            self.scenario, self.persona, intent=decision.intent, max_words=decision.max_words,
            allowed_needs=decision.state.revealed_needs,
            earlier_lines=[t.text for t in self.turns if t.role == "customer"],
            conversation=[t.text for t in self.turns], reveal=decision.need, words=self.words,
            decision=decision, authored=authored,
        )
        seed = self.seed * 1000 + len(self.turns)
        line = yield from self.realizer.speak(messages, authored, guard, cancel, seed)
        if line is not None:
            self._pending = None
            yield self._commit_customer(decision, line)

    def _commit_customer(self, decision: Decision, line: Line) -> TurnCompleted:
        """Record a finished customer line."""
        turn = TurnRecord(
            index=self.next_index(), role="customer", text=line.text, source=line.source,
            intent=decision.intent, state=decision.state, rejection=line.rejection,
            timings=line.timings,
        )
        self.director.said(line.text, decision)
        self._record(turn)
        self._replied_at = time.perf_counter()
        return TurnCompleted(turn)

    def next_index(self) -> int:
        """The index the next turn gets: one past the last turn's (0 for the first).

        Not `len(turns)`: a history saved by an older Lagom may have gaps, and an index
        already saved must never be used again.
        """
        return self.turns[-1].index + 1 if self.turns else 0

    def _replay(self, turn: TurnRecord) -> None:
        """Take a saved turn as said, moving the director and line choice exactly as live."""
        if turn.role == "trainee":
            signals = self.assess(turn.text)[1]
            self.turns.append(turn)
            self.hear(signals, turn.text)
            return
        if not self.turns:
            self.director.opening()
            self.lines.opening()
        self.director.said(turn.text, self._pending[0] if self._pending else None)
        self._pending = None
        self.turns.append(turn)

    def _record(self, turn: TurnRecord) -> None:
        """Keep the turn and hand it to the callback at once."""
        self.turns.append(turn)
        self._on_turn(turn)

