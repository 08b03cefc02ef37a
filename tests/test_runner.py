"""The session runner: create, play, save each turn, finish, leave, resume; and what happens
when a turn cannot be saved (it is retried, then marked unsaved and the session waits)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from session_support import PERSONA, SCENARIO

from simulator.backends.scripted import ScriptedBackend
from simulator.events import CustomerChunk, TurnCompleted
from simulator.records import TurnRecord
from simulator.runner import SaveBlocked, SavePolicy, SessionEnded, SessionRunner, TurnUnsaved
from simulator.store import Store, StoreError

REPLIES = [
    "Your router hasn't arrived. What's your order number?",
    "I'm so sorry, two missed slots is really frustrating. How is this affecting you?",
    "That's a lot of pressure before Thursday. I'll sort this out for you now.",
    "I can send a replacement by priority courier, within 2 working days.",
    "And I'll add a 50 GB data bundle so you can work before Thursday.",
]

FAST = SavePolicy(attempts=3, wait_s=0.01)


class Library:
    """The two things `SessionRunner.resume` needs of a library, on the fixture content."""

    scenarios = {SCENARIO.id: SCENARIO}

    @staticmethod
    def persona_for(scenario: object) -> object:
        """The fixture persona."""
        return PERSONA


class FlakyStore:
    """A real store whose next `failures` saves (or finishes) raise StoreError."""

    def __init__(self, store: Store, failures: int = 0, *, finish_failures: int = 0) -> None:
        self.store = store
        self.failures = failures
        self.finish_failures = finish_failures
        self.tries = 0

    def save_turn(self, sid: str, turn: TurnRecord) -> None:
        """Fail while failures are left, else save."""
        self.tries += 1
        if self.failures > 0:
            self.failures -= 1
            raise StoreError("the disk holding the session database /x/lagom.db is full")
        self.store.save_turn(sid, turn)

    def finish_session(self, *args: object) -> None:
        """Fail while finish failures are left, else finish."""
        if self.finish_failures > 0:
            self.finish_failures -= 1
            raise StoreError("the session database /x/lagom.db is locked by another Lagom")
        self.store.finish_session(*args)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The database file of the test."""
    return tmp_path / "lagom.db"


def new_runner(store: object, **kw: object) -> SessionRunner:
    """A runner on the fixture scenario with authored lines only."""
    backend = kw.pop("backend", ScriptedBackend())
    policy = kw.pop("policy", FAST)
    sleep = kw.pop("sleep", lambda seconds: None)
    return SessionRunner.create(
        store, SCENARIO, PERSONA, backend, trainee="Ana", policy=policy, sleep=sleep,  # type: ignore[arg-type]
    )


def saved_turns(db: Path, sid: str) -> list[tuple[int, str, str]]:
    """(index, role, text) of every turn saved, read through a fresh connection."""
    with Store.open(db) as store:
        return [(t.index, t.role, t.text) for t in store.load_session(sid).turns]


def shown(runner: SessionRunner) -> list[tuple[int, str, str]]:
    """(index, role, text) of every turn the runner holds (what a UI shows)."""
    return [(t.index, t.role, t.text) for t in runner.turns]


def test_create_respond_crash_resume_continues_at_the_right_index(db: Path) -> None:
    store = Store.open(db)
    runner = new_runner(store)
    list(runner.start())
    list(runner.respond(REPLIES[0]))
    list(runner.respond(REPLIES[1]))
    sid = runner.session_id
    assert sid is not None and saved_turns(db, sid) == shown(runner)
    store.close()  # the process dies here: no leave, no finish

    store = Store.open(db)
    resumed = SessionRunner.resume(store, sid, Library(), ScriptedBackend(), policy=FAST)
    assert shown(resumed) == saved_turns(db, sid)
    events = list(resumed.respond(REPLIES[2]))
    added = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert [(t.index, t.role) for t in added] == [(5, "trainee"), (6, "customer")]
    assert saved_turns(db, sid) == shown(resumed)
    assert [i for i, _, _ in saved_turns(db, sid)] == list(range(7))

    uninterrupted = new_runner(None)  # the same session played straight through
    list(uninterrupted.start())
    for reply in REPLIES[:3]:
        list(uninterrupted.respond(reply))
    assert [(r, t) for _, r, t in shown(uninterrupted)] == [(r, t) for _, r, t in shown(resumed)]
    store.close()


