"""Issue 12, fuzz: mutated persona and scenario files never give a traceback or a hang.

A small fixed-seed version of bench/fuzz_content.py (which runs 1,000 cases): random byte
flips, truncation, deep nesting, huge values and control bytes, through `lagom lint` and
`lagom scenarios`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from fuzz_content import SOURCES, mutate, run_command  # noqa: E402


def test_a_hundred_mutated_files_give_no_traceback_and_no_hang(isolated_home: Path) -> None:
    rng = random.Random(12)
    folder = isolated_home / "scenarios"
    folder.mkdir(parents=True)
    outcomes: list[tuple[int, str, str]] = []
    for case in range(100):
        target = folder / f"case{case}.toml"
        target.write_bytes(mutate(rng.choice(SOURCES).read_bytes(), rng))
        commands = [["lint", str(target)]] + ([["scenarios"]] if case % 10 == 0 else [])
        for argv in commands:
            outcome = run_command(argv, timeout=30)
            if outcome != "ok":
                outcomes.append((case, argv[0], outcome))
        target.unlink()
    assert outcomes == []
