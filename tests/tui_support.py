"""Shared helpers for the TUI tests: fixture content, an app factory and explicit waits."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from scenarios.library import Library, load_files, toml_files
from simulator.backends.base import BackendError, ChatMessage, CustomerBackend, GenerationOptions
from simulator.backends.scripted import ScriptedBackend
from simulator.settings import Settings
from simulator.store import Store
from simulator.tui.app import LagomApp, make_app
from simulator.tui.backend_holder import BackendHolder
from simulator.tui.context import StartPlan

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The checkout, for subprocess tests."""

FIXTURES = Path(__file__).parent / "fixtures" / "tui"
"""Two stable scenarios (parcel_late: frustrated, moderate; bill_error: exhausted, gentle)."""

GOOD_REPLY = (
    "I'm so sorry, that sounds really frustrating. I will refund the double charge today "
    "and you won't need to call again."
)


def fixture_library() -> Library:
    """The fixture personas and scenarios, checked like the shipped ones."""
    library = load_files(toml_files([FIXTURES]))
    assert not library.problems, library.problems
    return library


def open_store() -> Store:
    """The store in this test's LAGOM_HOME (set by the autouse fixture in conftest)."""
    return Store.open(Settings().database)


def build_app(
    backend: CustomerBackend | BackendHolder | None = None,
    start: StartPlan | None = None,
    store: Store | None = None,
) -> LagomApp:
    """The app on fixture content, the scripted backend and a frozen clock."""
    return make_app(
        fixture_library(), backend if backend is not None else ScriptedBackend(),
        store or open_store(), start, clock=lambda: 100.0,
    )


async def wait_until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 30) -> None:
    """Let the app run until `predicate()` is true; fail after `timeout` seconds (a generous
    default: a loaded CI machine is slow, and a passing wait returns as soon as it is true;
    tests that claim a speed pass their own shorter timeout)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)


async def submit(pilot: Pilot, selector: str, text: str) -> None:
    """Type `text` into an input (set directly: punctuation keys have long names) and Enter."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()
    await pilot.press("enter")


class GatedBackend(CustomerBackend):
    """A fake model that streams a reply only as fast as the test opens its gate."""

    name = "scripted"
    model_id = "gated test model"

    def __init__(self, reply: str) -> None:
        """Stream `reply` word by word, each word after `gate` is set."""
        self.reply = reply
        self.gate = threading.Event()
        self.started = threading.Event()

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield one word, then wait for the gate before each further word."""
        self.started.set()
        words = self.reply.split(" ")
        yield words[0]
        for word in words[1:]:
            if not self.gate.wait(5):
                raise BackendError("the test never opened the gate")
            yield " " + word


class SlowWarmUp(CustomerBackend):
    """A backend whose warm-up takes a while and reports progress (a first model load)."""

    name = "scripted"
    model_id = "slow test model"
    generates = False

    def __init__(self, seconds: float = 2.0, gate: threading.Event | None = None) -> None:
        """Warm up for `seconds`; with a `gate`, not before the gate is also opened."""
        self.seconds = seconds
        self.gate = gate

    def warm_up(self, progress: Callable[[str, float | None], None] | None = None) -> None:
        """Sleep in steps, reporting progress, then wait for the gate if there is one."""
        for step in range(4):
            if progress:
                progress(f"Loading the model ({step + 1}/4)", step / 4)
            time.sleep(self.seconds / 4)
        if self.gate is not None:
            self.gate.wait(timeout=60)

    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Never called: authored lines only."""
        raise BackendError("not a generating backend")


async def idle(seconds: float = 0.05) -> None:
    """Give worker threads a moment."""
    await asyncio.sleep(seconds)


def play_session(store: Store, trainee: str, scenario_id: str, replies: list[str],
                 seed: int = 0) -> str:
    """Play a real session without the UI (authored lines) and save it; return its id."""
    from simulator.session import PracticeSession

    library = fixture_library()
    scenario = library.scenarios[scenario_id]
    sid = store.create_session(trainee, scenario_id, seed=seed, backend="scripted",
                               scenario_title=scenario.title)
    session = PracticeSession(scenario, library.persona_for(scenario), ScriptedBackend(),
                              seed=seed, on_turn=lambda turn: store.save_turn(sid, turn))
    list(session.start())
    for reply in replies:
        if session.outcome is not None:
            break
        list(session.respond(reply))
    if session.outcome is not None:
        store.finish_session(sid, session.outcome, session.summary())
    return sid
