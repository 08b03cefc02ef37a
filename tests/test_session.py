"""The session loop: turns committed at once, cancel and re-send, resume by replay, the end."""

from __future__ import annotations

import threading
import time

import pytest
from session_support import PERSONA, SCENARIO

from simulator.backends.scripted import ScriptedBackend
from simulator.events import CustomerChunk, TurnCompleted
from simulator.records import TurnRecord
from simulator.session import PracticeSession, SessionOver

REPLIES = [
    "Your router hasn't arrived. What's your order number?",
    "I'm so sorry, two missed slots is really frustrating. How is this affecting you?",
    "That's a lot of pressure before Thursday. I'll sort this out for you now.",
    "I can send a replacement by priority courier, within 2 working days.",
    "And I'll add a 50 GB data bundle so you can work before Thursday.",
]


def new_session(seed: int = 0, **kw: object) -> PracticeSession:
    """A session on the fixture scenario with authored lines only."""
    return PracticeSession(SCENARIO, PERSONA, kw.pop("backend", ScriptedBackend()), seed=seed, **kw)


def played(seed: int, replies: list[str]) -> PracticeSession:
    """A session that has heard the given replies."""
    practice = new_session(seed)
    list(practice.start())
    for reply in replies:
        if practice.outcome is None:
            list(practice.respond(reply))
    return practice


def summary_of(turns: list[TurnRecord]) -> list[tuple]:
    """What must match between two runs: speaker, text, intent and state (not the timings)."""
    return [(t.role, t.text, t.intent, t.state) for t in turns]


def test_every_turn_goes_to_the_callback_as_soon_as_it_is_complete() -> None:
    events: list[object] = []
    practice = new_session(on_turn=lambda turn: events.append(("saved", turn.index, turn.role)))
    for event in practice.start():
        events.append(type(event).__name__)
    for event in practice.respond(REPLIES[0]):
        events.append(type(event).__name__)
    saved = [e for e in events if isinstance(e, tuple)]
    assert saved == [("saved", 0, "customer"), ("saved", 1, "trainee"), ("saved", 2, "customer")]
    # The trainee turn is saved before the customer's first word.
    assert events.index(("saved", 1, "trainee")) < events.index(
        "CustomerChunk", events.index(("saved", 1, "trainee"))
    )


def test_turns_carry_grades_and_customer_metadata() -> None:
    practice = played(0, REPLIES[:2])
    opening, trainee, customer = practice.turns[:3]
    assert opening.source == "script" and opening.intent == "state_problem"
    assert trainee.role == "trainee" and trainee.grade is not None and trainee.grade.turn == 1
    assert customer.intent and customer.state is not None and customer.source == "script"
    assert customer.timings.total_s is not None


def test_summary_covers_the_replies_so_far() -> None:
    practice = new_session()
    list(practice.start())
    assert practice.summary() is None
    list(practice.respond(REPLIES[1]))
    summary = practice.summary()
    assert summary is not None and summary.replies == 1


def test_cancel_records_no_half_line_and_the_reply_can_be_resent() -> None:
    saved: list[TurnRecord] = []
    practice = new_session(on_turn=saved.append)
    list(practice.start())
    cancel = threading.Event()
    shown = []
    for event in practice.respond(REPLIES[1], cancel):
        if isinstance(event, CustomerChunk):
            shown.append(event.text)
            cancel.set()
    assert len(shown) == 1
    assert [t.role for t in practice.turns] == ["customer", "trainee"] == [t.role for t in saved]
    assert practice.pending and practice.outcome is None
    list(practice.respond(REPLIES[1]))
    assert [t.role for t in practice.turns] == ["customer", "trainee", "customer"]
    uncancelled = played(0, REPLIES[1:2])
    assert summary_of(practice.turns) == summary_of(uncancelled.turns)


def test_a_cancelled_last_line_is_still_said_whatever_is_sent_next() -> None:
    practice = PracticeSession(
        SCENARIO.model_copy(update={"max_turns": 1}), PERSONA, ScriptedBackend()
    )
    list(practice.start())
    cancel = threading.Event()
    for _event in practice.respond(REPLIES[0], cancel):
        cancel.set()  # after the trainee's turn, before the customer's first word
    assert practice.pending and practice.outcome is None
    list(practice.respond("Sorry, let me put that differently."))
    assert [t.role for t in practice.turns] == ["customer", "trainee", "customer"]
    assert practice.outcome == "turn_limit"


def test_cancel_from_another_thread_stops_a_slow_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAGOM_TYPING_DELAY", "0.05")
    practice = new_session()
    list(practice.start())
    cancel = threading.Event()
    chunks: list[str] = []

    def speak() -> None:
        chunks.extend(
            e.text for e in practice.respond(REPLIES[1], cancel) if isinstance(e, CustomerChunk)
        )

    worker = threading.Thread(target=speak)
    worker.start()
    time.sleep(0.08)
    cancel.set()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert 1 <= len(chunks) < 4
    assert practice.turns[-1].role == "trainee"


def test_resume_replays_the_director_without_regenerating() -> None:
    full = played(4, REPLIES)
    partial = played(4, REPLIES[:2])
    backend = ScriptedBackend(["This line must not be generated again."])
    resumed = new_session(4, backend=backend, resume=[t.model_copy() for t in partial.turns])
    assert list(resumed.start()) == []
    assert backend.calls == []
    assert resumed.state == partial.state
    backend.__init__()  # back to authored lines, like the uninterrupted run
    for reply in REPLIES[2:]:
        if resumed.outcome is None:
            list(resumed.respond(reply))
    assert summary_of(resumed.turns) == summary_of(full.turns)
    assert resumed.outcome == full.outcome == "resolved"


def test_resumed_after_a_crash_mid_line_answers_the_last_reply() -> None:
    full = played(2, REPLIES[:3])
    saved = [t.model_copy() for t in full.turns[:-1]]  # the customer's last line never finished
    resumed = new_session(2, resume=saved)
    assert resumed.pending
    events = list(resumed.start())
    done = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert [t.text for t in done] == [full.turns[-1].text]
    assert summary_of(resumed.turns) == summary_of(full.turns)


def test_a_finished_session_takes_no_more_replies() -> None:
    practice = new_session()
    list(practice.start())
    for reply in REPLIES:
        if practice.outcome:
            break
        list(practice.respond(reply))
    while practice.outcome is None:
        list(practice.respond("Okay."))
    with pytest.raises(SessionOver):
        list(practice.respond("Hello?"))


def test_empty_reply_is_refused() -> None:
    practice = new_session()
    list(practice.start())
    with pytest.raises(ValueError):
        list(practice.respond("   "))
    assert len(practice.turns) == 1
