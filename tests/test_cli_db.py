"""`lagom db migrate` (an SQLite history into PostgreSQL) and `lagom db check`."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from evaluation.models import GradeSummary, ReplyGrade, Scores
from simulator.cli import main
from simulator.records import CustomerState, TurnRecord
from simulator.store import Store, rows, schema
from simulator.store.postgres import PostgresStore
from simulator.store.store import new_session_id

TURNS = 8


def grade(index: int, rng: random.Random) -> ReplyGrade:
    """A trainee reply's grade with varied scores."""
    scores = Scores(**{d: rng.choice([1, 2, 3, 4, 5]) for d in
                       ("listening", "tone", "honesty", "understanding")})
    return ReplyGrade(turn=index, scores=scores, balance="lagom", tips=["Name the next step."])


def make_history(path: Path, sessions: int, seed: int = 0) -> dict[str, int]:
    """An SQLite history of `sessions` sessions (turns, notes, overrides, a few unfinished),
    written in one transaction; returns the rows written per table."""
    rng = random.Random(seed)
    Store.open(path).close()  # the schema, by the store itself
    conn = sqlite3.connect(path)
    counts = {"sessions": 0, "turns": 0, "notes": 0, "overrides": 0, "settings": 1}
    summary = GradeSummary(scores=Scores(listening=4, tone=3, honesty=3, understanding=4),
                           overall=3.5, balance="lagom", replies=4, language="en")
    with conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('trainee', 'Ana')")
        for number in range(sessions):
            sid = f"{new_session_id()[:-4]}{number:04d}"
            finished = number % 10 != 0
            conn.execute(
                "INSERT INTO sessions (id, trainee, scenario_id, scenario_title, language, "
                "archetype, seed, mode, backend, started_at, ended_at, outcome, overall, "
                "summary_json, status) VALUES (?, ?, ?, '', 'en', 'frustrated', ?, 'practice', "
                "'scripted', ?, ?, ?, ?, ?, ?)",
                (sid, f"trainee-{number % 25}", f"scenario-{number % 7}", number,
                 f"2026-01-{1 + number % 28:02d}T09:{number % 60:02d}:00+00:00",
                 "2026-01-01T10:00:00+00:00" if finished else None,
                 "resolved" if finished else None, 3.5 if finished else None,
                 summary.model_dump_json() if finished else None,
                 "finished" if finished else "running"),
            )
            counts["sessions"] += 1
            for index in range(TURNS):
                if index % 2 == 0:
                    turn = TurnRecord(
                        index=index, role="customer", text=f"customer {number}.{index} — ñ",
                        source="script", intent="push_back",
                        state=CustomerState(distress=6.5, trust=3, patience=5, band="mid"),
                    )
                else:
                    turn = TurnRecord(index=index, role="trainee", text=f"reply {number}.{index}",
                                      grade=grade(index, rng))
                conn.execute(
                    f"INSERT INTO turns (session_id, {rows.TURN_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (sid, *rows.turn_values(turn)),
                )
                counts["turns"] += 1
            if number % 2 == 0:
                conn.execute(
                    "INSERT INTO notes (session_id, turn_index, text, author, created_at) "
                    "VALUES (?, ?, ?, 'Eva', '2026-02-01T08:00:00+00:00')",
                    (sid, 1, f"Own it next time ({number})."),
                )
                conn.execute(
                    "INSERT INTO notes (session_id, turn_index, text, author, created_at) "
                    "VALUES (?, NULL, 'Good session overall.', 'Eva', "
                    "'2026-02-01T08:01:00+00:00')",
                    (sid,),
                )
                counts["notes"] += 2
            if number % 3 == 0:
                conn.execute(
                    "INSERT INTO overrides (session_id, turn_index, dimension, score, automatic, "
                    "reason, author, created_at) VALUES (?, 3, 'tone', ?, 3, 'Sounded curt', "
                    "'Eva', '2026-02-02T08:00:00+00:00')",
                    (sid, 1 + number % 5),
                )
                counts["overrides"] += 1
    conn.close()
    return counts


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A history of 1,000 sessions with notes and overrides (made once for the module)."""
    path = tmp_path_factory.mktemp("history") / "lagom.db"
    return path, make_history(path, 1000)


def pg_counts(url: str) -> dict[str, int]:
    with PostgresStore.open(url) as store:
        conn = store.raw_connection()
        return {
            table: conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"]
            for table in ("sessions", "turns", "notes", "overrides", "settings")
        }


def test_migrate_moves_a_thousand_sessions_and_a_second_run_moves_nothing(
    history: tuple[Path, dict[str, int]], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, written = history
    before = path.read_bytes()
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "sessions 200/1000" in out and "sessions 1000/1000" in out  # progress
    total = sum(written.values())
    assert f"count check: all {total} rows are in the target; moved {total} now" in out
    assert pg_counts(pg_url) == written
    assert path.read_bytes() == before  # the source is only read
    # whole sessions are the same on both sides, notes and overrides included
    with Store.open(path) as old, PostgresStore.open(pg_url) as new:
        for info in old.list_sessions()[::97]:
            assert new.load_session(info.id) == old.load_session(info.id)
        assert new.agreement() == old.agreement()
        assert new.get_setting("trainee") == "Ana"
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    again = capsys.readouterr().out
    assert f"count check: all {total} rows are in the target; moved 0 now" in again
    assert pg_counts(pg_url) == written


def test_a_later_move_brings_new_turns_and_endings_only(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lagom.db"
    with Store.open(path) as store:
        sid = store.create_session("Ana", "late-parcel")
        store.save_turn(sid, TurnRecord(index=0, role="customer", text="Hi", source="script"))
    assert main(["db", "migrate", "--from", f"sqlite://{path}", "--to", pg_url]) == 0
    with Store.open(path) as store:
        store.save_turn(sid, TurnRecord(index=1, role="trainee", text="Hello, I'm here."))
        store.finish_session(sid, "resolved", None)
        store.add_note(sid, 1, "Warm start.")
    capsys.readouterr()
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "1 session(s) finished since an earlier move" in out
    assert "moved 2 now" in out  # the new turn and the note
    with PostgresStore.open(pg_url) as store:
        saved = store.load_session(sid)
    assert [t.text for t in saved.turns] == ["Hi", "Hello, I'm here."]
    assert saved.info.status == "finished" and saved.info.outcome == "resolved"
    assert [n.text for n in saved.notes] == ["Warm start."]


def test_migrate_refuses_what_it_cannot_move(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.db"
    assert main(["db", "migrate", "--from", str(missing), "--to", pg_url]) == 2
    assert f"lagom: there is no session database at {missing}" in capsys.readouterr().err
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    assert main(["db", "migrate", "--from", str(other), "--to", pg_url]) == 2
    assert "is not a Lagom database" in capsys.readouterr().err
    Store.open(tmp_path / "ok.db").close()
    assert main(["db", "migrate", "--from", str(tmp_path / "ok.db"),
                 "--to", str(tmp_path / "x.db")]) == 2
    assert "--to must be a postgresql:// URL" in capsys.readouterr().err


def test_check_reports_schema_and_counts_for_sqlite_and_postgresql(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lagom.db"
    make_history(path, 12)
    assert main(["db", "check", "--database", str(path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: " ".join(line.split()[1:]) for line in out.splitlines()}
    assert lines["database"] == f"{path} (SQLite)"
    assert lines["schema"] == f"version {schema.LATEST} (up to date)"
    assert lines["sessions"] == "12 (finished 10, running 2)"
    assert lines["turns"] == str(12 * TURNS) and lines["overrides"] == "4"
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    capsys.readouterr()
    assert main(["db", "check", "--json", "--database", pg_url]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["engine"].startswith("PostgreSQL")
    assert report["schema_version"] == schema.LATEST
    assert report["counts"]["sessions"] == 12 and report["counts"]["turns"] == 12 * TURNS
    assert report["sessions_by_status"] == {"finished": 10, "running": 2}
    assert "@" in report["database"] and ":" not in report["database"].split("@")[0][13:]


def test_check_on_an_unreachable_server_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "check", "--database", "postgresql://lagom:pw@127.0.0.1:1/lagom"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: cannot reach the PostgreSQL server") and "pw" not in err
    assert "Traceback" not in err


def test_a_history_with_an_older_schema_moves_too(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=2)  # sessions, turns, notes, overrides, settings only
    conn.execute(
        "INSERT INTO sessions (id, trainee, scenario_id, started_at) "
        "VALUES ('20250101-0900-aaaaaaaaaa', 'Old', 'late-parcel', '2025-01-01T09:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO notes (session_id, turn_index, text, created_at) "
        "VALUES ('20250101-0900-aaaaaaaaaa', NULL, 'kept', '2025-01-02T09:00:00+00:00')"
    )
    conn.close()
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 0
    assert "(schema 2)" in capsys.readouterr().out
    with PostgresStore.open(pg_url) as store:
        saved = store.load_session("20250101")
    assert saved.info.trainee == "Old" and [n.text for n in saved.notes] == ["kept"]


def test_the_count_check_fails_when_a_row_clashes_with_a_different_one(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lagom.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO assignments (scenario_id, trainee, due, created_at) "
            "VALUES ('late-parcel', 'Ana', '2026-03-01', '2026-02-01T09:00:00+00:00')"
        )
    conn.close()
    with PostgresStore.open(pg_url) as store:  # the class already gave Ana another due date
        store.raw_connection().execute(
            "INSERT INTO assignments (scenario_id, trainee, due, created_at) "
            "VALUES ('late-parcel', 'Ana', '2026-04-01', '2026-02-02T09:00:00+00:00')"
        )
    assert main(["db", "migrate", "--from", str(path), "--to", pg_url]) == 1
    captured = capsys.readouterr()
    assert "lagom: count check failed" in captured.err and "assignments 1" in captured.err
    assert "count check: all" not in captured.out
