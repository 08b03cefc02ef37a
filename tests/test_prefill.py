"""Prefill: the session hands the backend exactly the stable start of its next prompt."""

from __future__ import annotations

from session_support import PERSONA, SCENARIO

from simulator.backends.base import ChatMessage
from simulator.backends.scripted import ScriptedBackend
from simulator.session import PracticeSession

REPLIES = [
    "I'm sorry the router from 2 May hasn't come. How is this affecting you?",
    "I can send a replacement by priority courier, within 2 working days.",
]


class PrefillRecorder(ScriptedBackend):
    """A fake model that also records what it was asked to prefill."""

    def __init__(self, replies: list[str] | None = None) -> None:
        super().__init__(replies)
        self.prefills: list[list[ChatMessage]] = []

    def prefill(self, messages: list[ChatMessage]) -> None:
        self.prefills.append(list(messages))


def test_prepare_prefills_the_prompt_up_to_the_customers_last_line() -> None:
    backend = PrefillRecorder(["Still no router, then.", "Fine, but when exactly?"])
    practice = PracticeSession(SCENARIO, PERSONA, backend, seed=0)
    list(practice.start())
    for reply in REPLIES:
        assert practice.prepare()
        list(practice.respond(reply))
    assert practice.prepare()
    assert len(backend.prefills) == 3 and len(backend.calls) == 2
    for prefilled, call in zip(backend.prefills, backend.calls, strict=False):
        assert call[: len(prefilled)] == prefilled  # a true prefix of the next prompt
        assert len(call) == len(prefilled) + 1  # only the trainee's reply comes after it
        assert REPLIES[backend.calls.index(call)] in call[-1]["content"]
    customer_lines = [t.text for t in practice.turns if t.role == "customer"]
    for prefilled, line in zip(backend.prefills, customer_lines, strict=True):
        assert prefilled[-1] == {"role": "assistant", "content": line}


def test_prepare_does_nothing_without_a_model_or_after_the_end() -> None:
    authored_only = ScriptedBackend()
    practice = PracticeSession(SCENARIO, PERSONA, authored_only, seed=0)
    list(practice.start())
    assert not practice.prepare()
    backend = PrefillRecorder(["Still no router, then."])
    fresh = PracticeSession(SCENARIO, PERSONA, backend, seed=0)
    assert not fresh.prepare()  # nothing said yet
    list(fresh.start())
    fresh.hear(fresh.assess(REPLIES[0])[1])  # a reply heard, the answer still owed
    assert fresh.pending and not fresh.prepare()
    assert backend.prefills == []


class BrokenPrefill(ScriptedBackend):
    """A fake model whose prefill fails."""

    def prefill(self, messages: list[ChatMessage]) -> None:
        from simulator.backends.base import BackendError

        raise BackendError("out of memory")


def test_a_failed_prefill_costs_nothing_but_speed() -> None:
    line = "Two weeks, two missed slots, and still no router. When will it come?"
    practice = PracticeSession(SCENARIO, PERSONA, BrokenPrefill([line]), seed=0)
    list(practice.start())
    assert not practice.prepare()
    list(practice.respond("Okay, the router. Give me a second."))
    assert (practice.turns[-1].text, practice.turns[-1].source) == (line, "model")
