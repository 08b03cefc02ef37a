# ruff: noqa: F811  (the store fixtures are imported by name, and tests take them by name)
"""The session store: round trips, durability, migrations and clear errors for bad files.

Tests taking `store` / `open_store` run against every store implementation (see
tests/store_support.py); those taking `db` are about the SQLite file itself.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from store_support import StoreOpener, open_store, store  # noqa: F401  (fixtures)

from evaluation.models import Evidence, GradeSummary, ReplyGrade, Scores
from simulator.records import CustomerState, Timings, TurnRecord
from simulator.store import (
    SessionNotFound,
    SessionStore,
    Store,
    StoreError,
    TurnConflict,
    schema,
)
from simulator.store.interface import open_store as open_by_target


def customer(index: int, text: str) -> TurnRecord:
    """A customer turn with hidden state, as the session records it."""
    state = CustomerState(distress=7.5, trust=3.0, patience=6.0, band="high")
    timings = Timings(first_token_s=0.4, total_s=1.2, tokens=18)
    return TurnRecord(
        index=index,
        role="customer",
        text=text,
        source="script",
        intent="push_back",
        state=state,
        timings=timings,
    )


def trainee(index: int, text: str, tone: float = 3) -> TurnRecord:
    """A graded trainee turn."""
    grade = ReplyGrade(
        turn=index,
        scores=Scores(listening=4, tone=tone, honesty=2, understanding=5),
        balance="lagom",
        evidence=[Evidence(dimension="honesty", quote="it was the courier", note="an excuse")],
        tips=["Say what you will do next."],
    )
    return TurnRecord(index=index, role="trainee", text=text, grade=grade)


SUMMARY = GradeSummary(
    scores=Scores(listening=4, tone=3, honesty=2, understanding=5),
    overall=3.5,
    balance="lagom",
    replies=1,
    language="en",
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the database goes: a folder that does not exist yet."""
    return tmp_path / "home" / "lagom.db"


def test_round_trip_keeps_every_field(open_store: StoreOpener) -> None:
    turns = [customer(0, "Where is my parcel?"), trainee(1, "I'm sorry — let me check.")]
    with open_store() as store:
        sid = store.create_session(
            "Ana",
            "late-parcel",
            seed=7,
            mode="exam",
            backend="scripted",
            model=None,
            scenario_title="The late parcel",
            language="en",
            archetype="frustrated",
        )
        for turn in turns:
            store.save_turn(sid, turn)
        store.finish_session(sid, "resolved", SUMMARY)
    with open_store() as store:
        saved = store.load_session(sid)
    assert saved.turns == turns
    assert saved.info.trainee == "Ana" and saved.info.seed == 7 and saved.info.mode == "exam"
    assert saved.info.scenario_title == "The late parcel"
    assert saved.info.outcome == "resolved" and saved.info.overall == 3.5
    assert saved.info.summary == SUMMARY and saved.info.status == "finished"
    assert saved.info.turn_count == 2


def test_every_turn_is_visible_to_another_connection_before_the_end(db: Path) -> None:
    store = Store.open(db)
    sid = store.create_session("Ana", "late-parcel")
    other = sqlite3.connect(db)
    for index in range(3):
        store.save_turn(sid, customer(index, f"line {index}"))
        count = other.execute("SELECT count(*) FROM turns WHERE session_id = ?", (sid,))
        assert count.fetchone()[0] == index + 1
    status = other.execute("SELECT status, ended_at FROM sessions").fetchone()
    assert status == ("running", None)
    other.close()
    store.close()


def test_a_saved_turn_is_never_replaced(store: SessionStore) -> None:
    sid = store.create_session("Ana", "late-parcel")
    store.save_turn(sid, customer(0, "Where is my parcel?"))
    store.save_turn(sid, trainee(1, "Let me check."))
    with pytest.raises(TurnConflict, match="turn 0 .* already saved"):
        store.save_turn(sid, trainee(0, "a trainee line over the customer's"))
    with pytest.raises(TurnConflict, match="turn 1 .* already saved"):
        store.save_turn(sid, trainee(1, "another reply at the same index"))
    saved = store.load_session(sid).turns
    assert [(t.role, t.text) for t in saved] == [
        ("customer", "Where is my parcel?"), ("trainee", "Let me check.")
    ]


def test_a_turn_that_would_leave_a_gap_is_refused(store: SessionStore) -> None:
    sid = store.create_session("Ana", "late-parcel")
    with pytest.raises(TurnConflict, match="turn 1 .* would leave a gap: the next turn is 0"):
        store.save_turn(sid, trainee(1, "no opening line saved"))
    store.save_turn(sid, customer(0, "Where is my parcel?"))
    with pytest.raises(TurnConflict, match="the next turn is 1"):
        store.save_turn(sid, customer(2, "skipping the reply"))
    assert [t.index for t in store.load_session(sid).turns] == [0]


def test_saving_the_very_same_turn_again_is_a_safe_retry(store: SessionStore) -> None:
    sid = store.create_session("Ana", "late-parcel")
    turn = customer(0, "Where is my parcel?")
    store.save_turn(sid, turn)
    store.save_turn(sid, turn)  # e.g. a retry after a failure whose commit did happen
    assert store.load_session(sid).turns == [turn]


