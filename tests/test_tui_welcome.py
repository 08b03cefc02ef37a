"""The welcome screen: the trainee's name is remembered, unfinished sessions can be continued."""

from __future__ import annotations

from textual.widgets import Input, OptionList
from tui_support import build_app, open_store, submit, wait_until

from simulator.records import TurnRecord
from simulator.tui.context import StartPlan
from simulator.tui.screens.briefing import BriefingScreen
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


async def test_assignments_of_the_typed_name_show_their_status_and_start_with_the_seed() -> None:
    store = open_store()
    store.assign("parcel_late", ["Ana"], seed=77, mode="exam", due="2099-05-01")
    store.assign("bill_error", ["Bo"], seed=5)
    async with build_app(store=store).run_test(size=(100, 32)) as pilot:
        assignments = pilot.app.screen.query_one("#assignment-list", OptionList)
        assert not assignments.display  # no name typed yet
        pilot.app.screen.query_one("#trainee-name", Input).value = "Ana"
        await wait_until(pilot, lambda: assignments.option_count == 1)
        label = str(assignments.get_option_at_index(0).prompt)
        assert "The parcel that never came" in label and "exam" in label
        assert "due 2099-05-01" in label and label.endswith("not started")
        assignments.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        briefing = pilot.app.screen
        assert (briefing.scenario.id, briefing.trainee) == ("parcel_late", "Ana")
        assert (briefing.seed, briefing.mode) == (77, "exam")
    assert [t.name for t in store.list_trainees()] == ["Ana", "Bo"]
    assert store.list_trainees()[0].last_seen_at is not None  # Ana started practising


async def test_an_assignment_shows_in_progress_once_a_session_exists() -> None:
    store = open_store()
    store.assign("parcel_late", ["Ana"], seed=1)
    store.create_session("Ana", "parcel_late", seed=1)
    async with build_app(store=store).run_test(size=(100, 32)) as pilot:
        await submit_name_without_enter(pilot, "Ana")
        assignments = pilot.app.screen.query_one("#assignment-list", OptionList)
        await wait_until(pilot, lambda: assignments.option_count == 1)
        assert str(assignments.get_option_at_index(0).prompt).endswith("in progress")


async def test_a_browser_tab_never_shares_the_remembered_name_nor_others_sessions() -> None:
    store = open_store()
    store.set_setting("trainee", "Ana")  # a terminal user on the same machine
    other = store.create_session("Bo", "parcel_late", seed=3, scenario_title="The parcel")
    store.mark_interrupted(other)
    mine = store.create_session("Cleo", "bill_error", seed=4, scenario_title="The bill")
    store.mark_interrupted(mine)
    app = build_app(store=store, start=StartPlan(served=True))
    async with app.run_test(size=(100, 32)) as pilot:
        assert pilot.app.screen.query_one("#trainee-name", Input).value == ""
        resume = pilot.app.screen.query_one("#resume-list", OptionList)
        assert not resume.display  # nobody named: nobody's sessions
        await submit_name_without_enter(pilot, "Cleo")
        await wait_until(pilot, lambda: resume.option_count == 1)
        assert "Cleo" in str(resume.get_option_at_index(0).prompt)
        await pilot.press("ctrl+r")  # the coach review is not reachable from a trainee's tab
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeScreen)
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Coach review" not in titles
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
    assert store.get_setting("trainee") == "Ana"  # the tab did not overwrite it


async def submit_name_without_enter(pilot, name: str) -> None:  # noqa: ANN001 - a Pilot
    """Type a name into the field (the lists follow the name as it is typed)."""
    field = pilot.app.screen.query_one("#trainee-name", Input)
    field.focus()
    field.value = name
    await pilot.pause()
