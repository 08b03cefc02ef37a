"""The one settings object: flags beat LAGOM_* variables beat defaults, read in one place."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from simulator.backends.registry import BACKENDS
from simulator.cli import main
from simulator.customer.realizer import typing_delay
from simulator.settings import Settings, SettingsError, settings_from

REPO = Path(__file__).resolve().parent.parent
CODE_DIRS = ("simulator", "evaluation", "scenarios", "personas")


def test_flags_beat_the_environment_which_beats_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LAGOM_MODEL", "env-model")
    monkeypatch.setenv("LAGOM_TIMEOUT", "7.5")
    monkeypatch.setenv("LAGOM_DATABASE", str(tmp_path / "env.db"))
    settings = settings_from(model="flag-model", database=str(tmp_path / "flag.db"))
    assert settings.model == "flag-model" and settings.sources["model"] == "flag --model"
    assert settings.timeout_s == 7.5
    assert settings.sources["timeout_s"] == "environment LAGOM_TIMEOUT"
    assert settings.database == tmp_path / "flag.db"
    assert settings.backend == "transformers" and settings.sources["backend"] == "default"


def test_a_base_url_implies_the_openai_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAGOM_BASE_URL", "http://gpu-box:8000/v1")
    settings = settings_from()
    assert settings.backend == "openai"
    assert "LAGOM_BASE_URL" in settings.sources["backend"]
    assert settings_from(backend="scripted").backend == "scripted"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LAGOM_TIMEOUT", "soon", "LAGOM_TIMEOUT: 'soon' is not a number"),
        ("LAGOM_TIMEOUT", "0", "LAGOM_TIMEOUT: '0' must be more than 0"),
        ("LAGOM_TYPING_DELAY", "-1", "LAGOM_TYPING_DELAY: '-1' must be 0 or more"),
        ("LAGOM_INT8", "maybe", "LAGOM_INT8: 'maybe' is not a yes/no value"),
    ],
)
def test_a_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=re.escape(message)):
        settings_from()
    assert main(["--print-config"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"lagom: {message}" + (" (use 1 or 0)" if "yes/no" in message else "")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("sqlite:///srv/lagom/sessions.db", Path("/srv/lagom/sessions.db")),
        ("/srv/lagom/plain.db", Path("/srv/lagom/plain.db")),
    ],
)
def test_lagom_database_names_an_sqlite_file(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: Path
) -> None:
    monkeypatch.setenv("LAGOM_DATABASE", value)
    settings = settings_from()
    assert settings.database == expected and settings.postgresql_url is None


def test_lagom_database_names_a_postgresql_server(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://lagom:pw@db.internal:5432/lagom"
    monkeypatch.setenv("LAGOM_DATABASE", url)
    assert settings_from().postgresql_url == url


def test_without_lagom_database_sessions_live_in_lagom_home(isolated_home: Path) -> None:
    settings = settings_from()
    assert settings.database == isolated_home / "lagom.db"
    assert settings.postgresql_url is None


def test_print_config_shows_sources_and_masks_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAGOM_DATABASE", "postgresql://coach:hunter2@db.internal:5432/lagom")
    monkeypatch.setenv("LAGOM_API_KEY", "sk-very-secret")
    monkeypatch.setenv("LAGOM_TYPING_DELAY", "0.05")
    assert main(["--print-config", "--backend", "scripted", "--model", "qwen2.5-7b"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "hunter2" not in out and "sk-very-secret" not in out
    assert "postgresql://coach:***@db.internal:5432/lagom" in lines["LAGOM_DATABASE"]
    assert lines["LAGOM_DATABASE"].endswith("environment LAGOM_DATABASE")
    assert "***" in lines["LAGOM_API_KEY"]
    assert lines["LAGOM_BACKEND"].split()[1] == "scripted"
    assert lines["LAGOM_BACKEND"].endswith("flag --backend")
    assert lines["LAGOM_MODEL"].endswith("flag --model")
    assert lines["LAGOM_TYPING_DELAY"].split()[1] == "0.05"
    assert lines["LAGOM_TIMEOUT"].endswith("default")
    # every declared variable has its line
    assert set(Settings.environment_names()) <= set(lines)


def test_print_config_masks_a_password_given_as_a_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--print-config", "--database", "postgres://u:topsecret@h/db"]) == 0
    out = capsys.readouterr().out
    assert "topsecret" not in out and "postgres://u:***@h/db" in out
    assert "flag --database" in out


def test_typing_delay_reaches_the_realizer_through_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert typing_delay() == 0.0
    monkeypatch.setenv("LAGOM_TYPING_DELAY", "0.25")
    assert typing_delay() == 0.25


def test_backend_choices_come_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--backend", "no-such-engine", "scenarios"])
    err = capsys.readouterr().err
    for name in BACKENDS:
        assert name in err


def test_an_unknown_backend_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAGOM_BACKEND", "vllm")
    assert main(["sessions"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lagom: LAGOM_BACKEND: 'vllm' is not a backend; choose one of: ")
    assert all(name in err for name in BACKENDS)


def test_the_tests_start_without_any_declared_variable() -> None:
    declared = Settings.environment_names()
    assert {"LAGOM_HOME", "LAGOM_DATABASE", "LAGOM_TYPING_DELAY", "LAGOM_INT8",
            "LAGOM_OFFLINE", "LAGOM_BACKEND", "LAGOM_API_KEY"} <= set(declared)
    leaked = [name for name in declared if name != "LAGOM_HOME" and name in os.environ]
    assert leaked == []


def environment_reads(path: Path) -> list[tuple[int, str]]:
    """(line, variable or '?') of every os.environ / os.getenv read in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = []
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in {"os.environ.get", "environ.get", "os.getenv", "getenv"} and node.args:
                target = node.args[0]
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and ast.unparse(node.value) in {"os.environ", "environ"}
        ):
            target = node.slice
        if target is not None:
            value = target.value if isinstance(target, ast.Constant) else "?"
            reads.append((node.lineno, str(value)))
    return reads


