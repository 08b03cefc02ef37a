"""The realism report: customer lines by origin, replacements by reason, flags; per scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.realism import (
    by_scenario,
    rejection_kind,
    scenario_cells,
    session_realism,
    turns_realism,
)
from simulator.records import TurnRecord
from simulator.store import Flag, SavedSession, SessionInfo, Store


def line(index: int, source: str = "model", rejection: str | None = None) -> TurnRecord:
    """A customer line."""
    return TurnRecord(index=index, role="customer", text=f"line {index}", source=source,
                      rejection=rejection)


def reply(index: int) -> TurnRecord:
    """A trainee reply (never counted as a customer line)."""
    return TurnRecord(index=index, role="trainee", text="ok")


def saved(sid: str, scenario: str, turns: list[TurnRecord], flags: list[Flag]) -> SavedSession:
    """A saved session of `scenario`."""
    info = SessionInfo(id=sid, trainee="Ana", scenario_id=scenario, scenario_title=scenario.title(),
                       started_at="2026-11-23T04:12:00+00:00")
    return SavedSession(info=info, turns=turns, flags=flags)


def flag(index: int, reason: str = "") -> Flag:
    """A trainee's flag on turn `index`."""
    return Flag(turn_index=index, reason=reason, created_at="2026-11-23T04:13:00+00:00")


def test_rejection_kinds_drop_their_details() -> None:
    assert rejection_kind("number not in the scenario (8)") == "number not in the scenario"
    assert rejection_kind("too long (32 words > 30)") == "too long"
    assert rejection_kind("backend failed: timed out") == "backend failed"
    assert rejection_kind("teaser without content") == "teaser without content"


def test_one_session_counts_origins_reasons_and_flags() -> None:
    turns = [
        line(0, "script"),
        reply(1),
        line(2, "script", "role reversal (says what the agent would say)"),
        reply(3),
        line(4, "model"),
        reply(5),
        line(6, "script", "number not in the scenario (8)"),
        reply(7),
        line(8, "script", "role reversal (thanks the agent)"),
    ]
    report = turns_realism(turns, [flag(4, "nonsense"), flag(99)])
    assert (report.lines, report.model, report.authored, report.replaced) == (5, 1, 1, 3)
    assert report.model_share == 0.2
    assert report.reasons_text() == "role reversal 2, number not in the scenario 1"
    assert [(f.turn_index, f.text, f.origin, f.reason) for f in report.flagged] == [
        (4, "line 4", "model", "nonsense"),
        (99, "", "", ""),  # a flag on an unknown turn is kept, not dropped silently
    ]
    assert report.summary() == (
        "5 customer lines: 1 from the model, 1 authored, 3 replaced by the guard "
        "(role reversal 2, number not in the scenario 1); 2 flagged by the trainee"
    )


def test_a_session_without_customer_lines_says_so() -> None:
    assert turns_realism([]).summary() == "no customer lines"
    assert turns_realism([]).model_share is None


def test_scenarios_with_the_most_flags_and_replacements_come_first() -> None:
    parcel_a = saved("s1", "parcel", [line(0), reply(1), line(2, "script", "too long (40)")],
                     [flag(2, "robotic")])
    parcel_b = saved("s2", "parcel", [line(0, "script"), reply(1), line(2)], [flag(0)])
    bill = saved("s3", "bill", [line(0), reply(1), line(2)], [])
    rows = by_scenario([bill, parcel_a, parcel_b])
    assert [r.scenario_id for r in rows] == ["parcel", "bill"]
    parcel = rows[0]
    assert (parcel.sessions, parcel.title) == (2, "Parcel")
    assert [(f.session_id, f.turn_index, f.reason) for f in parcel.realism.flagged] == [
        ("s1", 2, "robotic"),
        ("s2", 0, ""),
    ]
    assert scenario_cells(parcel) == ("parcel", "2", "4", "50%", "1", "2", "too long 1")
    assert scenario_cells(rows[1]) == ("bill", "1", "2", "100%", "0", "0", "—")
    assert session_realism(parcel_a).flagged[0].session_id == "s1"


def test_lagom_sessions_realism_prints_the_per_scenario_table_and_the_flags(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(isolated_home / "lagom.db") as store:
        for trainee, second in (("Ana", line(2, "script", "role reversal (x)")), ("Bo", line(2))):
            sid = store.create_session(trainee, "parcel", scenario_title="Parcel")
            for turn in (line(0, "script"), reply(1), second):
                store.save_turn(sid, turn)
        store.flag_line(sid, 2, "odd \x1b[31m[bold]line[/bold]")
        other = store.create_session("Ana", "bill")
        store.save_turn(other, line(0))
    assert main(["sessions", "--realism"]) == 0
    out = capsys.readouterr().out
    table = out.splitlines()
    assert table[0].split() == ["SCENARIO", "SESSIONS", "LINES", "MODEL", "REPLACED", "FLAGGED",
                                "REASONS"]
    assert table[1].split() == ["parcel", "2", "4", "25%", "1", "1", "role", "reversal", "1"]
    assert table[2].split() == ["bill", "1", "1", "100%", "0", "0", "—"]
    assert f"parcel {sid} #2 (model) “line 2” — odd \\x1b[31m[bold]line[/bold]" in out
    assert "\x1b" not in out  # an escape in a reason is shown, never obeyed
    assert main(["sessions", "--realism", "--json", "--scenario", "bill"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["scenario"], r["sessions"], r["model"], r["flagged"]) for r in rows] == [
        ("bill", 1, 1, [])
    ]
