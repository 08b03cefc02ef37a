"""A loopback OpenAI-compatible chat server that plays queued answers, good and hostile.

Answers are `(kind, value)` pairs:
- `("sse", [data, ...])`: `data: ...` events, as a well-behaved server streams them;
- `("cut", [data, ...])`: the same, then the connection is dropped without `[DONE]`;
- `("status", (code, body))`: an HTTP error answer with a JSON body;
- `("sleep", seconds)`: no answer at all for that long (no headers either);
- `("script", [step, ...])`: headers, then each step in turn: bytes are written as they
  are, a number sleeps that many seconds. The helpers below build the hostile ones:
  keep-alive comments, empty deltas, whitespace, stalls, huge chunks, escape sequences.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[str, Any]


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print a traceback when a client hangs up
    mid-answer (a cancelled or timed-out line): that is the client's right, and the text
    would land in whichever test runs next."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a client that went away; report anything else as usual."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def event(content: str | None = None, finish: str | None = None) -> bytes:
    """One `data:` event carrying a delta (empty when `content` is None)."""
    delta = {} if content is None else {"content": content}
    choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish}
    return f"data: {json.dumps({'choices': [choice]})}\n\n".encode()


DONE = b"data: [DONE]\n\n"


def sse(*deltas: str, usage: dict[str, int] | None = None) -> Answer:
    """A streamed answer made of `deltas`, then `[DONE]`."""
    events = [{"choices": [{"index": 0, "delta": {"content": d}}]} for d in deltas]
    if usage:
        events.append({"choices": [], "usage": usage})
    return ("sse", [json.dumps(e) for e in events] + ["[DONE]"])


def keep_alive(seconds: float, every: float = 0.05) -> Answer:
    """Only `: keep-alive` comments for `seconds` (then the stream ends without text)."""
    count = max(1, int(seconds / every))
    return ("script", [step for _ in range(count) for step in (b": keep-alive\n\n", every)])


def empty_deltas(seconds: float, every: float = 0.05) -> Answer:
    """Chunks with an empty delta (no `content`) or empty content, for `seconds`."""
    steps: list[Any] = []
    for i in range(max(1, int(seconds / every))):
        steps += [event(None if i % 2 else ""), every]
    return ("script", steps)


def whitespace(seconds: float, every: float = 0.05) -> Answer:
    """Content that is only spaces and newlines, for `seconds`."""
    return ("script", [s for _ in range(int(seconds / every)) for s in (event("  "), every)])


def stall_after(text: str, seconds: float) -> Answer:
    """Some text, then nothing at all for `seconds` (the connection stays open)."""
    return ("script", [event(text), seconds])


def huge_chunk(megabytes: int) -> Answer:
    """One content chunk of `megabytes` MB, then `[DONE]`."""
    block = b"x" * (1024 * 1024)
    head = b'data: {"choices": [{"index": 0, "delta": {"content": "'
    tail = b'"}}]}\n\n'
    return ("script", [head, *([block] * megabytes), tail, DONE])


def escapes(*deltas: str) -> Answer:
    """A normal answer whose deltas hold whatever bytes are given (escape sequences)."""
    return ("script", [*(event(d) for d in deltas), event(None, "stop"), DONE])


class FakeServer:
    """A loopback HTTP server that plays queued answers and records the requests."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.requests: list[dict[str, Any]] = []
        self.models = ["fake-model"]
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                fake.reply_json(self, 200, {"data": [{"id": m} for m in fake.models]})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers["Content-Length"])
                fake.requests.append(json.loads(self.rfile.read(length)))
                # the client may hang up (a cancel, a timeout): that is the point
                with contextlib.suppress(OSError):
                    fake.play(self, fake.answers.pop(0) if fake.answers else sse("ok"))

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def reply_json(self, handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def play(self, handler: BaseHTTPRequestHandler, answer: Answer) -> None:
        kind, value = answer
        if kind == "status":
            self.reply_json(handler, value[0], value[1])
            return
        if kind == "sleep":
            time.sleep(value)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        if kind == "script":
            for step in value:
                if isinstance(step, bytes):
                    handler.wfile.write(step)
                    handler.wfile.flush()
                else:
                    time.sleep(step)
            return
        for data in value:
            handler.wfile.write(f"data: {data}\n\n".encode())
            handler.wfile.flush()
        if kind == "cut":
            handler.connection.shutdown(2)  # drop the connection mid-stream, no [DONE]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve() -> Iterator[FakeServer]:
    """Run a fake server for one test (use as a pytest fixture body)."""
    fake = FakeServer()
    yield fake
    fake.close()
