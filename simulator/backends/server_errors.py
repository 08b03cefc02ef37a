"""Turn httpx failures and HTTP error answers into messages a trainee or coach can act on."""

from __future__ import annotations

import json
from typing import Any

from simulator.backends.base import BackendError
from simulator.backends.sse import error_text

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


def transport_error(error: Exception, base_url: str, timeout_s: float) -> BackendError:
    """A message for a connection failure or timeout talking to `base_url`."""
    import httpx

    if isinstance(error, httpx.ConnectTimeout):
        return BackendError(
            f"cannot reach the model server at {base_url}: no answer to the connection "
            "attempt — is the address right and the server running?"
        )
    if isinstance(error, httpx.ConnectError):
        reason = "connection refused" if "refused" in str(error).lower() else str(error)
        return BackendError(
            f"cannot reach the model server at {base_url}: {reason} — is it running?"
        )
    if isinstance(error, httpx.TimeoutException):
        return BackendError(
            f"the model server at {base_url} did not answer within {timeout_s:g} s; "
            "it may be overloaded — try again, or raise LAGOM_TIMEOUT"
        )
    return BackendError(f"the connection to the model server at {base_url} failed: {error}")


def status_error(status: int, body: bytes, base_url: str, model: str) -> BackendError:
    """A message for an HTTP error answer, quoting the server's own error text."""
    text = _body_text(body)
    if status in (401, 403):
        return BackendError(
            f"the model server at {base_url} refused the request (HTTP {status}: {text}); "
            "check the API key (LAGOM_API_KEY)"
        )
    if status == 404 and "model" in text.lower():
        return BackendError(
            f"the model server at {base_url} does not know the model {model!r} "
            f"(HTTP 404: {text}); pass --model with one it serves (see {base_url}/models)"
        )
    if status == 404:
        return BackendError(
            f"the model server at {base_url} has no chat endpoint (HTTP 404: {text}); "
            "the base URL usually ends in /v1"
        )
    return BackendError(f"the model server at {base_url} answered HTTP {status}: {text}")


def _body_text(body: bytes) -> str:
    raw = body.decode("utf-8", errors="replace")
    try:
        parsed: Any = json.loads(raw)
    except json.JSONDecodeError:
        parsed = raw
    return error_text(parsed) or "no details"
