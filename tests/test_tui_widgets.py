"""The reusable widgets inside a tiny host app with the real stylesheet, and the palette."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from tui_support import GOOD_REPLY, build_app, fixture_library, open_store, play_session, wait_until

import simulator.tui.app
from simulator.records import CustomerState
from simulator.tui.app import LagomApp
from simulator.tui.screens.coach_review import CoachReviewScreen
from simulator.tui.widgets.mood_panel import MoodPanel
from simulator.tui.widgets.score_chart import ScoreChart
from simulator.tui.widgets.turn_timer import TurnTimer


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Host(App[None]):
    """Hosts one widget with Lagom's stylesheet."""

    CSS_PATH = Path(simulator.tui.app.__file__).parent / LagomApp.CSS_PATH

    def __init__(self, widget) -> None:  # noqa: ANN001
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_turn_timer_counts_the_trainees_time_and_warns_when_slow() -> None:
    clock = Clock()
    timer = TurnTimer(clock, id="turn-timer")
    async with _Host(timer).run_test() as pilot:
        assert "–" in str(timer.render())
        timer.start()
        clock.now += 12
        await pilot.pause(1.1)  # one tick
        assert str(timer.render()) == "Your reply: 0:12"
        assert not timer.has_class("-slow")
        clock.now += 20
        await pilot.pause(1.1)
        assert timer.has_class("-slow") and not timer.has_class("-very-slow")
        assert timer.stop() == 32
        assert str(timer.render()) == "Last reply took 0:32"
        assert not timer.has_class("-slow")


async def test_mood_panel_shows_bars_band_and_rung_label() -> None:
    persona = fixture_library().personas["frustrated"]
    panel = MoodPanel(persona, id="mood")
    async with _Host(panel).run_test() as pilot:
        panel.state = CustomerState(distress=8.0, trust=2.0, patience=5.0, band="high",
                                    rung="angry")
        await pilot.pause()
        shown = str(panel.render())
        assert "distress ████████░░  8.0" in shown
        assert "trust    ██░░░░░░░░  2.0" in shown
        assert "Mood: at the edge · Angry" in shown
        assert panel.size.height == 4  # all four lines fit


async def test_score_chart_has_a_row_per_dimension_and_a_column_per_reply() -> None:
    store = open_store()
    sid = play_session(store, "Ana", "parcel_late", ["Calm down.", GOOD_REPLY])
    grades = [t.grade for t in store.load_session(sid).turns if t.grade]
    chart = ScoreChart(grades, id="score-chart")
    async with _Host(chart).run_test():
        rows = str(chart.render()).splitlines()
        assert rows[0].split() == [str(i + 1) for i in range(len(grades))] + ["reply"]
        assert [row.split()[0] for row in rows[1:]] == [
            "listening", "tone", "honesty", "understanding"
        ]
        first = grades[0].scores.listening
        assert rows[1].endswith(f"{first:.1f} → {grades[-1].scores.listening:.1f}")


async def test_command_palette_opens_the_coach_review() -> None:
    async with build_app().run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Coach review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CoachReviewScreen))
