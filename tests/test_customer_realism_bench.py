"""bench/realism.py runs and reports answered questions and outcomes (scripted backend)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_realism_bench_reports_answers_and_outcomes(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "bench" / "realism.py"), "--scenarios",
               "en_telecom_double_billing", "--home", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    overall = done.stdout.split("Overall", 1)[1]
    answered, asked = map(int, re.search(r"questions answered (\d+)/(\d+)", overall).groups())
    assert asked >= 4 and answered / asked >= 0.75
    assert "warm: resolved 1" in overall
    assert re.search(r"cold: (customer_left|escalated) 1", overall)
