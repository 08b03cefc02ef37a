"""Issue 12, grading: long transcripts stay linear, oversized and nested input is refused clearly.

Grading time is measured by bench/grade_scaling.py (not here); these tests pin what makes it
linear (a reply is graded against a bounded window of turns, so what came long before cannot
change its grade) and what a coach sees for input that is too big or too deeply nested.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from evaluation import grade_transcript
from evaluation.grader import CONTEXT_TURNS, context_for
from evaluation.models import Transcript
from simulator.cli import main

CUSTOMER = "My parcel 88214 was due on Monday and I paid £64.99 for it."
REPLY = "I'm sorry about parcel 88214. I will refund the £64.99 today."


def long_transcript(turns: int) -> Transcript:
    """Customer and trainee lines, alternating, with varied numbers."""
    rows = []
    for i in range(turns):
        if i % 2 == 0:
            rows.append({"role": "customer", "text": f"Order {1000 + i} is late, day {i % 28}."})
        else:
            rows.append({"role": "trainee", "text": f"Sorry, I will chase order {1000 + i}."})
    return Transcript.model_validate({"language": "en", "turns": rows})


def test_a_reply_is_read_against_a_bounded_window_of_turns() -> None:
    transcript = long_transcript(4_001)
    ctx = context_for(transcript, 3_999, None)
    assert len(ctx.customer_turns) + len(ctx.earlier_replies) == CONTEXT_TURNS


def test_turns_long_before_do_not_change_the_grade_of_a_reply() -> None:
    recent = [{"role": "customer", "text": CUSTOMER}, {"role": "trainee", "text": REPLY}]
    short = Transcript.model_validate({"language": "en", "turns": recent})
    padded = long_transcript(CONTEXT_TURNS * 3)
    padded.turns.extend(short.turns)
    alone = grade_transcript(short).replies[-1]
    late = grade_transcript(padded).replies[-1]
    assert (late.scores, late.balance, late.tips) == (alone.scores, alone.balance, alone.tips)


def grade_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              text: str, *flags: str) -> tuple[int, str, str]:
    """Run `lagom grade - FLAGS` on `text`; return status, stdout and stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    status = main(["grade", "-", *flags])
    out, err = capsys.readouterr()
    return status, out, err


def test_deeply_nested_json_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = grade_cli(monkeypatch, capsys, "{\"turns\": " + "[" * 4096)
    assert status == 2 and out == ""
    assert err == "lagom: -: the JSON is nested too deeply to be a transcript\n"


def test_a_nested_line_in_a_batch_is_marked_and_the_rest_graded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps({"language": "en", "turns": [
        {"role": "customer", "text": CUSTOMER}, {"role": "trainee", "text": REPLY}]})
    status, out, err = grade_cli(monkeypatch, capsys, "\n".join([good, "[" * 4096, good]),
                                 "--batch")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2 and len(lines) == 3
    assert lines[1] == {"error": "the JSON is nested too deeply to be a transcript"}
    assert "replies" in lines[0] and "replies" in lines[2]
    assert "lagom: line 2: the JSON is nested too deeply" in err and "Traceback" not in err


def test_an_oversized_reply_is_refused_with_the_field_and_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"Customer: {CUSTOMER}\nAgent: {REPLY * 20_000}\n"
    status, out, err = grade_cli(monkeypatch, capsys, text)
    assert status == 2 and out == ""
    assert err.startswith("lagom: -: turns.1.text: 1,220,000 characters; at most 20,000")
    assert "LAGOM_GRADE_MAX_CHARS" in err


def test_the_limits_can_be_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("LAGOM_GRADE_MAX_TURNS", "3")
    text = "\n".join([f"Customer: {CUSTOMER}", f"Agent: {REPLY}"] * 2)
    status, _, err = grade_cli(monkeypatch, capsys, text)
    assert status == 2 and "4 turns; at most 3" in err
    monkeypatch.setenv("LAGOM_GRADE_MAX_TURNS", "4")
    assert grade_cli(monkeypatch, capsys, text)[0] == 0


def test_an_endless_input_is_refused_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: /dev/zero: more than 67,108,864 characters")
