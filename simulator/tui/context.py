"""What every screen needs: the content, the store, the customer backend and a clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from scenarios.library import Library
from simulator.store import Store
from simulator.tui.backend_holder import BackendHolder

Mode = Literal["practice", "exam"]
"""Practice shows a tip after every graded reply; exam shows nothing until the end."""


@dataclass
class AppContext:
    """The services behind the UI, built once by the command line (or a test)."""

    library: Library
    """Every loaded persona and scenario."""
    store: Store
    """Where sessions, turns, notes and the remembered name are saved."""
    backend: BackendHolder
    """The customer backend, warmed up in the background."""
    clock: Callable[[], float] = time.monotonic
    """Seconds, for the turn timer (a fixed clock keeps snapshots stable)."""


@dataclass(frozen=True)
class StartPlan:
    """What the command line asked for: the practice UI, one scenario, or the coach review."""

    review: bool = False
    """Open the coach review instead of practice."""
    scenario_id: str | None = None
    """Go straight to this scenario's briefing (`lagom play SCENARIO`)."""
    trainee: str | None = None
    """Who is practising, when given on the command line."""
    mode: Mode = "practice"
    """The mode preselected in the briefing."""
    seed: int | None = None
    """A fixed seed; None draws one per session."""
    served: bool = False
    """A browser tab of `lagom serve`: the name typed in this tab, own sessions only, no review."""
    trainer: bool = False
    """The trainer's cohort view (`lagom class`, `lagom serve --trainer`)."""


@dataclass(frozen=True)
class SessionPlan:
    """One practice session to run: who, what, how, and with which seed."""

    scenario_id: str
    """The scenario played."""
    trainee: str
    """Who is practising."""
    mode: Mode = "practice"
    """practice or exam."""
    seed: int = 0
    """The seed: the same seed and replies give the same customer."""
    resume_id: str | None = field(default=None, compare=False)
    """A saved, unfinished session to continue instead of starting a new one."""
