"""The realizer and prompts: append-only prompts, guarded model lines, authored fallbacks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from session_support import PERSONA, SCENARIO

from simulator.backends.base import BackendError, ChatMessage, CustomerBackend, GenerationOptions
from simulator.backends.scripted import ScriptedBackend
from simulator.customer.director import LineBook
from simulator.events import BackendFailed, CustomerChunk, CustomerReplaced, TurnCompleted
from simulator.session import PracticeSession

REPLIES = [
    "I'm sorry the router from 2 May hasn't come. How is this affecting you?",
    "I can send a replacement by priority courier, within 2 working days.",
    "I'll also add a 50 GB data bundle so you can work before Thursday.",
]


def session(backend: CustomerBackend, seed: int = 0) -> PracticeSession:
    """A session on the fixture scenario, opening line already spoken."""
    practice = PracticeSession(SCENARIO, PERSONA, backend, seed=seed)
    list(practice.start())
    return practice


class BrokenMidLine(CustomerBackend):
    """A fake model that says a few words and then fails."""

    name = "broken"

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.options: list[GenerationOptions] = []

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        self.options.append(options)
        yield "Two weeks "
        yield "and "
        raise self.error


def test_prompt_prefix_is_append_only_across_turns() -> None:
    backend = ScriptedBackend(["Still no router, then.", "Fine, but when?", "Okay. Go on."])
    practice = session(backend)
    for reply in REPLIES:
        list(practice.respond(reply))
    calls = backend.calls
    assert len(calls) == 3
    for before, after in zip(calls, calls[1:], strict=False):
        # Everything up to the trainee's reply stays as it was; only the direction after
        # that reply is dropped, and the customer's line and the next reply follow.
        assert after[: len(before) - 1] == before[:-1]
        replied = after[len(before) - 1]
        assert replied["role"] == "user" and before[-1]["content"].startswith(replied["content"])
        assert before[-1]["content"] != replied["content"]
    for call, reply in zip(calls, REPLIES, strict=True):
        last = call[-1]
        assert last["role"] == "user" and last["content"].startswith(reply + "\n\n(")
        roles = [m["role"] for m in call[1:]]
        assert roles == (["user", "assistant"] * len(roles))[: len(roles)] and roles[-1] == "user"


def test_direction_asks_to_rephrase_the_authored_line() -> None:
    backend = ScriptedBackend(["Fine, but when?"])
    practice = session(backend)
    list(practice.respond("Okay, the router. Give me a second."))
    direction = backend.calls[0][-1]["content"].split("\n\n", 1)[1]
    authored = practice.lines.candidates(practice.turns[-1].intent, practice.turns[-1].state.band)
    assert "in your own words, as Alex" in direction
    assert any(f'"{line}"' in direction for line in authored)


def test_system_prompt_holds_no_unrevealed_hidden_need() -> None:
    backend = ScriptedBackend(["Where is it?"])
    practice = session(backend)
    list(practice.respond("I'm sorry to hear that. What would help you most right now?"))
    system, direction = backend.calls[0][0]["content"], backend.calls[0][-1]["content"]
    assert "Alex Morgan" in system and "R-4471" in system
    for need in SCENARIO.hidden_needs:
        assert need.description not in system
    assert "Thursday" not in system  # the client-call fact gives the hidden need away
    assert practice.turns[-1].intent == "reveal_need"
    assert any(f'"{line}"' in direction for line in SCENARIO.hidden_needs[0].lines)


def test_model_line_in_character_is_used() -> None:
    line = "Two weeks, two missed slots, and still no router. When will it come?"
    practice = session(ScriptedBackend([line]))
    events = list(practice.respond("Okay, the router. Give me a second."))
    chunks = "".join(e.text for e in events if isinstance(e, CustomerChunk))
    turn = practice.turns[-1]
    assert (turn.text, turn.source, turn.rejection) == (line, "model", None)
    assert chunks.strip() == line


def test_long_model_line_is_cut_to_its_last_full_sentence() -> None:
    rambling = "Two weeks and no router, I took a day off for it and " + "then " * 30
    practice = session(ScriptedBackend(["Two weeks and no router. " + rambling]))
    events = list(practice.respond("Okay, the router. Give me a second."))
    replaced = [e for e in events if isinstance(e, CustomerReplaced)]
    turn = practice.turns[-1]
    assert turn.text == "Two weeks and no router."
    assert (turn.source, turn.rejection) == ("model", None)
    assert replaced and replaced[0].text == turn.text


def test_model_says_no_more_sentences_than_the_authored_line() -> None:
    """A small model drifts after the authored content: extra sentences are never shown."""
    from simulator.customer.realizer import sentence_count

    extra = "Two weeks and no router. I took a day off for it. Whatever makes me feel better."
    practice = session(ScriptedBackend([extra]))
    events = list(practice.respond("Okay, the router. Give me a second."))
    shown = "".join(e.text for e in events if isinstance(e, CustomerChunk))
    turn = practice.turns[-1]
    assert turn.source == "model" and extra.startswith(turn.text)
    assert sentence_count(turn.text) < sentence_count(extra)
    assert "feel better" not in shown


def test_reveal_line_that_reveals_nothing_is_replaced() -> None:
    practice = session(ScriptedBackend(["Two weeks now, and still no router at all."]))
    list(practice.respond("I'm sorry. I'll take care of this. What would help you most?"))
    turn = practice.turns[-1]
    assert turn.intent == "reveal_need" and turn.source == "script"
    assert turn.rejection == "does not reveal the need"
    need = SCENARIO.hidden_needs[0]
    assert turn.text in need.lines


def test_line_rejected_by_the_guard_is_replaced_by_an_authored_line() -> None:
    practice = session(ScriptedBackend(["How can I help you today?"]))
    events = list(practice.respond("Hello, I'm looking at your order now."))
    replaced = [e for e in events if isinstance(e, CustomerReplaced)]
    turn = practice.turns[-1]
    assert replaced and replaced[0].reason == "speaks as the agent"
    assert turn.text == replaced[0].text and turn.source == "script"
    assert turn.rejection == "speaks as the agent"
    need = turn.state.revealed_needs[-1] if turn.intent == "reveal_need" else None
    assert turn.text in practice.lines.candidates(turn.intent, turn.state.band, need)


def test_backend_failure_falls_back_and_the_session_goes_on() -> None:
    down = BackendError("the server at 127.0.0.1 did not answer")
    backend = ScriptedBackend([down, "Right, I just want a message telling me what's going on."])
    practice = session(backend)
    events = list(practice.respond("I'm sorry about the router."))
    failed = [e for e in events if isinstance(e, BackendFailed)]
    assert failed and "did not answer" in failed[0].message
    assert practice.turns[-1].source == "script"
    assert practice.turns[-1].rejection.startswith("backend failed")
    list(practice.respond("I'll send a replacement by priority courier."))
    assert practice.turns[-1].source == "model"


@pytest.mark.parametrize("error", [BackendError("out of memory"), RuntimeError("CUDA crashed")])
def test_failure_mid_line_replaces_what_was_shown(error: Exception) -> None:
    backend = BrokenMidLine(error)
    practice = session(backend)
    events = list(practice.respond("I'm sorry about the router."))
    kinds = [type(e).__name__ for e in events]
    assert (
        kinds.index("BackendFailed")
        < kinds.index("CustomerReplaced")
        < kinds.index("TurnCompleted", 1)
    )
    assert practice.turns[-1].source == "script"
    assert backend.options[0].max_new_tokens <= GenerationOptions().max_new_tokens


def test_authored_lines_stream_word_by_word() -> None:
    practice = session(ScriptedBackend())
    events = list(practice.respond("Okay."))
    chunks = [e.text for e in events if isinstance(e, CustomerChunk)]
    turn = [e.turn for e in events if isinstance(e, TurnCompleted)][-1]
    assert len(chunks) == len(turn.text.split()) > 1
    assert "".join(chunks) == turn.text and turn.source == "script"


def test_typing_delay_slows_authored_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAGOM_TYPING_DELAY", "0.02")
    practice = PracticeSession(SCENARIO, PERSONA, ScriptedBackend())
    started = time.perf_counter()
    list(practice.start())
    words = len(practice.turns[0].text.split())
    assert time.perf_counter() - started >= 0.02 * (words - 1)


def test_line_book_mixes_scenario_and_archetype_lines_without_repeats() -> None:
    book = LineBook(SCENARIO, PERSONA, seed=1)
    candidates = book.candidates("push_back", "mid")
    assert "That's what I was told last time." in candidates  # the scenario's
    assert "That's not good enough." in candidates  # the archetype's
    picked = [book.pick("push_back", "mid") for _ in candidates]
    assert sorted(picked) == sorted(candidates)
    again = LineBook(SCENARIO, PERSONA, seed=1)
    assert [again.pick("push_back", "mid") for _ in candidates] == picked


def test_tired_customer_gets_the_shorter_authored_lines() -> None:
    book = LineBook(SCENARIO, PERSONA)
    picked = {book.pick("state_problem", "mid", max_words=5) for _ in range(6)}
    assert picked and all(len(line.split()) <= 5 for line in picked)


def test_reveal_lines_come_from_the_hidden_need() -> None:
    book = LineBook(SCENARIO, PERSONA)
    need = SCENARIO.hidden_needs[0]
    assert book.pick("reveal_need", "mid", need.id) in need.lines


class CutOffModel(CustomerBackend):
    """A fake model that always runs out of tokens in the middle of its line."""

    name = "cut-off"

    def __init__(self, text: str) -> None:
        self.text = text
        self.options: list[GenerationOptions] = []

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        self.options.append(options)
        yield from self.text.split(" ")[:1]
        yield from (" " + word for word in self.text.split(" ")[1:])

    def last_stats(self) -> dict[str, float]:
        return {"tokens": float(self.options[-1].max_new_tokens)}


@pytest.mark.parametrize(
    ("written", "shown", "source"),
    [
        ("How many times? No router came. I waited in all day and",
         "How many times? No router came.", "model"),
        ("I waited in all day and nobody", None, "script"),
    ],
)
def test_a_line_cut_off_mid_sentence_keeps_its_full_sentences_or_is_replaced(
    written: str, shown: str | None, source: str
) -> None:
    backend = CutOffModel(written)
    practice = session(backend)
    list(practice.respond("Okay, the router. Give me a second."))
    turn = practice.turns[-1]
    assert (turn.source, turn.text if shown else turn.rejection) == (
        source,
        shown or "unfinished sentence",
    )
    assert "\n" in backend.options[-1].stop  # a line ends at a newline


def test_token_cap_follows_the_authored_line_it_rephrases() -> None:
    backend = CutOffModel("How can I help you today?")  # rejected: the authored line is shown
    practice = session(backend)
    list(practice.respond("Okay, the router. Give me a second."))
    assert practice.turns[-1].source == "script"
    authored = len(practice.turns[-1].text.split())
    limit = practice.director.max_words()
    assert backend.options[-1].max_new_tokens <= 2 * min(limit, round(authored * 1.25) + 3)
    assert backend.options[-1].max_new_tokens < 2 * limit


class Continuing(ScriptedBackend):
    """A fake model that continues a begun customer line, as the transformers backend does."""

    continues_lines = True


def test_a_continuing_model_goes_on_from_the_authored_lines_first_words() -> None:
    backend = Continuing([" router, still!"])
    practice = session(backend)
    events = list(practice.respond("Okay, the router. Give me a second."))
    begun = backend.calls[0][-1]
    assert begun["role"] == "assistant" and backend.calls[0][-2]["role"] == "user"
    turn = practice.turns[-1]
    assert turn.source == "model" and turn.text == begun["content"] + " router, still!"
    authored = practice.lines.candidates(turn.intent, turn.state.band)
    assert any(line.startswith(begun["content"] + " ") for line in authored)
    chunks = [e.text for e in events if isinstance(e, CustomerChunk)]
    assert chunks[0].startswith(begun["content"]) and "".join(chunks).strip() == turn.text


def test_a_continuation_that_adds_nothing_or_stops_mid_sentence_is_replaced() -> None:
    backend = Continuing(["", " and then the"])
    practice = session(backend)
    list(practice.respond("Okay, the router. Give me a second."))
    list(practice.respond("Right, the router. One more second."))
    first, second = [t for t in practice.turns if t.role == "customer"][1:]
    assert (first.source, first.rejection) == ("script", "empty")
    assert (second.source, second.rejection) == ("script", "unfinished sentence")
    assert second.text.startswith(backend.calls[1][-1]["content"])


@pytest.mark.parametrize(
    "line", ["Still no. (sighs) Where is my router?", "*looks at the clock* Where is it?"]
)
def test_a_model_line_with_a_stage_direction_is_replaced(line: str) -> None:
    practice = session(ScriptedBackend([line]))
    list(practice.respond("Okay, the router. Give me a second."))
    turn = practice.turns[-1]
    assert (turn.source, turn.rejection) == ("script", "stage direction")
    assert "(" not in turn.text and "*" not in turn.text


def test_full_sentences_before_a_stage_direction_are_kept() -> None:
    line = "Two weeks and no router at all. I took a day off for it. (sighs heavily) Again."
    practice = session(ScriptedBackend([line]))
    list(practice.respond("Okay, the router. Give me a second."))
    turn = practice.turns[-1]
    assert (turn.text, turn.source) == (
        "Two weeks and no router at all. I took a day off for it.",
        "model",
    )


def test_a_line_with_letters_its_language_does_not_use_is_replaced() -> None:
    practice = session(ScriptedBackend(["Two weeks and still no router. Fráttinheið gøre!"]))
    list(practice.respond("Okay, the router. Give me a second."))
    turn = practice.turns[-1]
    assert turn.source == "script" and turn.rejection.startswith("wrong language (letters")


def test_a_stray_closing_quote_is_dropped() -> None:
    practice = session(ScriptedBackend(['Two weeks and still no router at my door."']))
    list(practice.respond("Okay, the router. Give me a second."))
    assert practice.turns[-1].text == "Two weeks and still no router at my door."


class EnglishOnly(ScriptedBackend):
    """A fake model that writes English only, as the embedded 135M model does."""

    def writes(self, language: str) -> bool:
        return language == "en"


def test_a_language_the_model_cannot_write_gets_authored_lines() -> None:
    swedish = SCENARIO.model_copy(update={"language": "sv"})
    backend = EnglishOnly(["Two weeks and still no router."])
    practice = PracticeSession(swedish, PERSONA, backend)
    list(practice.start())
    list(practice.respond("Okay, the router. Give me a second."))
    turn = practice.turns[-1]
    assert (turn.source, turn.rejection) == ("script", "the model does not write sv")
    assert backend.calls == []


def test_the_embedded_model_is_trusted_with_english_only(tmp_path: Path) -> None:
    from simulator.backends.transformers_backend import TransformersBackend

    embedded = TransformersBackend(None, tmp_path)
    assert embedded.writes("en") and not embedded.writes("sv") and not embedded.writes("pl")


class SlowToStart(ScriptedBackend):
    """A fake server that stays quiet (empty chunks, as the openai backend yields while it
    waits) for `quiet_s` seconds before its line comes."""

    def __init__(self, reply: str, quiet_s: float, continues: bool = False) -> None:
        super().__init__([reply])
        self.quiet_s = quiet_s
        self.continues_lines = continues
        self.closed = False
        self.requests = 0

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        self.requests += 1
        started = time.perf_counter()
        try:
            while time.perf_counter() - started < self.quiet_s:
                time.sleep(0.02)
                yield ""
            yield from super().stream(messages, options)
        finally:
            self.closed = True


def timed_reply(practice: PracticeSession, text: str) -> tuple[list[tuple[float, str]], float]:
    """The customer's chunks with the seconds each came after the reply was sent, and the
    seconds the whole answer took."""
    started, chunks = time.perf_counter(), []
    for event in practice.respond(text):
        if isinstance(event, CustomerChunk) and event.text.strip():
            chunks.append((time.perf_counter() - started, event.text))
    return chunks, time.perf_counter() - started


@pytest.mark.parametrize("continues", [False, True])
def test_a_model_slower_than_the_model_wait_gives_way_to_the_authored_line(
    monkeypatch: pytest.MonkeyPatch, continues: bool
) -> None:
    monkeypatch.setenv("LAGOM_MODEL_WAIT", "0.2")
    backend = SlowToStart(" router, still!", quiet_s=8.0, continues=continues)
    practice = session(backend)
    chunks, took = timed_reply(practice, "Okay, the router. Give me a second.")
    turn = practice.turns[-1]
    assert (turn.source, turn.rejection) == ("script", "the model was too slow")
    assert took < 4 and backend.closed  # the 8 s silence is dropped, not waited out
    assert "".join(text for _, text in chunks).strip() == turn.text  # said once, whole
    authored = practice.lines.candidates(turn.intent, turn.state.band)
    assert turn.text in authored


def test_without_a_model_wait_a_slow_model_line_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAGOM_MODEL_WAIT", raising=False)
    backend = SlowToStart("Two weeks now, and still no router.", quiet_s=0.5)
    practice = session(backend)
    timed_reply(practice, "Okay, the router. Give me a second.")
    assert practice.turns[-1].source == "model"


def test_a_continuing_models_authored_start_shows_before_the_model_speaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAGOM_MODEL_WAIT", "2")
    backend = SlowToStart(" router, still!", quiet_s=0.6, continues=True)
    practice = session(backend)
    chunks, _ = timed_reply(practice, "Okay, the router. Give me a second.")
    begun = backend.calls[0][-1]["content"]
    assert chunks[0][1] == begun and chunks[0][0] < 0.3
    assert chunks[1][0] >= 0.6  # the model's own words come after its quiet spell
    assert practice.turns[-1].source == "model"


def test_after_a_too_slow_answer_the_busy_model_is_left_alone_for_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A customer whose model was too slow says its next line without asking (and prefills
    nothing meanwhile), then asks the model again."""
    monkeypatch.setenv("LAGOM_MODEL_WAIT", "0.2")
    backend = SlowToStart("Still nothing.", quiet_s=1.0)
    practice = session(backend)
    list(practice.respond("Okay, the router. Give me a second."))
    assert practice.turns[-1].rejection == "the model was too slow"
    assert practice.prepare() is False  # no prefill for a model that is being left alone
    backend.quiet_s = 0.0
    backend.enqueue("Two weeks now, and still no router.")
    list(practice.respond("Right, the router. One more second."))
    assert practice.turns[-1].rejection == "the model was busy" and backend.requests == 1
    list(practice.respond("Thanks for waiting. The router is on its way."))
    assert backend.requests == 2 and practice.turns[-1].rejection != "the model was busy"
