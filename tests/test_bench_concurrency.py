"""The concurrency benches run and count what they claim: `lagom simulate --save` processes
against one store (both engines), and sessions against a real llama.cpp server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pg_support import PostgresCluster

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import store_concurrency  # noqa: E402


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_concurrent_lagom_simulate_processes_save_every_turn_unmixed(
    engine: str, pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    if engine == "postgresql":
        target = pg_cluster.url(pg_cluster.create_database())
    else:
        target = str(tmp_path / "shared" / "lagom.db")
    counts = store_concurrency.play_concurrently(target, 4, tmp_path / "home")
    assert counts.failures == 0 and counts.sessions == 4
    assert counts.turns_expected > 4 * 3  # each session played several turns
    assert counts.turns_saved == counts.turns_expected
    assert counts.missing == 0 and counts.mixed == 0 and counts.clean


def test_the_store_bench_reports_a_lost_turn(
    pg_cluster: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counts can fail: a store that drops one turn shows as missing."""
    from simulator.store.postgres import PostgresStore

    target = pg_cluster.url(pg_cluster.create_database())
    real = PostgresStore.load_session

    def lossy(self: PostgresStore, sid: str):  # type: ignore[no-untyped-def]
        saved = real(self, sid)
        return saved.model_copy(update={"turns": saved.turns[:-1]})

    monkeypatch.setattr(PostgresStore, "load_session", lossy)
    counts = store_concurrency.play_concurrently(target, 1, tmp_path / "home")
    assert counts.missing == 1 and not counts.clean


@pytest.mark.server
def test_server_concurrency_bench_against_a_real_llama_server(llama_server: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "server_concurrency.py"), "--base-url", llama_server,
         "--sessions", "1", "2", "--turns", "1", "--timeout", "120"],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    levels = {
        int(m["n"]): m
        for m in re.finditer(
            r"N=(?P<n>\d+)\s+lines\s+(?P<lines>\d+)\s+first word p50\s+(?P<p50>[\d.]+) s\s+"
            r"p95\s+(?P<p95>[\d.]+) s.*failures (?P<failures>\d+)",
            done.stdout,
        )
    }
    assert set(levels) == {1, 2}, done.stdout
    for n, level in levels.items():
        assert int(level["lines"]) == n  # one answered reply per session
        assert int(level["failures"]) == 0
        assert 0 < float(level["p50"]) <= float(level["p95"])
