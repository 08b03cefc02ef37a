"""The in-process backend: a transformers causal LM (the embedded SmolLM2-135M by default).

Tokens stream through `TextIteratorStreamer` while `generate` runs in a thread; the KV cache
is reused across turns so a turn only pays for its new tokens (see `kv_reuse`). `prefill`
computes the stable start of the next prompt ahead of time (while the trainee types), so
the next `stream` only computes the trainee's message, the direction and the generation
prompt; a `stream` called during a prefill waits for it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from simulator.backends.base import (
    BackendError,
    ChatMessage,
    CustomerBackend,
    GenerationOptions,
    ProgressCallback,
)
from simulator.backends.embedded import EMBEDDED_MODEL_ID
from simulator.backends.generation import GenerationRun, extend_cache
from simulator.backends.kv_reuse import PromptCache
from simulator.backends.model_cache import LoadedModel, load_model
from simulator.backends.model_source import ModelSource, resolve_model
from simulator.backends.stops import StopScanner
from simulator.settings import SettingsError, environment_value

EMBEDDED_LANGUAGES = frozenset({"en"})
"""What the embedded model can write: measured with bench/realizer_acceptance.py, its Swedish
lines were made-up words ("köketskan", "avdigi") and Norwegian, which no guard can catch."""


def _env_int8() -> bool:
    try:
        return bool(environment_value("int8"))
    except SettingsError:
        return False


def _visible_text(run: GenerationRun, options: GenerationOptions) -> Iterator[str]:
    """The generated text, cut at the first stop string (which also stops generation)."""
    scanner = StopScanner(options.stop)
    for piece in run.pieces():
        text = scanner.feed(piece)
        if text:
            run.mark_first_text()
            yield text
        if scanner.stopped:
            return
    if tail := scanner.flush():
        run.mark_first_text()
        yield tail


class TransformersBackend(CustomerBackend):
    """Runs a causal language model in this process, on the CPU."""

    name = "transformers"
    continues_lines = True

    def __init__(self, model: str | None, cache_dir: Path, int8: bool | None = None) -> None:
        """Use `model` (hub id, model folder, .gguf file; None = embedded SmolLM2-135M).

        `int8` quantises the Linear layers dynamically (faster decoding, slightly more
        repetitive text); None reads LAGOM_INT8.
        """
        self._source: ModelSource = resolve_model(model)
        self.model_id = self._source.model_id
        self._cache_dir = Path(cache_dir)
        self._int8 = _env_int8() if int8 is None else int8
        self._loaded: LoadedModel | None = None
        self._prompt_cache = PromptCache()
        self._stats: dict[str, float] = {}
        self._prefill_stats: dict[str, float] = {}
        self._lock = threading.Lock()
        """Held while the model computes: by a `stream` or a `prefill`."""
        self._streaming = False
        self._streaming_guard = threading.Lock()

    def writes(self, language: str) -> bool:
        """The embedded SmolLM2-135M writes English only (elsewhere it invents words)."""
        return self.model_id != EMBEDDED_MODEL_ID or language in EMBEDDED_LANGUAGES

    @property
    def loaded(self) -> LoadedModel | None:
        """The loaded model, once `warm_up` or the first `stream` has run."""
        return self._loaded

    def warm_up(self, progress: ProgressCallback | None = None) -> None:
        """Load the weights (first GGUF load converts and caches them, with progress)."""
        if self._loaded is not None:
            return
        import torch

        torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
        loaded = load_model(self._source, self._cache_dir, progress)
        if self._int8:
            # In place, so the fp32 Linear weights are freed as each layer is converted.
            loaded.model = torch.ao.quantization.quantize_dynamic(
                loaded.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True
            )
        self._loaded = loaded

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Compute and keep the KV cache of `messages` (rendered without a generation prompt).

        Only the tokens not already cached are computed. Waits for a `stream` in progress;
        a `stream` started meanwhile waits for this. Changes no generated text.
        """
        with self._lock:
            started = time.perf_counter()
            self.warm_up()
            assert self._loaded is not None
            ids = self._render(messages, generation_prompt=False)
            cache, reused = self._prompt_cache.take(ids)
            try:
                cache = extend_cache(self._loaded, ids, cache, reused)
            except Exception as error:  # noqa: BLE001 - reported like a failed line
                self._prompt_cache.clear()
                raise _as_backend_error(error, self.model_id) from error
            self._prompt_cache.keep(cache, ids)
            self._prefill_stats = {
                "prefill_s": time.perf_counter() - started,
                "prompt_tokens": float(len(ids)),
                "prompt_tokens_computed": float(len(ids) - reused),
            }

    def last_prefill_stats(self) -> dict[str, float]:
        """Figures of the last `prefill`: prefill_s, prompt_tokens, prompt_tokens_computed."""
        return dict(self._prefill_stats)

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the customer line as it is generated; stop early when the caller stops."""
        with self._streaming_guard:
            if self._streaming:
                raise BackendError("the model is still writing the previous line")
            self._streaming = True
        started = time.perf_counter()  # a wait for a prefill counts as time to first token
        try:
            with self._lock:
                yield from self._stream_locked(messages, options, started)
        finally:
            self._streaming = False

    def _stream_locked(
        self, messages: list[ChatMessage], options: GenerationOptions, started: float
    ) -> Iterator[str]:
        self.warm_up()
        assert self._loaded is not None
        prompt_ids = self._prompt_ids(messages, options)
        cache, reused = self._prompt_cache.take(prompt_ids)
        run = GenerationRun(self._loaded, prompt_ids, cache, options)
        run.start()
        try:
            yield from _visible_text(run, options)
        finally:
            # Also runs when the consumer closes the generator: stop generate, wait for it.
            run.stop_and_wait()
            self._settle(run, reused, started)
        if run.error is not None:
            raise _as_backend_error(run.error, self.model_id)

    def _settle(self, run: GenerationRun, reused: int, started: float) -> None:
        if run.error is not None:
            self._prompt_cache.clear()
            return
        self._prompt_cache.keep(run.cache, run.all_ids())
        self._stats = run.stats(reused, started)

    def _prompt_ids(self, messages: list[ChatMessage], options: GenerationOptions) -> list[int]:
        assert self._loaded is not None
        ids = self._render(messages, generation_prompt=True)
        limit = getattr(self._loaded.model.config, "max_position_embeddings", None)
        if limit and len(ids) + options.max_new_tokens > limit:
            raise BackendError(
                f"the conversation is too long for {self.model_id}: {len(ids)} prompt tokens "
                f"plus {options.max_new_tokens} new ones exceed its {limit}-token context"
            )
        return ids

    def _render(self, messages: list[ChatMessage], generation_prompt: bool) -> list[int]:
        """The token ids of the chat-template rendering of `messages`.

        A generation prompt is added unless the last message is the customer's (assistant)
        line already begun: then the model continues that message.
        """
        assert self._loaded is not None
        tokenizer = self._loaded.tokenizer
        if not getattr(tokenizer, "chat_template", None):
            raise BackendError(
                f"{self.model_id} has no chat template, so it cannot hold a conversation; "
                "choose an instruct or chat model with --model"
            )
        started = generation_prompt and bool(messages) and messages[-1]["role"] == "assistant"
        text = tokenizer.apply_chat_template(
            list(messages),
            tokenize=False,
            add_generation_prompt=generation_prompt and not started,
            continue_final_message=started,
        )
        return list(tokenizer(text, add_special_tokens=False)["input_ids"])

    def last_stats(self) -> dict[str, float]:
        """first_token_s, tokens, tokens_per_s, prompt_tokens, prompt_tokens_computed."""
        return dict(self._stats)

    def reset_cache(self) -> None:
        """Forget the KV cache, as at the start of an unrelated session."""
        self._prompt_cache.clear()

    def close(self) -> None:
        """Drop the model and the KV cache."""
        self._prompt_cache.clear()
        self._loaded = None


def _as_backend_error(error: BaseException, model_id: str) -> BackendError:
    if isinstance(error, BackendError):
        return error
    if isinstance(error, MemoryError) or "out of memory" in str(error).lower():
        return BackendError(
            f"{model_id} ran out of memory while writing; close other programs "
            "or choose a smaller model (--model)"
        )
    return BackendError(f"{model_id} failed while writing: {type(error).__name__}: {error}")
