"""The classroom: class lists, assignments and their status, the cohort report and its exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from evaluation.models import GradeSummary, Scores
from simulator.classroom.cohort import build_report
from simulator.classroom.export import to_csv, to_html
from simulator.classroom.progress import assignment_status
from simulator.classroom.roster import RosterError, read_roster
from simulator.cli import main
from simulator.records import TurnRecord
from simulator.settings import Settings
from simulator.store import Store

SCENARIO = "parcel_late"
"""A fixture scenario (tests/fixtures/tui), passed to the CLI with --scenarios."""
FIXTURES = str(Path(__file__).parent / "fixtures" / "tui")


def summary(listening: float, tone: float, honesty: float, understanding: float) -> GradeSummary:
    """A finished session's grade summary."""
    scores = Scores(listening=listening, tone=tone, honesty=honesty, understanding=understanding)
    overall = (listening + tone + honesty + understanding) / 4
    return GradeSummary(scores=scores, overall=overall, balance="lagom", replies=3, language="en")


def finished(store: Store, trainee: str, scenario: str, grade: GradeSummary,
             outcome: str = "resolved", mode: str = "practice") -> str:
    """A session that ran to its end."""
    sid = store.create_session(trainee, scenario, seed=1, mode=mode, scenario_title=scenario)
    store.save_turn(sid, TurnRecord(index=0, role="customer", text="Hello.", source="script",
                                    intent="state_problem"))
    store.finish_session(sid, outcome, grade)
    return sid


@pytest.fixture
def store() -> Store:
    """The store in this test's LAGOM_HOME."""
    opened = Store.open(Settings().database)
    yield opened
    opened.close()


def test_a_class_list_reads_names_with_or_without_a_header(tmp_path: Path) -> None:
    with_header = tmp_path / "class.csv"
    with_header.write_text("email,name,cohort\nana@x.se,Ana  Berg,Mon\nbo@x.se,Bo,Mon\n\n")
    assert read_roster(with_header) == [("Ana Berg", "ana@x.se", "Mon"), ("Bo", "bo@x.se", "Mon")]
    plain = tmp_path / "names.csv"
    plain.write_text("Cleo\nDan\nCleo\n")
    assert [row[0] for row in read_roster(plain)] == ["Cleo", "Dan"]


def test_a_class_list_with_an_empty_name_says_which_line(tmp_path: Path) -> None:
    bad = tmp_path / "class.csv"
    bad.write_text("name,email\nAna,a@x\n,b@x\n")
    with pytest.raises(RosterError, match=r"class.csv: line 3: name: empty"):
        read_roster(bad)


def test_assignment_status_goes_from_not_started_to_done(store: Store) -> None:
    store.assign(SCENARIO, ["Ana", "Bo"], seed=42, min_attempts=2, due="2099-01-01")
    ana = store.list_assignments("Ana")[0]
    assert (ana.seed, ana.min_attempts, ana.due) == (42, 2, "2099-01-01")
    assert assignment_status(ana, store.list_sessions()) == "not started"
    store.create_session("Ana", SCENARIO, seed=42)
    assert assignment_status(ana, store.list_sessions()) == "in progress"
    finished(store, "Ana", SCENARIO, summary(3, 3, 3, 3))
    finished(store, "Ana", SCENARIO, summary(4, 4, 4, 4))
    assert assignment_status(ana, store.list_sessions()) == "done"
    bo = store.list_assignments("Bo")[0]
    assert assignment_status(bo, store.list_sessions()) == "not started"
    assert assignment_status(bo, [], today=date(2099, 1, 2)) == "overdue"


def test_an_exam_assignment_counts_exam_sessions_only(store: Store) -> None:
    store.assign(SCENARIO, ["Ana"], mode="exam", seed=1)
    finished(store, "Ana", SCENARIO, summary(3, 3, 3, 3), mode="practice")
    exam = store.list_assignments("Ana")[0]
    assert assignment_status(exam, store.list_sessions()) == "not started"
    finished(store, "Ana", SCENARIO, summary(3, 3, 3, 3), mode="exam")
    assert assignment_status(exam, store.list_sessions()) == "done"


def test_the_cohort_report_has_latest_best_and_the_weakest_dimension(store: Store) -> None:
    finished(store, "Ana", SCENARIO, summary(2, 4, 4, 4), outcome="escalated")
    latest = finished(store, "Ana", SCENARIO, summary(3, 5, 3, 4))
    finished(store, "Bo", SCENARIO, summary(2, 4, 5, 5))
    running = store.create_session("Cleo", SCENARIO, scenario_title="Double billing")
    store.save_turn(running, TurnRecord(index=0, role="customer", text="Hi.", source="script",
                                        intent="state_problem"))
    store.assign(SCENARIO, ["Dan"], seed=3)
    report = build_report(store.list_sessions(), store.list_assignments(),
                          store.last_activity(), [t.name for t in store.list_trainees()])
    ana = next(r for r in report.results if r.trainee == "Ana")
    assert (ana.attempts, ana.finished, ana.latest_session) == (2, 2, latest)
    assert ana.latest_outcome == "resolved" and ana.latest_overall == pytest.approx(3.75)
    assert ana.best_scores == {"listening": 3, "tone": 5, "honesty": 4, "understanding": 4}
    assert ana.best_overall == pytest.approx(3.75)
    dan = next(r for r in report.results if r.trainee == "Dan")
    assert (dan.attempts, dan.assignment) == (0, "not started")
    assert [a.trainee for a in report.active] == ["Cleo"]
    assert report.scenarios[0].weakest == "listening"  # (2 + 3 + 2) / 3 is the lowest mean
    later = build_report(store.list_sessions(), [], store.last_activity(), [],
                         now=datetime.now(UTC) + timedelta(hours=1))
    assert later.active == []  # an hour without a turn: not practising now


