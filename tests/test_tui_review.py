"""The coach review: sessions table with filter, transcript with grades and state, notes and
overrides kept beside the automatic score, and the agreement figure."""

from __future__ import annotations

from textual.widgets import DataTable, Input, ListView, Select, Static
from tui_support import GOOD_REPLY, build_app, open_store, play_session, submit, wait_until

from simulator.backends.scripted import ScriptedBackend
from simulator.tui.context import StartPlan
from simulator.tui.dialogs import FlagLineDialog, NoteDialog, ScoreOverrideDialog
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.coach_review import CoachReviewScreen, RealismScreen
from simulator.tui.screens.report import ReportScreen
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


FLAG_REASON = "she [bold]thanks[/bold] me for MY patience"
"""A trainee's reason full of markup: it must be stored and shown as typed."""


async def chat_once(pilot, reply: str) -> ChatScreen:  # noqa: ANN001
    """From the briefing into the chat, send one reply, wait for the customer's answer."""
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
    chat = pilot.app.screen
    await wait_until(pilot, lambda: not chat.busy)
    await submit(pilot, "#reply-input", reply)
    await wait_until(pilot, lambda: not chat.busy)
    return chat


async def test_the_trainee_flags_a_line_and_the_coach_sees_it_in_the_review() -> None:
    store = open_store()
    odd_line = "Thank you for your patience, I appreciate it."
    app = build_app(ScriptedBackend([odd_line]), store=store,
                    start=StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        chat = await chat_once(pilot, "I can see it was due on Monday, three days ago.")
        sid = chat.session_id
        latest = store.load_session(sid).turns[-1]
        assert latest.role == "customer"
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FlagLineDialog))
        quote = str(pilot.app.screen.query_one("#flag-quote", Static).render())
        assert latest.text in quote  # the dialog shows which line is being flagged
        await submit(pilot, "#flag-reason", FLAG_REASON)
        await wait_until(pilot, lambda: pilot.app.screen is chat)
        await pilot.press("ctrl+f")  # again, cancelled: nothing more is stored
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FlagLineDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen is chat)
        assert chat.query_one("#reply-input").has_focus  # back to typing the reply
    flags = store.load_session(sid).flags
    assert [(f.turn_index, f.reason) for f in flags] == [(latest.index, FLAG_REASON)]
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        detail = await open_detail(pilot, sid)
        item = detail.query(ReviewedTurn)[latest.index]
        words = str(item.query_one(".turn-words", Static).render())
        assert f"Flagged by the trainee: {FLAG_REASON}" in words  # [bold] shown literally
        realism = str(detail.query_one("#detail-realism", Static).render())
        assert "1 flagged by the trainee" in realism
        assert "customer lines" in realism
        every = [str(i.query_one(".turn-words", Static).render())
                 for i in detail.query(ReviewedTurn)]
        assert sum("Flagged by the trainee" in text for text in every) == 1


async def test_flagging_before_any_saved_customer_line_says_so() -> None:
    store = open_store()
    app = build_app(store=store, start=StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: not chat.busy)
        chat.session_id = None  # as if the store had not recorded the session
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert pilot.app.screen is chat  # no dialog: there is nothing to flag
        assert any("no saved customer line" in str(n.message) for n in app._notifications)


async def test_the_end_of_session_report_has_a_realism_line_with_the_flag() -> None:
    store = open_store()
    app = build_app(store=store, start=StartPlan(scenario_id="bill_error", trainee="Ana", seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: not chat.busy)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FlagLineDialog))
        await submit(pilot, "#flag-reason", "")  # no reason is fine
        await wait_until(pilot, lambda: pilot.app.screen is chat)
        for _ in range(8):
            await submit(pilot, "#reply-input", GOOD_REPLY)
            await wait_until(pilot, lambda: not chat.busy)
            if chat.finished:
                break
        assert chat.finished
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
        line = str(pilot.app.screen.query_one("#report-realism", Static).render())
        saved = store.load_session(chat.session_id)
        customer_lines = sum(t.role == "customer" for t in saved.turns)
        assert f"Realism: {customer_lines} customer lines:" in line
        assert f"{customer_lines} authored" in line  # the scripted backend writes nothing
        assert "1 flagged by you" in line


async def test_realism_by_scenario_covers_the_filtered_sessions_and_lists_flags() -> None:
    store = open_store()
    ana = play_session(store, "Ana", "parcel_late", [GOOD_REPLY])
    play_session(store, "Bo", "bill_error", [GOOD_REPLY])
    store.flag_line(ana, 0, "[red]never[/red] says hello")
    async with build_app(store=store, start=REVIEW).run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, RealismScreen))
        realism = pilot.app.screen
        table = realism.query_one("#realism-table", DataTable)
        assert sorted(str(key.value) for key in table.rows) == ["bill_error", "parcel_late"]
        assert str(table.get_row_at(0)[0]) == "parcel_late"  # the flagged scenario first
        assert str(table.get_row_at(0)[5]) == "1"
        flags = str(realism.query_one("#realism-flags", Static).render())
        opening = store.load_session(ana).turns[0].text
        assert f"parcel_late #0 “{opening}” — [red]never[/red] says hello" in flags
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CoachReviewScreen))
        await submit(pilot, "#review-filter", "Bo")
        pilot.app.screen.query_one(DataTable).focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, RealismScreen))
        table = pilot.app.screen.query_one("#realism-table", DataTable)
        assert [str(key.value) for key in table.rows] == ["bill_error"]  # only Bo's session
        assert "No line was flagged" in str(pilot.app.screen.query_one("#realism-flags").render())
