"""Parse the server-sent events of an OpenAI-compatible streaming chat completion (or plain
completion: its chunks carry `text` instead of a `delta`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from scenarios.plaintext import plain
from simulator.backends.base import BackendError


@dataclass
class StreamUsage:
    """Token counts a server reports in its last chunk (zero when it reports none)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


def chat_deltas(lines: Iterable[str | None], usage: StreamUsage) -> Iterator[str]:
    """Yield the text of each `data:` chunk until `[DONE]`; fill `usage` when reported.

    A None line (nothing arrived for a moment), a comment, a keep-alive or a chunk without
    text yields an empty string, so the caller can check for a cancel or a timeout while
    the server sends no text. Escape sequences and control
    characters are taken out of the text. A chunk carrying an `error` object raises
    BackendError with the server's message, and so does a stream that ends with neither
    `[DONE]` nor a finish reason (a cut connection).
    """
    finished = False
    for line in lines:
        if line is None or not line.startswith("data:"):
            yield ""  # quiet, a comment, an `event:` line or a keep-alive blank
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        if not data:
            yield ""
            continue
        chunk = _decode(data)
        if "error" in chunk:
            raise BackendError(f"the model server reported an error: {error_text(chunk)}")
        _read_usage(chunk, usage)
        choices = chunk.get("choices")
        for choice in choices if isinstance(choices, list) else []:
            if not isinstance(choice, dict):
                continue
            finished = finished or bool(choice.get("finish_reason"))
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, dict) else choice.get("text")
            yield plain(content) if isinstance(content, str) else ""
    if not finished:
        raise BackendError("the model server closed the stream before the line was finished")


def error_text(body: Any) -> str:
    """The human part of an error body: `error.message`, `error`, `detail` or the raw text."""
    if isinstance(body, dict):
        error = body.get("error", body.get("detail", body.get("message")))
        if isinstance(error, dict):
            return str(error.get("message") or error)
        if error is not None:
            return str(error)
    text = str(body).strip()
    return text[:300] + ("…" if len(text) > 300 else "")


def _decode(data: str) -> dict[str, Any]:
    try:
        chunk = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as error:
        raise BackendError(f"the model server sent a malformed chunk: {data[:120]!r}") from error
    if not isinstance(chunk, dict):
        raise BackendError(f"the model server sent an unexpected chunk: {data[:120]!r}")
    return chunk


def _read_usage(chunk: dict[str, Any], usage: StreamUsage) -> None:
    reported = chunk.get("usage")
    if not isinstance(reported, dict):
        return
    details = reported.get("prompt_tokens_details")
    usage.prompt_tokens = _count(reported.get("prompt_tokens"))
    usage.completion_tokens = _count(reported.get("completion_tokens"))
    usage.cached_tokens = _count(details.get("cached_tokens") if isinstance(details, dict) else 0)


def _count(value: Any) -> int:
    """A token count as reported, 0 when it is missing or not a sane number."""
    return int(value) if isinstance(value, int | float) and 0 <= value < 1e9 else 0