def test_a_turn_that_cannot_be_saved_blocks_the_next_reply_until_saved(db: Path) -> None:
    store = Store.open(db, timeout=0.1)
    runner = new_runner(store)
    list(runner.start())
    sid = runner.session_id or ""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock past the timeout
    try:
        events = list(runner.respond(REPLIES[0]))
        assert [type(e) for e in events] == [TurnUnsaved]  # no answer to an unsaved reply
        unsaved = events[0]
        assert isinstance(unsaved, TurnUnsaved) and unsaved.turn.text == REPLIES[0]
        assert "locked by another Lagom" in unsaved.message
        assert runner.blocked and [t.index for t in runner.unsaved] == [1]
        with pytest.raises(SaveBlocked, match="turn 1 .trainee. is not saved yet"):
            list(runner.respond(REPLIES[1]))
        with pytest.raises(SaveBlocked):
            list(runner.start())
        assert not runner.save_unsaved()  # still locked
    finally:
        holder.execute("ROLLBACK")
    assert saved_turns(db, sid) == [(0, "customer", shown(runner)[0][2])]
    assert runner.save_unsaved()
    answer = [e.turn for e in runner.start() if isinstance(e, TurnCompleted)]
    assert [(t.index, t.role) for t in answer] == [(2, "customer")]
    list(runner.respond(REPLIES[1]))
    assert saved_turns(db, sid) == shown(runner)
    assert [i for i, _, _ in saved_turns(db, sid)] == [0, 1, 2, 3, 4]
    store.close()


def test_a_failed_save_is_retried_with_growing_waits_before_giving_up(db: Path) -> None:
    waits: list[float] = []
    with Store.open(db) as real:
        store = FlakyStore(real)
        runner = new_runner(store, policy=SavePolicy(attempts=3, wait_s=0.5), sleep=waits.append)
        list(runner.start())
        store.failures = 2  # the next two tries fail, the third works
        events = list(runner.respond(REPLIES[0]))
        assert not any(isinstance(e, TurnUnsaved) for e in events)
        assert waits == [0.5, 1.0]
        assert saved_turns(db, runner.session_id or "") == shown(runner)
        store.failures, waits[:] = 3, []
        events = list(runner.respond(REPLIES[1]))
        assert isinstance(events[-1], TurnUnsaved) and waits == [0.5, 1.0]
        assert "is full" in events[-1].message


def test_an_unsaved_customer_line_is_kept_and_saved_later_in_order(db: Path) -> None:
    with Store.open(db) as real:
        store = FlakyStore(real)
        runner = new_runner(store)
        list(runner.start())
        original = store.save_turn

        def fail_customer(sid: str, turn: TurnRecord) -> None:
            if turn.role == "customer":
                raise StoreError("the disk holding the session database is full")
            original(sid, turn)

        store.save_turn = fail_customer  # type: ignore[method-assign]
        events = list(runner.respond(REPLIES[0]))
        assert any(isinstance(e, CustomerChunk) for e in events)  # the line was spoken
        assert isinstance(events[-1], TurnUnsaved) and events[-1].turn.role == "customer"
        assert not runner.pending  # the answer is complete, only its save is owed
        sid = runner.session_id or ""
        assert [i for i, _, _ in saved_turns(db, sid)] == [0, 1]
        store.save_turn = original  # type: ignore[method-assign]
        assert runner.save_unsaved() and not runner.blocked
        assert list(runner.start()) == []  # nothing owed: the trainee's turn
        assert saved_turns(db, sid) == shown(runner)


def test_cancel_still_records_no_half_line_and_a_resend_answers(db: Path) -> None:
    with Store.open(db) as store:
        runner = new_runner(store)
        list(runner.start())
        cancel = threading.Event()
        events = []
        for event in runner.respond(REPLIES[0], cancel):
            events.append(event)
            if isinstance(event, CustomerChunk):
                cancel.set()
        assert runner.pending and not runner.blocked
        sid = runner.session_id or ""
        assert [r for _, r, _ in saved_turns(db, sid)] == ["customer", "trainee"]
        answer = [e.turn for e in runner.respond(REPLIES[0]) if isinstance(e, TurnCompleted)]
        assert [(t.index, t.role) for t in answer] == [(2, "customer")]
        assert saved_turns(db, sid) == shown(runner)


