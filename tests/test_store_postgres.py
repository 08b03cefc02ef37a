"""The PostgreSQL store against a real server: concurrent writers, a restart mid-session, a
dropped connection, a read-only role, migrations, and `lagom simulate --save` end to end.

The generic store suite (tests/test_store.py) runs against PostgreSQL too, through
tests/store_support.py; this file holds what only a server can show.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pg_support import PostgresCluster

from evaluation.models import ReplyGrade, Scores
from simulator.cli import main
from simulator.records import TurnRecord
from simulator.store import StoreError, schema
from simulator.store.pg_schema import current_version
from simulator.store.postgres import PostgresStore

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "en_parcel_lost_again"
TRAINEE_SCRIPT = REPO / "tests" / "trainee_scripts" / "distrustful_warm_en_parcel_lost_again.txt"

WRITER = r"""
import sys
from simulator.records import TurnRecord
from simulator.store.interface import open_store

target, worker, sessions, turns = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = open_store(target)
for s in range(sessions):
    sid = store.create_session(f"writer-{worker}", "late-parcel", seed=s)
    for i in range(turns):
        role = "customer" if i % 2 == 0 else "trainee"
        store.save_turn(sid, TurnRecord(index=i, role=role, text=f"{worker}/{s}/{i}",
                                        source="script" if role == "customer" else "trainee"))
    store.finish_session(sid, "resolved", None)
