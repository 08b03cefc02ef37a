"""A backend with no model: authored lines only, or a queue of fake replies for tests."""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterator

from simulator.backends.base import BackendError, ChatMessage, CustomerBackend, GenerationOptions


class ScriptedBackend(CustomerBackend):
    """Writes nothing itself, or plays back queued replies word by word (a fake model).

    With no replies, `generates` is False and the realizer uses authored lines. With
    replies, each `stream` call pops the next one and records the messages in `.calls`;
    a queued `BackendError` is raised when its turn comes, to test failure fallback.
    """

    name = "scripted"

    def __init__(self, replies: list[str | BackendError] | None = None) -> None:
        """Queue `replies` (None or empty: authored lines only)."""
        self._queue: deque[str | BackendError] = deque(replies or [])
        self._fake = bool(replies)
        self.calls: list[list[ChatMessage]] = []
        self.model_id = "scripted" if not self._fake else "scripted (fake model)"
        self._stats: dict[str, float] = {}

    @property
    def generates(self) -> bool:  # type: ignore[override]
        """True when this backend plays back replies, False for authored lines only."""
        return self._fake

    def enqueue(self, *replies: str | BackendError) -> None:
        """Add replies (or errors to raise) to the end of the queue."""
        self._queue.extend(replies)
        self._fake = True

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the next queued reply word by word; raise a queued BackendError."""
        self.calls.append([ChatMessage(role=m["role"], content=m["content"]) for m in messages])
        if not self._queue:
            raise BackendError("the scripted backend has no reply queued")
        reply = self._queue.popleft()
        if isinstance(reply, BackendError):
            raise reply
        started = time.perf_counter()
        words = re.findall(r"\s*\S+\s*", reply) or ([reply] if reply else [])
        yield from words
        elapsed = time.perf_counter() - started
        self._stats = {"first_token_s": 0.0, "tokens": float(len(words)),
                       "tokens_per_s": len(words) / elapsed if elapsed else 0.0,
                       "prompt_tokens": 0.0, "prompt_tokens_computed": 0.0}

    def last_stats(self) -> dict[str, float]:
        """Figures of the last reply played back (word counts stand in for tokens)."""
        return dict(self._stats)
