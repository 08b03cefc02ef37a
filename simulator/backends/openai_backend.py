"""A backend for any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server...)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from simulator.backends.base import (
    BackendError,
    ChatMessage,
    CustomerBackend,
    GenerationOptions,
    ProgressCallback,
)
from simulator.backends.server_errors import RETRYABLE_STATUS, status_error, transport_error
from simulator.backends.sse import StreamUsage, chat_deltas
from simulator.backends.stops import StopScanner

# Sampling fields outside the OpenAI standard; dropped if a strict server rejects them.
_EXTRA_FIELDS = ("repetition_penalty", "repeat_penalty", "stream_options")


class _Retry(Exception):
    """An attempt failed in a way worth retrying (before any text came back)."""

    def __init__(self, error: BackendError, delay_s: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.delay_s = delay_s


class OpenAIBackend(CustomerBackend):
    """Streams chat completions over HTTP, with timeouts and retries."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        retries: int = 2,
        backoff_s: float = 0.5,
    ) -> None:
        """Talk to `base_url` (e.g. http://127.0.0.1:8000/v1); None model = the server's first."""
        self.base_url = base_url.rstrip("/")
        self.model_id = model or ""
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._retries = max(0, retries)
        self._backoff_s = backoff_s
        self._extras = True
        self._client: Any = None
        self._stats: dict[str, float] = {}

    def warm_up(self, progress: ProgressCallback | None = None) -> None:
        """Check that the server answers `GET /models`; pick its first model if none is set."""
        report = progress or (lambda text, fraction: None)
        report(f"Checking the model server at {self.base_url}", None)
        models = self._list_models()
        if not self.model_id:
            self.model_id = models[0] if models else "default"
        report("Model server ready", 1.0)

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the customer line as the server streams it."""
        if not self.model_id:
            self.warm_up()
        started = time.perf_counter()
        usage, scanner = StreamUsage(), StopScanner(options.stop)
        state = {"chunks": 0, "first": 0.0}
        for attempt in range(self._retries + 1):
            try:
                for delta in self._attempt(messages, options, usage):
                    state["chunks"] += 1
                    text = scanner.feed(delta)
                    if text:
                        state["first"] = state["first"] or time.perf_counter()
                        yield text
                    if scanner.stopped:
                        break
                break
            except _Retry as retry:
                if state["chunks"] or attempt == self._retries:
                    raise retry.error from None
                time.sleep(retry.delay_s or self._backoff_s * 2**attempt)
        if tail := scanner.flush():
            state["first"] = state["first"] or time.perf_counter()
            yield tail
        self._stats = _stats(started, state, usage)

    def _attempt(
        self, messages: list[ChatMessage], options: GenerationOptions, usage: StreamUsage
    ) -> Iterator[str]:
        import httpx

        payload = self._payload(messages, options)
        try:
            with self._http().stream("POST", f"{self.base_url}/chat/completions",
                                     json=payload) as response:
                if response.status_code >= 400:
                    self._raise_for_status(response)
                yield from chat_deltas(response.iter_lines(), usage)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as error:
            raise _Retry(transport_error(error, self.base_url, self._timeout_s)) from error
        except httpx.HTTPError as error:
            raise transport_error(error, self.base_url, self._timeout_s) from error

    def _raise_for_status(self, response: Any) -> None:
        body = response.read()
        status = response.status_code
        error = status_error(status, body, self.base_url, self.model_id)
        if status in (400, 422) and self._extras and _mentions_extras(body):
            self._extras = False  # a strict server: resend with standard fields only
            raise _Retry(error, delay_s=0.01)
        if status in RETRYABLE_STATUS:
            raise _Retry(error, _retry_after(response.headers.get("retry-after")))
        raise error

    def _payload(self, messages: list[ChatMessage], options: GenerationOptions) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model_id,
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "stream": True,
            "max_tokens": options.max_new_tokens,
            "temperature": options.temperature,
            "top_p": options.top_p,
        }
        if options.stop:
            payload["stop"] = options.stop[:4]  # OpenAI accepts at most four
        if options.seed is not None:
            payload["seed"] = options.seed
        if self._extras:
            payload["repetition_penalty"] = options.repetition_penalty  # vLLM
            payload["repeat_penalty"] = options.repetition_penalty  # llama.cpp
            payload["stream_options"] = {"include_usage": True}
        return payload

    def _list_models(self) -> list[str]:
        import httpx

        for attempt in range(self._retries + 1):
            try:
                response = self._http().get(f"{self.base_url}/models")
                break
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if attempt == self._retries:
                    raise transport_error(error, self.base_url, self._timeout_s) from error
                time.sleep(self._backoff_s * 2**attempt)
            except httpx.HTTPError as error:
                raise transport_error(error, self.base_url, self._timeout_s) from error
        if response.status_code >= 400:
            raise status_error(response.status_code, response.content, self.base_url, "")
        try:
            return [str(item["id"]) for item in response.json().get("data", [])]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackendError(
                f"{self.base_url}/models did not answer like an OpenAI-compatible server"
            ) from error

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
            timeout = httpx.Timeout(self._timeout_s, connect=min(self._timeout_s, 10.0))
            self._client = httpx.Client(timeout=timeout, headers=headers)
        return self._client

    def last_stats(self) -> dict[str, float]:
        """first_token_s, tokens (server usage, else chunks), tokens_per_s, prompt tokens."""
        return dict(self._stats)

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None


def _mentions_extras(body: bytes) -> bool:
    text = body.decode("utf-8", errors="replace").lower()
    return any(name in text for name in _EXTRA_FIELDS)


def _retry_after(value: str | None) -> float | None:
    try:
        return min(5.0, max(0.0, float(value))) if value else None
    except ValueError:
        return None


def _stats(started: float, state: dict[str, Any], usage: StreamUsage) -> dict[str, float]:
    ended = time.perf_counter()
    first = state["first"] or ended
    tokens = usage.completion_tokens or state["chunks"]
    decoding = ended - first
    return {
        "first_token_s": first - started,
        "tokens": float(tokens),
        "tokens_per_s": (tokens - 1) / decoding if tokens > 1 and decoding > 0 else 0.0,
        "prompt_tokens": float(usage.prompt_tokens),
        "prompt_tokens_computed": float(max(0, usage.prompt_tokens - usage.cached_tokens)),
    }