store.close()
"""


def line(index: int, text: str) -> TurnRecord:
    """A turn with the right role for its index (customer first)."""
    if index % 2 == 0:
        return TurnRecord(index=index, role="customer", text=text, source="script")
    grade = ReplyGrade(turn=index, scores=Scores(listening=3, tone=3, honesty=3, understanding=3),
                       balance="lagom")
    return TurnRecord(index=index, role="trainee", text=text, grade=grade)


def check_no_lost_or_mixed_turns(store: PostgresStore | object, writers: int, sessions: int,
                                 turns: int) -> None:
    """Every writer's sessions hold exactly their own turns, 0..turns-1, in order."""
    found = store.list_sessions()  # type: ignore[attr-defined]
    assert len(found) == writers * sessions
    for info in found:
        worker = info.trainee.removeprefix("writer-")
        saved = store.load_session(info.id)  # type: ignore[attr-defined]
        assert [t.index for t in saved.turns] == list(range(turns))
        assert [t.text for t in saved.turns] == [
            f"{worker}/{info.seed}/{i}" for i in range(turns)
        ]
        assert info.status == "finished"


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_concurrent_writer_processes_lose_and_mix_nothing(
    engine: str, pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    writers, sessions, turns = 5, 3, 16
    if engine == "postgresql":
        target = pg_cluster.url(pg_cluster.create_database())
    else:
        target = str(tmp_path / "shared.db")
    # no store opened first: the writers also race to create the schema
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, target, str(w), str(sessions), str(turns)],
                         stderr=subprocess.PIPE, text=True)
        for w in range(writers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    from simulator.store.interface import open_store

    with open_store(target) as store:
        check_no_lost_or_mixed_turns(store, writers, sessions, turns)


def wait_for_lock_wait(cluster: PostgresCluster, dbname: str) -> None:
    """Wait until a Lagom connection to `dbname` is blocked on a lock."""
    deadline = time.monotonic() + 10
    with cluster.admin() as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                "application_name = 'lagom' AND wait_event_type = 'Lock'",
                (dbname,),
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the save never started waiting")


def test_a_server_restart_fails_the_turn_in_flight_and_the_session_goes_on(
    pg_cluster: PostgresCluster,
) -> None:
    dbname = pg_cluster.create_database()
    store = PostgresStore.open(pg_cluster.url(dbname), timeout=60)
    sid = store.create_session("Ana", "late-parcel")
    store.save_turn(sid, line(0, "Where is my parcel?"))
    store.save_turn(sid, line(1, "Let me look that up for you."))
    # a coach's long transaction holds the session row: the next save waits, in flight
    blocker = pg_cluster.admin(dbname)
    blocker.execute("BEGIN")
    blocker.execute("SELECT 1 FROM sessions WHERE id = %s FOR UPDATE", (sid,))
    failure: list[BaseException] = []

    def save() -> None:
        try:
            store.save_turn(sid, line(2, "It has been a week!"))
        except BaseException as error:  # noqa: BLE001 - collected for the assertions
            failure.append(error)

    saver = threading.Thread(target=save)
    saver.start()
    try:
        wait_for_lock_wait(pg_cluster, dbname)
        pg_cluster.stop("fast")  # the server restarts: every connection is ended
        saver.join(timeout=30)
        assert not saver.is_alive()
    finally:
        blocker.close()
        if not pg_cluster.running():
            pg_cluster.start()
    assert len(failure) == 1 and isinstance(failure[0], StoreError)
    message = str(failure[0])
    assert "lost the connection to the PostgreSQL server" in message
    assert "turn 2" in message and "was not saved" in message
    assert "earlier turns are safe" in message
    # the server is back: the same store reconnects, earlier turns are there, the session goes on
    assert [t.text for t in store.load_session(sid).turns] == [
        "Where is my parcel?", "Let me look that up for you."
    ]
    store.save_turn(sid, line(2, "It has been a week!"))
    store.save_turn(sid, line(3, "I'm sorry. I'll send a replacement today."))
    store.finish_session(sid, "resolved", None)
    with PostgresStore.open(pg_cluster.url(dbname)) as fresh:
        saved = fresh.load_session(sid)
    assert [t.index for t in saved.turns] == [0, 1, 2, 3]
    assert saved.info.status == "finished"
    store.close()


def test_a_save_while_the_server_is_down_says_so_and_works_once_it_is_back(
    pg_cluster: PostgresCluster,
) -> None:
    url = pg_cluster.url(pg_cluster.create_database())
    store = PostgresStore.open(url)
    sid = store.create_session("Ana", "late-parcel")
    store.save_turn(sid, line(0, "Hello?"))
    pg_cluster.stop("fast")
    try:
        with pytest.raises(StoreError) as raised:
            store.save_turn(sid, line(1, "Hello, how can I help?"))
    finally:
        pg_cluster.start()
    assert "turn 1" in str(raised.value) and "not saved" in str(raised.value)
    assert f"127.0.0.1:{pg_cluster.port}" in str(raised.value)
    store.save_turn(sid, line(1, "Hello, how can I help?"))
    assert [t.index for t in store.load_session(sid).turns] == [0, 1]
    store.close()


def test_a_dropped_connection_is_made_again_without_losing_a_turn(
    pg_cluster: PostgresCluster,
) -> None:
    dbname = pg_cluster.create_database()
    store = PostgresStore.open(pg_cluster.url(dbname))
    sid = store.create_session("Ana", "late-parcel")
    store.save_turn(sid, line(0, "My card was blocked abroad."))

    def terminate() -> int:
        with pg_cluster.admin() as admin:
            row = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND application_name = 'lagom'",
                (dbname,),
            ).fetchone()
            return int(row[0]) if row else 0

    assert terminate() == 1
    store.save_turn(sid, line(1, "I'm sorry, let me unblock it now."))  # reconnects once
    assert terminate() == 1
    assert [t.text for t in store.load_session(sid).turns] == [
        "My card was blocked abroad.", "I'm sorry, let me unblock it now."
    ]
    assert store.reconnects == 2
    store.close()


