"""The customer backend, created and warmed up off the main thread while the UI is usable."""

from __future__ import annotations

import threading
from collections.abc import Callable

from simulator.backends.base import BackendError, CustomerBackend, ProgressCallback
from simulator.backends.scripted import ScriptedBackend

BackendFactory = Callable[[], CustomerBackend]
"""Builds the configured backend; called in a worker thread (it may import torch)."""


class BackendHolder:
    """Holds the backend once it is warm; sessions wait for it without blocking the UI."""

    def __init__(self, factory: BackendFactory) -> None:
        """Remember how to build the backend; nothing is built until `warm_up`."""
        self._factory = factory
        self._ready = threading.Event()
        self.backend: CustomerBackend | None = None
        """The warm backend, or None until ready."""

    @classmethod
    def ready_with(cls, backend: CustomerBackend) -> BackendHolder:
        """A holder around an already built backend (tests, scripted runs)."""
        return cls(lambda: backend)

    @property
    def ready(self) -> bool:
        """Whether a backend is warm and sessions can start."""
        return self._ready.is_set()

    def warm_up(self, progress: ProgressCallback | None = None) -> CustomerBackend:
        """Build and warm the backend (slow on a first model load); raise BackendError."""
        try:
            backend = self._factory()
            backend.warm_up(progress)
        except BackendError:
            raise
        except Exception as exc:  # a missing file or library must not crash the UI
            raise BackendError(f"the customer model could not start: {exc}") from exc
        self._set(backend)
        return backend

    def use_authored_lines(self) -> CustomerBackend:
        """Give up on the model: the customer speaks authored lines only."""
        backend = ScriptedBackend()
        self._set(backend)
        return backend

    def wait(self, cancel: threading.Event, poll_s: float = 0.1) -> CustomerBackend | None:
        """Block until the backend is ready; None if `cancel` is set first."""
        while not self._ready.wait(poll_s):
            if cancel.is_set():
                return None
        return self.backend

    def close(self) -> None:
        """Release the backend's model and connections."""
        if self.backend is not None:
            self.backend.close()

    def _set(self, backend: CustomerBackend) -> None:
        self.backend = backend
        self._ready.set()
