"""The scripted backend: authored lines only, or a fake model playing queued replies."""

from __future__ import annotations

import pytest

from simulator.backends.base import BackendError, GenerationOptions
from simulator.backends.scripted import ScriptedBackend

OPTIONS = GenerationOptions()
MESSAGES = [{"role": "user", "content": "Hello, how can I help?"}]


def test_without_replies_it_writes_nothing_itself() -> None:
    backend = ScriptedBackend()
    assert backend.generates is False
    with pytest.raises(BackendError):
        list(backend.stream(MESSAGES, OPTIONS))


def test_replies_stream_word_by_word_one_per_call() -> None:
    backend = ScriptedBackend(["My order never came.", "I want a refund now."])
    assert backend.generates is True
    first = list(backend.stream(MESSAGES, OPTIONS))
    assert first == ["My ", "order ", "never ", "came."]
    assert "".join(backend.stream(MESSAGES, OPTIONS)) == "I want a refund now."
    assert backend.last_stats()["tokens"] == 5


def test_it_records_the_messages_of_every_call() -> None:
    backend = ScriptedBackend(["One.", "Two."])
    list(backend.stream(MESSAGES, OPTIONS))
    later = [*MESSAGES, {"role": "assistant", "content": "One."}]
    list(backend.stream(later, OPTIONS))
    assert backend.calls == [MESSAGES, later]


def test_enqueued_replies_and_errors_play_in_order() -> None:
    backend = ScriptedBackend()
    backend.enqueue("Hello.", BackendError("server down"), "Still here.")
    assert backend.generates is True
    assert "".join(backend.stream(MESSAGES, OPTIONS)) == "Hello."
    with pytest.raises(BackendError, match="server down"):
        list(backend.stream(MESSAGES, OPTIONS))
    assert "".join(backend.stream(MESSAGES, OPTIONS)) == "Still here."


def test_running_out_of_replies_is_a_backend_error() -> None:
    backend = ScriptedBackend(["Only one."])
    list(backend.stream(MESSAGES, OPTIONS))
    with pytest.raises(BackendError, match="no reply queued"):
        list(backend.stream(MESSAGES, OPTIONS))
