"""Issue 12, hangs: a model server that streams bytes but no text, stalls, floods or injects.

Each test plays a hostile answer from the fake server and checks what a trainee would
notice: the line comes (authored) within LAGOM_TIMEOUT, Esc cancels at once, a dead server
is not asked again on every turn, and no escape sequence reaches the screen.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_model_server import (
    FakeServer,
    empty_deltas,
    escapes,
    huge_chunk,
    keep_alive,
    serve,
    sse,
    stall_after,
    whitespace,
)
from session_support import PERSONA, SCENARIO

from simulator.backends.base import BackendError, GenerationOptions
from simulator.backends.breaker import CircuitBreaker
from simulator.backends.openai_backend import OpenAIBackend
from simulator.backends.registry import create_backend
from simulator.customer.guard import GuardContext, check_line
from simulator.events import BackendFailed, CustomerChunk, CustomerReplaced, TurnCompleted
from simulator.session import PracticeSession
from simulator.settings import settings_from

OPTIONS = GenerationOptions(max_new_tokens=24, seed=3)
MESSAGES = [{"role": "user", "content": "Hello, how can I help?"}]
REPLY = "Your router hasn't arrived. What's your order number?"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh fake server per test."""
    yield from serve()


def backend_for(server: FakeServer, **kwargs: Any) -> OpenAIBackend:
    """A backend on the fake server with quick retries."""
    kwargs.setdefault("backoff_s", 0.01)
    return OpenAIBackend(server.base_url, "fake-model", **kwargs)


def timed_failure(backend: OpenAIBackend) -> tuple[float, str]:
    """Seconds until the stream fails, and its message."""
    started = time.monotonic()
    with pytest.raises(BackendError) as failure:
        list(backend.stream(MESSAGES, OPTIONS))
    return time.monotonic() - started, str(failure.value)


def session_on(backend: OpenAIBackend) -> PracticeSession:
    """A started practice session whose customer is the fake server's model."""
    practice = PracticeSession(SCENARIO, PERSONA, backend, seed=1)
    list(practice.start())
    return practice


@pytest.mark.parametrize(
    "answer",
    [keep_alive(6), empty_deltas(6), whitespace(6), stall_after("I", 6)],
    ids=["keep-alive", "empty-deltas", "whitespace", "stall-after-text"],
)
def test_a_server_sending_no_text_fails_within_the_timeout(
    server: FakeServer, answer: tuple[str, Any]
) -> None:
    server.answers.append(answer)
    seconds, message = timed_failure(backend_for(server, timeout_s=0.5))
    assert seconds < 2.0, f"took {seconds:.1f} s with LAGOM_TIMEOUT 0.5"
    assert "did not answer within 0.5 s" in message
    assert len(server.requests) == 1  # a stall is not retried


def test_text_keeps_the_stream_alive_past_the_timeout(server: FakeServer) -> None:
    steps: list[Any] = []
    for word in ("My ", "router ", "never ", "came."):
        steps += [json_event(word), 0.3]
    server.answers.append(("script", [*steps, b"data: [DONE]\n\n"]))
    text = "".join(backend_for(server, timeout_s=0.5).stream(MESSAGES, OPTIONS))
    assert text == "My router never came."  # 1.2 s in all, never 0.5 s without text


def json_event(content: str) -> bytes:
    """One SSE event with a content delta."""
    return f"data: {json.dumps({'choices': [{'delta': {'content': content}}]})}\n\n".encode()


def test_a_session_carries_on_with_an_authored_line_after_a_stall(server: FakeServer) -> None:
    server.answers.append(keep_alive(10))
    practice = session_on(backend_for(server, timeout_s=0.5))
    started = time.monotonic()
    events = list(practice.respond(REPLY))
    assert time.monotonic() - started < 3.0
    failed = [e for e in events if isinstance(e, BackendFailed)]
    assert failed and "did not answer within 0.5 s" in failed[0].message
    line = [e.turn for e in events if isinstance(e, TurnCompleted)][-1]
    assert line.role == "customer" and line.source == "script" and line.text.strip()


@pytest.mark.parametrize("answer", [keep_alive(10), ("sleep", 10)], ids=["keep-alive", "silent"])
def test_cancel_stops_a_quiet_server_at_once(server: FakeServer, answer: tuple[str, Any]) -> None:
    server.answers.append(answer)
    practice = session_on(backend_for(server, timeout_s=60))
    cancel = threading.Event()
    events: list[Any] = []
    worker = threading.Thread(target=lambda: events.extend(practice.respond(REPLY, cancel)))
    worker.start()
    time.sleep(0.5)
    pressed = time.monotonic()
    cancel.set()
    worker.join(timeout=5)
    assert not worker.is_alive(), "Esc did not stop the customer's line"
    assert time.monotonic() - pressed < 2.0  # the timeout is 60 s
    assert practice.pending  # nothing recorded for the cancelled line: it can be asked again


