"""Parse the server-sent events of an OpenAI-compatible streaming chat completion."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from simulator.backends.base import BackendError


@dataclass
class StreamUsage:
    """Token counts a server reports in its last chunk (zero when it reports none)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


def chat_deltas(lines: Iterable[str], usage: StreamUsage) -> Iterator[str]:
    """Yield the text of each `data:` chunk until `[DONE]`; fill `usage` when reported.

    A chunk carrying an `error` object raises BackendError with the server's message, and
    so does a stream that ends with neither `[DONE]` nor a finish reason (a cut connection).
    """
    finished = False
    for line in lines:
        if not line.startswith("data:"):
            continue  # comments, `event:` lines and keep-alive blanks
        data = line[5:].strip()
        if data == "[DONE]":
            return
        if not data:
            continue
        chunk = _decode(data)
        if "error" in chunk:
            raise BackendError(f"the model server reported an error: {error_text(chunk)}")
        _read_usage(chunk, usage)
        for choice in chunk.get("choices") or []:
            finished = finished or bool(choice.get("finish_reason"))
            content = (choice.get("delta") or {}).get("content")
            if content:
                yield content
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
    except json.JSONDecodeError as error:
        raise BackendError(f"the model server sent a malformed chunk: {data[:120]!r}") from error
    if not isinstance(chunk, dict):
        raise BackendError(f"the model server sent an unexpected chunk: {data[:120]!r}")
    return chunk


def _read_usage(chunk: dict[str, Any], usage: StreamUsage) -> None:
    reported = chunk.get("usage")
    if not isinstance(reported, dict):
        return
    usage.prompt_tokens = int(reported.get("prompt_tokens") or 0)
    usage.completion_tokens = int(reported.get("completion_tokens") or 0)
    details = reported.get("prompt_tokens_details") or {}
    usage.cached_tokens = int(details.get("cached_tokens") or 0)
