"""Command-line inputs that must never hang or trace back: a trainee file that is a device,
a FIFO or a huge file, and an export target that is a symlink loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.simulate import TRAINEE_FILE_BYTES, TraineeScriptError, read_trainee_lines


def lagom(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAGOM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True,
                          text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("kind", ["dev_zero", "fifo"])
def test_a_trainee_file_that_never_ends_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = Path("/dev/zero") if kind == "dev_zero" else tmp_path / "fifo"
    if kind == "fifo":
        os.mkfifo(path)
    result = lagom("simulate", "en_parcel_lost_again", "--trainee", str(path),
                   "--backend", "scripted", "--no-save", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"lagom: cannot read trainee file {path}: not a regular file (a FIFO, device or folder)")


def test_a_huge_trainee_file_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Hello there.\n" * (TRAINEE_FILE_BYTES // 13 + 10))
    with pytest.raises(TraineeScriptError, match="larger than"):
        read_trainee_lines(path)


def test_an_export_onto_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    script = tmp_path / "t.txt"
    script.write_text("I'm sorry about that, let me look into it.\n", encoding="utf-8")
    saved = lagom("simulate", "en_parcel_lost_again", "--trainee", str(script),
                  "--backend", "scripted", "--json", home=tmp_path)
    assert saved.returncode == 0, saved.stderr
    listed = lagom("sessions", "--json", home=tmp_path)
    session_id = json.loads(listed.stdout)[0]["id"]
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = lagom("export", session_id, "-o", str(loop), home=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