def test_a_read_only_role_reads_and_gets_a_clear_error_on_writes(
    pg_cluster: PostgresCluster,
) -> None:
    dbname = pg_cluster.create_database()
    with PostgresStore.open(pg_cluster.url(dbname)) as owner:
        sid = owner.create_session("Ana", "late-parcel")
        owner.save_turn(sid, line(0, "Where is my parcel?"))
        owner.save_turn(sid, line(1, "Let me check."))
    with pg_cluster.admin(dbname) as admin:
        admin.execute("DROP ROLE IF EXISTS coach_reader")
        admin.execute("CREATE ROLE coach_reader LOGIN")
        admin.execute(f'GRANT CONNECT ON DATABASE "{dbname}" TO coach_reader')
        admin.execute("GRANT USAGE ON SCHEMA public TO coach_reader")
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO coach_reader")
    with PostgresStore.open(pg_cluster.url(dbname, user="coach_reader")) as reader:
        assert [s.id for s in reader.list_sessions()] == [sid]
        assert [t.text for t in reader.load_session(sid).turns] == [
            "Where is my parcel?", "Let me check."
        ]
        with pytest.raises(StoreError) as raised:
            reader.add_note(sid, 1, "Good opening.")
        assert "role 'coach_reader' may only read" in str(raised.value)
        assert "not saved" in str(raised.value)
        with pytest.raises(StoreError, match="may only read"):
            reader.save_turn(sid, line(2, "x"))
        assert len(reader.load_session(sid).turns) == 2  # still reads after the refusals


def test_a_store_opened_read_only_never_writes(pg_url: str) -> None:
    with PostgresStore.open(pg_url) as owner:
        sid = owner.create_session("Ana", "late-parcel")
    with PostgresStore.open(pg_url, readonly=True) as reader:
        assert reader.readonly and reader.load_session(sid).info.trainee == "Ana"
        with pytest.raises(StoreError, match="opened read-only"):
            reader.set_setting("trainee", "Ben")


def test_a_new_database_gets_the_latest_schema_once_even_when_opened_at_once(
    pg_url: str,
) -> None:
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            PostgresStore.open(pg_url).close()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=open_and_close) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with PostgresStore.open(pg_url) as store:
        assert current_version(store.raw_connection()) == schema.LATEST


def test_a_database_from_a_newer_lagom_is_refused(pg_cluster: PostgresCluster) -> None:
    dbname = pg_cluster.create_database()
    PostgresStore.open(pg_cluster.url(dbname)).close()
    with pg_cluster.admin(dbname) as admin:
        admin.execute("UPDATE schema_version SET version = %s", (schema.LATEST + 3,))
    with pytest.raises(StoreError, match="written by a newer Lagom") as raised:
        PostgresStore.open(pg_cluster.url(dbname))
    assert f"version {schema.LATEST + 3}" in str(raised.value)


def test_another_programs_database_is_not_taken_over(pg_cluster: PostgresCluster) -> None:
    dbname = pg_cluster.create_database()
    with pg_cluster.admin(dbname) as admin:
        admin.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="another program's tables"):
        PostgresStore.open(pg_cluster.url(dbname))
    with pg_cluster.admin(dbname) as admin:
        assert admin.execute("SELECT to_regclass('sessions')").fetchone() == (None,)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres@127.0.0.1:{port}/no_such_db", "does not exist"),
        ("postgresql://postgres@127.0.0.1:1/lagom", "cannot reach the PostgreSQL server"),
    ],
)
def test_unreachable_or_missing_databases_are_named_without_the_password(
    pg_cluster: PostgresCluster, url: str, expected: str
) -> None:
    url = url.format(port=pg_cluster.port).replace("postgres@", "postgres:pw123@")
    with pytest.raises(StoreError, match=expected) as raised:
        PostgresStore.open(url)
    assert "pw123" not in str(raised.value)


