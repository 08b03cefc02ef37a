# ruff: noqa: F811  (the store fixtures are imported by name, and tests take them by name)
"""Flags on customer lines: stored on every engine, loaded with the session, bad ones refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import StoreOpener, open_store, store  # noqa: F401  (fixtures)

from simulator.cli import main
from simulator.records import TurnRecord
from simulator.store import SessionNotFound, SessionStore, Store, StoreError
from simulator.store.postgres import PostgresStore


def played(store: SessionStore) -> str:
    """A session with an authored opening, a reply and a model line; its id."""
    sid = store.create_session("Ana", "parcel_late")
    store.save_turn(sid, TurnRecord(index=0, role="customer", text="Where is it?",
                                    source="script"))
    store.save_turn(sid, TurnRecord(index=1, role="trainee", text="Let me look."))
    store.save_turn(sid, TurnRecord(index=2, role="customer", text="Thanks for your patience.",
                                    source="model"))
    return sid


def test_a_flag_is_kept_with_its_reason_and_loaded_with_the_session(
    open_store: StoreOpener,
) -> None:
    first = open_store()
    sid = played(first)
    first.flag_line(sid, 2, "  she  thanks ME? [bold]odd[/bold] ")
    first.flag_line(sid[:16], 0)  # a unique prefix names the session; no reason is fine
    first.close()
    saved = open_store().load_session(sid)  # a fresh connection sees both
    assert [(f.turn_index, f.reason) for f in saved.flags] == [
        (2, "she thanks ME? [bold]odd[/bold]"),
        (0, ""),
    ]
    assert [f.turn_index for f in saved.flags_for(2)] == [2]
    assert saved.flags_for(1) == []
    assert all(f.created_at for f in saved.flags)


def test_only_saved_customer_lines_can_be_flagged(store: SessionStore) -> None:
    sid = played(store)
    with pytest.raises(StoreError, match="not a customer line"):
        store.flag_line(sid, 1, "my own reply")
    with pytest.raises(StoreError, match="turn 7 .* is not saved"):
        store.flag_line(sid, 7)
    with pytest.raises(StoreError, match="at most 500 characters"):
        store.flag_line(sid, 2, "x" * 501)
    with pytest.raises(SessionNotFound):
        store.flag_line("nosuchsession", 0)
    assert store.load_session(sid).flags == []


def test_flags_of_one_session_stay_with_it(store: SessionStore) -> None:
    ana, bo = played(store), played(store)
    store.flag_line(bo, 2, "role reversal")
    assert store.load_session(ana).flags == []
    assert [f.reason for f in store.load_session(bo).flags] == ["role reversal"]


def test_flags_move_to_postgresql_with_lagom_db_migrate(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lagom.db"
    with Store.open(path) as sqlite_store:
        sid = played(sqlite_store)
        sqlite_store.flag_line(sid, 2, "thanks me for MY patience")
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    with PostgresStore.open(pg_url) as pg_store:
        flags = pg_store.load_session(sid).flags
    assert [(f.turn_index, f.reason) for f in flags] == [(2, "thanks me for MY patience")]
