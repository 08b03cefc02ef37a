"""N concurrent `lagom simulate --save` processes against one store: is every turn there, unmixed?

Each process plays one shipped scenario with its trainee script (scripted customer backend, so
no model is needed), under its own trainee name, and prints its transcript as JSON. Then the
store is read back: each process must have exactly one saved session holding exactly the
turns it printed, in order. Printed per engine: processes, failures, sessions, turns expected
and saved, missing, mixed (a saved turn that differs from its process's own transcript) and
wall time (median of --runs).

    .venv/bin/python bench/store_concurrency.py                      # 20 processes, both engines
    .venv/bin/python bench/store_concurrency.py --processes 50 --engines postgresql
    .venv/bin/python bench/store_concurrency.py --database postgresql://u:p@db/lagom_bench

Without --database, PostgreSQL is a throwaway cluster started for the run (tests/pg_support.py:
PostgreSQL's server programs must be installed); SQLite is a file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "tests" / "trainee_scripts"
for extra in (REPO, REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


@dataclass
class Counts:
    """What one run of N processes left in the store."""

    processes: int = 0
    failures: int = 0
    sessions: int = 0
    turns_expected: int = 0
    turns_saved: int = 0
    missing: int = 0
    mixed: int = 0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        """Every process succeeded and every turn is saved where it belongs."""
        return (
            self.failures == 0
            and self.sessions == self.processes
            and self.missing == 0
            and self.mixed == 0
            and self.turns_saved == self.turns_expected
        )


def scripts() -> list[tuple[str, Path]]:
    """(scenario id, trainee script) for every shipped trainee script."""
    found = []
    for path in sorted(SCRIPTS.glob("*.txt")):
        _archetype, _kind, scenario_id = path.stem.split("_", 2)
        found.append((scenario_id, path))
    return found


def play_concurrently(target: str, processes: int, home: Path) -> Counts:
    """Start `processes` `lagom simulate --save` at once against `target`; count the result."""
    from simulator.store.interface import open_store

    plays = scripts()
    env = {**os.environ, "LAGOM_HOME": str(home), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "LAGOM_DATABASE": target}
    env.pop("LAGOM_TYPING_DELAY", None)
    started = time.perf_counter()
    running = []
    for number in range(processes):
        scenario_id, script = plays[number % len(plays)]
        command = [sys.executable, "-m", "simulator", "simulate", scenario_id,
                   "--trainee", str(script), "--json", "--backend", "scripted",
                   "--seed", str(number), "--trainee-name", f"p{number:03d}"]
        running.append(subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True))
    printed: dict[str, list[dict[str, Any]]] = {}
    counts = Counts(processes=processes)
    for number, proc in enumerate(running):
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            counts.failures += 1
            print(f"  process {number} failed ({proc.returncode}): {err.strip()[-300:]}",
                  file=sys.stderr)
            continue
        printed[f"p{number:03d}"] = json.loads(out)["turns"]
    counts.seconds = time.perf_counter() - started
    with open_store(target) as store:
        sessions = store.list_sessions()
        by_trainee: dict[str, list[Any]] = {}
        for info in sessions:
            by_trainee.setdefault(info.trainee, []).append(info)
        counts.sessions = len(sessions)
        for name, turns in printed.items():
            counts.turns_expected += len(turns)
            mine = by_trainee.get(name, [])
            if len(mine) != 1:
                counts.missing += len(turns)
                continue
            saved = store.load_session(mine[0].id).turns
            counts.turns_saved += len(saved)
            want = [(i, t["role"], t["text"]) for i, t in enumerate(turns)]
            got = [(t.index, t.role, t.text) for t in saved]
            counts.missing += sum(1 for row in want if row not in got)
            counts.mixed += sum(1 for row in got if row not in want)
    return counts


def report(engine: str, results: list[Counts]) -> None:
    """One line of figures per engine."""
    last = results[-1]
    median = statistics.median(r.seconds for r in results)
    print(
        f"{engine:<10}  processes {last.processes:>3}  failures {last.failures}  "
        f"sessions {last.sessions:>3}  turns expected {last.turns_expected:>4}  "
        f"saved {last.turns_saved:>4}  missing {last.missing}  mixed {last.mixed}  "
        f"wall {median:.1f} s (median of {len(results)})  "
        f"{'OK' if all(r.clean for r in results) else 'PROBLEM'}"
    )


def main() -> int:
    """Run the benchmark; exit 1 if any turn is lost or mixed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--runs", type=int, default=1, help="runs per engine (median time)")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--database", default="",
                        help="an existing PostgreSQL URL to use (an empty database)")
    args = parser.parse_args()
    clean = True
    with tempfile.TemporaryDirectory(prefix="lagom-store-bench-") as folder:
        home = Path(folder)
        cluster = None
        try:
            for engine in args.engines:
                results = []
                for run in range(args.runs):
                    if engine == "postgresql":
                        target = args.database
                        if not target:
                            if cluster is None:
                                from pg_support import start_cluster

                                cluster = start_cluster()
                            target = cluster.url(cluster.create_database("bench"))
                    else:
                        target = str(home / f"sqlite{run}" / "lagom.db")
                    results.append(play_concurrently(target, args.processes, home / f"h{run}"))
                report(engine, results)
                clean = clean and all(r.clean for r in results)
        finally:
            if cluster is not None:
                cluster.destroy()
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
