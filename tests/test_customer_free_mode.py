"""Capable-model mode: the model writes the customer's line itself, still under the guard.

A scripted fake plays a capable model (role reversals, contradictions, run-on text, and good
free lines); one test plays a whole session against the real llama.cpp server.
"""

from __future__ import annotations

import pytest

from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files
from simulator.backends.base import CustomerBackend
from simulator.backends.scripted import ScriptedBackend
from simulator.customer.mode import parameters_from_name, writing_mode
from simulator.records import TurnRecord
from simulator.session import PracticeSession

SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))
SCENARIO = SHIPPED.scenarios["en_utilities_estimated_bill"]
PERSONA = SHIPPED.personas[SCENARIO.archetype]
QUESTION = "Can you tell me your last meter reading?"


class CapableFake(ScriptedBackend):
    """A scripted fake that stands in for a capable model (free-writing mode)."""

    customer_mode = "free"


class NamedBackend(ScriptedBackend):
    """A fake backend with a registry name and a model id, for the automatic choice."""

    def __init__(self, name: str, model_id: str, continues: bool = False) -> None:
        super().__init__(["x"])
        self.name = name  # type: ignore[misc]
        self.model_id = model_id
        self.continues_lines = continues  # type: ignore[misc]


def answer(backend: CustomerBackend, reply: str = QUESTION) -> tuple[TurnRecord, PracticeSession]:
    """The customer's answer to one reply, and the session."""
    practice = PracticeSession(SCENARIO, PERSONA, backend, seed=0)
    list(practice.start())
    list(practice.respond(reply))
    return practice.turns[-1], practice


@pytest.mark.parametrize(
    ("name", "model", "continues", "mode"),
    [
        ("transformers", "SmolLM2-135M-Instruct (embedded)", True, "continue"),
        ("transformers", "gemma-3-270m-it-Q4_K_M.gguf", True, "continue"),
        ("transformers", "Qwen/Qwen2.5-1.5B-Instruct", True, "free"),
        ("openai", "llama3.1:8b", False, "free"),
        ("openai", "default", False, "free"),
        ("openai", "smollm2-135m-instruct-q4", False, "continue"),
        ("scripted", "scripted (fake model)", False, "continue"),
    ],
)
def test_mode_is_chosen_by_backend_and_model_size(
    name: str, model: str, continues: bool, mode: str
) -> None:
    assert writing_mode(NamedBackend(name, model, continues)) == mode


def test_the_setting_overrides_the_automatic_choice() -> None:
    small = NamedBackend("transformers", "SmolLM2-135M-Instruct (embedded)", True)
    assert writing_mode(small, "free") == "free"
    assert writing_mode(NamedBackend("openai", "llama3.1:70b"), "continue") == "continue"
    assert parameters_from_name("Llama-3.2-3B-Instruct.Q4_K_M.gguf") == 3e9


def test_free_prompt_gives_the_fact_the_last_words_and_the_example_as_tone_only() -> None:
    backend = CapableFake(["My last reading was 48213, on 31 January."])
    turn, _ = answer(backend)
    direction = backend.calls[0][-1]["content"]
    assert turn.intent == "answer"
    assert "48213" in direction and QUESTION in direction and "tone only" in direction
    assert backend.calls[0][-1]["role"] == "user"  # no begun line handed to the model


def test_a_good_free_line_is_used_even_in_other_words() -> None:
    line = "It was 48213. I typed it into your app on 31 January, same as every month."
    turn, _ = answer(CapableFake([line]))
    assert (turn.text, turn.source, turn.rejection) == (line, "model", None)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("Thanks for asking, and I appreciate your patience. It was 48213.", "role reversal"),
        ("You're welcome! My last reading was 48213.", "role reversal"),
        ("My last reading was 41213, on 31 January.", "number not in the scenario"),
        ("I sent it on 31 January, through the app.", "drops the fact"),
        ("This is Mr Holt speaking. It was 48213.", "calls herself or himself by name"),
    ],
)
def test_a_capable_models_bad_line_is_replaced(written: str, reason: str) -> None:
    turn, _ = answer(CapableFake([written]))
    assert turn.source == "script" and turn.text != written
    assert (turn.rejection or "").startswith(reason)
    assert "48213" in turn.text  # the authored answer still carries the fact


def test_run_on_text_is_cut_to_its_first_full_sentences() -> None:
    run_on = ("It was 48213, on 31 January. I put it in the app like every month. And then "
              "I waited and waited and nobody ever rang me back and I had to call again and")
    turn, _ = answer(CapableFake([run_on]))
    assert turn.source == "model"
    assert turn.text == "It was 48213, on 31 January. I put it in the app like every month."


@pytest.mark.server
def test_a_real_llama_cpp_server_answers_under_the_guard(llama_server: str) -> None:
    from simulator.backends.openai_backend import OpenAIBackend

    backend = OpenAIBackend(llama_server, None, timeout_s=120)
    backend.warm_up()
    backend.customer_mode = "free"  # type: ignore[attr-defined]
    practice = PracticeSession(SCENARIO, PERSONA, backend, seed=0)
    list(practice.start())
    for reply in (QUESTION, "I see. When did the smart meter stop sending readings?"):
        list(practice.respond(reply))
        turn = practice.turns[-1]
        assert turn.intent == "answer"
        assert turn.source in ("model", "script")
        if turn.source == "model":  # whatever the model wrote passed every check
            assert "48213" in turn.text or "June" in turn.text or "May" in turn.text
    backend.close()


def test_lagom_customer_mode_sets_the_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    small = NamedBackend("transformers", "SmolLM2-135M-Instruct (embedded)", True)
    monkeypatch.setenv("LAGOM_CUSTOMER_MODE", "free")
    assert writing_mode(small) == "free"
    monkeypatch.setenv("LAGOM_CUSTOMER_MODE", "continue")
    assert writing_mode(NamedBackend("openai", "llama3.1:8b")) == "continue"
