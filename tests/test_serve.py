"""`lagom serve`: the checks before a class starts, passwords, the model server's life and death."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, free_port

from simulator.cli import main
from simulator.serve.preflight import MemoryPlan, PreflightError, check_memory

FIXTURES = str(REPO / "tests" / "fixtures" / "tui")


@pytest.mark.parametrize(("argv", "message"), [
    (["--host", "0.0.0.0"], "listening on 0.0.0.0 lets other machines in: add --password PW"),
    (["--trainer"], "--trainer needs --trainer-password PW"),
    (["--password", "x", "--trainer", "--trainer-password", "x"], "must differ"),
    (["--slots", "0"], "--slots must be from 1 to 16, not 0"),
    (["--model-wait", "-1"], "--model-wait must be from 0 to 60 seconds, not -1"),
    (["--model", "model.bin"], "--model must be a .gguf file"),
    (["--trainees", "100000"], "too little memory for 2 slots and 100000 trainees"),
])
def test_unsafe_or_impossible_classes_do_not_start(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", str(free_port()), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("lagom: ") and err.count("\n") == 1


def test_each_tab_waits_for_the_shared_model_as_the_trainer_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tabs get LAGOM_MODEL_WAIT: --model-wait, else the trainer's variable, else 1.5 s."""
    import argparse

    from simulator.cli.serve import DEFAULT_MODEL_WAIT, model_wait_for

    monkeypatch.delenv("LAGOM_MODEL_WAIT", raising=False)
    assert model_wait_for(argparse.Namespace(model_wait=None)) == DEFAULT_MODEL_WAIT == 1.5
    monkeypatch.setenv("LAGOM_MODEL_WAIT", "2.5")
    assert model_wait_for(argparse.Namespace(model_wait=None)) == 2.5
    assert model_wait_for(argparse.Namespace(model_wait=0.0)) == 0.0


def test_a_taken_port_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--base-url", "http://127.0.0.1:9/v1"]) == 2
    assert f"port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err


def test_the_memory_estimate_grows_with_slots_and_trainees() -> None:
    small, big = MemoryPlan(1, 10, 4096, True), MemoryPlan(4, 60, 4096, True)
    assert small.needed_mb < big.needed_mb
    assert MemoryPlan(4, 60, 4096, False).needed_mb < big.needed_mb  # --base-url: no server here
    check_memory(small, available=small.needed_mb)
    with pytest.raises(PreflightError, match=r"about \d+ MB needed, 1000 MB available"):
        check_memory(big, available=1000)


def test_a_trainee_tab_never_imports_torch() -> None:
    """The process each browser tab runs: the UI, the grader and the openai backend only."""
    code = (
        "import sys\n"
        "from simulator.cli import build_parser\n"
        "from simulator.cli.common import settings_for, library_for\n"
        "from simulator.backends.registry import create_backend\n"
        "from simulator.runner import SessionRunner\n"
        "import simulator.tui.app, simulator.tui.screens.chat, simulator.tui.screens.report\n"
        "import simulator.tui.screens.briefing, simulator.tui.screens.scenario_picker\n"
        "args = build_parser().parse_args(['web-trainee', '--scenarios', sys.argv[1]])\n"
        "settings = settings_for(args)\n"
        "backend = create_backend(settings)\n"
        "library = library_for(args, quiet=True)\n"
        "scenario = library.scenarios['parcel_late']\n"
        "runner = SessionRunner.create(None, scenario, library.persona_for(scenario), backend,\n"
        "                              trainee='Ana')\n"
        "events = list(runner.start()) + list(runner.respond('I am sorry, let me check.'))\n"
        "print(settings.backend, type(backend).__name__, len(runner.session.turns),\n"
        "      'torch' in sys.modules, 'transformers' in sys.modules)\n"
    )
    env = {**os.environ, "LAGOM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
           "LAGOM_BACKEND": "openai", "LAGOM_TIMEOUT": "2"}
    done = subprocess.run([sys.executable, "-c", code, FIXTURES], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["openai", "OpenAIBackend", "3", "False", "False"]


def test_the_trainer_view_needs_its_own_password(tmp_path: Path) -> None:
    """Over HTTP: the trainees' password does not open /trainer; the trainer's does."""
    import httpx

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "simulator", "serve", "--host", "0.0.0.0", "--port",
             str(port), "--password", "class-pw", "--trainer", "--trainer-password", "coach-pw",
             "--base-url", "http://127.0.0.1:9/v1", "--scenarios", FIXTURES],
            stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
        )
    try:
        deadline = time.monotonic() + 60
        while "Lagom is served at" not in log.read_text() and serve.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert client.get("/").headers["location"] == "/login"
            assert client.get("/ws").status_code == 403  # no app without the password
            assert client.get("/trainer").headers["location"] == "/trainer/login"
            assert "Wrong password" in client.post("/login", data={"password": "nope"}).text
            assert client.post("/login", data={"password": "class-pw"}).status_code == 302
            assert client.get("/").status_code == 200
            assert client.get("/trainer").headers["location"] == "/trainer/login"
            bad = client.post("/trainer/login", data={"password": "class-pw"})
            assert "Wrong password" in bad.text
            assert client.post("/trainer/login", data={"password": "coach-pw"}).status_code == 302
            assert client.get("/trainer").status_code == 200
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=20) == 0
    assert "class stopped" in log.read_text()


