"""A backend for any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server...)."""

from __future__ import annotations

import contextlib
import json
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
from simulator.backends.breaker import DEFAULT_PAUSE_S, CircuitBreaker
from simulator.backends.chatml import STOPS as CHATML_STOPS
from simulator.backends.chatml import chatml_prompt
from simulator.backends.pump import ResponsePump, Status
from simulator.backends.server_errors import RETRYABLE_STATUS, status_error, transport_error
from simulator.backends.sse import StreamUsage, chat_deltas
from simulator.backends.stops import StopScanner

# Sampling fields outside the OpenAI standard; dropped if a strict server rejects them.
_EXTRA_FIELDS = ("repetition_penalty", "repeat_penalty", "stream_options")

POLL_S = 0.1
"""How often a quiet stream hands control back (to check for a cancel and the timeout)."""

PREFILL_MAX_S = 15.0
"""The longest a prefill may take (at most LAGOM_TIMEOUT); it only saves time later."""

MAX_CHARS_PER_TOKEN = 16
"""Text read per requested token at most; a server that sends more is cut off there."""


class _QuietClock:
    """Measures the time without text: keep-alives, empty and blank chunks do not count."""

    def __init__(self, timeout_s: float, base_url: str) -> None:
        self.timeout_s = timeout_s
        self.base_url = base_url
        self.since = time.monotonic()

    def check(self, delta: str) -> None:
        """Note `delta`; raise BackendError when no text came for `timeout_s`."""
        now = time.monotonic()
        if delta.strip():
            self.since = now
        elif now - self.since > self.timeout_s:
            raise BackendError(
                f"the model server at {self.base_url} did not answer within "
                f"{self.timeout_s:g} s (no text came); it may be overloaded or stalled — "
                "try again, or raise LAGOM_TIMEOUT"
            )

    def wait(self, seconds: float) -> Iterator[str]:
        """Sleep `seconds` before a retry, yielding "" so the caller may cancel meanwhile."""
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            time.sleep(min(POLL_S, left))
            self.check("")
            yield ""


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
        pause_s: float = DEFAULT_PAUSE_S,
        prompt_format: str = "chat",
    ) -> None:
        """Talk to `base_url` (e.g. http://127.0.0.1:8000/v1); None model = the server's first.

        After a failed line the model is not asked again for `pause_s` seconds (0: always).
        `prompt_format` `chatml`: ask the plain completions endpoint with a ChatML prompt
        (see `chatml.py`), so the model can continue a begun line (`continues_lines`).
        """
        self.base_url = base_url.rstrip("/")
        self.continues_lines = prompt_format == "chatml"  # type: ignore[misc]
        self.model_id = model or ""
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._retries = max(0, retries)
        self._backoff_s = backoff_s
        self._extras = True
        self._client: Any = None
        self._stats: dict[str, float] = {}
        self.breaker = CircuitBreaker(pause_s)

    def warm_up(self, progress: ProgressCallback | None = None) -> None:
        """Check that the server answers `GET /models`; pick its first model if none is set."""
        report = progress or (lambda text, fraction: None)
        report(f"Checking the model server at {self.base_url}", None)
        models = self._list_models()
        if not self.model_id:
            self.model_id = models[0] if models else "default"
        report("Model server ready", 1.0)

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the customer line as the server streams it ("" while the server is quiet).

        Fails with BackendError when no text comes for `timeout_s` (keep-alives, empty or
        blank chunks do not count), and at once while the circuit breaker is open after an
        earlier failure. Closing the generator (a cancel) stops the request at once.
        """
        self.breaker.check()
        try:
            yield from self._stream(messages, options)
        except BackendError as error:
            raise self.breaker.trip(error) from error
        self.breaker.reset()

    def _stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        if not self.model_id:
            self.warm_up()
        started = time.perf_counter()
        usage, scanner = StreamUsage(), StopScanner(options.stop)
        state = {"chunks": 0, "first": 0.0}
        budget = options.max_new_tokens * MAX_CHARS_PER_TOKEN
        quiet = _QuietClock(self._timeout_s, self.base_url)
        for attempt in range(self._retries + 1):
            try:
                for delta in self._attempt(messages, options, usage):
                    quiet.check(delta)
                    if not delta:
                        yield ""  # nothing yet: the caller may cancel
                        continue
                    state["chunks"] += 1
                    budget -= len(delta)
                    text = scanner.feed(delta[: len(delta) + min(0, budget)])
                    if text:
                        state["first"] = state["first"] or time.perf_counter()
                        yield text
                    if scanner.stopped or budget <= 0:
                        break
                break
            except _Retry as retry:
                if state["chunks"] or attempt == self._retries:
                    raise retry.error from None
                yield from quiet.wait(retry.delay_s or self._backoff_s * 2**attempt)
        if tail := scanner.flush():
            state["first"] = state["first"] or time.perf_counter()
            yield tail
        self._stats = _stats(started, state, usage)

    def _attempt(
        self, messages: list[ChatMessage], options: GenerationOptions, usage: StreamUsage
    ) -> Iterator[str]:
        """One request: its deltas, with "" whenever nothing came for POLL_S seconds."""
        payload = self._payload(messages, options)
        url = f"{self.base_url}/{self._endpoint}"
        pump = ResponsePump(lambda: self._http().stream("POST", url, json=payload)).start()
        try:
            yield from chat_deltas(self._lines(pump), usage)
        finally:
            pump.stop()

    def _lines(self, pump: ResponsePump) -> Iterator[str | None]:
        """The answer's lines (None while quiet); HTTP and transport failures raised."""
        import httpx

        try:
            for item in pump.items(POLL_S):
                if isinstance(item, Status):
                    self._raise_for_status(item)
                yield item
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as error:
            raise _Retry(transport_error(error, self.base_url, self._timeout_s)) from error
        except httpx.HTTPError as error:
            raise transport_error(error, self.base_url, self._timeout_s) from error
        except (BackendError, _Retry):
            raise
        except Exception as error:  # noqa: BLE001 - anything else from the transport
            raise BackendError(
                f"the connection to the model server at {self.base_url} failed: {error}"
            ) from error

    def _raise_for_status(self, answer: Status) -> None:
        body, status = answer.body, answer.code
        error = status_error(status, body, self.base_url, self.model_id)
        if status in (400, 422) and self._extras and _mentions_extras(body):
            self._extras = False  # a strict server: resend with standard fields only
            raise _Retry(error, delay_s=0.01)
        if status in RETRYABLE_STATUS:
            headers = {k.lower(): v for k, v in answer.headers.items()}
            raise _Retry(error, _retry_after(headers.get("retry-after")))
        raise error

    @property
    def _endpoint(self) -> str:
        """Where lines are asked for: plain completions for a ChatML prompt, else chat."""
        return "completions" if self.continues_lines else "chat/completions"

    def _payload(
        self, messages: list[ChatMessage], options: GenerationOptions, open_end: bool = True
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model_id,
            "stream": True,
            "max_tokens": options.max_new_tokens,
            "temperature": options.temperature,
            "top_p": options.top_p,
        }
        stop = list(options.stop)
        if self.continues_lines:
            payload["prompt"] = chatml_prompt(messages, open_end=open_end)
            # the server gets at most four: the line's end and ChatML's markers come first
            # (the stream is also scanned for every stop here)
            stop = list(dict.fromkeys([*(s for s in stop if s == "\n"), *CHATML_STOPS, *stop]))
        else:
            payload["messages"] = [{"role": m["role"], "content": m["content"]} for m in messages]
        if stop:
            payload["stop"] = stop[:4]  # OpenAI accepts at most four
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
                status, body = self._get_bounded(f"{self.base_url}/models")
                break
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if attempt == self._retries:
                    raise transport_error(error, self.base_url, self._timeout_s) from error
                time.sleep(self._backoff_s * 2**attempt)
            except httpx.HTTPError as error:
                raise transport_error(error, self.base_url, self._timeout_s) from error
        if status >= 400:
            raise status_error(status, body, self.base_url, "")
        try:
            return [str(item["id"]) for item in json.loads(body).get("data", [])]
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            raise BackendError(
                f"{self.base_url}/models did not answer like an OpenAI-compatible server"
            ) from error

    def _get_bounded(self, url: str) -> tuple[int, bytes]:
        """GET `url`: the status and body, read within `timeout_s` and MAX_ANSWER_BYTES.

        A server that trickles bytes (keep-alives) cannot hold warm-up past the timeout.
        """
        pump = ResponsePump(lambda: self._http().stream("GET", url)).start()
        deadline = time.monotonic() + self._timeout_s
        lines: list[str] = []
        try:
            for item in pump.items(POLL_S):
                if isinstance(item, Status):
                    return item.code, item.body
                if item is not None:
                    lines.append(item)
                if time.monotonic() > deadline:
                    raise BackendError(
                        f"the model server at {self.base_url} did not answer within "
                        f"{self._timeout_s:g} s; it may be overloaded — try again, or raise "
                        "LAGOM_TIMEOUT"
                    )
        finally:
            pump.stop()
        return 200, "\n".join(lines).encode()

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
            timeout = httpx.Timeout(self._timeout_s, connect=min(self._timeout_s, 10.0))
            self._client = httpx.Client(timeout=timeout, headers=headers)
        return self._client

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Have the server compute the conversation so far while the trainee types.

        A one-token request: llama.cpp's server keeps what it computed in its prompt cache
        (and servers with prefix caching do likewise), so the answer computes only the new
        reply. Only for a server on this machine or the local network (a paid cloud API would
        bill the conversation twice). Failures are ignored: `stream` reports a broken server.
        """
        if not messages or self.breaker.open or not _is_local(self.base_url):
            return  # a server paused after a failure is not asked for anything
        if not self.model_id:
            with contextlib.suppress(BackendError):
                self.warm_up()  # the model's name, asked once
            if not self.model_id:
                return
        payload = self._payload(messages, GenerationOptions(max_new_tokens=1), open_end=False)
        payload["stream"] = False
        payload.pop("stream_options", None)
        url = f"{self.base_url}/{self._endpoint}"
        pump = ResponsePump(lambda: self._http().stream("POST", url, json=payload)).start()
        deadline = time.monotonic() + min(self._timeout_s, PREFILL_MAX_S)
        # Bounded: a stalled or trickling server cannot hold the session's worker; a failure
        # is ignored (a prefill only saves time; `stream` reports a broken server).
        try:
            with contextlib.suppress(Exception):
                for _ in pump.items(POLL_S):
                    if time.monotonic() > deadline:
                        break
        finally:
            pump.stop()

    def last_stats(self) -> dict[str, float]:
        """first_token_s, tokens (server usage, else chunks), tokens_per_s, prompt tokens."""
        return dict(self._stats)

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None


def _is_local(base_url: str) -> bool:
    """Whether the server is on this machine or a private network."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


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
