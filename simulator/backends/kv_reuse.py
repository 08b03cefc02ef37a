"""Reuse the KV cache across turns: only the tokens after the shared prefix are computed."""

from __future__ import annotations

from typing import Any


def common_prefix_length(first: list[int], second: list[int]) -> int:
    """How many leading token ids the two lists share."""
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


class PromptCache:
    """The KV cache of the last generation and the token ids it covers.

    Prompts must be append-only for this to pay off: stable prefix first (persona, scenario,
    history), per-turn stage directions last, so the next turn shares everything before them.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._cache: Any = None
        self._ids: list[int] = []

    def take(self, prompt_ids: list[int]) -> tuple[Any, int]:
        """Return a cache cropped to the prefix shared with `prompt_ids`, and its length.

        The cache is handed over (the caller's `generate` extends it in place); at least
        one prompt token is always left to compute, as `generate` needs one.
        """
        cache, self._cache = self._cache, None
        shared = min(common_prefix_length(self._ids, prompt_ids), len(prompt_ids) - 1)
        self._ids = []
        if cache is None or shared <= 0:
            return None, 0
        extra = cache.get_seq_length() - shared
        if extra > 0:
            try:
                cache.crop(-extra)  # transformers 5 crops by a negative count of tokens to drop
            except RuntimeError:
                # A sliding-window cache (Gemma 3) past its window cannot roll back: recompute.
                return None, 0
        return cache, shared

    def keep(self, cache: Any, ids: list[int]) -> None:
        """Remember `cache` and the first `cache.get_seq_length()` of `ids` it covers."""
        if cache is None:
            return
        self._cache = cache
        self._ids = ids[: cache.get_seq_length()]

    def clear(self) -> None:
        """Forget the cache (after a failure its contents cannot be trusted)."""
        self._cache, self._ids = None, []