def test_lagom_variables_are_read_only_in_settings() -> None:
    """Outside simulator/settings.py no module reads a LAGOM_* variable, nor one whose name
    is computed (which could be one)."""
    offenders = [
        f"{path.relative_to(REPO)}:{line} reads {variable}"
        for folder in CODE_DIRS
        for path in (REPO / folder).rglob("*.py")
        if path != REPO / "simulator" / "settings.py"
        for line, variable in environment_reads(path)
        if variable == "?" or variable.startswith("LAGOM_")
    ]
    assert offenders == []


def test_a_vllm_style_configuration_reaches_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """LAGOM_BASE_URL, LAGOM_MODEL (the served name) and LAGOM_TIMEOUT, from the environment
    alone, make the requests a vLLM server expects, and a silent server is given up in time."""
    import time

    from fake_model_server import serve, sse

    from simulator.backends.base import BackendError, GenerationOptions
    from simulator.backends.registry import create_backend

    messages = [{"role": "user", "content": "Hello, how can I help?"}]
    for server in serve():
        monkeypatch.setenv("LAGOM_BASE_URL", server.base_url)
        monkeypatch.setenv("LAGOM_MODEL", "qwen2.5-7b")
        monkeypatch.setenv("LAGOM_API_KEY", "sk-test")
        monkeypatch.setenv("LAGOM_TIMEOUT", "0.5")
        monkeypatch.setenv("LAGOM_MODEL_PAUSE", "0")
        backend = create_backend(settings_from())
        server.answers.append(sse("Where is ", "my parcel?"))
        text = "".join(backend.stream(messages, GenerationOptions(max_new_tokens=16)))
        assert text == "Where is my parcel?"
        assert server.requests[0]["model"] == "qwen2.5-7b"
        assert server.requests[0]["stream"] is True
        server.answers.append(("sleep", 3.0))
        started = time.perf_counter()
        with pytest.raises(BackendError):
            "".join(backend.stream(messages, GenerationOptions(max_new_tokens=16)))
        assert time.perf_counter() - started < 2.5  # LAGOM_TIMEOUT, not the default 60 s
        backend.close()


def test_lagom_serve_hands_its_database_flag_to_every_tab(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from simulator.cli import serve

    seen: dict[str, dict[str, str]] = {}

    class FakeWebServer:
        def __init__(self, doors, host, port, slot_urls, env, watch=None):  # type: ignore[no-untyped-def]
            seen["env"] = env

        def serve(self) -> None:
            return None

    monkeypatch.setattr("simulator.serve.web.LagomWebServer", FakeWebServer)
    url = "postgresql://class:pw@db-host/lagom"
    args = argparse.Namespace(password=None, trainer=False, trainer_password=None,
                              host="127.0.0.1", port=8080, scenarios=None, database=url)
    assert serve.serve_class(args, None, {"LAGOM_BACKEND": "openai"}) == 0
    assert seen["env"]["LAGOM_DATABASE"] == url and seen["env"]["LAGOM_BACKEND"] == "openai"
    assert url not in serve.tab_command("trainee", args)  # no password on a command line
    capsys.readouterr()
