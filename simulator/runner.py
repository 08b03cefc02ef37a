"""A practice session's whole life, with no UI in it: create, play, save every turn, finish.

The terminal UI, `lagom simulate`, the browser server and the benches all drive sessions
through `SessionRunner`; they only show what it yields.

    runner = SessionRunner.create(store, scenario, persona, backend, trainee="Ana", seed=3)
    for event in runner.start(cancel): ...          # the customer's opening line
    for event in runner.respond(text, cancel): ...  # one reply and the customer's answer
    runner.leave()                                  # left unfinished: continue it later
    runner = SessionRunner.resume(store, runner.session_id, library, backend)

Saving. Every complete turn is saved the moment it exists (`store.save_turn`, a plain
insert of the next index). A failed save (database locked past its busy timeout, disk full)
is retried (`SavePolicy`); if it still fails, the turn stays *unsaved*: the runner yields
`TurnUnsaved` instead of `TurnCompleted`, stops the exchange right there (an unsaved reply
gets no answer yet) and refuses to go on (`SaveBlocked`) until `save_unsaved()` succeeds.
So what was shown and what is saved never diverge by more than the turns the caller was
told about, later turns are never saved out of order, and an index is never reused. After a
successful `save_unsaved()`, `start()` gives the answer still owed to a saved reply.

Cancel semantics are the session's (`simulator/session.py`): a cancelled customer line
records nothing, and the reply's answer stays pending for a re-send or `start()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from evaluation.models import GradeSummary
from personas.model import Persona
from scenarios.model import Scenario
from simulator.backends.base import CustomerBackend, GenerationOptions
from simulator.events import SessionEvent, TurnCompleted
from simulator.records import TurnRecord
from simulator.session import PracticeSession
from simulator.store.errors import StoreError, TurnConflict
from simulator.store.interface import SessionStore
from simulator.store.models import Mode, SavedSession


class SaveBlocked(StoreError):
    """A turn could not be saved; the session waits until `save_unsaved()` succeeds."""


class UnknownScenario(StoreError):
    """A saved session plays a scenario that is not loaded (so it cannot be continued)."""


@dataclass(frozen=True)
class SavePolicy:
    """How hard to try before a turn is called unsaved: `attempts` tries, waiting
    `wait_s`, then twice that, and so on, between them (each try itself waits up to the
    store's busy timeout for a lock)."""

    attempts: int = 3
    """Tries per save, at least 1."""
    wait_s: float = 0.5
    """The first wait between tries, in seconds; it doubles after each."""


@dataclass(frozen=True)
class TurnUnsaved:
    """A turn is complete (and may be shown) but could not be saved after retries.

    The session stops here until `SessionRunner.save_unsaved()` succeeds; show the turn as
    unsaved and offer to save again.
    """

    turn: TurnRecord
    message: str


@dataclass(frozen=True)
class SessionEnded:
    """The conversation reached an outcome; `saved` says whether the store recorded it."""

    outcome: str
    saved: bool
    message: str | None = None


RunnerEvent = SessionEvent | TurnUnsaved | SessionEnded
"""Everything `SessionRunner.start()` and `.respond()` yield."""

Sleep = Callable[[float], None]

LEAVE_WAIT_S = 2.0
"""How long `leave()` waits for a save still retrying in another thread."""


class ScenarioSource(Protocol):
    """Where `resume` finds a saved session's scenario and persona (a `Library`)."""

    @property
    def scenarios(self) -> Mapping[str, Scenario]:
        """Scenarios by id."""
        ...

    def persona_for(self, scenario: Scenario) -> Persona:
        """The persona (archetype) a scenario plays."""
        ...


class SessionRunner:
    """One practice session, saved turn by turn into a `SessionStore` (or not saved at all)."""

    def __init__(
        self,
        session: PracticeSession,
        store: SessionStore | None,
        session_id: str | None,
        *,
        policy: SavePolicy | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        """Wrap a session; use `create` or `resume` instead."""
        self.session = session
        self.store = store
        self.session_id = session_id
        self.policy = policy or SavePolicy()
        self._sleep = sleep
        self._unsaved: list[TurnRecord] = []
        self._finish_owed = False
        self._finished = False
        self.save_error: str | None = None
        """Why the last save failed, while something is unsaved; else None."""
        self._lock = threading.RLock()
        session.set_on_turn(self._on_turn)

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        store: SessionStore | None,
        scenario: Scenario,
        persona: Persona,
        backend: CustomerBackend,
        *,
        trainee: str,
        seed: int = 0,
        mode: Mode = "practice",
        options: GenerationOptions | None = None,
        policy: SavePolicy | None = None,
        sleep: Sleep = time.sleep,
    ) -> SessionRunner:
        """Record a new session in `store` (None: play without saving) and set it up."""
        session_id = None
        if store is not None:
            session_id = store.create_session(
                trainee, scenario.id, seed=seed, mode=mode,
                backend=getattr(backend, "name", type(backend).__name__),
                model=backend.model_id or None, scenario_title=scenario.title,
                language=scenario.language, archetype=scenario.archetype,
            )
        session = PracticeSession(scenario, persona, backend, seed=seed, options=options)
        return cls(session, store, session_id, policy=policy, sleep=sleep)

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: str,
        library: ScenarioSource,
        backend: CustomerBackend,
        *,
        saved: SavedSession | None = None,
        options: GenerationOptions | None = None,
        policy: SavePolicy | None = None,
        sleep: Sleep = time.sleep,
    ) -> SessionRunner:
        """Continue a saved, unfinished session: replay its turns, then carry on saving.

        `library` is a `scenarios.library.Library` (anything with `scenarios` and
        `persona_for`); `saved` may pass the already loaded session. New turns continue
        after the last saved index. `UnknownScenario` when the scenario is not loaded.
        """
        saved = saved or store.load_session(session_id)
        scenario = library.scenarios.get(saved.info.scenario_id)
        if scenario is None:
            raise UnknownScenario(
                f"session {saved.info.id} plays scenario {saved.info.scenario_id!r}, which is "
                "not loaded (run `lagom lint` to see why)"
            )
        persona = library.persona_for(scenario)
        session = PracticeSession(
            scenario, persona, backend, seed=saved.info.seed, options=options,
            resume=saved.turns,
        )
        return cls(session, store, saved.info.id, policy=policy, sleep=sleep)

    # --- what it is now -----------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        """The scenario played."""
        return self.session.scenario

    @property
    def turns(self) -> list[TurnRecord]:
        """Every turn so far, saved or not (see `unsaved`)."""
        return self.session.turns

    @property
    def unsaved(self) -> list[TurnRecord]:
        """Turns complete but not saved yet, oldest first (empty when all is saved)."""
        return list(self._unsaved)

    @property
    def blocked(self) -> bool:
        """True while a turn or the outcome waits to be saved: the session cannot go on."""
        return bool(self._unsaved) or self._finish_owed

    @property
    def outcome(self) -> str | None:
        """None while running, else resolved, escalated, customer_left or turn_limit."""
        return self.session.outcome

    @property
    def pending(self) -> bool:
        """A reply is recorded and its answer is still owed (after a cancel or a save stop)."""
        return self.session.pending

    @property
    def finished(self) -> bool:
        """The outcome is reached and recorded (or there is no store)."""
        return self._finished

    def summary(self) -> GradeSummary | None:
        """The grade summary over the replies so far (None before any)."""
        return self.session.summary()

    # --- playing ------------------------------------------------------------------------

    def start(self, cancel: threading.Event | None = None) -> Iterator[RunnerEvent]:
        """The opening line, or the answer still owed to the last reply (else nothing)."""
        self._check_not_blocked()
        yield from self._run(self.session.start(cancel))

    def respond(self, text: str, cancel: threading.Event | None = None) -> Iterator[RunnerEvent]:
        """Hear one reply and stream the answer; `SaveBlocked` while something is unsaved."""
        self._check_not_blocked()
        yield from self._run(self.session.respond(text, cancel))

    def prepare(self) -> bool:
        """Prefill the model with the next prompt's known start (see PracticeSession)."""
        return False if self.blocked else self.session.prepare()

    def save_unsaved(self) -> bool:
        """Try again to save what is unsaved (turns, then the outcome); True when all is.

        On success the session may go on: `start()` answers a reply that is still owed.
        """
        with self._lock:
            if self._unsaved and not self._flush():
                return False
            if self.outcome is not None and not self._finished:
                self._finish_owed = True
                self._record_finish()
            return not self.blocked

    def leave(self) -> bool:
        """Leave an unfinished session so it can be continued; True when nothing is lost.

        Tries once more to save unsaved turns, then marks the session interrupted. Never
        raises: leaving must always work. False means some turn (or the outcome) could not
        be saved; `unsaved` lists what.
        """
        if self.store is None or self.session_id is None:
            return True
        if not self._lock.acquire(timeout=LEAVE_WAIT_S):  # a save is still trying in a thread
            return False
        try:
            if self._unsaved:
                self._flush(attempts=1)
            if not self._unsaved and self.outcome is not None and not self._finished:
                self._finish_owed = True
                self._record_finish(attempts=1)
            if not self._finished:
                try:
                    self.store.mark_interrupted(self.session_id)
                except StoreError as error:
                    self.save_error = self.save_error or str(error)
            return not self.blocked
        finally:
            self._lock.release()

    # --- inside -------------------------------------------------------------------------

    def _check_not_blocked(self) -> None:
        """Raise SaveBlocked while something waits to be saved."""
        if self._unsaved:
            turn = self._unsaved[0]
            raise SaveBlocked(
                f"turn {turn.index} ({turn.role}) is not saved yet: {self.save_error}; "
                "save it again before going on"
            )
        if self._finish_owed:
            raise SaveBlocked(f"the outcome is not saved yet: {self.save_error}")

    def _run(self, events: Iterator[SessionEvent]) -> Iterator[RunnerEvent]:
        """Pass the session's events on; stop at the first turn that could not be saved."""
        try:
            for event in events:
                if isinstance(event, TurnCompleted) and self._is_unsaved(event.turn):
                    yield TurnUnsaved(event.turn, self.save_error or "not saved")
                    return  # closing the session's generator leaves its answer pending
                yield event
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
        if self.outcome is not None and not self._finished:
            yield self._finish()

    def _is_unsaved(self, turn: TurnRecord) -> bool:
        """Whether this very turn (not an equal one) waits to be saved."""
        return any(waiting is turn for waiting in self._unsaved)

    def _on_turn(self, turn: TurnRecord) -> None:
        """Called by the session with every complete turn: save it now (with retries)."""
        if self.store is None or self.session_id is None:
            return
        with self._lock:
            self._unsaved.append(turn)
            if len(self._unsaved) == 1:  # an earlier unsaved turn would stop the session first
                self._flush()

    def _flush(self, attempts: int | None = None) -> bool:
        """Save the unsaved turns in order, retrying; True when none is left."""
        assert self.store is not None and self.session_id is not None
        attempts = max(1, attempts or self.policy.attempts)
        for attempt in range(attempts):
            try:
                while self._unsaved:
                    self.store.save_turn(self.session_id, self._unsaved[0])
                    self._unsaved.pop(0)
            except TurnConflict as error:  # out of step with the store: retrying cannot help
                self.save_error = str(error)
                return False
            except StoreError as error:
                self.save_error = str(error)
                if attempt + 1 < attempts:
                    self._sleep(self.policy.wait_s * 2**attempt)
                continue
            self.save_error = None
            return True
        return False

    def _finish(self) -> SessionEnded:
        """Record the outcome (with retries) and say whether it was saved."""
        outcome = self.outcome
        assert outcome is not None
        with self._lock:
            self._finish_owed = True
            saved = self._record_finish()
        return SessionEnded(outcome, saved, None if saved else self.save_error)

    def _record_finish(self, attempts: int | None = None) -> bool:
        """finish_session with retries; clears `_finish_owed` on success."""
        outcome = self.outcome
        assert outcome is not None
        if self.store is None or self.session_id is None:
            self._finish_owed, self._finished = False, True
            return True
        attempts = max(1, attempts or self.policy.attempts)
        for attempt in range(attempts):
            try:
                self.store.finish_session(self.session_id, outcome, self.summary())
            except StoreError as error:
                self.save_error = str(error)
                if attempt + 1 < attempts:
                    self._sleep(self.policy.wait_s * 2**attempt)
                continue
            self._finish_owed, self._finished, self.save_error = False, True, None
            return True
        return False
