"""Kill a real `lagom simulate --save` mid-session: every finished turn must be on disk, and
the session must show as unfinished and be possible to continue."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenarios.library import load_library
from simulator.backends.scripted import ScriptedBackend
from simulator.events import TurnCompleted
from simulator.records import TurnRecord
from simulator.runner import SessionRunner
from simulator.session import PracticeSession
from simulator.store import Store

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "en_parcel_lost_again"
"""A hard customer with 15 turns, so the conversation is still going when it is killed."""

TRAINEE_LINES = [
    "I'm sorry this happened again, that sounds really frustrating.",
    "Can you tell me the parcel number so I can look at the delivery record?",
    "I can see the photo shows a blue door, so this was delivered to the wrong address.",
    "I'll open a claim for the parcel now and note that this is the second time.",
    "Is there anything else about last month's parcel that I should know?",
    "I will send you a written summary of what we agreed today.",
    "Thank you for your patience while we sort this out.",
]


def count_turns(database: Path) -> int:
    """Turns committed so far, read through a separate read-only connection (0 if none yet)."""
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM turns").fetchone()[0])
    except sqlite3.OperationalError:  # created but not yet migrated
        return 0


def start_simulation(home: Path, trainee_file: Path, log: Path) -> subprocess.Popen[bytes]:
    """A real `lagom simulate --save` process with slowly streamed authored lines."""
    env = {**os.environ, "LAGOM_HOME": str(home), "LAGOM_TYPING_DELAY": "0.2"}
    command = [
        sys.executable,
        "-m",
        "simulator",
        "simulate",
        SCENARIO,
        "--trainee",
        str(trainee_file),
        "--backend",
        "scripted",
        "--save",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)


def kill_after_turns(process: subprocess.Popen[bytes], database: Path, log: Path) -> int:
    """Wait for at least 3 committed turns, then SIGKILL; return the count seen before."""
    deadline = time.monotonic() + 90
    seen = 0
    while seen < 3:
        if process.poll() is not None:
            pytest.fail(f"lagom simulate ended before it was killed:\n{log.read_text()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"fewer than 3 turns saved after 90 s:\n{log.read_text()}")
        time.sleep(0.1)
        seen = count_turns(database)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    return seen


def replay(seed: int, count: int) -> list[TurnRecord]:
    """The first `count` turns of the same session played again without interruption."""
    library = load_library()
    scenario = library.scenario(SCENARIO)
    session = PracticeSession(scenario, library.persona_for(scenario), ScriptedBackend(), seed=seed)
    list(session.start())
    for line in TRAINEE_LINES:
        if len(session.turns) >= count:
            break
        list(session.respond(line))
    return session.turns[:count]


def essentials(turn: TurnRecord) -> tuple[object, ...]:
    """What must survive the crash exactly (timings and clock times aside)."""
    return (turn.index, turn.role, turn.text, turn.source, turn.intent, turn.grade, turn.state)


def lagom_sessions_json(home: Path) -> list[dict[str, object]]:
    """`lagom sessions --json` run as its own process."""
    env = {**os.environ, "LAGOM_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "sessions", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_killed_session_keeps_every_finished_turn_and_continues(
    isolated_home: Path, tmp_path: Path
) -> None:
    trainee_file = tmp_path / "trainee.txt"
    trainee_file.write_text("\n".join(TRAINEE_LINES) + "\n", encoding="utf-8")
    database = isolated_home / "lagom.db"
    log = tmp_path / "simulate.log"

    seen = kill_after_turns(start_simulation(isolated_home, trainee_file, log), database, log)

    store = Store.open(database)
    [info] = store.list_sessions()
    saved = store.load_session(info.id)
    assert len(saved.turns) >= seen
    assert [t.index for t in saved.turns] == list(range(len(saved.turns)))
    assert [essentials(t) for t in saved.turns] == [
        essentials(t) for t in replay(info.seed, len(saved.turns))
    ]
    trainee_turns = [t for t in saved.turns if t.role == "trainee"]
    assert trainee_turns and all(t.grade is not None for t in trainee_turns)
    assert [t.text for t in trainee_turns] == TRAINEE_LINES[: len(trainee_turns)]

    [listed] = lagom_sessions_json(isolated_home)
    assert listed["id"] == info.id
    assert (listed["status"], listed["outcome"], listed["overall"]) == ("running", None, None)
    assert [s.id for s in store.interrupted_sessions()] == [info.id]

    runner = SessionRunner.resume(store, info.id, load_library(), ScriptedBackend())
    answered = [e.turn for e in runner.start() if isinstance(e, TurnCompleted)]
    next_line = TRAINEE_LINES[len(trainee_turns)]
    replied = [e.turn for e in runner.respond(next_line) if isinstance(e, TurnCompleted)]
    assert [t.role for t in answered + replied][-2:] == ["trainee", "customer"]

    continued = store.load_session(info.id)
    store.close()
    assert len(continued.turns) == len(saved.turns) + len(answered) + len(replied)
    assert continued.turns[: len(saved.turns)] == saved.turns
    assert continued.turns[-2].text == next_line and continued.turns[-2].grade is not None
    assert continued.turns[-1].role == "customer" and continued.turns[-1].text