def test_turns_can_be_saved_from_a_worker_thread(store: SessionStore) -> None:
    sid = store.create_session("Ana", "late-parcel")
    worker = threading.Thread(target=store.save_turn, args=(sid, customer(0, "hello")))
    worker.start()
    worker.join()
    assert store.load_session(sid).turns[0].text == "hello"


def test_list_is_newest_first_and_filters(open_store: StoreOpener) -> None:
    with open_store() as store:
        first = store.create_session("Ana", "late-parcel")
        second = store.create_session("Ben", "late-parcel")
        third = store.create_session("Ana", "broken-heater")
        store.finish_session(third, "escalated", None)
        assert [s.id for s in store.list_sessions()] == [third, second, first]
        assert [s.id for s in store.list_sessions(trainee="Ana")] == [third, first]
        assert [s.id for s in store.list_sessions(scenario_id="late-parcel")] == [second, first]
        assert [s.id for s in store.list_sessions(outcome="escalated")] == [third]


def test_ids_are_readable_unique_and_a_unique_prefix_loads(
    open_store: StoreOpener,
) -> None:
    with open_store() as store:
        sid = store.create_session("Ana", "late-parcel")
        date, minute, tail = sid.split("-")
        assert len(date) == 8 and len(minute) == 4 and len(tail) >= 10 and " " not in sid
        assert store.load_session(sid[:-1]).info.id == sid
        assert store.load_session(sid[:14]).info.id == sid  # the date and minute are enough


def test_ids_do_not_collide_across_machines(tmp_path: Path) -> None:
    """Stores on different machines draw ids without asking each other: 2,000 sessions made
    in the same minute in 20 separate databases never share an id."""
    ids = []
    for machine in range(20):
        with Store.open(tmp_path / f"machine{machine}.db") as store:
            ids += [store.create_session("Ana", "late-parcel") for _ in range(100)]
    assert len(set(ids)) == len(ids)
    tails = {sid.rsplit("-", 1)[1] for sid in ids}
    assert len(tails) == len(ids)  # unique even without the time prefix


def test_unknown_and_ambiguous_ids_say_so(open_store: StoreOpener) -> None:
    with open_store() as store:
        a = store.create_session("Ana", "late-parcel")
        b = store.create_session("Ana", "late-parcel")
        with pytest.raises(SessionNotFound, match="no saved session 'nope'.*lagom sessions"):
            store.load_session("nope")
        shared = a[: next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)]
        with pytest.raises(SessionNotFound, match="matches several sessions"):
            store.load_session(shared)
        with pytest.raises(SessionNotFound):
            store.save_turn("nope", customer(0, "x"))


def test_unfinished_sessions_are_offered_to_continue(open_store: StoreOpener) -> None:
    with open_store() as store:
        done = store.create_session("Ana", "late-parcel")
        store.finish_session(done, "resolved", SUMMARY)
        left = store.create_session("Ana", "late-parcel")
        crashed = store.create_session("Ana", "broken-heater")
        store.mark_interrupted(left)
        assert [s.id for s in store.interrupted_sessions()] == [crashed, left]
        assert store.load_session(left).info.status == "interrupted"
        store.save_turn(left, customer(0, "back again"))
        assert store.load_session(left).info.status == "running"


def test_an_older_schema_is_migrated_and_keeps_its_sessions(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO sessions (id, trainee, scenario_id, started_at) "
        "VALUES ('20250101-0900-aaaa', 'Old', 'late-parcel', '2025-01-01T09:00:00+00:00')"
    )
    conn.close()
    with Store.open(db) as store:
        assert [s.trainee for s in store.list_sessions()] == ["Old"]
        store.add_note("20250101-0900-aaaa", None, "from before the upgrade")
        assert store.load_session("20250101").notes[0].text == "from before the upgrade"
    version = sqlite3.connect(db).execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == schema.LATEST


def test_a_failing_migration_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db).close()
    broken = {**schema.MIGRATIONS, schema.LATEST + 1: ("CREATE TABLE extra (x)", "NOT SQL")}
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match=str(db)):
        Store.open(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == schema.LATEST
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'extra'").fetchall()


def test_a_database_from_a_newer_lagom_is_refused_and_left_alone(db: Path) -> None:
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = ?", (schema.LATEST + 5,))
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="written by a newer Lagom") as raised:
        Store.open(db)
    assert str(db) in str(raised.value) and f"version {schema.LATEST + 5}" in str(raised.value)
    assert db.read_bytes() == before


def test_a_writer_blocks_neither_opening_nor_reading_and_a_write_names_the_file(
    db: Path,
) -> None:
    with Store.open(db) as store:
        sid = store.create_session("Ana", "late-parcel")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
    try:
        started = time.monotonic()
        store = Store.open(db, timeout=6)  # schema current: no write lock taken to open
        assert [s.id for s in store.list_sessions()] == [sid]
        assert time.monotonic() - started < 4  # never waited out the 6 s for the writer
        store.close()
        with Store.open(db, timeout=0.2) as store, pytest.raises(StoreError) as raised:
            store.create_session("Ben", "late-parcel")
        assert str(raised.value) == (
            f"the session database {db} is locked by another Lagom — close it and retry"
        )
    finally:
        holder.execute("ROLLBACK")


