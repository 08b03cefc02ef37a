"""Snapshots of every screen and dialog: fixed seed, scripted backend, frozen clock.

Review `snapshot_report.html` before `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import GOOD_REPLY, build_app, open_store, play_session, submit, wait_until

from simulator.backends.base import BackendError
from simulator.tui.backend_holder import BackendHolder
from simulator.tui.context import StartPlan
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen
from simulator.tui.screens.session_detail import SessionDetailScreen

SIZE = (100, 32)
PLAY = StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved sessions all start at the same moment, so dates in the review never change."""
    monkeypatch.setattr("simulator.store.store.now_iso", lambda: "2026-01-05T09:30:00+00:00")


async def settle(pilot: Pilot) -> None:
    """Wait for the warm-up and any reply, and stop cursors blinking."""
    if not pilot.app.start.review:
        await wait_until(pilot, lambda: pilot.app.context.backend.ready)
        await wait_until(pilot, lambda: pilot.app.backend_status.state != "warming")
    screen = pilot.app.screen
    if isinstance(screen, ChatScreen):
        await wait_until(pilot, lambda: not screen.busy)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def chat_after_one_reply(pilot: Pilot) -> None:
    """Into the chat, one reply, its answer and the tip."""
    await settle(pilot)
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
    await settle(pilot)
    reply = "Three days since Monday, I understand. [bold]Sorry[/bold]."
    await submit(pilot, "#reply-input", reply)
    await settle(pilot)


def test_welcome(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(build_app(), run_before=settle, terminal_size=SIZE)


def test_scenario_picker(snap_compare) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await submit(pilot, "#trainee-name", "Ana")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
        await settle(pilot)

    assert snap_compare(build_app(), run_before=run_before, terminal_size=SIZE)


def test_briefing(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(build_app(start=PLAY), run_before=settle, terminal_size=SIZE)


def test_chat(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(build_app(start=PLAY), run_before=chat_after_one_reply, terminal_size=SIZE)


def test_chat_at_80x24(snap_compare) -> None:  # noqa: ANN001
    app = build_app(start=PLAY)
    assert snap_compare(app, run_before=chat_after_one_reply, terminal_size=(80, 24))


def test_report(snap_compare) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        for reply in ["Calm down, it is not our fault.", GOOD_REPLY] * 4:
            await settle(pilot)
            if chat.finished:
                break
            await submit(pilot, "#reply-input", reply)
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        await pilot.pause()

    start = StartPlan(scenario_id="bill_error", trainee="Ana", seed=2)
    assert snap_compare(build_app(start=start), run_before=run_before, terminal_size=SIZE)


def saved_sessions() -> None:
    """Two saved sessions to review."""
    store = open_store()
    play_session(store, "Ana", "parcel_late", ["Calm down, it is not our fault.", GOOD_REPLY])
    play_session(store, "Bo", "bill_error", [GOOD_REPLY])
    store.close()


def test_coach_review(snap_compare) -> None:  # noqa: ANN001
    saved_sessions()
    app = build_app(start=StartPlan(review=True))
    assert snap_compare(app, run_before=settle, terminal_size=SIZE)


async def open_first_session(pilot: Pilot) -> None:
    """Open Ana's session (the older one, second row) and select her first reply."""
    await settle(pilot)
    await pilot.press("down", "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SessionDetailScreen))
    await pilot.press("down")
    await pilot.pause()


def test_session_detail_with_note_and_override(snap_compare) -> None:  # noqa: ANN001
    saved_sessions()
    store = open_store()
    sid = [s for s in store.list_sessions() if s.trainee == "Ana"][0].id
    store.add_note(sid, 1, "Name the feeling first.")
    store.override_score(sid, 1, "tone", 3, "Firm, not rude")
    app = build_app(start=StartPlan(review=True), store=store)
    assert snap_compare(app, run_before=open_first_session, terminal_size=SIZE)


def test_override_dialog(snap_compare) -> None:  # noqa: ANN001
    saved_sessions()

    async def run_before(pilot: Pilot) -> None:
        await open_first_session(pilot)
        await pilot.press("o")
        await pilot.pause()
        await settle(pilot)

    app = build_app(start=StartPlan(review=True))
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_backend_failed_dialog(snap_compare) -> None:  # noqa: ANN001
    def failing():  # noqa: ANN202
        raise BackendError("cannot reach http://127.0.0.1:8000/v1: connection refused")

    async def run_before(pilot: Pilot) -> None:
        await wait_until(pilot, lambda: pilot.app.backend_status.state == "failed")
        await pilot.pause()

    app = build_app(BackendHolder(failing))
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
