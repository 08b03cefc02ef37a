"""`lagom grade`: JSON and plain text in, grade JSON or Markdown out, batches, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPT = {"language": "en", "turns": [
    {"role": "customer", "text": "My parcel 88214 is a week late and I'm furious!"},
    {"role": "trainee", "text": "I'm sorry, that sounds frustrating. I'll check parcel 88214 "
                                "with the courier right now."},
]}


def test_grade_json_file_prints_the_grade_json(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TRANSCRIPT), encoding="utf-8")
    assert main(["grade", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    reply = report["replies"][0]
    assert reply["turn"] == 1
    assert set(reply["scores"]) == {"listening", "tone", "honesty", "understanding"}
    assert reply["balance"] in {"too_little", "lagom", "too_much"}
    assert report["summary"]["replies"] == 1 and report["summary"]["language"] == "en"


def test_grade_plain_text_from_stdin_in_dutch(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    text = ("Klant: Mijn pakket 55120 is nog steeds niet bezorgd.\n"
            "Medewerker: Dat klinkt niet goed. Ik ga u helpen:\n"
            "ik controleer pakket 55120 nu meteen.\n")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(text))
    assert main(["grade", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["language"] == "nl"
    assert "reflected_detail" in report["replies"][0]["signals"]


def test_grade_markdown_for_people(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Customer: It broke *again*!!\nAgent: Not my problem.\n", encoding="utf-8")
    assert main(["grade", str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Grade")
    assert "## Turn 1" in out and "Tips:" in out
    assert "Not my problem." in out


def test_batch_writes_one_line_per_transcript_in_order(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    cold = {"turns": [{"role": "customer", "text": "Where is my refund?"},
                      {"role": "trainee", "text": "Wait."}]}
    path = tmp_path / "batch.jsonl"
    path.write_text(f"{json.dumps(TRANSCRIPT)}\n\n{json.dumps(cold)}\n", encoding="utf-8")
    assert main(["grade", str(path), "--batch"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["summary"]["overall"] > second["summary"]["overall"]


def test_batch_bad_line_gets_an_error_line_and_exit_2(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(f"{json.dumps(TRANSCRIPT)}\n{{\"turns\": [{{\"role\": \"boss\"}}]}}\n"
                    f"not json\n{json.dumps(TRANSCRIPT)}\n", encoding="utf-8")
    assert main(["grade", str(path), "--batch"]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert len(lines) == 4
    assert "replies" in lines[0] and "replies" in lines[3]
    assert "turns.0.role" in lines[1]["error"]
    assert "invalid JSON" in lines[2]["error"]
    assert "line 2" in captured.err and "line 3" in captured.err


@pytest.mark.parametrize(("content", "message"), [
    ('{"turns": [{"role": "trainee"}]}', "turns.0.text"),
    ('{"turns": [', "invalid JSON"),
    ("Hello there\nCustomer: hi", "line 1"),
    ('{"turns": [{"role": "customer", "text": "hi"}]}', "no trainee replies"),
])
def test_malformed_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture,
                                          content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["grade", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: ") and message in err
    assert "Traceback" not in err


def test_unknown_scenario_flag_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TRANSCRIPT), encoding="utf-8")
    assert main(["grade", str(path), "--scenario", "no-such-scenario"]) == 2
    assert "unknown scenario 'no-such-scenario'" in capsys.readouterr().err


def test_unknown_scenario_in_transcript_is_a_notice(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({**TRANSCRIPT, "scenario": "no-such-scenario"}), encoding="utf-8")
    assert main(["grade", str(path)]) == 0
    notices = json.loads(capsys.readouterr().out)["summary"]["notices"]
    assert any("no-such-scenario" in n for n in notices)


def run_module(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m simulator` as a user would."""
    return subprocess.run([sys.executable, "-m", "simulator", *args], input=stdin, text=True,
                          capture_output=True, cwd=REPO, timeout=60)


def test_module_grades_stdin_json() -> None:
    result = run_module("grade", stdin=json.dumps(TRANSCRIPT))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["replies"][0]["turn"] == 1


def test_module_missing_file_exits_2_without_traceback() -> None:
    result = run_module("grade", "does-not-exist.json", stdin="")
    assert result.returncode == 2
    assert "lagom: does-not-exist.json: no such file" in result.stderr
    assert "Traceback" not in result.stderr