@pytest.mark.server
def test_a_model_server_that_cannot_start_shows_its_last_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"this is not a model")
    assert main(["serve", "--port", str(free_port()), "--slots", "1", "--trainees", "1",
                 "--model", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: the model server failed to start (exit ")
    assert "broken.gguf" in err or "gguf" in err.lower()


@pytest.mark.server
def test_killing_the_model_server_mid_session_goes_on_with_authored_lines(
    tmp_path: Path, embedded_gguf: Path
) -> None:
    from scenarios.library import load_files, toml_files
    from simulator.backends.openai_backend import OpenAIBackend
    from simulator.events import BackendFailed
    from simulator.runner import SessionRunner
    from simulator.serve.model_server import ModelServer, ServerPlan
    from simulator.settings import Settings
    from simulator.store import Store

    library = load_files(toml_files([Path(FIXTURES)]))
    scenario = library.scenarios["parcel_late"]
    with ModelServer(ServerPlan(embedded_gguf, slots=1, threads=2, log_dir=tmp_path)) as server:
        [url] = server.start()
        backend = OpenAIBackend(url, None, timeout_s=30, retries=1, backoff_s=0.05)
        with Store.open(Settings().database) as store:
            runner = SessionRunner.create(store, scenario, library.persona_for(scenario),
                                          backend, trainee="Ana", seed=2)
            list(runner.start())
            list(runner.respond("I'm sorry your parcel is late. When was it due?"))
            assert server.news() == []
            server.slots[0].process.kill()  # the class's model server dies mid-class
            server.slots[0].process.wait()
            [news] = server.news()  # the trainer's console says so, once
            assert "model server (slot 1) stopped" in news and server.news() == []
            events = list(runner.respond("I will book priority redelivery for tomorrow."))
            saved = store.load_session(runner.session_id)
    failures = [e for e in events if isinstance(e, BackendFailed)]
    assert failures and "model server" in failures[0].message
    assert saved.turns[-1].role == "customer" and saved.turns[-1].source == "script"
    assert saved.turns[-1].text.strip() and len(saved.turns) == 5


def test_prefill_asks_the_server_for_one_token_of_the_conversation_so_far() -> None:
    """While the trainee types, the class's model server computes the conversation (its prompt
    cache keeps it), so the answer only computes the new reply; a dead server is ignored."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from simulator.backends.openai_backend import OpenAIBackend

    received: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            body = b'{"choices": [{"message": {"content": "I"}}]}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    messages = [{"role": "system", "content": "You are Maria."},
                {"role": "assistant", "content": "Where is my parcel?"}]
    try:
        backend = OpenAIBackend(f"http://127.0.0.1:{httpd.server_address[1]}/v1", "m")
        backend.prefill(messages)
    finally:
        httpd.shutdown()
    [request] = received
    assert request["messages"] == messages and request["max_tokens"] == 1
    assert request["stream"] is False
    dead = OpenAIBackend(f"http://127.0.0.1:{free_port()}/v1", "m", timeout_s=1)
    dead.prefill(messages)  # nothing raised: the next turn reports a broken server
    cloud = OpenAIBackend("https://api.example.com/v1", "m")
    cloud._http = None  # a paid API is never asked: it would bill the conversation twice
    cloud.prefill(messages)
