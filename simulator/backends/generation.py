"""One `generate` call running in a thread, streaming text and stoppable from outside."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from simulator.backends.base import GenerationOptions

if TYPE_CHECKING:
    from simulator.backends.model_cache import LoadedModel


class GenerationRun:
    """Runs `model.generate` in a thread and hands out the decoded text as it arrives."""

    def __init__(
        self, loaded: LoadedModel, prompt_ids: list[int], cache: Any, options: GenerationOptions
    ) -> None:
        """Prepare a run over `prompt_ids`, continuing the KV `cache` (None: from scratch)."""
        from transformers import TextIteratorStreamer

        self._loaded = loaded
        self._prompt_ids = prompt_ids
        self.cache = cache
        self._options = options
        self._stop = threading.Event()
        self._streamer = TextIteratorStreamer(
            loaded.tokenizer, skip_prompt=True, skip_special_tokens=True
        )
        self._thread = threading.Thread(target=self._run, name="lagom-generate", daemon=True)
        self._sequence: list[int] = list(prompt_ids)
        self.error: BaseException | None = None
        self._first_text_at: float | None = None
        self._ended_at: float | None = None

    def start(self) -> None:
        """Start generating in the background."""
        self._thread.start()

    def pieces(self) -> Iterator[str]:
        """Decoded text pieces, in order, until generation ends."""
        return iter(self._streamer)

    def mark_first_text(self) -> None:
        """Note when the first visible text came out (once)."""
        if self._first_text_at is None:
            self._first_text_at = time.perf_counter()

    def stop_and_wait(self) -> None:
        """Ask generate to stop after the current token and wait for the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def all_ids(self) -> list[int]:
        """Prompt plus generated token ids."""
        return self._sequence

    def stats(self, reused: int, started: float) -> dict[str, float]:
        """The figures of this run for `last_stats`."""
        tokens = len(self._sequence) - len(self._prompt_ids)
        first = self._first_text_at or self._ended_at or time.perf_counter()
        ended = self._ended_at or time.perf_counter()
        decoding = ended - first
        return {
            "first_token_s": first - started,
            "tokens": float(tokens),
            "tokens_per_s": (tokens - 1) / decoding if tokens > 1 and decoding > 0 else 0.0,
            "prompt_tokens": float(len(self._prompt_ids)),
            "prompt_tokens_computed": float(len(self._prompt_ids) - reused),
        }

    def _run(self) -> None:
        import torch

        try:
            if self._options.seed is not None:
                torch.manual_seed(self._options.seed)
            with torch.inference_mode():
                output = self._loaded.model.generate(**self._generate_kwargs())
            self._sequence = output.sequences[0].tolist()
            self.cache = output.past_key_values
        except BaseException as error:  # noqa: BLE001 - handed to the consumer thread
            self.error = error
            self.cache = None
            self._streamer.end()
        finally:
            self._ended_at = time.perf_counter()

    def _generate_kwargs(self) -> dict[str, Any]:
        import torch
        from transformers import StoppingCriteriaList

        options = self._options
        input_ids = torch.tensor([self._prompt_ids], dtype=torch.long)
        sampling = options.temperature > 0
        tokenizer = self._loaded.tokenizer
        kwargs: dict[str, Any] = {
            "input_ids": input_ids,
            "attention_mask": torch.ones_like(input_ids),
            "max_new_tokens": options.max_new_tokens,
            "do_sample": sampling,
            "repetition_penalty": options.repetition_penalty,
            "streamer": self._streamer,
            "stopping_criteria": StoppingCriteriaList([_FlagStop(self._stop)]),
            "return_dict_in_generate": True,
            "pad_token_id": tokenizer.pad_token_id or tokenizer.eos_token_id,
            "use_cache": True,
        }
        if sampling:
            kwargs.update(temperature=options.temperature, top_p=options.top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        if self.cache is not None:
            kwargs["past_key_values"] = self.cache
        return kwargs


class _FlagStop:
    """A stopping criterion that ends generation once a threading.Event is set."""

    def __init__(self, flag: threading.Event) -> None:
        self._flag = flag

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        return torch.full((input_ids.shape[0],), self._flag.is_set(), dtype=torch.bool)


def extend_cache(loaded: LoadedModel, ids: list[int], cache: Any, reused: int) -> Any:
    """Run the model over `ids[reused:]` on top of `cache` (covering `ids[:reused]`).

    Returns the KV cache covering all of `ids`: what `generate` would have computed for
    them, so a later `generate` over a longer prompt only computes what follows. Samples
    nothing and leaves the random state alone.
    """
    import torch

    new = torch.tensor([ids[reused:]], dtype=torch.long)
    kwargs: dict[str, Any] = {
        "input_ids": new,
        "attention_mask": torch.ones((1, len(ids)), dtype=torch.long),
        "use_cache": True,
        "logits_to_keep": 1,
    }
    if cache is not None:
        kwargs["past_key_values"] = cache
    with torch.inference_mode():
        output = loaded.model(**kwargs)
    return output.past_key_values
