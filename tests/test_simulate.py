"""`lagom simulate` and the trainee scripts played against every shipped scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files
from simulator.backends.scripted import ScriptedBackend
from simulator.cli import main
from simulator.simulate import run_simulation

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures" / "session"
SCRIPTS = TESTS / "trainee_scripts"
SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))

WARM_FIXTURE = [
    "I'm so sorry, two missed slots is really frustrating. How is this affecting you?",
    "That's a lot of pressure before Thursday. I'll sort this out for you now.",
    "I can send a replacement by priority courier, within 2 working days.",
]


def script_parts(path: Path) -> tuple[str, str, str]:
    """(archetype, warm|dismissive, scenario id) from `archetype_kind_scenario.txt`."""
    archetype, kind, scenario_id = path.stem.split("_", 2)
    return archetype, kind, scenario_id


def shipped_scripts() -> list[Path]:
    """Every trainee script for a shipped scenario."""
    return sorted(SCRIPTS.glob("*.txt"))


def simulate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `lagom simulate ... --backend scripted` on the fixture folder."""
    status = main(["simulate", *args, "--backend", "scripted", "--scenarios", str(FIXTURES)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def trainee_file(tmp_path: Path) -> Path:
    """A warm script for the fixture scenario, with a comment and blank lines."""
    path = tmp_path / "warm.txt"
    path.write_text("# a comment\n\n" + "\n\n".join(WARM_FIXTURE) + "\n", encoding="utf-8")
    return path


def test_prints_transcript_metadata_grades_and_outcome(
    capsys: pytest.CaptureFixture[str], trainee_file: Path
) -> None:
    status, out, _ = simulate(capsys, "router_missing", "--trainee", str(trainee_file), "--no-save")
    assert status == 0
    assert "[0] customer · script · state_problem · mid (distress 6.5" in out
    assert "[1] trainee" in out and "grade: listening" in out
    assert "reveal_need" in out
    assert "outcome: resolved after 3 replies" in out
    assert "summary: listening" in out


def test_json_has_the_documented_shape(
    capsys: pytest.CaptureFixture[str], trainee_file: Path
) -> None:
    args = ("router_missing", "--trainee", str(trainee_file), "--json", "--no-save", "--seed", "5")
    status, out, _ = simulate(capsys, *args)
    data = json.loads(out)
    assert status == 0
    assert list(data) == ["scenario", "seed", "backend", "model", "outcome", "turns", "summary"]
    assert (data["scenario"], data["seed"], data["backend"], data["outcome"]) == (
        "router_missing", 5, "scripted", "resolved"
    )
    first, reply = data["turns"][0], data["turns"][1]
    assert list(first) == [
        "index", "role", "text", "source", "intent", "state", "rejection", "timings", "grade"
    ]
    assert first["source"] == "script" and first["state"]["band"] == "mid"
    assert reply["role"] == "trainee" and set(reply["grade"]["scores"]) == {
        "listening", "tone", "honesty", "understanding"
    }
    assert data["summary"]["replies"] == 3


def test_same_seed_gives_the_same_session(
    capsys: pytest.CaptureFixture[str], trainee_file: Path
) -> None:
    def run(seed: str) -> dict:
        args = ("router_missing", "--trainee", str(trainee_file), "--json", "--no-save")
        data = json.loads(simulate(capsys, *args, "--seed", seed)[1])
        for turn in data["turns"]:
            turn.pop("timings")  # wall-clock times are the one thing that may differ
        return data

    assert run("11") == run("11")


def test_saves_the_session_with_every_turn(
    capsys: pytest.CaptureFixture[str], trainee_file: Path, isolated_home: Path
) -> None:
    status, _, _ = simulate(capsys, "router_missing", "--trainee", str(trainee_file),
                            "--trainee-name", "Ana")
    assert status == 0
    from simulator.store import Store

    store = Store.open(isolated_home / "lagom.db")
    [info] = store.list_sessions()
    saved = store.load_session(info.id)
    assert (info.trainee, info.scenario_id, info.outcome) == ("Ana", "router_missing", "resolved")
    assert [t.role for t in saved.turns] == ["customer", "trainee"] * 3 + ["customer"]
    store.close()


def test_max_turns_ends_with_turn_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "neutral.txt"
    path.write_text("Okay.\nI see.\nRight.\nOkay.\n", encoding="utf-8")
    args = ("router_missing", "--trainee", str(path), "--max-turns", "2", "--json", "--no-save")
    data = json.loads(simulate(capsys, *args)[1])
    assert data["outcome"] == "turn_limit"
    assert sum(t["role"] == "trainee" for t in data["turns"]) == 2


def test_script_that_runs_out_leaves_the_session_unfinished(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Okay.\n", encoding="utf-8")
    status, out, _ = simulate(capsys, "router_missing", "--trainee", str(path), "--no-save")
    assert status == 0 and "outcome: unfinished (the trainee file ran out after 1 replies)" in out


@pytest.mark.parametrize(
    ("scenario", "content", "message"),
    [
        ("no_such_scenario", "Hello.\n", "unknown scenario 'no_such_scenario'"),
        ("router_missing", None, "trainee file not found"),
        ("router_missing", "# only a comment\n\n", "trainee file has no replies"),
    ],
)
def test_bad_input_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scenario: str, content: str | None,
    message: str,
) -> None:
    path = tmp_path / "trainee.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = simulate(capsys, scenario, "--trainee", str(path))
    assert status == 2 and out == ""
    assert err.startswith("lagom: ") and message in err and "Traceback" not in err


def test_every_shipped_archetype_has_a_warm_and_a_dismissive_script() -> None:
    covered = {
        (archetype, kind)
        for archetype, kind, scenario_id in map(script_parts, shipped_scripts())
        if scenario_id in SHIPPED.scenarios
        and SHIPPED.scenarios[scenario_id].archetype == archetype
    }
    for archetype in SHIPPED.personas:
        assert {(archetype, "warm"), (archetype, "dismissive")} <= covered, archetype


@pytest.mark.parametrize("path", shipped_scripts(), ids=lambda p: p.stem)
def test_trainee_script_moves_the_shipped_customer_as_expected(path: Path) -> None:
    archetype, kind, scenario_id = script_parts(path)
    assert scenario_id in SHIPPED.scenarios, f"{path.name} names no shipped scenario"
    scenario = SHIPPED.scenarios[scenario_id]
    persona = SHIPPED.personas[archetype]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    result = run_simulation(scenario, persona, ScriptedBackend(), lines, seed=0)
    final = result.turns[-1].state
    start = persona.start.distress
    if kind == "warm":
        assert result.outcome == "resolved" or final.distress < start, result.outcome
        assert final.broken_promises == []
    elif kind == "questioning":
        answered = [t for t in result.turns if t.role == "customer" and t.intent == "answer"]
        assert len(answered) >= 2, [t.intent for t in result.turns]
    else:
        assert kind == "dismissive"
        assert result.outcome in ("escalated", "customer_left") or final.distress >= 10


def test_backend_that_cannot_start_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], trainee_file: Path
) -> None:
    args = ["simulate", "router_missing", "--trainee", str(trainee_file), "--no-save",
            "--backend", "openai", "--scenarios", str(FIXTURES)]
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert err.startswith("lagom: ") and "--base-url" in err and "Traceback" not in err