def test_after_a_failure_the_dead_server_is_not_asked_on_every_turn(server: FakeServer) -> None:
    server.answers += [keep_alive(10), keep_alive(10), keep_alive(10)]
    practice = session_on(backend_for(server, timeout_s=2.0, pause_s=30))
    list(practice.respond(REPLY))
    asked = len(server.requests)
    started = time.monotonic()
    events = list(practice.respond("I'm so sorry. How is this affecting you?"))
    assert time.monotonic() - started < 1.5  # no second wait for the 2 s timeout
    assert len(server.requests) == asked
    failed = [e.message for e in events if isinstance(e, BackendFailed)]
    assert failed and "paused" in failed[0] and "tried again at" in failed[0]
    assert [e.turn.source for e in events if isinstance(e, TurnCompleted)][-1] == "script"


def test_the_first_failure_says_the_model_is_paused_and_until_when(server: FakeServer) -> None:
    server.answers.append(keep_alive(5))
    _, message = timed_failure(backend_for(server, timeout_s=0.3, pause_s=30))
    assert "did not answer within 0.3 s" in message
    assert "paused for 30 s and tried again at" in message


def test_the_model_is_asked_again_when_the_pause_is_over(server: FakeServer) -> None:
    server.answers += [keep_alive(5), sse("Back again.")]
    backend = backend_for(server, timeout_s=0.3, pause_s=0.5)
    timed_failure(backend)
    with pytest.raises(BackendError, match="paused"):
        list(backend.stream(MESSAGES, OPTIONS))
    time.sleep(0.6)
    assert "".join(backend.stream(MESSAGES, OPTIONS)) == "Back again."
    assert len(server.requests) == 2


def test_the_breaker_pause_reads_lagom_model_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAGOM_MODEL_PAUSE", "12")
    monkeypatch.setenv("LAGOM_BASE_URL", "http://127.0.0.1:9/v1")
    backend = create_backend(settings_from())
    assert isinstance(backend, OpenAIBackend) and backend.breaker.pause_s == 12
    now = [100.0]
    breaker = CircuitBreaker(5, clock=lambda: now[0])
    breaker.trip(BackendError("down"))
    with pytest.raises(BackendError, match=r"paused after a failure \(down\)"):
        breaker.check()
    now[0] += 5.1
    breaker.check()  # closed again


def test_a_100_mb_chunk_is_dropped_within_seconds(server: FakeServer) -> None:
    server.answers.append(huge_chunk(100))
    seconds, message = timed_failure(backend_for(server, timeout_s=60))
    assert seconds < 8.0, f"a 100 MB chunk took {seconds:.1f} s"
    assert "dropped" in message


def test_a_long_answer_is_cut_at_the_token_budget(server: FakeServer) -> None:
    server.answers.append(sse(*(["word "] * 2000)))
    text = "".join(backend_for(server).stream(MESSAGES, OPTIONS))
    assert 0 < len(text) <= OPTIONS.max_new_tokens * 16


def test_escape_sequences_from_the_model_never_reach_the_screen(server: FakeServer) -> None:
    server.answers.append(
        escapes("\x1b[2JMy router\x1b]0;pwned\x07 ", "never came\x07.\x9b31m", "\x00")
    )
    text = "".join(backend_for(server).stream(MESSAGES, OPTIONS))
    assert text == "My router never came."


def test_a_session_shows_no_escape_bytes_from_the_model(server: FakeServer) -> None:
    server.answers.append(escapes("\x1b]0;owned\x07\x1b[31mWhere is my router?\x1b[0m"))
    practice = session_on(backend_for(server))
    events = list(practice.respond(REPLY))
    shown = "".join(e.text for e in events if isinstance(e, CustomerChunk | CustomerReplaced))
    assert shown and "\x1b" not in shown and "\x07" not in shown
    assert all("\x1b" not in t.text for t in practice.turns)


def test_the_guard_refuses_a_line_with_control_characters() -> None:
    ctx = GuardContext(language="en", max_words=40, intent="complain")
    assert check_line("Where is my router? \x1b[2J", ctx) == "control characters"
    assert check_line("Where is my router?\tIt never came.", ctx) is None


def test_a_deeply_nested_chunk_is_a_clear_error(server: FakeServer) -> None:
    server.answers.append(("script", [b"data: " + b"[" * 100_000 + b"\n\n"]))
    with pytest.raises(BackendError, match="malformed chunk"):
        list(backend_for(server).stream(MESSAGES, OPTIONS))


def test_a_prefill_on_a_stalled_server_returns_within_the_timeout(server: FakeServer) -> None:
    server.answers.append(keep_alive(10))
    backend = backend_for(server, timeout_s=0.5)
    started = time.monotonic()
    backend.prefill(MESSAGES)
    assert time.monotonic() - started < 2.0


def test_no_prefill_while_the_model_is_paused(server: FakeServer) -> None:
    server.answers.append(keep_alive(5))
    backend = backend_for(server, timeout_s=0.3, pause_s=30)
    timed_failure(backend)
    backend.prefill(MESSAGES)
    assert len(server.requests) == 1


def test_warm_up_on_a_trickling_server_fails_within_the_timeout(server: FakeServer) -> None:
    server.models = []
    backend = OpenAIBackend(server.base_url, None, timeout_s=0.5, backoff_s=0.01)

    def trickle(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        for _ in range(200):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.05)

    server.reply_json = lambda handler, status, body: trickle(handler)  # type: ignore[method-assign]
    started = time.monotonic()
    with pytest.raises(BackendError, match="did not answer within 0.5 s"):
        backend.warm_up()
    assert time.monotonic() - started < 2.0
