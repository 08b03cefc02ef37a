"""The coach review: sessions table with filter, transcript with grades and state, notes and
overrides kept beside the automatic score, and the agreement figure."""

from __future__ import annotations

from textual.widgets import DataTable, Input, ListView, Select, Static
from tui_support import GOOD_REPLY, build_app, open_store, play_session, submit, wait_until

from simulator.tui.context import StartPlan
from simulator.tui.dialogs import NoteDialog, ScoreOverrideDialog
from simulator.tui.screens.coach_review import CoachReviewScreen
from simulator.tui.screens.session_detail import SessionDetailScreen
from simulator.tui.widgets.reviewed_turn import ReviewedTurn

REVIEW = StartPlan(review=True)


def table_rows(screen: CoachReviewScreen) -> list[str]:
    """The session ids in the table."""
    return [str(key.value) for key in screen.query_one(DataTable).rows]


async def open_detail(pilot, sid: str) -> SessionDetailScreen:  # noqa: ANN001
    """Open one session from the table."""
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(sid))
    table.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SessionDetailScreen))
    return pilot.app.screen


async def select_turn(pilot, detail: SessionDetailScreen, index: int) -> None:  # noqa: ANN001
    """Put the cursor on turn `index`."""
    turns = detail.query_one(ListView)
    turns.focus()
    turns.index = index
    await pilot.pause()


async def test_sessions_are_listed_and_filtered() -> None:
    store = open_store()
    ana = play_session(store, "Ana", "parcel_late", [GOOD_REPLY])
    bo = play_session(store, "Bo", "bill_error", [GOOD_REPLY])
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        review = pilot.app.screen
        assert isinstance(review, CoachReviewScreen)
        assert sorted(table_rows(review)) == sorted([ana, bo])
        await pilot.press("slash")
        await pilot.press(*"bo")
        await pilot.pause()
        assert table_rows(review) == [bo]
        await submit(pilot, "#review-filter", "charged twice")  # scenario title
        assert table_rows(review) == [bo]


async def test_detail_shows_grades_evidence_and_hidden_state_beside_each_turn() -> None:
    store = open_store()
    sid = play_session(store, "Ana", "parcel_late", ["Calm down, it is not our fault."])
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        detail = await open_detail(pilot, sid)
        items = list(detail.query(ReviewedTurn))
        saved = store.load_session(sid)
        assert len(items) == len(saved.turns) == 3
        trainee = str(items[1].query_one(".turn-words", Static).render())
        grade = saved.turns[1].grade
        assert f"listening     {grade.scores.listening:g}" in trainee
        assert grade.evidence[0].note in trainee
        customer_state = str(items[2].query_one(".turn-state", Static).render())
        state = saved.turns[2].state
        assert f"distress {state.distress:.1f}" in customer_state
        assert saved.turns[2].intent.replace("_", " ") in customer_state


async def test_note_and_override_persist_and_show_beside_the_automatic_score() -> None:
    store = open_store()
    sid = play_session(store, "Ana", "parcel_late", ["Calm down, it is not our fault."])
    automatic = store.load_session(sid).turns[1].grade.scores.tone
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        detail = await open_detail(pilot, sid)
        await select_turn(pilot, detail, 1)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, NoteDialog))
        await submit(pilot, "#note-text", "Good [b]instinct[/b], wrong words")
        await wait_until(pilot, lambda: pilot.app.screen is detail)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScoreOverrideDialog))
        pilot.app.screen.query_one("#override-dimension", Select).value = "tone"
        pilot.app.screen.query_one("#override-score", Input).value = "4"
        await submit(pilot, "#override-reason", "Calm, just clumsy")
        await wait_until(pilot, lambda: pilot.app.screen is detail)
        saved = store.load_session(sid)
        assert [(n.turn_index, n.text) for n in saved.notes] == [
            (1, "Good [b]instinct[/b], wrong words")
        ]
        override = saved.overrides[0]
        assert (override.turn_index, override.dimension, override.score) == (1, "tone", 4)
        assert override.automatic == automatic  # the automatic score is kept
        assert saved.turns[1].grade.scores.tone == automatic
        words = str(detail.query(ReviewedTurn)[1].query_one(".turn-words", Static).render())
        assert f"tone          {automatic:g}   coach: 4 (Calm, just clumsy)" in words
        assert "Coach note: Good [b]instinct[/b], wrong words" in words
        agreement = str(detail.query_one("#detail-agreement", Static).render())
        within = abs(4 - automatic) <= 1
        assert f"{int(within)} of 1 overridden" in agreement
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CoachReviewScreen))
        assert "of 1 overridden" in str(pilot.app.screen.query_one("#review-agreement").render())


async def test_override_needs_a_valid_score_and_a_reason() -> None:
    store = open_store()
    sid = play_session(store, "Ana", "parcel_late", ["Calm down, it is not our fault."])
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        detail = await open_detail(pilot, sid)
        await select_turn(pilot, detail, 1)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScoreOverrideDialog))
        pilot.app.screen.query_one("#override-score", Input).value = "9"
        await submit(pilot, "#override-reason", "too harsh")
        assert isinstance(pilot.app.screen, ScoreOverrideDialog)  # 9 is not a 1-5 score
        pilot.app.screen.query_one("#override-score", Input).value = "3"
        await submit(pilot, "#override-reason", "  ")
        assert isinstance(pilot.app.screen, ScoreOverrideDialog)  # no reason
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen is detail)
        assert store.load_session(sid).overrides == []
        await select_turn(pilot, detail, 0)  # a customer line has no score to override
        await pilot.press("o")
        await pilot.pause()
        assert pilot.app.screen is detail