def test_lagom_simulate_saves_a_whole_session_in_postgresql(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["simulate", SCENARIO, "--trainee", str(TRAINEE_SCRIPT), "--json",
                   "--backend", "scripted", "--database", pg_url, "--trainee-name", "Ana"])
    out = capsys.readouterr().out
    assert status == 0
    result = json.loads(out)
    with PostgresStore.open(pg_url) as store:
        [info] = store.list_sessions()
        saved = store.load_session(info.id)
    assert info.trainee == "Ana" and info.scenario_id == SCENARIO
    assert [t.text for t in saved.turns] == [t["text"] for t in result["turns"]]
    assert [t.role for t in saved.turns] == [t["role"] for t in result["turns"]]
    if result.get("outcome"):
        assert info.outcome == result["outcome"] and info.status == "finished"
    # and `lagom sessions` lists it from PostgreSQL too
    assert main(["sessions", "--json", "--database", pg_url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in listed] == [info.id]
    # and `lagom export` reads it from there
    assert main(["export", info.id[:15], "--format", "markdown", "--database", pg_url]) == 0
    exported = capsys.readouterr().out
    assert saved.turns[0].text in exported and saved.turns[-1].text in exported


def test_classroom_commands_use_the_configured_postgresql(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAGOM_DATABASE", pg_url)  # the environment, not a flag, this time
    assert main(["assign", SCENARIO, "--to", "Ana,Ben", "--seed", "4"]) == 0
    capsys.readouterr()
    with PostgresStore.open(pg_url) as store:
        assigned = store.list_assignments()
    assert sorted(a.trainee for a in assigned) == ["Ana", "Ben"]
    assert {a.scenario_id for a in assigned} == {SCENARIO} and {a.seed for a in assigned} == {4}


def test_a_practice_session_waits_out_a_server_restart_and_goes_on(
    pg_cluster: PostgresCluster,
) -> None:
    """Through the session runner (as the UI and `lagom simulate` use it): the reply sent
    while the server is down is shown unsaved with the reason, nothing goes on until it is
    saved, and once the server is back saving again continues the session."""
    from scenarios.library import load_library
    from simulator.backends.scripted import ScriptedBackend
    from simulator.runner import SavePolicy, SessionRunner, TurnUnsaved

    library = load_library([])
    scenario = library.scenario(SCENARIO)
    replies = TRAINEE_SCRIPT.read_text(encoding="utf-8").split("\n")
    replies = [r for r in replies if r.strip() and not r.startswith("#")]
    url = pg_cluster.url(pg_cluster.create_database())
    store = PostgresStore.open(url)
    runner = SessionRunner.create(store, scenario, library.persona_for(scenario),
                                  ScriptedBackend(), trainee="Ana",
                                  policy=SavePolicy(attempts=1, wait_s=0))
    list(runner.start())
    list(runner.respond(replies[0]))
    saved_before = len(store.load_session(runner.session_id).turns)
    pg_cluster.stop("fast")
    try:
        events = list(runner.respond(replies[1]))
        unsaved = [e for e in events if isinstance(e, TurnUnsaved)]
        assert len(unsaved) == 1 and unsaved[0].turn.text == replies[1]
        assert "PostgreSQL server" in unsaved[0].message and "not saved" in unsaved[0].message
        assert runner.blocked and runner.save_unsaved() is False  # still down
    finally:
        pg_cluster.start()
    assert runner.save_unsaved() is True
    list(runner.start())  # the customer's answer still owed to that reply
    for reply in replies[2:]:
        if runner.finished:
            break
        list(runner.respond(reply))
    with PostgresStore.open(url) as fresh:
        saved = fresh.load_session(runner.session_id)
    assert len(saved.turns) > saved_before + 1
    assert [t.index for t in saved.turns] == list(range(len(saved.turns)))
    assert [t.text for t in saved.turns] == [t.text for t in runner.turns]
    store.close()


@pytest.mark.parametrize(
    "url",
    ["postgresql://coach:s3cr3t-pw@[::1/lagom", "postgresql://coach:s3cr3t-pw@db/lagom?bogus=1"],
)
def test_a_malformed_url_is_reported_without_its_password(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: LAGOM_DATABASE / --database is not a usable PostgreSQL URL")
    assert "s3cr3t-pw" not in err
