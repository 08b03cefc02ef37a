"""The embedded SmolLM2-135M through transformers: weights cache, streaming, KV reuse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.backends.base import BackendError, GenerationOptions
from simulator.backends.model_cache import cache_entry
from simulator.backends.transformers_backend import TransformersBackend

pytestmark = pytest.mark.model

OPTIONS = GenerationOptions(max_new_tokens=16, seed=7)
PERSONA = (
    "You are Maria Lindqvist, a frustrated customer. Your internet has been down for three "
    "days and you work from home. Answer as the customer, in one or two short sentences."
)


@pytest.fixture(scope="module")
def weights_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One weights cache folder for the module, so the slow first load happens once."""
    return tmp_path_factory.mktemp("weights-cache")


@pytest.fixture(scope="module")
def first_load(weights_cache: Path) -> Iterator[tuple[TransformersBackend, list[float | None]]]:
    """The embedded model loaded from the GGUF file, with the progress fractions it reported."""
    backend = TransformersBackend(None, weights_cache, int8=False)
    fractions: list[float | None] = []
    backend.warm_up(lambda text, fraction: fractions.append(fraction))
    yield backend, fractions
    backend.close()


def chat(*lines: str) -> list[dict[str, str]]:
    """The persona, then alternating trainee and customer lines."""
    roles = ["user", "assistant"]
    return [{"role": "system", "content": PERSONA}] + [
        {"role": roles[i % 2], "content": line} for i, line in enumerate(lines)
    ]


def test_first_load_reports_progress_and_fills_the_cache(
    first_load: tuple[TransformersBackend, list[float | None]],
    weights_cache: Path,
    embedded_gguf: Path,
) -> None:
    backend, fractions = first_load
    assert backend.loaded is not None and backend.loaded.how == "gguf"
    known = [f for f in fractions if f is not None]
    assert len(known) >= 4 and known == sorted(known) and known[-1] == 1.0
    entry = cache_entry(embedded_gguf, weights_cache)
    assert (entry / "config.json").is_file() and (entry / "tokenizer.json").is_file()
    assert [p.name for p in weights_cache.iterdir()] == [entry.name]  # no temp folders left


def test_a_second_start_loads_the_cache_faster(
    first_load: tuple[TransformersBackend, list[float | None]], weights_cache: Path
) -> None:
    first, _ = first_load
    again = TransformersBackend(None, weights_cache, int8=False)
    again.warm_up()
    assert again.loaded is not None and again.loaded.how == "cache"
    assert first.loaded is not None and again.loaded.load_s < first.loaded.load_s / 2
    # The cached tokenizer (read with the fast class) must render and split exactly as the
    # tokenizer converted from the GGUF file did, or the KV cache and the prompts would drift.
    messages = chat("Hello, my parcel is late.", "I'm sorry to hear that.")
    old, new = first._loaded.tokenizer, again._loaded.tokenizer
    rendered = old.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert new.apply_chat_template(messages, tokenize=False, add_generation_prompt=True) == rendered
    assert new(rendered)["input_ids"] == old(rendered)["input_ids"]
    assert new.eos_token == old.eos_token
    again.close()


def test_it_streams_a_line_in_pieces(
    first_load: tuple[TransformersBackend, list[float | None]],
) -> None:
    backend, _ = first_load
    opening = chat("Hello, you're through to support. How can I help?")
    pieces = list(backend.stream(opening, OPTIONS))
    assert len(pieces) > 1 and "".join(pieces).strip()
    stats = backend.last_stats()
    assert 0 < stats["tokens"] <= OPTIONS.max_new_tokens and stats["first_token_s"] > 0


def test_the_next_turn_computes_only_its_new_tokens(
    first_load: tuple[TransformersBackend, list[float | None]],
) -> None:
    backend, _ = first_load
    opening = chat("Hi, thanks for calling. What can I do for you?")
    first_line = "".join(backend.stream(opening, OPTIONS))
    follow_up = chat(opening[1]["content"], first_line, "I'm sorry. When did it stop working?")
    second_line = "".join(backend.stream(follow_up, OPTIONS))
    stats = backend.last_stats()
    assert second_line.strip()
    assert stats["prompt_tokens"] > 80
    assert stats["prompt_tokens_computed"] < stats["prompt_tokens"] / 3


def test_closing_the_stream_early_stops_generation_and_frees_the_model(
    first_load: tuple[TransformersBackend, list[float | None]],
) -> None:
    backend, _ = first_load
    long_options = GenerationOptions(max_new_tokens=200, seed=1, stop=[])
    stream = backend.stream(chat("Tell me everything that happened, from the start."), long_options)
    next(stream)
    stream.close()
    assert backend.last_stats()["tokens"] < 20
    assert "".join(backend.stream(chat("Hello?"), OPTIONS)).strip()  # usable again


def test_a_corrupt_gguf_file_is_named_in_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)
    backend = TransformersBackend(str(broken), tmp_path / "cache")
    with pytest.raises(BackendError, match=f"cannot load the model at {broken}"):
        backend.warm_up()


def test_a_hub_id_that_is_not_downloaded_says_so(tmp_path: Path) -> None:
    backend = TransformersBackend("lagom-tests/no-such-model", tmp_path / "cache")
    with pytest.raises(BackendError, match="not in the local Hugging Face cache"):
        backend.warm_up()


def test_prefill_leaves_only_the_new_message_and_changes_no_text(
    first_load: tuple[TransformersBackend, list[float | None]],
) -> None:
    backend, _ = first_load
    greeting, question = "Hi, thanks for calling. What can I do for you?", "When did it stop?"
    first_line = "".join(backend.stream(chat(greeting), OPTIONS))
    history = chat(greeting, first_line)
    follow_up = chat(greeting, first_line, question)
    reused = "".join(backend.stream(follow_up, OPTIONS))  # the cache of the turn before
    backend.reset_cache()
    cold = "".join(backend.stream(follow_up, OPTIONS))
    backend.reset_cache()
    backend.prefill(history)
    assert backend.last_prefill_stats()["prompt_tokens_computed"] > 60
    prefilled = "".join(backend.stream(follow_up, OPTIONS))
    stats = backend.last_stats()
    assert prefilled == cold == reused and prefilled.strip()
    # Only the trainee's message and the generation prompt are left to compute.
    assert stats["prompt_tokens_computed"] <= 20 and stats["prompt_tokens"] > 80


def test_a_line_asked_for_during_a_prefill_waits_for_it(
    first_load: tuple[TransformersBackend, list[float | None]],
) -> None:
    import threading

    backend, _ = first_load
    backend.reset_cache()
    history = chat("Hello, you're through to support.", "My internet is down again.")
    prefill = threading.Thread(target=backend.prefill, args=(history,))
    prefill.start()
    line = "".join(
        backend.stream(chat(*[m["content"] for m in history[1:]], "Since when?"), OPTIONS)
    )
    prefill.join()
    assert line.strip() and backend.last_stats()["prompt_tokens_computed"] < 40
