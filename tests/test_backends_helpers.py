"""Stop strings, server-sent events, KV prefix reuse and model names: the small parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.backends.base import BackendError
from simulator.backends.kv_reuse import PromptCache, common_prefix_length
from simulator.backends.model_cache import cache_entry
from simulator.backends.model_source import resolve_model
from simulator.backends.sse import StreamUsage, chat_deltas
from simulator.backends.stops import StopScanner


def scan(stops: list[str], chunks: list[str]) -> tuple[list[str], bool]:
    scanner = StopScanner(stops)
    shown = [scanner.feed(chunk) for chunk in chunks] + [scanner.flush()]
    return [text for text in shown if text], scanner.stopped


def test_a_stop_string_split_over_chunks_never_leaks() -> None:
    shown, stopped = scan(["Agent:"], ["I want it fixed. Ag", "ent: of course"])
    assert "".join(shown) == "I want it fixed. " and stopped


def test_text_that_only_looks_like_a_stop_start_is_released() -> None:
    shown, stopped = scan(["Agent:"], ["Call the Ag", "ency now"])
    assert "".join(shown) == "Call the Agency now" and not stopped


def test_sse_deltas_usage_and_a_cut_stream() -> None:
    events = [{"choices": [{"delta": {"content": "Hi"}}]},
              {"choices": [{"delta": {"content": " there"}, "finish_reason": "stop"}]},
              {"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 2,
                                        "prompt_tokens_details": {"cached_tokens": 10}}}]
    lines = [": keep-alive", ""] + [f"data: {json.dumps(e)}" for e in events] + ["data: [DONE]"]
    usage = StreamUsage()
    deltas = list(chat_deltas(lines, usage))
    assert [d for d in deltas if d] == ["Hi", " there"]
    assert deltas[:2] == ["", ""]  # the keep-alive and the blank: a chance to check a cancel
    assert (usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens) == (12, 2, 10)
    with pytest.raises(BackendError, match="closed the stream"):
        list(chat_deltas(lines[2:3], StreamUsage()))


class FakeCache:
    """Stands in for a transformers DynamicCache: a length that crops by negative counts."""

    def __init__(self, length: int) -> None:
        self.length = length

    def get_seq_length(self) -> int:
        return self.length

    def crop(self, count: int) -> None:
        assert count < 0
        self.length += count


def test_the_kv_cache_is_cropped_to_the_shared_prefix() -> None:
    assert common_prefix_length([1, 2, 3, 9], [1, 2, 3, 4, 5]) == 3
    prompts = PromptCache()
    prompts.keep(FakeCache(5), [1, 2, 3, 7, 8, 99])  # the last sampled token is not cached
    cache, reused = prompts.take([1, 2, 3, 4, 5, 6])
    assert reused == 3 and cache.get_seq_length() == 3
    assert prompts.take([1, 2, 3]) == (None, 0)  # handed over once, not shared twice


def test_an_identical_prompt_still_computes_one_token() -> None:
    prompts = PromptCache()
    prompts.keep(FakeCache(4), [1, 2, 3, 4])
    cache, reused = prompts.take([1, 2, 3, 4])
    assert reused == 3 and cache.get_seq_length() == 3


def test_model_names_are_classified(tmp_path: Path) -> None:
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_model(str(gguf)).kind == "gguf"
    assert resolve_model("HuggingFaceTB/SmolLM2-360M-Instruct").kind == "hub"
    with pytest.raises(BackendError, match="no config.json"):
        resolve_model(str(tmp_path))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    with pytest.raises(BackendError, match="not a .gguf file"):
        resolve_model(str(notes))


def test_the_cache_folder_changes_when_the_gguf_file_changes(tmp_path: Path) -> None:
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF one")
    before = cache_entry(gguf, tmp_path / "cache")
    gguf.write_bytes(b"GGUF two, longer")
    assert cache_entry(gguf, tmp_path / "cache") != before
    assert before.name.startswith("tiny-")
