"""A circuit breaker: after a model server fails, stop asking it for a while.

With a 60 s timeout a stalled server would cost a minute on every turn. After one failure
the breaker opens for `pause_s` seconds: every line in that time is refused at once (the
session uses authored lines) with a message saying when the model is tried again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from simulator.backends.base import BackendError

DEFAULT_PAUSE_S = 30.0
"""How long the model is left alone after a failure (the setting LAGOM_MODEL_PAUSE)."""


class ModelPaused(BackendError):
    """The model is not asked: it failed recently and its pause has not run out."""


class CircuitBreaker:
    """Open for `pause_s` seconds after a failure; closed again after that or a success."""

    def __init__(
        self,
        pause_s: float = DEFAULT_PAUSE_S,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """`clock` measures the pause; `wall` names the retry time in messages."""
        self.pause_s = max(0.0, pause_s)
        self._clock = clock
        self._wall = wall
        self._until = 0.0
        self._reason = ""

    @property
    def open(self) -> bool:
        """True while failing requests are refused."""
        return self._clock() < self._until

    def remaining_s(self) -> float:
        """Seconds until the model is tried again (0 when closed)."""
        return max(0.0, self._until - self._clock())

    def check(self) -> None:
        """Raise ModelPaused while the breaker is open."""
        left = self.remaining_s()
        if left > 0:
            raise ModelPaused(
                f"the model is paused after a failure ({self._reason}); authored lines are "
                f"used until it is tried again at {self._retry_at(left)} (in {left:.0f} s)"
            )

    def trip(self, error: BackendError) -> BackendError:
        """Open the breaker after `error`; return the error with the pause added to its text."""
        if self.pause_s <= 0 or isinstance(error, ModelPaused):
            return error
        self._until = self._clock() + self.pause_s
        self._reason = str(error)
        return BackendError(
            f"{error}; the model is paused for {self.pause_s:g} s and tried again at "
            f"{self._retry_at(self.pause_s)}, with authored lines until then"
        )

    def reset(self) -> None:
        """Close the breaker (the server answered)."""
        self._until = 0.0
        self._reason = ""

    def _retry_at(self, left: float) -> str:
        """The wall-clock time, HH:MM:SS, when the model is asked again."""
        return time.strftime("%H:%M:%S", time.localtime(self._wall() + left))
