"""The welcome screen: the trainee's name is remembered, unfinished sessions can be continued."""

from __future__ import annotations

from textual.widgets import Input, OptionList
from tui_support import build_app, open_store, submit, wait_until

from simulator.records import TurnRecord
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen
from simulator.tui.screens.welcome import WelcomeScreen
from simulator.tui.widgets.transcript_view import ChatLine


async def test_name_is_remembered_across_runs() -> None:
    store = open_store()
    async with build_app(store=store).run_test() as pilot:
        assert isinstance(pilot.app.screen, WelcomeScreen)
        assert pilot.app.screen.query_one("#trainee-name", Input).value == ""
        await submit(pilot, "#trainee-name", "Ana")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
    async with build_app(store=store).run_test() as pilot:
        assert pilot.app.screen.query_one("#trainee-name", Input).value == "Ana"


async def test_a_blank_name_does_not_start() -> None:
    async with build_app().run_test() as pilot:
        await submit(pilot, "#trainee-name", "   ")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeScreen)


async def test_an_unfinished_session_is_offered_and_continues_where_it_stopped() -> None:
    store = open_store()
    sid = store.create_session("Bo", "parcel_late", seed=3, scenario_title="The parcel")
    store.save_turn(sid, TurnRecord(index=0, role="customer", text="Where is my parcel?",
                                    source="script", intent="state_problem"))
    store.mark_interrupted(sid)
    async with build_app(store=store).run_test(size=(100, 32)) as pilot:
        options = pilot.app.screen.query_one("#resume-list", OptionList)
        assert options.display and options.option_count == 1
        assert "Bo" in str(options.get_option_at_index(0).prompt)
        options.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: not chat.busy)
        lines = [line.text for line in chat.query(ChatLine)]
        assert "Where is my parcel?" in lines
        assert chat.session_id == sid
        # The customer does not repeat the opening: continuing adds no new customer turn.
        assert len(store.load_session(sid).turns) == 1