def test_the_outcome_is_recorded_and_a_failed_finish_can_be_saved_again(db: Path) -> None:
    with Store.open(db) as real:
        store = FlakyStore(real, finish_failures=3)
        runner = new_runner(store)
        list(runner.start())
        ended: list[SessionEnded] = []
        for reply in REPLIES:
            if runner.outcome is not None:
                break
            ended += [e for e in runner.respond(reply) if isinstance(e, SessionEnded)]
        assert runner.outcome == "resolved"
        assert ended == [SessionEnded("resolved", False, ended[0].message)]
        assert "locked" in (ended[0].message or "") and runner.blocked and not runner.finished
        sid = runner.session_id or ""
        assert real.load_session(sid).info.status == "running"
        assert runner.save_unsaved() and runner.finished
        info = real.load_session(sid).info
        assert (info.status, info.outcome) == ("finished", "resolved")
        assert info.overall == runner.summary().overall  # type: ignore[union-attr]


def test_leave_marks_the_session_interrupted_and_resume_runs_it_again(db: Path) -> None:
    with Store.open(db) as store:
        runner = new_runner(store)
        list(runner.start())
        list(runner.respond(REPLIES[0]))
        assert runner.leave()
        sid = runner.session_id or ""
        assert store.load_session(sid).info.status == "interrupted"
        resumed = SessionRunner.resume(store, sid[:-3], Library(), ScriptedBackend())
        assert resumed.session_id == sid
        list(resumed.respond(REPLIES[1]))
        assert store.load_session(sid).info.status == "running"


def test_resume_after_an_old_lagom_left_gaps_never_reuses_an_index(db: Path) -> None:
    """A history saved by the old bug (indexes 0, 2, 3): new turns go after the last one and
    the saved customer line stays."""
    with Store.open(db) as store:
        runner = new_runner(store)
        list(runner.start())
        list(runner.respond(REPLIES[0]))
        sid = runner.session_id or ""
    conn = sqlite3.connect(db)
    for index in (2, 1):  # from the top, so no two rows share an index on the way
        conn.execute("UPDATE turns SET turn_index = ? WHERE turn_index = ?", (index + 1, index))
    conn.commit()
    conn.close()
    before = saved_turns(db, sid)
    with Store.open(db) as store:
        resumed = SessionRunner.resume(store, sid, Library(), ScriptedBackend(), policy=FAST)
        list(resumed.respond(REPLIES[1]))
    after = saved_turns(db, sid)
    assert [i for i, _, _ in before] == [0, 2, 3]
    assert after[: len(before)] == before  # nothing saved was replaced
    assert [(i, r) for i, r, _ in after[len(before):]] == [(4, "trainee"), (5, "customer")]


def test_without_a_store_it_plays_and_saves_nothing() -> None:
    runner = new_runner(None)
    list(runner.start())
    list(runner.respond(REPLIES[0]))
    assert runner.session_id is None and len(runner.turns) == 3 and not runner.blocked
    assert runner.leave()


def test_a_saved_session_with_an_unknown_scenario_says_so(db: Path) -> None:
    with Store.open(db) as store:
        sid = store.create_session("Ana", "no_such_scenario")
        with pytest.raises(StoreError, match="plays scenario 'no_such_scenario', which is not"):
            SessionRunner.resume(store, sid, Library(), ScriptedBackend())


def test_concurrent_sessions_on_one_database_lose_and_mix_no_turn(db: Path) -> None:
    """Eight trainees at once, each with its own connection (as separate processes would
    have): every turn of every session is saved, in order, under its own session."""
    Store.open(db).close()
    runners: list[SessionRunner] = []
    errors: list[BaseException] = []

    def trainee(seed: int) -> None:
        try:
            store = Store.open(db)
            runner = SessionRunner.create(
                store, SCENARIO, PERSONA, ScriptedBackend(), trainee=f"T{seed}", seed=seed,
            )
            runners.append(runner)
            list(runner.start())
            for reply in REPLIES[:3]:
                if runner.outcome is None:
                    list(runner.respond(f"{reply} (from T{seed})"))
            runner.leave()
            store.close()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=trainee, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and len(runners) == 8
    for runner in runners:
        assert not runner.blocked
        turns = saved_turns(db, runner.session_id or "")
        assert turns == shown(runner) and [i for i, _, _ in turns] == list(range(len(turns)))
        tag = f"(from T{runner.session.seed})"
        assert all(text.endswith(tag) for _, role, text in turns if role == "trainee")