def test_exports_carry_every_row_and_escape_names(store: Store) -> None:
    finished(store, "<b>Ana</b>", SCENARIO, summary(3, 4, 4, 4))
    report = build_report(store.list_sessions(), [], {}, [])
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert rows[0]["trainee"] == "<b>Ana</b>" and rows[0]["latest_listening"] == "3.0"
    page = to_html(report)
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page and "<b>Ana</b>" not in page
    assert "Weakest dimension per scenario" in page and "listening" in page


def test_lagom_assign_to_names_and_all_with_one_seed(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name\nAna\nBo\nCleo\n")
    assert main(["assign", "--import", str(roster)]) == 0
    assert "imported 3 trainees (3 new)" in capsys.readouterr().out
    assert main(["assign", SCENARIO, "--all", "--due", "2099-12-31", "--exam",
                 "--scenarios", FIXTURES]) == 0
    assert main(["assign", SCENARIO, "--to", "Ana,Dan", "--min-attempts", "2", "--seed", "7",
                 "--scenarios", FIXTURES]) == 0
    with Store.open(Settings().database) as store:
        assigned = {a.trainee: a for a in store.list_assignments()}
    assert sorted(assigned) == ["Ana", "Bo", "Cleo", "Dan"]
    assert assigned["Bo"].seed == assigned["Cleo"].seed  # --all: one seed for everyone
    assert (assigned["Bo"].mode, assigned["Bo"].due) == ("exam", "2099-12-31")
    assert (assigned["Ana"].seed, assigned["Ana"].min_attempts) == (7, 2)


def test_a_trainee_assigned_later_plays_the_same_customer(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name\nAna\nBo\n")
    assert main(["assign", "--import", str(roster)]) == 0
    assert main(["assign", SCENARIO, "--all", "--scenarios", FIXTURES]) == 0
    assert main(["assign", SCENARIO, "--to", "Zed", "--scenarios", FIXTURES]) == 0
    with Store.open(Settings().database) as store:
        seeds = {a.trainee: a.seed for a in store.list_assignments()}
    assert seeds["Zed"] == seeds["Ana"] == seeds["Bo"]


@pytest.mark.parametrize(("argv", "message"), [
    (["assign", "no_such_scenario", "--to", "Ana"], "unknown scenario 'no_such_scenario'"),
    (["assign", SCENARIO, "--to", "Ana", "--due", "next friday"], "--due: not a date"),
    (["assign", SCENARIO], "--to NAMES or --all"),
    (["assign", SCENARIO, "--all", "--scenarios", FIXTURES], "no trainees yet"),
    (["assign", "--import", "missing.csv"], "missing.csv: file not found"),
    (["class", "--export", "report.pdf"], "name a .html or .csv file"),
])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("lagom: ") and "Traceback" not in err


def test_lagom_class_exports_html_and_csv(tmp_path: Path, store: Store) -> None:
    finished(store, "Ana", SCENARIO, summary(3, 4, 2, 4))
    store.assign(SCENARIO, ["Bo"], seed=5)
    assert main(["class", "--export", str(tmp_path / "report.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "report.csv").open()))
    assert [(r["trainee"], r["assignment"]) for r in rows] == [("Ana", ""), ("Bo", "not started")]
    assert main(["class", "--export", str(tmp_path / "report.html")]) == 0
    page = (tmp_path / "report.html").read_text()
    assert "<h1>Lagom cohort report</h1>" in page and "honesty" in page


def test_trainees_assignments_and_the_report_work_on_postgresql(pg_url: str) -> None:
    from simulator.store.postgres import PostgresStore

    with PostgresStore.open(pg_url) as pg:
        assert pg.add_trainees([("Ana", "a@x", "Mon"), ("Bo", "", "")]) == 2
        pg.assign(SCENARIO, ["Ana", "Bo"], seed=9, due="2099-01-01")
        pg.assign(SCENARIO, ["Ana"], seed=10)  # again: replaced, not doubled
        assert [a.seed for a in pg.list_assignments("Ana")] == [10]
        finished(pg, "Ana", SCENARIO, summary(2, 4, 4, 4))
        pg.touch_trainee("Cleo")
        report = build_report(pg.list_sessions(), pg.list_assignments(), pg.last_activity(),
                              [t.name for t in pg.list_trainees()])
    assert [(r.trainee, r.assignment) for r in report.results] == [("Ana", "done"),
                                                                    ("Bo", "not started")]
    assert report.trainees == ["Ana", "Bo", "Cleo"]
    assert report.scenarios[0].weakest == "listening"


def test_lagom_class_imports_a_class_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name,cohort\nAna,Mon\nBo,Mon\n")
    assert main(["class", "--import", str(roster), "--export", str(tmp_path / "r.csv")]) == 0
    assert "imported 2 trainees (2 new)" in capsys.readouterr().out
    with Store.open(Settings().database) as store:
        found = [(t.name, t.cohort) for t in store.list_trainees()]
    assert found == [("Ana", "Mon"), ("Bo", "Mon")]
