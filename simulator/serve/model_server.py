"""The class's model server: llama.cpp's OpenAI-compatible server on the embedded GGUF or --model.

llama-cpp-python's server answers one request at a time, so a *slot* here is one server
process (its own copy of the small model, about 200 MB, and its own prompt cache); each
browser tab is pointed at one slot, the least loaded. `interrupt_requests` is turned off:
by default a new request cuts off the one being streamed, which would cut a trainee's
customer mid-line whenever a classmate pressed Enter.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.serve.preflight import CACHE_MB_PER_TRAINEE, free_port

Progress = Callable[[str], None]
"""Receives one line of start-up progress."""

START_TIMEOUT_S = 120.0
"""How long a slot may take to answer before the start counts as failed."""


class ModelServerError(Exception):
    """The model server could not start or stopped; the message says why."""


@dataclass(frozen=True)
class ServerPlan:
    """How to start the model server."""

    model: Path
    """The GGUF file served."""
    slots: int = 2
    """Server processes; each answers one trainee at a time."""
    ctx: int = 4096
    """Tokens of context per slot."""
    threads: int = 1
    """CPU threads per slot."""
    cache_mb: int = 256
    """Each slot's prompt cache (states of recent conversations), in MB."""
    log_dir: Path = field(default_factory=lambda: Path("."))
    """Where each slot's output is written (its last lines are shown on failure)."""

    def command(self, port: int) -> list[str]:
        """The command line of one slot listening on 127.0.0.1:`port`."""
        return [
            sys.executable, "-m", "llama_cpp.server", "--model", str(self.model),
            "--model_alias", self.model.stem, "--host", "127.0.0.1", "--port", str(port),
            "--n_ctx", str(self.ctx), "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads), "--interrupt_requests", "false",
            # logits for every prompt token would cost n_ctx x vocabulary floats (~800 MB);
            # a small batch keeps the logits copy in each cached state small (64 x vocabulary)
            "--logits_all", "false", "--n_batch", "64",
            "--cache", "true", "--cache_size", str(self.cache_mb * 1024 * 1024),
        ]


def require_llama_server() -> None:
    """Raise ModelServerError when llama-cpp-python's server extra is not installed."""
    for module in ("llama_cpp", "uvicorn", "sse_starlette", "starlette_context"):
        if importlib.util.find_spec(module) is None:
            raise ModelServerError(
                "the model server needs llama-cpp-python with its server extra: "
                "pip install 'llama-cpp-python[server]' (or pass --base-url to use a running one)"
            )


@dataclass
class Slot:
    """One running server process."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible address of this slot."""
        return f"http://127.0.0.1:{self.port}/v1"

    def last_lines(self, count: int = 5) -> str:
        """The last lines the process wrote, joined with ' | '."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in lines[-count:] if line.strip())


class ModelServer:
    """Starts the slots, waits until each answers, and stops them all."""

    def __init__(self, plan: ServerPlan) -> None:
        """Nothing starts until `start`."""
        self.plan = plan
        self.slots: list[Slot] = []
        self._reported: set[int] = set()

    @property
    def base_urls(self) -> list[str]:
        """The address of every slot."""
        return [slot.base_url for slot in self.slots]

    def start(self, progress: Progress | None = None) -> list[str]:
        """Start every slot and wait until all answer; raise ModelServerError (all stopped)."""
        report = progress or (lambda line: None)
        require_llama_server()
        self.plan.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            for index in range(self.plan.slots):
                port = free_port()
                log = self.plan.log_dir / f"model-server-{index + 1}.log"
                with log.open("wb") as out:
                    process = subprocess.Popen(
                        self.plan.command(port), stdout=out, stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                    )
                self.slots.append(Slot(process, port, log))
            report(f"model server: loading {self.plan.model.name} in {self.plan.slots} slot(s)…")
            self._wait_ready(report)
        except BaseException:
            self.stop()
            raise
        return self.base_urls

    def _wait_ready(self, report: Progress) -> None:
        import httpx

        deadline = time.monotonic() + START_TIMEOUT_S
        waiting = list(self.slots)
        while waiting:
            for slot in list(waiting):
                if slot.process.poll() is not None:
                    raise ModelServerError(
                        f"the model server failed to start (exit {slot.process.returncode}): "
                        f"{slot.last_lines() or 'no output'}"
                    )
                try:
                    if httpx.get(f"{slot.base_url}/models", timeout=2).status_code == 200:
                        waiting.remove(slot)
                        report(f"model server: slot {self.slots.index(slot) + 1} ready "
                               f"({len(self.slots) - len(waiting)}/{len(self.slots)})")
                except httpx.HTTPError:
                    pass
            if waiting and time.monotonic() > deadline:
                raise ModelServerError(
                    f"the model server did not answer within {START_TIMEOUT_S:.0f} s: "
                    f"{waiting[0].last_lines() or 'no output'}"
                )
            if waiting:
                time.sleep(0.25)

    def dead_slots(self) -> list[Slot]:
        """Slots whose process has exited."""
        return [slot for slot in self.slots if slot.process.poll() is not None]

    def news(self) -> list[str]:
        """One line for each slot that stopped since the last call (for the trainer's console)."""
        lines = []
        for slot in self.dead_slots():
            if slot.port not in self._reported:
                self._reported.add(slot.port)
                lines.append(
                    f"lagom: the model server (slot {self.slots.index(slot) + 1}) stopped "
                    f"(exit {slot.process.returncode}): its trainees go on with authored lines; "
                    "restart `lagom serve` to bring the model back (sessions are offered again)"
                )
        return lines

    def stop(self) -> None:
        """Stop every slot (terminate, then kill after 5 s)."""
        for slot in self.slots:
            if slot.process.poll() is None:
                slot.process.terminate()
        for slot in self.slots:
            try:
                slot.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                slot.process.kill()
                slot.process.wait()
        self.slots = []

    def __enter__(self) -> ModelServer:
        """Use in a `with` block: stopped at the end, also on Ctrl-C or an error."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the slots."""
        self.stop()


def cache_mb_for(trainees: int, slots: int) -> int:
    """A slot's prompt cache for `trainees` spread over `slots`."""
    return max(256, CACHE_MB_PER_TRAINEE * -(-trainees // slots))
