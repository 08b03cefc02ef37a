"""How long the trainee has taken on this reply: response speed matters to customers."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

SLOW_S = 30.0
"""After this long the timer warns: the customer is waiting."""

VERY_SLOW_S = 60.0
"""After this long the timer shows an error colour."""


def minutes(seconds: float) -> str:
    """Seconds as m:ss."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class TurnTimer(Static):
    """Counts up from the moment the customer stops speaking until the trainee sends."""

    def __init__(self, clock: Callable[[], float], **kwargs: object) -> None:
        """`clock` gives seconds (time.monotonic; a fixed one in snapshot tests)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self._started: float | None = None
        self._last: float | None = None

    def on_mount(self) -> None:
        """Tick once a second."""
        self.set_interval(1.0, self._tick)

    @property
    def running(self) -> bool:
        """Whether the trainee's turn is being timed."""
        return self._started is not None

    def elapsed(self) -> float:
        """Seconds on the current reply (or the last one, when stopped)."""
        if self._started is None:
            return self._last or 0.0
        return max(0.0, self._clock() - self._started)

    def start(self) -> None:
        """The customer stopped speaking: the trainee's time starts."""
        self._started = self._clock()
        self._tick()

    def stop(self) -> float:
        """The trainee sent a reply: stop and return the seconds taken."""
        self._last = self.elapsed()
        self._started = None
        self._tick()
        return self._last

    def _tick(self) -> None:
        seconds = self.elapsed()
        self.set_class(self.running and seconds >= SLOW_S, "-slow")
        self.set_class(self.running and seconds >= VERY_SLOW_S, "-very-slow")
        self.refresh()

    def render(self) -> Text:
        """"Your reply: 0:12" while running, the last time taken otherwise."""
        if self.running:
            return Text(f"Your reply: {minutes(self.elapsed())}")
        if self._last is None:
            return Text("Your reply: –", style="dim")
        return Text(f"Last reply took {minutes(self._last)}", style="dim")
