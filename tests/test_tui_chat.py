"""The chat: streaming, locked input, Escape cancels, literal text, tips, every turn saved."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input, Static
from tui_support import GOOD_REPLY, GatedBackend, build_app, open_store, submit, wait_until

from simulator.backends.base import BackendError
from simulator.backends.scripted import ScriptedBackend
from simulator.runner import SavePolicy
from simulator.session import PracticeSession
from simulator.settings import Settings
from simulator.store import Store
from simulator.tui.context import StartPlan
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.widgets.mood_panel import MoodPanel
from simulator.tui.widgets.transcript_view import ChatLine


def in_chat(scenario: str = "parcel_late", mode: str = "practice") -> StartPlan:
    """Start straight at the briefing of `scenario` as Ana, with a fixed seed."""
    return StartPlan(scenario_id=scenario, trainee="Ana", seed=1, mode=mode)  # type: ignore[arg-type]


async def start_chat(pilot, mode: str = "practice") -> ChatScreen:  # noqa: ANN001
    """From the briefing into the chat, until the customer's opening line is done."""
    await pilot.press("e" if mode == "exam" else "p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
    chat = pilot.app.screen
    await wait_until(pilot, lambda: not chat.busy)
    return chat


def lines(chat: ChatScreen) -> list[tuple[str, str]]:
    """(role, text) of every spoken line on screen (notices left out)."""
    return [(line.role, line.text) for line in chat.query(ChatLine) if line.role != "notice"]


async def test_opening_line_then_a_reply_streams_the_answer_and_saves_every_turn() -> None:
    store = open_store()
    answer = "Monday, yes. Three days now and still nothing."
    app = build_app(ScriptedBackend([answer]), start=in_chat(), store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        reply = chat.query_one("#reply-input", Input)
        assert not reply.disabled and reply.has_focus
        assert lines(chat)[0][0] == "customer"
        await submit(pilot, "#reply-input", "I can see it was due on Monday, three days ago.")
        await wait_until(pilot, lambda: not chat.busy)
        roles = [role for role, _ in lines(chat)]
        assert roles == ["customer", "trainee", "customer"]
        saved = store.load_session(chat.session_id or "")
        assert [t.role for t in saved.turns] == ["customer", "trainee", "customer"]
        assert saved.turns[1].grade is not None
        assert lines(chat)[2][1] == saved.turns[2].text  # what is shown is what was saved
        assert chat.query_one(MoodPanel).state == saved.turns[2].state


async def test_input_is_locked_while_the_customer_speaks_and_escape_cancels() -> None:
    store = open_store()
    backend = GatedBackend("I have been waiting since Monday for this parcel.")
    async with build_app(backend, start=in_chat(), store=store).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        await submit(pilot, "#reply-input", "Let me look into that for you right now.")
        await wait_until(pilot, lambda: backend.started.is_set())
        await wait_until(pilot, lambda: len(lines(chat)) == 3)  # the first word is on screen
        reply = chat.query_one("#reply-input", Input)
        assert chat.busy and reply.disabled
        assert lines(chat)[2] == ("customer", "I")
        await pilot.press("escape")
        backend.gate.set()  # the next word arrives, and the session sees the cancel
        await wait_until(pilot, lambda: not chat.busy)
        assert [role for role, _ in lines(chat)] == ["customer", "trainee"]  # partial line gone
        assert not reply.disabled
        assert reply.value == "Let me look into that for you right now."  # ready to re-send
        saved = store.load_session(chat.session_id or "")
        assert [t.role for t in saved.turns] == ["customer", "trainee"]  # nothing of the line
        await pilot.press("enter")  # re-send: only the answer comes, the reply is not repeated
        await wait_until(pilot, lambda: not chat.busy and len(lines(chat)) == 3)
        assert [role for role, _ in lines(chat)] == ["customer", "trainee", "customer"]
        assert len(store.load_session(chat.session_id or "").turns) == 3


async def test_markup_and_escape_sequences_are_shown_literally() -> None:
    store = open_store()
    app = build_app(ScriptedBackend(["[red]Fine.[/red] \x1b[31mOkay"]), start=in_chat(),
                    store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        await submit(pilot, "#reply-input", "[bold]Sorry[/bold] \x1b[2J about that")
        await wait_until(pilot, lambda: not chat.busy)
        trainee = next(line for line in chat.query(ChatLine) if line.role == "trainee")
        shown = str(trainee.render())
        assert "[bold]Sorry[/bold]" in shown
        assert "\x1b" not in shown and "[2J about that" in shown
        saved = store.load_session(chat.session_id or "")
        assert saved.turns[1].text == "[bold]Sorry[/bold] \x1b[2J about that"  # stored verbatim


async def test_practice_shows_a_tip_after_a_graded_reply() -> None:
    async with build_app(start=in_chat()).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        await submit(pilot, "#reply-input", "Calm down, that is not our fault.")
        await wait_until(pilot, lambda: not chat.busy)
        tip = chat.query_one("#tip", Static)
        assert tip.display
        assert str(tip.render()).startswith("Tip: ")


async def test_exam_mode_shows_no_tip() -> None:
    async with build_app(start=in_chat(mode="exam")).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot, mode="exam")
        await submit(pilot, "#reply-input", "Calm down, that is not our fault.")
        await wait_until(pilot, lambda: not chat.busy)
        assert not chat.query_one("#tip", Static).display
        assert "Exam" in str(chat.query_one("#chat-mode", Static).render())


async def test_a_model_failure_mid_session_falls_back_to_authored_lines() -> None:
    backend = ScriptedBackend([BackendError("the model server went away")])
    async with build_app(backend, start=in_chat()).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        await submit(pilot, "#reply-input", "I understand, let me check the tracking.")
        await wait_until(pilot, lambda: not chat.busy)
        assert [role for role, _ in lines(chat)] == ["customer", "trainee", "customer"]
        assert lines(chat)[2][1]  # an authored line was said
        messages = [n.message for n in pilot.app._notifications]
        assert any("the model server went away" in m for m in messages)


async def test_a_crash_in_the_session_work_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store()
    async with build_app(start=in_chat(), store=store).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)

        def broken(*args: object) -> None:
            raise RuntimeError("a bug deep in the grader")

        monkeypatch.setattr(PracticeSession, "assess", broken)
        await submit(pilot, "#reply-input", "Let me check that for you.")
        await wait_until(pilot, lambda: not chat.busy)
        assert pilot.app.is_running
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert any("a bug deep in the grader" in m for m in errors)
        reply = chat.query_one("#reply-input", Input)
        assert not reply.disabled
        assert [role for role, _ in lines(chat)] == ["customer"]  # the reply was not taken...
        assert reply.value == "Let me check that for you."  # ...and is back to send again
        assert len(store.load_session(chat.session_id or "").turns) == 1


async def test_a_reply_that_cannot_be_saved_is_marked_and_the_chat_waits_until_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ChatScreen, "save_policy", SavePolicy(attempts=2, wait_s=0.01))
    store = Store.open(Settings().database, timeout=0.1)
    answer = "Monday, yes. Three days now and still nothing."
    app = build_app(ScriptedBackend([answer]), start=in_chat(), store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        holder = sqlite3.connect(Settings().database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another Lagom holds the database past the timeout
        reply_text = "I can see it was due on Monday, three days ago."
        await submit(pilot, "#reply-input", reply_text)
        # the "…" line is removed asynchronously: wait for it (an answer would never go)
        await wait_until(pilot, lambda: not chat.busy and len(lines(chat)) == 2)
        reply = chat.query_one("#reply-input", Input)
        trainee_line = next(line for line in chat.query(ChatLine) if line.role == "trainee")
        assert "(not saved)" in str(trainee_line.render())
        assert [role for role, _ in lines(chat)] == ["customer", "trainee"]  # no answer yet
        assert reply.disabled  # the conversation cannot go on past an unsaved turn
        notices = [line.text for line in chat.query(ChatLine) if line.role == "notice"]
        assert any("could not be saved" in n and "Ctrl+S" in n for n in notices)
        assert any(n.severity == "error" for n in pilot.app._notifications)
        await pilot.press("ctrl+s")  # still locked: still not saved
        await wait_until(pilot, lambda: not chat.busy)
        assert chat.save_blocked and reply.disabled
        holder.execute("ROLLBACK")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not chat.busy and len(lines(chat)) == 3)
        assert "(not saved)" not in str(trainee_line.render())
        assert not reply.disabled
        saved = store.load_session(chat.session_id or "")
        assert [(t.index, t.role, t.text) for t in saved.turns] == [
            (i, role, text) for i, (role, text) in enumerate(lines(chat))
        ]  # what is on screen is what is saved, in order, no index skipped
        assert saved.turns[1].text == reply_text


async def test_the_end_offers_the_report_and_quitting_keeps_an_unfinished_session() -> None:
    store = open_store()
    app = build_app(start=in_chat("bill_error"), store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        for _ in range(8):  # resolved early, or the fixture's limit of 6 replies ends it
            await submit(pilot, "#reply-input", GOOD_REPLY)
            await wait_until(pilot, lambda: not chat.busy)
            if chat.finished:
                break
        assert chat.finished
        assert not chat.query_one("#reply-input", Input).display
        assert store.load_session(chat.session_id or "").info.outcome is not None
        await pilot.press("enter")  # the focused "See your report" button
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen))
    async with build_app(start=in_chat(), store=store).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        sid = chat.session_id
        await pilot.press("ctrl+q")
    info = store.load_session(sid or "").info
    assert info.status == "interrupted" and info.turn_count == 1


async def test_leaving_with_an_unsaved_turn_warns_first_then_keeps_what_was_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ChatScreen, "save_policy", SavePolicy(attempts=1, wait_s=0.01))
    store = Store.open(Settings().database, timeout=0.1)
    async with build_app(start=in_chat(), store=store).run_test(size=(100, 32)) as pilot:
        chat = await start_chat(pilot)
        holder = sqlite3.connect(Settings().database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await submit(pilot, "#reply-input", "Let me check that for you.")
            await wait_until(pilot, lambda: not chat.busy and chat.save_blocked)
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert pilot.app.screen is chat  # warned, not gone
            notices = [line.text for line in chat.query(ChatLine) if line.role == "notice"]
            assert any("Ctrl+L again leaves without it" in n for n in notices)
            sid = chat.session_id or ""
            await pilot.press("ctrl+l")
            await wait_until(pilot, lambda: pilot.app.screen is not chat)
            messages = [n.message for n in pilot.app._notifications]
            assert any("could not be saved" in m and "last saved turn" in m for m in messages)
        finally:
            holder.execute("ROLLBACK")
    saved = store.load_session(sid)
    assert [t.role for t in saved.turns] == ["customer"]
    store.close()
