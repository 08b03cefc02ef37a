"""The scenario picker and the briefing: filters work, the briefing shows the policy."""

from __future__ import annotations

from textual.widgets import DataTable, Select, Static
from tui_support import build_app, submit, wait_until

from simulator.tui.context import StartPlan
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen


async def open_picker(pilot) -> ScenarioPickerScreen:  # noqa: ANN001
    """From the welcome screen to the picker."""
    await submit(pilot, "#trainee-name", "Ana")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
    return pilot.app.screen


def shown_ids(picker: ScenarioPickerScreen) -> list[str]:
    """The scenario ids in the table, top to bottom."""
    table = picker.query_one(DataTable)
    return [str(key.value) for key in table.rows]


async def test_filters_narrow_the_table_and_clear_again() -> None:
    async with build_app().run_test(size=(100, 32)) as pilot:
        picker = await open_picker(pilot)
        assert sorted(shown_ids(picker)) == ["bill_error", "parcel_late"]
        picker.query_one("#filter-difficulty", Select).value = "gentle"
        await pilot.pause()
        assert shown_ids(picker) == ["bill_error"]
        picker.query_one("#filter-archetype", Select).value = "frustrated"
        await pilot.pause()
        assert shown_ids(picker) == []
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert len(shown_ids(picker)) == 2


async def test_enter_opens_the_briefing_with_situation_and_policy() -> None:
    async with build_app().run_test(size=(100, 32)) as pilot:
        picker = await open_picker(pilot)
        picker.query_one("#filter-domain", Select).value = "parcel_delivery"
        await pilot.pause()
        picker.query_one(DataTable).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        text = str(pilot.app.screen.query_one("#briefing-text", Static).render())
        assert "birthday present for her son" in text  # the situation
        assert "out for delivery' for three days" in text  # what the customer already said
        assert "Refunds only after the parcel is declared lost" in text  # a policy limit
        assert "An immediate refund" in text  # what must not be promised
        assert "Reflect the customer's details back" in text  # an objective


async def test_play_goes_straight_to_the_briefing_and_e_starts_an_exam() -> None:
    start = StartPlan(scenario_id="bill_error", trainee="Ana", seed=7)
    async with build_app(start=start).run_test(size=(100, 32)) as pilot:
        assert isinstance(pilot.app.screen, BriefingScreen)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        plan = pilot.app.screen.plan
        assert (plan.scenario_id, plan.mode, plan.seed, plan.trainee) == (
            "bill_error", "exam", 7, "Ana"
        )
        await pilot.press("ctrl+l")  # leave the session: back to the briefing
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen.__class__.__name__ == "WelcomeScreen")
