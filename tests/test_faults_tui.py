"""Issue 12 in the UI: Esc stops a model server that sends no text, and a stall says the
model is paused while the customer goes on with authored lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_model_server import FakeServer, keep_alive, serve
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import open_store, submit, wait_until

from scenarios.library import Library
from scenarios.loader import load_persona, load_scenario
from simulator.backends.openai_backend import OpenAIBackend
from simulator.tui.app import LagomApp, make_app
from simulator.tui.context import StartPlan
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.widgets.transcript_view import ChatLine

FIXTURES = Path(__file__).parent / "fixtures" / "tui"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh fake model server per test."""
    yield from serve()


def app_on(backend: OpenAIBackend) -> LagomApp:
    """The app on the fixture scenario (parsed only), straight at its briefing."""
    library = Library(
        personas={"frustrated": load_persona(FIXTURES / "frustrated.toml")},
        scenarios={"parcel_late": load_scenario(FIXTURES / "parcel_late.toml")},
    )
    start = StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1)
    return make_app(library, backend, open_store(), start, clock=lambda: 100.0)


async def start_practice(pilot: Pilot) -> ChatScreen:
    """Press `p` once the briefing is up and has focus (a key pressed while the app is still
    starting is lost), and return the chat screen it opens."""
    from simulator.tui.screens.briefing import BriefingScreen

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen)
                     and pilot.app.focused is not None)
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
    return pilot.app.screen  # type: ignore[return-value]


def spoken(chat: ChatScreen) -> list[str]:
    """The roles of the spoken lines on screen."""
    return [line.role for line in chat.query(ChatLine) if line.role != "notice"]


def asked_with(server: FakeServer, text: str) -> bool:
    """True once a request whose messages hold `text` reached the server."""
    return any(text in m["content"] for r in server.requests for m in r["messages"])


async def test_escape_stops_a_server_that_only_sends_keep_alives(server: FakeServer) -> None:
    server.answers += [keep_alive(30)] * 4  # prefills get them too
    backend = OpenAIBackend(server.base_url, "fake-model", timeout_s=60, backoff_s=0.01)
    async with app_on(backend).run_test(size=(100, 32)) as pilot:
        chat = await start_practice(pilot)
        await wait_until(pilot, lambda: not chat.busy)
        await submit(pilot, "#reply-input", "I'm sorry, let me check the tracking for you.")
        await wait_until(pilot, lambda: asked_with(server, "check the tracking"))
        assert chat.busy
        await pilot.press("escape")
        await wait_until(pilot, lambda: not chat.busy, timeout=15)  # not the 30 s stall
        assert spoken(chat) == ["customer", "trainee"]
        assert not chat.query_one("#reply-input", Input).disabled


async def test_a_stalled_server_gives_an_authored_line_and_says_the_model_is_paused(
    server: FakeServer,
) -> None:
    server.answers += [keep_alive(30)] * 4  # prefills get them too
    backend = OpenAIBackend(server.base_url, "fake-model", timeout_s=0.5, backoff_s=0.01)
    async with app_on(backend).run_test(size=(100, 32)) as pilot:
        chat = await start_practice(pilot)
        await wait_until(pilot, lambda: not chat.busy)
        await submit(pilot, "#reply-input", "I'm sorry, let me check the tracking for you.")
        await wait_until(pilot, lambda: not chat.busy, timeout=15)  # not the 30 s stall
        assert spoken(chat) == ["customer", "trainee", "customer"]
        messages = [n.message for n in pilot.app._notifications]
        assert any("paused for 30 s" in m and "tried again at" in m for m in messages)


async def test_names_in_the_trainer_view_are_shown_literally() -> None:
    from textual.widgets import Static

    from simulator.records import TurnRecord
    from simulator.tui.screens.class_view import ClassScreen

    store = open_store()
    running = store.create_session("Bo [/bold] x", "parcel_late",
                                   scenario_title="[bold red]Late[/bold red]")
    store.save_turn(running, TurnRecord(index=0, role="customer", text="Hi.", source="script",
                                        intent="state_problem"))
    library = Library(
        personas={"frustrated": load_persona(FIXTURES / "frustrated.toml")},
        scenarios={"parcel_late": load_scenario(FIXTURES / "parcel_late.toml")},
    )
    app = make_app(library, OpenAIBackend("http://127.0.0.1:9/v1", "m"), store,
                   StartPlan(review=True, trainer=True), clock=lambda: 100.0)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ClassScreen)
        await pilot.pause()
        active = str(screen.query_one("#class-active", Static).content)
        assert "Bo [/bold] x: [bold red]Late[/bold red] (1 turns)" in active
