"""The trainer's view (`lagom class`): the cohort's rows, who practises now, one key to a review."""

from __future__ import annotations

from test_classroom import finished, summary
from textual.widgets import DataTable, Static
from tui_support import build_app, open_store, wait_until

from simulator.records import TurnRecord
from simulator.tui.context import StartPlan
from simulator.tui.screens.class_view import ClassScreen
from simulator.tui.screens.coach_review import CoachReviewScreen
from simulator.tui.screens.session_detail import SessionDetailScreen


def cells(table: DataTable, row: int) -> list[str]:
    """The plain text of one row."""
    return [str(cell) for cell in table.get_row_at(row)]


async def test_the_trainer_sees_results_activity_and_opens_a_review() -> None:
    store = open_store()
    latest = finished(store, "Ana", "parcel_late", summary(2, 4, 4, 3))
    running = store.create_session("Bo", "bill_error", scenario_title="Charged twice")
    store.save_turn(running, TurnRecord(index=0, role="customer", text="Hi.", source="script",
                                        intent="state_problem"))
    store.assign("bill_error", ["Cleo"], seed=9, due="2000-01-01")
    app = build_app(store=store, start=StartPlan(review=True, trainer=True))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ClassScreen)
        active = str(screen.query_one("#class-active", Static).content)
        assert "Practising now (1): Bo: Charged twice (1 turns)" in active
        results = screen.query_one("#class-results", DataTable)
        rows = [cells(results, i) for i in range(results.row_count)]
        assert rows[0][:7] == ["Ana", "parcel_late", "", "1", "resolved", "3.2", "3.2"]
        assert rows[0][7:] == ["2.0", "4.0", "4.0", "3.0"]
        assert rows[1][:5] == ["Bo", "Charged twice", "", "1", "unfinished"]
        assert rows[2][:4] == ["Cleo", "bill_error", "overdue", "0"]
        weakest = screen.query_one("#class-weakest", DataTable)
        assert cells(weakest, 0)[-1] == "listening"
        results.focus()
        results.move_cursor(row=0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SessionDetailScreen))
        assert pilot.app.screen.session_id == latest
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CoachReviewScreen))


async def test_a_new_session_appears_without_restarting_the_view() -> None:
    store = open_store()
    app = build_app(store=store, start=StartPlan(review=True, trainer=True))
    async with app.run_test(size=(140, 40)) as pilot:
        results = pilot.app.screen.query_one("#class-results", DataTable)
        assert results.row_count == 0
        finished(store, "Dan", "parcel_late", summary(3, 3, 3, 3))
        await pilot.press("r")
        await wait_until(pilot, lambda: results.row_count == 1)
        assert cells(results, 0)[0] == "Dan"


async def test_the_trainer_assigns_a_scenario_to_everyone_from_the_view() -> None:
    from textual.widgets import Button, Checkbox, Input, Select

    from simulator.tui.dialogs.assign_dialog import AssignDialog

    store = open_store()
    store.add_trainees([("Ana", "", ""), ("Bo", "", "")])
    app = build_app(store=store, start=StartPlan(review=True, trainer=True))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AssignDialog), timeout=30)
        dialog = pilot.app.screen
        dialog.query_one("#assign-scenario", Select).value = "parcel_late"
        dialog.query_one("#assign-due", Input).value = "next week"
        dialog.query_one("#assign-ok", Button).press()
        error = dialog.query_one("#assign-error")
        await wait_until(pilot, lambda: "not a date" in str(error.content), timeout=30)
        dialog.query_one("#assign-due", Input).value = "2099-03-01"
        dialog.query_one("#assign-seed", Input).value = "12"
        dialog.query_one("#assign-exam", Checkbox).value = True
        dialog.query_one("#assign-ok", Button).press()
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassScreen), timeout=30)
        results = pilot.app.screen.query_one("#class-results", DataTable)
        await wait_until(pilot, lambda: results.row_count == 2, timeout=30)
        assert [cells(results, i)[2] for i in range(2)] == ["not started", "not started"]
    assigned = store.list_assignments()
    assert {(a.trainee, a.seed, a.mode, a.due) for a in assigned} == {
        ("Ana", 12, "exam", "2099-03-01"), ("Bo", 12, "exam", "2099-03-01")}
