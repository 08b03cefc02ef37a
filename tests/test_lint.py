"""`lagom lint` and `lagom scenarios`: shipped content is clean; broken files get clear messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.library import load_library
from scenarios.model import Scenario
from simulator.cli import main
from simulator.cli.scenarios import template_text

TEMPLATE = template_text()


def lint(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str]:
    """Run `lagom lint PATHS` in-process; return the exit status and stdout."""
    status = main(["lint", *map(str, paths)])
    return status, capsys.readouterr().out


def write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    """Write a scenario file into its own folder and return its path."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8")) if isinstance(text, str) else path.write_bytes(text)
    return path


def test_shipped_files_pass_lint(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = lint(capsys)
    assert out == ""
    assert status == 0


def test_every_shipped_scenario_loads_and_round_trips() -> None:
    library = load_library()
    assert len(library.scenarios) >= 12
    assert not library.problems
    for scenario in library.scenarios.values():
        again = Scenario.model_validate(json.loads(scenario.model_dump_json()))
        assert again == scenario


def test_template_passes_lint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = lint(capsys, write(tmp_path, TEMPLATE))
    assert (status, out) == (0, "")


def replaced(old: str, new: str) -> str:
    """The template with one change; fails loudly if the template no longer has `old`."""
    assert old in TEMPLATE, old
    return TEMPLATE.replace(old, new, 1)


BROKEN = {
    "missing field": (
        replaced('title = "Router still missing after two weeks"\n', ""),
        "title",
        "required field is missing",
    ),
    "wrong type": (replaced("age = 38", 'age = "thirty-eight"'), "customer.age", "valid integer"),
    "unknown field": (replaced("difficulty =", "dificulty ="), "dificulty", "unknown field"),
    "bad toml": (replaced('title = "Router', "title = Router"), "-", "TOML syntax error"),
    "unknown archetype": (
        replaced('archetype = "frustrated"', 'archetype = "furious"'),
        "archetype",
        "unknown archetype 'furious'",
    ),
    "empty line bank": (
        replaced(
            'low = ["I\'d just like to know where the router is."',
            'low = []\nlow_unused = ["I\'d just like to know where the router is."',
        ),
        "lines.state_problem",
        "",
    ),
    "unsupported language": (
        replaced('language = "en"', 'language = "de"'),
        "language",
        "'de' is not allowed",
    ),
    "unknown intent": (replaced("[lines.state_problem]", "[lines.complain]"), "lines.complain", ""),
    "unknown band": (
        replaced('high = ["Two missed', 'extreme = ["Two missed'),
        "lines.state_problem.extreme",
        "",
    ),
    "dangling resolution reference": (
        replaced('requires_offers = ["priority_dispatch"]', 'requires_offers = ["free_phone"]'),
        "resolution.requires_offers.0",
        "'free_phone' is not an id",
    ),
    "policy contradiction": (
        replaced('keywords = ["free month"', 'keywords = ["replacement"'),
        "policy.must_not_promise.1.keywords",
        "contradicts itself",
    ),
    "duplicate need id": (
        replaced('id = "be_kept_informed"', 'id = "work_from_home"'),
        "hidden_needs",
        "duplicate id 'work_from_home'",
    ),
    "too few facts": (
        replaced('[[facts]]\nid = "no_delivery"', '[[ignored]]\nid = "no_delivery"'),
        "ignored",
        "unknown field",
    ),
    "unknown signal": (
        replaced(
            'revealed_by = ["useful_question", "acknowledged_feeling"]', 'revealed_by = ["smiled"]'
        ),
        "hidden_needs.0.revealed_by.0",
        "'smiled' is not allowed",
    ),
    "blank opening line": (
        replaced("opening_lines = [\n", 'opening_lines = [\n    "   ",\n'),
        "opening_lines.0",
        "line is blank",
    ),
    "bad id": (replaced('id = "my-first-scenario"', 'id = "My Scenario"'), "id", "pattern"),
    "too few reveal lines": (
        replaced('    "If I miss Thursday\'s call I could lose that client.",\n', ""),
        "hidden_needs.0.lines",
        "at least 3 reveal lines",
    ),
}


def test_scenario_in_a_language_its_archetype_has_no_lines_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = Path(__file__).parent.parent / "personas" / "frustrated.toml"
    bare = shipped.read_text(encoding="utf-8").split("\n[lines.")[0]
    persona = write(tmp_path, bare.replace('id = "frustrated"', 'id = "bare"'), "bare.toml")
    text = replaced('language = "en"', 'language = "sv"').replace(
        'archetype = "frustrated"', 'archetype = "bare"', 1
    )
    scenario = write(tmp_path, text)
    status, out = lint(capsys, persona, scenario)
    assert status == 1
    assert f"{scenario}: lines.push_back.low" in out and "only 0 line(s)" in out, out


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_names_file_field_and_problem(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, field, message = BROKEN[kind]
    path = write(tmp_path, text)
    status, out = lint(capsys, path)
    assert status == 1
    expected_prefix = f"{path}: {field}"
    matching = [line for line in out.splitlines() if line.startswith(expected_prefix)]
    assert matching, f"no line starting {expected_prefix!r} in:\n{out}"
    assert any(message in line for line in matching), out
    assert "Traceback" not in out


def test_bad_toml_names_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = lint(capsys, write(tmp_path, BROKEN["bad toml"][0]))
    assert status == 1
    title_line = TEMPLATE.splitlines().index('title = "Router still missing after two weeks"') + 1
    assert f"line {title_line}, column" in out


def test_duplicate_ids_across_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = write(tmp_path, TEMPLATE, "a.toml"), write(tmp_path, TEMPLATE, "b.toml")
    status, out = lint(capsys, first, second)
    assert status == 1
    assert f"{second}: id: duplicate scenario id 'my-first-scenario'" in out
    assert str(first) not in out


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(TEMPLATE.replace("Alex", "Åsa").encode("latin-1"))
    status, out = lint(capsys, path)
    assert status == 1
    assert f"{path}: -: file is not valid UTF-8 text" in out


def test_persona_missing_sensitivity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = (Path(__file__).parent.parent / "personas" / "frustrated.toml").read_text()
    broken = "\n".join(x for x in shipped.splitlines() if not x.startswith("was_curt ="))
    path = write(tmp_path, broken.replace('id = "frustrated"', 'id = "curt_free"'), "p.toml")
    status, out = lint(capsys, path)
    assert status == 1
    assert f"{path}: sensitivities.was_curt: missing" in out


def test_every_problem_reported_at_once_in_a_real_process(tmp_path: Path) -> None:
    for i, kind in enumerate(["missing field", "unknown archetype", "bad toml", "wrong type"]):
        write(tmp_path, BROKEN[kind][0], f"f{i}.toml")
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "lint", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    reported = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert reported == {str(tmp_path / f"f{i}.toml") for i in range(4)}
    assert "Traceback" not in result.stderr
    assert "4 file(s)" in result.stderr


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = lint(capsys, tmp_path / "nope.toml")
    assert status == 1
    assert "nope.toml: -: no such file or folder" in out


def test_scenarios_lists_shipped_and_coach_files(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated_home / "scenarios").mkdir(parents=True)
    (isolated_home / "scenarios" / "mine.toml").write_text(TEMPLATE, encoding="utf-8")
    assert main(["scenarios", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in rows}
    assert "my-first-scenario" in ids and len(ids) >= 13
    assert set(rows[0]) >= {"id", "title", "archetype", "language", "difficulty"}
    assert {r["language"] for r in rows} >= {"en", "sv", "nl", "pl"}


def test_scenarios_skips_broken_coach_file_with_notice(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated_home / "scenarios").mkdir(parents=True)
    (isolated_home / "scenarios" / "bad.toml").write_text(BROKEN["unknown field"][0])
    assert main(["scenarios"]) == 0
    captured = capsys.readouterr()
    assert "my-first-scenario" not in captured.out
    assert "lagom lint" in captured.err
    assert captured.out.splitlines()[0].split()[:2] == ["ID", "TITLE"]


def test_scenarios_dir_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, TEMPLATE, "mine.toml")
    assert main(["scenarios", "--scenarios", str(tmp_path)]) == 0
    assert "my-first-scenario" in capsys.readouterr().out
