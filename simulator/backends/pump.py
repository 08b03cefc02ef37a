"""Read a streamed HTTP answer in a helper thread, so the caller never blocks on the socket.

The caller polls for lines with a short timeout: it can notice a cancel, or that no text
came for too long, at any moment, even while the server sends nothing (or only
keep-alives). Lines and the whole answer are bounded in bytes: a server that sends one
100 MB chunk costs the first few megabytes, not minutes.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from simulator.backends.base import BackendError

MAX_LINE_BYTES = 256 * 1024
"""The longest server-sent line read; a longer one ends the answer (a customer line is short)."""

MAX_ANSWER_BYTES = 4 * 1024 * 1024
"""The most bytes read from one answer; the rest is dropped."""


class AnswerTooLarge(BackendError):
    """The server sent more than a customer line could ever need."""


@dataclass(frozen=True)
class Failed:
    """The request failed in the helper thread (the exception is re-raised by the caller)."""

    error: BaseException


@dataclass(frozen=True)
class Status:
    """The server answered with an HTTP error status."""

    code: int
    body: bytes
    headers: dict[str, str]


_END = object()
"""The answer ended."""


def bounded_lines(
    chunks: Iterable[bytes],
    max_line: int = MAX_LINE_BYTES,
    max_total: int = MAX_ANSWER_BYTES,
) -> Iterator[str]:
    """Split byte chunks into text lines, raising AnswerTooLarge past either bound."""
    buffer = bytearray()
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_total:
            raise AnswerTooLarge(
                f"the model server sent more than {max_total // (1024 * 1024)} MB for one "
                "line; the rest was dropped"
            )
        start = 0
        while True:
            newline = chunk.find(b"\n", start)
            piece = chunk[start:] if newline < 0 else chunk[start:newline]
            if len(buffer) + len(piece) > max_line:
                raise AnswerTooLarge(
                    f"the model server sent a chunk over {max_line // 1024} KB; "
                    "the rest of its answer was dropped"
                )
            buffer += piece
            if newline < 0:
                break
            yield buffer.decode("utf-8", errors="replace").rstrip("\r")
            buffer.clear()
            start = newline + 1
    if buffer:
        yield buffer.decode("utf-8", errors="replace").rstrip("\r")


class ResponsePump:
    """Runs one streamed request in a daemon thread and hands its lines over through a queue."""

    def __init__(
        self,
        open_response: Callable[[], AbstractContextManager[Any]],
        max_line: int = MAX_LINE_BYTES,
        max_total: int = MAX_ANSWER_BYTES,
    ) -> None:
        """`open_response` starts the request (an httpx streaming response context)."""
        self._open = open_response
        self._max_line = max_line
        self._max_total = max_total
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._socket: socket.socket | None = None
        self._thread = threading.Thread(target=self._run, name="lagom-model-stream", daemon=True)

    def start(self) -> ResponsePump:
        """Start reading; returns self."""
        self._thread.start()
        return self

    def items(self, poll_s: float) -> Iterator[str | Status | None]:
        """Lines as they come, a Status for an HTTP error, or None after `poll_s` of quiet.

        Raises the request's own exception when it failed, and ends with the answer.
        """
        while True:
            try:
                item = self._queue.get(timeout=poll_s)
            except queue.Empty:
                yield None
                continue
            if item is _END:
                return
            if isinstance(item, Failed):
                raise item.error
            yield item

    def stop(self) -> None:
        """Stop reading now: the helper thread is woken from a blocking read and ends."""
        self._stop.set()
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        """The helper thread: open, read bounded lines, queue them; never raises."""
        try:
            with self._open() as response:
                self._socket = _socket_of(response)
                if self._stop.is_set():
                    return
                if response.status_code >= 400:
                    body = b"".join(_take(response.iter_bytes(), 64 * 1024))
                    self._queue.put(Status(response.status_code, body, dict(response.headers)))
                    return
                for line in bounded_lines(response.iter_bytes(), self._max_line, self._max_total):
                    if self._stop.is_set():
                        return
                    self._queue.put(line)
        except BaseException as error:  # handed to the caller, who decides what it means
            if not self._stop.is_set():
                self._queue.put(Failed(error))
            return
        finally:
            self._socket = None
        self._queue.put(_END)


def _take(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The first `limit` bytes of a chunk stream."""
    left = limit
    for chunk in chunks:
        yield chunk[:left]
        left -= len(chunk)
        if left <= 0:
            return


def _socket_of(response: Any) -> socket.socket | None:
    """The response's socket, to wake a blocked read on stop (None when it cannot be had)."""
    stream = getattr(response, "extensions", {}).get("network_stream")
    try:
        sock = stream.get_extra_info("socket") if stream is not None else None
    except Exception:  # noqa: BLE001 - a transport without sockets: stop waits for a timeout
        return None
    return sock if isinstance(sock, socket.socket) else None
