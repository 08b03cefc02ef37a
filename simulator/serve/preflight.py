"""Checks before a class starts: is the port free, is there memory for the slots asked for."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

MB = 1024 * 1024

SERVER_BASE_MB = 250
"""One model server slot with the embedded model loaded, before its prompt cache."""
CACHE_MB_PER_TRAINEE = 40
"""Model server prompt cache per trainee, as llama.cpp counts it: two saved states of a
conversation (~20 MB each with the embedded model), so a trainee's next turn finds their
conversation computed."""
CACHE_OVERHEAD = 1.7
"""What a cached state really takes against what llama.cpp counts: each also keeps a copy of
the logits of one batch (n_batch x vocabulary floats, ~12 MB at n_batch 64)."""
KV_MB_PER_1K_TOKENS = 24
"""The embedded model's KV cache per 1,024 tokens of context (30 layers, 3 KV heads, f16)."""
TRAINEE_PROCESS_MB = 90
"""One browser tab's `lagom` process (Textual, the grader, no torch): measured ~70 MB."""
WEB_SERVER_MB = 80
"""The web server that hands each tab its process."""


class PreflightError(Exception):
    """The class cannot start; the message says why in one line."""


def check_port(host: str, port: int) -> None:
    """Raise PreflightError when `host:port` cannot be bound (taken, or not an address here)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise PreflightError(f"cannot listen on {host!r}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PreflightError(
                    f"port {port} on {host} is already in use (another `lagom serve`?): "
                    "choose another with --port"
                ) from None
            raise PreflightError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (for the model server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class MemoryPlan:
    """How much memory a class needs, against what the machine has free."""

    slots: int
    """Parallel model slots (about one per trainee typing at the same moment)."""
    trainees: int
    """Browser tabs expected (each runs its own light `lagom` process)."""
    ctx_per_slot: int
    """Tokens of context each slot holds."""
    own_server: bool
    """Whether `lagom serve` starts the model server here (not with --base-url)."""

    @property
    def needed_mb(self) -> int:
        """The estimate, in MB."""
        server = 0
        if self.own_server:
            kv = KV_MB_PER_1K_TOKENS * self.ctx_per_slot * self.slots / 1024
            cache = CACHE_MB_PER_TRAINEE * CACHE_OVERHEAD * self.trainees
            server = SERVER_BASE_MB * self.slots + int(kv + cache)
        return server + WEB_SERVER_MB + TRAINEE_PROCESS_MB * self.trainees


def available_mb() -> int:
    """Memory the machine can give without swapping, in MB."""
    import psutil

    return int(psutil.virtual_memory().available / MB)


def check_memory(plan: MemoryPlan, available: int | None = None) -> None:
    """Raise PreflightError when the estimate does not fit in the available memory."""
    free = available_mb() if available is None else available
    if plan.needed_mb > free:
        raise PreflightError(
            f"too little memory for {plan.slots} slots and {plan.trainees} trainees: about "
            f"{plan.needed_mb} MB needed, {free} MB available — ask for fewer with --slots"
        )
