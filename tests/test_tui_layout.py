"""Every screen works at 80×24 and survives resizing, with the key parts still on screen."""

from __future__ import annotations

from textual.widgets import Input
from tui_support import GOOD_REPLY, build_app, open_store, play_session, submit, wait_until

from simulator.tui.context import StartPlan
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.coach_review import CoachReviewScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen
from simulator.tui.screens.session_detail import SessionDetailScreen


def fully_visible(widget) -> bool:  # noqa: ANN001
    """Whether the widget lies inside the screen."""
    region = widget.region
    width, height = widget.app.size
    inside = region.right <= width and region.bottom <= height
    return region.width > 0 and region.height > 0 and inside


async def test_practice_flow_at_80x24_and_resized() -> None:
    async with build_app().run_test(size=(80, 24)) as pilot:
        await submit(pilot, "#trainee-name", "Ana")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
        await pilot.press("enter")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: not chat.busy)
        reply = chat.query_one("#reply-input", Input)
        assert fully_visible(reply) and fully_visible(chat.query_one("#mood"))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert fully_visible(reply)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert fully_visible(reply)
        await pilot.resize_terminal(80, 24)
        for _ in range(8):
            await submit(pilot, "#reply-input", GOOD_REPLY)
            await wait_until(pilot, lambda: not chat.busy)
            if chat.finished:
                break
        assert fully_visible(chat.query_one("#report-button"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        assert fully_visible(pilot.app.screen.query_one("#try-again"))


async def test_review_at_80x24() -> None:
    store = open_store()
    play_session(store, "Ana", "parcel_late", [GOOD_REPLY, "Calm down."])
    app = build_app(store=store, start=StartPlan(review=True))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(pilot.app.screen, CoachReviewScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SessionDetailScreen))
        await pilot.press("down", "o")
        await pilot.pause()
        dialog = pilot.app.screen
        assert fully_visible(dialog.query_one("#override-reason"))
        await pilot.press("escape")