def test_a_lock_taken_mid_session_fails_the_save_clearly(db: Path) -> None:
    store = Store.open(db, timeout=0.2)
    sid = store.create_session("Ana", "late-parcel")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError, match="is locked by another Lagom"):
        store.save_turn(sid, customer(0, "x"))
    holder.execute("ROLLBACK")
    store.save_turn(sid, customer(0, "x"))  # works again once the lock is gone
    assert store.load_session(sid).turns[0].text == "x"
    store.close()


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_a_corrupt_file_is_reported_and_untouched(db: Path, content: bytes) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    with pytest.raises(StoreError) as raised:
        Store.open(db)
    assert str(raised.value) == (
        f"{db} is not a Lagom database or is damaged; your other files are untouched; "
        "move it aside to start fresh"
    )
    assert db.read_bytes() == content


def test_another_programs_database_is_not_taken_over(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is not a Lagom database"):
        Store.open(db)
    assert db.read_bytes() == before


def test_an_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the data folder should be")
    target = blocker / "lagom.db"
    with pytest.raises(StoreError) as raised:
        Store.open(target)
    assert f"cannot write the session database {target}" in str(raised.value)
    assert "LAGOM_HOME" in str(raised.value)


def test_notes_and_overrides_sit_beside_the_automatic_grade(
    open_store: StoreOpener,
) -> None:
    with open_store() as store:
        sid = store.create_session("Ana", "late-parcel")
        store.save_turn(sid, customer(0, "Where is it?"))
        store.save_turn(sid, trainee(1, "It was the courier's fault."))
        store.add_note(sid, 1, "Blames the courier: own it instead.", author="Eva")
        store.override_score(sid, 1, "tone", 1, "Sounded dismissive on the call", author="Eva")
        saved = store.load_session(sid)
    assert saved.turns[1].grade is not None and saved.turns[1].grade.scores.tone == 3
    override = saved.overrides_for(1)[0]
    assert (override.score, override.automatic, override.author) == (1, 3, "Eva")
    assert override.reason == "Sounded dismissive on the call"
    assert [n.text for n in saved.notes_for(1)] == ["Blames the courier: own it instead."]


def test_overrides_are_checked(open_store: StoreOpener) -> None:
    with open_store() as store:
        sid = store.create_session("Ana", "late-parcel")
        store.save_turn(sid, customer(0, "Where is it?"))
        store.save_turn(sid, trainee(1, "Let me check."))
        with pytest.raises(StoreError, match="unknown dimension 'warmth'"):
            store.override_score(sid, 1, "warmth", 3, "r")
        with pytest.raises(StoreError, match="from 1 to 5"):
            store.override_score(sid, 1, "tone", 6, "r")
        with pytest.raises(StoreError, match="needs a reason"):
            store.override_score(sid, 1, "tone", 4, "  ")
        with pytest.raises(StoreError, match="turn 0 .* not a graded reply"):
            store.override_score(sid, 0, "tone", 4, "r")
        assert store.load_session(sid).overrides == []


def test_agreement_counts_the_latest_override_within_one_point(
    open_store: StoreOpener,
) -> None:
    with open_store() as store:
        a = store.create_session("Ana", "late-parcel")
        b = store.create_session("Ben", "late-parcel")
        for sid in (a, b):
            store.save_turn(sid, customer(0, "Where is it?"))
            store.save_turn(sid, trainee(1, "Let me check.", tone=3))
        store.override_score(a, 1, "tone", 5, "far off")  # replaced below
        store.override_score(a, 1, "tone", 4, "on reflection, close")
        store.override_score(a, 1, "honesty", 5, "no excuse there")  # automatic 2
        store.override_score(b, 1, "listening", 3, "close")  # automatic 4
        ours = store.agreement(a)
        everyone = store.agreement()
        assert store.agreement(b).within_one == 1 and store.agreement(b).overrides == 1
    assert (ours.overrides, ours.within_one, ours.share) == (2, 1, 0.5)
    assert (everyone.overrides, everyone.within_one) == (3, 2)


def test_settings_are_remembered(open_store: StoreOpener) -> None:
    with open_store() as store:
        assert store.get_setting("trainee") is None
        store.set_setting("trainee", "Ana")
        store.set_setting("trainee", "Ana Lind")
    with open_store() as store:
        assert store.get_setting("trainee") == "Ana Lind"


def test_the_sqlite_store_implements_the_store_interface(db: Path) -> None:
    with Store.open(db) as store:
        assert isinstance(store, SessionStore)


@pytest.mark.parametrize("form", ["path", "sqlite-url"])
def test_open_store_takes_a_path_or_a_sqlite_url(db: Path, form: str) -> None:
    target = str(db) if form == "path" else f"sqlite://{db}"
    with open_by_target(target) as store:
        sid = store.create_session("Ana", "late-parcel")
    with Store.open(db) as store:
        assert store.load_session(sid).info.trainee == "Ana"
