"""The report: outcome, four scores, balance, chart, best and weakest reply, needs, try again."""

from __future__ import annotations

from textual.widgets import Static
from tui_support import GOOD_REPLY, build_app, open_store, submit, wait_until

from simulator.tui.context import StartPlan
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen
from simulator.tui.widgets.score_chart import ScoreChart
from simulator.tui.widgets.transcript_view import ChatLine

REPLIES = [
    "Whatever. Calm down, it is not our fault.",
    GOOD_REPLY,
    "I will refund it and call you back to confirm, so you won't need to call again.",
]


async def play_to_the_end(pilot) -> ChatScreen:  # noqa: ANN001
    """Reply until the session ends (resolved, or the fixture's limit of 6 replies)."""
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
    chat = pilot.app.screen
    await wait_until(pilot, lambda: not chat.busy)
    for i in range(8):
        await submit(pilot, "#reply-input", REPLIES[min(i, len(REPLIES) - 1)])
        await wait_until(pilot, lambda: not chat.busy)
        if chat.finished:
            return chat
    raise AssertionError("the session never ended")


def text_of(screen: ReportScreen, selector: str) -> str:
    """The plain text of a report section."""
    return str(screen.query_one(selector, Static).render())


async def test_report_shows_scores_chart_replies_and_needs() -> None:
    start = StartPlan(scenario_id="bill_error", trainee="Ana", seed=5)
    async with build_app(start=start).run_test(size=(100, 32)) as pilot:
        chat = await play_to_the_end(pilot)
        replies = len([t for t in chat.session.turns if t.role == "trainee"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        report = pilot.app.screen
        scores = text_of(report, "#report-scores")
        for dimension in ("listening", "tone", "honesty", "understanding", "Overall"):
            assert dimension in scores
        assert "empathy" in scores  # the balance verdict in words
        chart = report.query_one(ScoreChart)
        assert len(chart.grades) == replies
        assert "Whatever. Calm down" in text_of(report, "#report-replies")  # the weakest, quoted
        assert "Try:" in text_of(report, "#report-replies")  # with a better phrasing
        needs = text_of(report, "#report-needs")
        assert "Money is tight until his pension arrives." in needs
        assert any(mark in needs for mark in ("met", "missed", "revealed"))


async def test_try_again_restarts_the_same_customer_with_the_same_seed() -> None:
    store = open_store()
    start = StartPlan(scenario_id="parcel_late", trainee="Ana", seed=42)
    async with build_app(start=start, store=store).run_test(size=(100, 32)) as pilot:
        chat = await play_to_the_end(pilot)
        first_id = chat.session_id
        opening = next(line.text for line in chat.query(ChatLine) if line.role == "customer")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        again = pilot.app.screen
        await wait_until(pilot, lambda: not again.busy and again.session_id is not None)
        assert again.plan.seed == 42 and again.session_id != first_id
        customer = [line.text for line in again.query(ChatLine) if line.role == "customer"]
        assert customer[0] == opening
        infos = {s.id: s for s in store.list_sessions()}
        assert infos[again.session_id].seed == infos[first_id].seed == 42


async def test_another_scenario_goes_back_to_the_picker() -> None:
    async with build_app().run_test(size=(100, 32)) as pilot:
        await submit(pilot, "#trainee-name", "Ana")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
        await pilot.press("enter")  # the first scenario's briefing
        await play_to_the_end(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
