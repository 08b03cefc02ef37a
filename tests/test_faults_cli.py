"""Issue 12, the command line: whatever escapes a command is one `lagom: ...` line.

A full stdout, a read-only database, a closed pipe or input nested too deeply never give
a traceback, and the exit status is the one the README promises (2 for bad input or a
database that cannot be used).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.store.errors import StoreError

REPO_ROOT = Path(__file__).resolve().parent.parent


def failing(error: BaseException):  # noqa: ANN201 - a handler
    """A command handler that raises `error`."""

    def handler(args: argparse.Namespace) -> int:
        raise error

    return handler


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (sqlite3.OperationalError("attempt to write a readonly database"),
         "lagom: the session database failed: attempt to write a readonly database"),
        (StoreError("cannot write the session database x.db (readonly)"),
         "lagom: cannot write the session database x.db (readonly)"),
        (PermissionError(13, "Permission denied", "/srv/lagom.db"),
         "lagom: /srv/lagom.db: Permission denied"),
        (RecursionError("maximum recursion depth exceeded"),
         "lagom: the input is nested too deeply to read"),
    ],
    ids=["sqlite-readonly", "store-error", "os-error", "recursion"],
)
def test_an_error_escaping_a_command_is_one_line_and_exit_2(
    error: BaseException, message: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("simulator.cli.sessions.run", failing(error))
    assert main(["sessions"]) == 2
    assert capsys.readouterr().err == message + "\n"


def test_a_closed_pipe_is_quiet(isolated_home: Path) -> None:
    env = {**os.environ, "LAGOM_HOME": str(isolated_home)}
    lagom = subprocess.Popen([sys.executable, "-m", "simulator", "scenarios", "--template"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO_ROOT,
                             env=env)
    assert lagom.stdout is not None and lagom.stderr is not None
    lagom.stdout.read(10)
    lagom.stdout.close()  # like `| head -c 10`
    assert lagom.wait(timeout=60) == 0
    assert b"Traceback" not in lagom.stderr.read()


def test_a_full_disk_while_grading_is_one_line(tmp_path: Path, isolated_home: Path) -> None:
    transcript = tmp_path / "chat.txt"
    transcript.write_text("Customer: My parcel is late.\nAgent: Sorry, I will check it now.\n")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "grade", str(transcript)], stdout=full,
            stderr=subprocess.PIPE, text=True, timeout=120, cwd=REPO_ROOT,
            env={**os.environ, "LAGOM_HOME": str(isolated_home)},
        )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == "lagom: cannot write the output: No space left on device"


def make_read_only(path: Path) -> bool:
    """Make `path` read-only even for root (chattr +i); False when that is not possible."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def test_a_read_only_database_exits_2_with_one_line(tmp_path: Path, isolated_home: Path) -> None:
    script = tmp_path / "trainee.txt"
    script.write_text("I'm sorry your parcel is late again. What is the tracking number?\n")
    command = [sys.executable, "-m", "simulator", "simulate", "en_parcel_lost_again",
               "--backend", "scripted", "--trainee", str(script), "--save"]
    env = {**os.environ, "LAGOM_HOME": str(isolated_home)}
    first = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
                           env=env)
    assert first.returncode == 0, first.stderr
    database = isolated_home / "lagom.db"
    if not make_read_only(database):
        pytest.skip("cannot make a file read-only for root here (no chattr)")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              cwd=REPO_ROOT, env=env)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(database)], capture_output=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("lagom: cannot write the session database")


def test_an_unknown_scenario_id_is_echoed_without_its_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "trainee.txt"
    script.write_text("Hello.\n")
    status = main(["simulate", "\x1b]0;pwned\x07\x1b[2Jnope", "--backend", "scripted",
                   "--trainee", str(script), "--no-save"])
    err = capsys.readouterr().err
    assert status == 2 and "nope" in err
    assert "\x1b" not in err and "\x07" not in err
