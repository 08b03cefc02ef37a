"""`lagom sessions` and `lagom export`: what users see on the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from evaluation.models import GradeSummary, ReplyGrade, Scores
from simulator.cli import main
from simulator.records import TurnRecord
from simulator.store import Store

SUMMARY = GradeSummary(
    scores=Scores(listening=4, tone=3, honesty=3, understanding=4),
    overall=3.5,
    balance="lagom",
    replies=1,
    language="en",
)


def save_sessions(home: Path) -> tuple[str, str]:
    """One finished session (Ana) and one unfinished (Ben), in LAGOM_HOME's database."""
    grade = ReplyGrade(turn=1, scores=SUMMARY.scores, balance="lagom")
    with Store.open(home / "lagom.db") as store:
        done = store.create_session("Ana", "en_parcel_lost_again", scenario_title="Lost again")
        store.save_turn(done, TurnRecord(index=0, role="customer", text="Where is it?"))
        store.save_turn(done, TurnRecord(index=1, role="trainee", text="<b>Sorry</b>", grade=grade))
        store.finish_session(done, "resolved", SUMMARY)
        left = store.create_session("Ben\x1b[31m", "en_telecom_double_billing")
        store.save_turn(left, TurnRecord(index=0, role="customer", text="Billed twice!"))
    return done, left


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `lagom ARGV` in-process; return the exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_sessions_table_shows_newest_first_with_a_dash_for_unfinished(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done, left = save_sessions(isolated_home)
    status, out, _ = run_cli(capsys, "sessions")
    header, newest, oldest = out.splitlines()
    assert status == 0
    assert header.split() == ["ID", "TRAINEE", "SCENARIO", "STARTED", "OUTCOME", "OVERALL"]
    assert newest.startswith(left) and "unfinished" in newest and newest.endswith("—")
    assert oldest.startswith(done) and "resolved" in oldest and oldest.endswith("3.5")
    assert "\x1b" not in out and "Ben\\x1b[31m" in newest  # shown, never obeyed


def test_sessions_json_is_a_list_of_objects(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done, left = save_sessions(isolated_home)
    status, out, _ = run_cli(capsys, "sessions", "--json")
    listed = json.loads(out)
    assert status == 0 and [s["id"] for s in listed] == [left, done]
    assert listed[1]["trainee"] == "Ana" and listed[1]["scenario"] == "en_parcel_lost_again"
    assert (listed[1]["outcome"], listed[1]["overall"], listed[1]["status"]) == (
        "resolved",
        3.5,
        "finished",
    )
    assert (listed[0]["outcome"], listed[0]["overall"], listed[0]["status"]) == (
        None,
        None,
        "running",
    )
    assert listed[0]["turns"] == 1 and listed[0]["started"]


def test_sessions_filters_by_trainee_and_scenario(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done, left = save_sessions(isolated_home)
    _, out, _ = run_cli(capsys, "sessions", "--json", "--trainee", "Ana")
    assert [s["id"] for s in json.loads(out)] == [done]
    _, out, _ = run_cli(capsys, "sessions", "--json", "--scenario", "en_telecom_double_billing")
    assert [s["id"] for s in json.loads(out)] == [left]
    _, out, _ = run_cli(capsys, "sessions", "--trainee", "Nobody")
    assert out.strip() == "no saved sessions"


def test_sessions_with_a_corrupt_database_exits_2_with_a_message(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "lagom.db").write_bytes(b"this is not sqlite" * 100)
    status, out, err = run_cli(capsys, "sessions")
    assert status == 2 and out == ""
    assert err.startswith("lagom: ") and "is not a Lagom database or is damaged" in err
    assert "Traceback" not in err


def test_sessions_and_export_are_not_blocked_by_a_writer(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done, left = save_sessions(isolated_home)
    monkeypatch.setattr("simulator.store.database.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(isolated_home / "lagom.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another Lagom mid-write, holding the write lock
    holder.execute("UPDATE sessions SET trainee = 'uncommitted' WHERE id = ?", (done,))
    try:
        status, out, err = run_cli(capsys, "sessions", "--json")
        exported, page, _ = run_cli(capsys, "export", done)
    finally:
        holder.execute("ROLLBACK")
    assert status == 0 and err == ""
    assert [(s["id"], s["trainee"]) for s in json.loads(out)] == [
        (left, "Ben\x1b[31m"), (done, "Ana")  # the last committed state
    ]
    assert exported == 0 and "Where is it?" in page


def test_export_markdown_by_id_prefix(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done, _ = save_sessions(isolated_home)
    status, out, _ = run_cli(capsys, "export", done[:-1])
    assert status == 0
    assert out.startswith(f"# Lagom session {done}")
    assert "Where is it?" in out and "\\<b\\>Sorry\\</b\\>" in out and "Lost again" in out


def test_export_html_to_a_file(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    done, _ = save_sessions(isolated_home)
    target = tmp_path / "report.html"
    status, out, err = run_cli(capsys, "export", done, "--format", "html", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert status == 0 and out == "" and str(target) in err
    assert page.startswith("<!DOCTYPE html>") and "&lt;b&gt;Sorry&lt;/b&gt;" in page


def test_export_csv_and_json(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done, _ = save_sessions(isolated_home)
    _, out, _ = run_cli(capsys, "export", done, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["turn"], r["text"], r["tone"]) for r in rows] == [("1", "<b>Sorry</b>", "3.0")]
    _, out, _ = run_cli(capsys, "export", done, "--format", "json")
    assert json.loads(out)["info"]["id"] == done


def test_export_of_an_unknown_session_exits_2(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_sessions(isolated_home)
    status, out, err = run_cli(capsys, "export", "19990101")
    assert status == 2 and out == ""
    assert "lagom: no saved session '19990101'" in err and "lagom sessions" in err


def test_export_to_an_unwritable_path_exits_2(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    done, _ = save_sessions(isolated_home)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    status, _, err = run_cli(capsys, "export", done, "-o", str(blocker / "out.md"))
    assert status == 2 and err.startswith(f"lagom: cannot write {blocker / 'out.md'}")
