"""A non-editable install (a built wheel) still finds the shipped personas, scenarios and rubric."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str = "") -> str:
    """Run a command, failing the test with its output when it fails."""
    result = subprocess.run(
        cmd, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_install_finds_shipped_content(tmp_path: Path) -> None:
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "cwd"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "-q"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)], REPO)
    wheel = next(wheels.glob("lagom-*.whl"))
    run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], REPO)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = run(
        [sys.executable, "-c", "import scenarios; print(scenarios.__file__)"], elsewhere, env
    )
    assert where.startswith(str(target)), "the test must exercise the installed copy"
    rows = json.loads(
        run([sys.executable, "-m", "simulator", "scenarios", "--json"], elsewhere, env)
    )
    assert len(rows) >= 12
    assert {r["language"] for r in rows} == {"en", "sv", "nl", "pl"}
    template = run([sys.executable, "-m", "simulator", "scenarios", "--template"], elsewhere, env)
    assert 'archetype = "frustrated"' in template
    chat = "Customer: I was charged twice, 49.99 on 3 March!\nAgent: Calm down. Not our fault.\n"
    grade = json.loads(run([sys.executable, "-m", "simulator", "grade", "-"], elsewhere, env, chat))
    assert grade["replies"][0]["scores"]["tone"] < 3, "cues and rubric data must ship too"
