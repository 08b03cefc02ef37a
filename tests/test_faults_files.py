"""Issue 12, hostile files and text: nothing a coach folder holds stops, hangs or styles Lagom.

A scenario folder (LAGOM_HOME/scenarios) may hold a file nested 500 levels deep, a symlink
loop, a FIFO, a symlink to /dev/zero, a 1 MB line, escape sequences or Rich markup in a
name. Every command skips the bad file with a notice and goes on; text is shown literally.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select
from tui_support import REPO_ROOT, open_store, submit, wait_until

from scenarios.library import Library, load_library
from scenarios.loader import load_persona, load_scenario, read_toml
from scenarios.problems import ContentError
from simulator.backends.scripted import ScriptedBackend
from simulator.cli import main
from simulator.tui.app import make_app
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen

SHIPPED = "en_parcel_lost_again"
"""A shipped scenario every command should still find."""

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "tui"
PERSONA = (FIXTURES / "frustrated.toml").read_text(encoding="utf-8")
SCENARIO = (FIXTURES / "parcel_late.toml").read_text(encoding="utf-8")
"""A stable archetype and scenario, copied into the coach folder under new ids and edited."""


def coach_pair(folder: Path, persona: str = PERSONA, scenario: str = SCENARIO) -> None:
    """Write an archetype `coach_persona` and a scenario `coach_scenario` played with it."""
    persona = persona.replace('id = "frustrated"', 'id = "coach_persona"', 1)
    scenario = scenario.replace('id = "parcel_late"', 'id = "coach_scenario"', 1)
    scenario = scenario.replace('archetype = "frustrated"', 'archetype = "coach_persona"', 1)
    (folder / "coach_persona.toml").write_text(persona)
    (folder / "coach_scenario.toml").write_text(scenario)


def test_the_coach_archetype_loads_when_nothing_is_wrong(isolated_home: Path) -> None:
    coach_pair(coach_dir(isolated_home))
    assert "coach_persona" in load_library().personas


def coach_dir(home: Path) -> Path:
    """LAGOM_HOME/scenarios, created."""
    folder = home / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def nested(depth: int = 500) -> str:
    """A small TOML file whose one value is nested `depth` lists deep (about 1 KB)."""
    return "id = " + "[" * depth + "]" * depth + "\n"


def hostile(kind: str, folder: Path) -> Path:
    """Put one hostile entry into `folder` and return its path."""
    path = folder / f"{kind}.toml"
    if kind == "nested":
        path.write_text(nested())
    elif kind == "loop":
        os.symlink(folder / "loop2.toml", path)
        os.symlink(path, folder / "loop2.toml")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        os.symlink("/dev/zero", path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "big":
        path.write_text('title = "' + "x" * (2 * 1024 * 1024) + '"\n')
    return path


KINDS = ["nested", "loop", "fifo", "zero", "folder", "big"]


@pytest.mark.parametrize("kind", KINDS)
def test_lint_names_the_hostile_file_and_goes_on(
    kind: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile(kind, coach_dir(isolated_home))
    status = main(["lint"])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"{path.name}: -:" in out and "Traceback" not in out + err
    mine = [line for line in out.splitlines() if str(path.parent) in line]
    assert 1 <= len(mine) <= 2  # one line per bad entry (the loop has two)


@pytest.mark.parametrize("kind", KINDS)
def test_scenarios_and_the_library_skip_the_hostile_file(
    kind: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile(kind, coach_dir(isolated_home))
    assert main(["scenarios"]) == 0
    out, err = capsys.readouterr()
    assert SHIPPED in out and "skipped" in err
    library = load_library()  # what bare `lagom` and `lagom play` load
    assert SHIPPED in library.scenarios and library.problems


@pytest.mark.parametrize("kind", ["nested", "loop", "fifo", "zero"])
def test_simulate_and_grade_with_a_scenario_run_past_the_hostile_file(
    kind: str, isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile(kind, coach_dir(isolated_home))
    script = tmp_path / "trainee.txt"
    script.write_text("I'm sorry your parcel is late again. What is the tracking number?\n")
    status = main(["simulate", SHIPPED, "--backend", "scripted", "--trainee", str(script),
                   "--no-save"])
    assert status == 0, capsys.readouterr()
    transcript = tmp_path / "chat.txt"
    transcript.write_text("Customer: My parcel is late again.\nAgent: Sorry, I'll check.\n")
    assert main(["grade", str(transcript), "--scenario", SHIPPED]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_fifo_or_dev_zero_never_hangs_the_command_line(kind: str, isolated_home: Path) -> None:
    hostile(kind, coach_dir(isolated_home))
    env = {**os.environ, "LAGOM_HOME": str(isolated_home)}
    outputs = {}
    for command in ("lint", "scenarios"):
        done = subprocess.run(  # a hang would show as TimeoutExpired
            [sys.executable, "-m", "simulator", command], capture_output=True, text=True,
            timeout=60, cwd=REPO_ROOT, env=env,
        )
        assert "Traceback" not in done.stderr
        outputs[command] = done
    assert "not a regular file" in outputs["lint"].stdout
    assert SHIPPED in outputs["scenarios"].stdout and outputs["scenarios"].returncode == 0

def test_an_overlong_authored_line_fails_lint_and_does_not_load(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = "My parcel is late. " * 5000  # 95 KB in one opening line
    start = SCENARIO.index("opening_lines = [") + len("opening_lines = [")
    scenario = SCENARIO[:start] + f"{line!r}," + SCENARIO[start:]
    coach_pair(coach_dir(isolated_home), scenario=scenario)
    assert main(["lint"]) == 1
    assert "opening_lines.0: text is 95,000 characters; at most 2,000" in capsys.readouterr().out
    assert "coach_scenario" not in load_library().scenarios


def without_thresholds(text: str) -> str:
    """The archetype with its first rung's thresholds commented out."""
    first = text.index("[[escalation]]")
    end = text.index("[[escalation]]", first + 1)
    rung = text[first:end].replace("distress_at_least", "# distress_at_least")
    rung = rung.replace("patience_at_most", "# patience_at_most")
    return text[:first] + rung.replace("trust_at_most", "# trust_at_most") + text[end:]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda t: t[: t.index("[sensitivities")] + t[t.index("[[escalation"):],
         "sensitivities"),
        (without_thresholds, "rung has no threshold"),
    ],
    ids=["missing-sensitivities", "rung-without-threshold"],
)
def test_a_persona_failing_lint_does_not_load_or_play(
    edit: object, problem: str, isolated_home: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = coach_dir(isolated_home)
    coach_pair(folder, persona=edit(PERSONA))  # type: ignore[operator]
    assert main(["lint"]) == 1
    assert problem in capsys.readouterr().out
    library = load_library()
    assert "coach_persona" not in library.personas
    assert "coach_scenario" not in library.scenarios
    with pytest.raises(ContentError, match=problem):
        load_persona(folder / "coach_persona.toml")
    script = tmp_path / "trainee.txt"
    script.write_text("Sorry about the parcel. What is the order number?\n")
    assert main(["simulate", "coach_scenario", "--backend", "scripted", "--trainee", str(script),
                 "--no-save"]) == 2


def test_escape_sequences_in_scenario_text_never_reach_the_terminal(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "\\u001b[2J\\u001b]0;pwned\\u0007Evil\\u009b31m"
    scenario = SCENARIO.replace('title = "The parcel that never came"', f'title = "{evil} title"')
    scenario = scenario.replace('archetype = "frustrated"', f'archetype = "{evil}"')
    path = coach_dir(isolated_home) / "escapes.toml"
    path.write_text(scenario)
    assert read_toml(path)["title"] == "Evil title"
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "unknown archetype 'Evil'" in out  # the file's text, quoted without its escapes
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out


def test_printed_output_is_plain_whatever_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "trainee.txt"
    script.write_text("Sorry \x1b[2Jabout\x1b]0;pwned\x07 the parcel. What is the number?\n")
    assert main(["simulate", SHIPPED, "--backend", "scripted", "--trainee", str(script),
                 "--no-save"]) == 0
    out = capsys.readouterr().out
    assert "about the parcel" in out and "\x1b" not in out and "\x07" not in out


def test_a_full_stdout_gives_one_line_not_a_traceback(isolated_home: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "scenarios"], stdout=full, stderr=subprocess.PIPE,
            text=True, timeout=60, cwd=REPO_ROOT,
            env={**os.environ, "LAGOM_HOME": str(isolated_home)},
        )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == "lagom: cannot write the output: No space left on device"


async def test_markup_in_an_archetype_name_is_shown_literally() -> None:
    library = Library(  # parsed only: the picker test does not depend on lint's coverage rules
        personas={p: load_persona(FIXTURES / f"{p}.toml") for p in ("frustrated", "exhausted")},
        scenarios={s: load_scenario(FIXTURES / f"{s}.toml") for s in ("parcel_late", "bill_error")},
    )
    evil = {
        "frustrated": "[bold red]EVIL[/bold red] [link=file:///etc/passwd]x[/link]",
        "exhausted": "Evil [/bold] name",
    }
    for persona_id, name in evil.items():
        library.personas[persona_id] = library.personas[persona_id].model_copy(
            update={"name": name}
        )
    app = make_app(library, ScriptedBackend(), open_store(), None, clock=lambda: 100.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await submit(pilot, "#trainee-name", "Ana")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
        picker = pilot.app.screen
        table = picker.query_one(DataTable)
        shown = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert shown == set(evil.values())  # the names as written: no style, no link, no crash
        await pilot.click("#filter-archetype")
        await pilot.pause()
        select = picker.query_one("#filter-archetype", Select)
        assert {str(prompt) for prompt, _ in select._options[1:]} == set(evil.values())



def test_the_markdown_export_holds_no_escape_sequences() -> None:
    from simulator.exports import export_session
    from simulator.records import TurnRecord
    from simulator.store import SavedSession, SessionInfo

    evil = "\x1b]0;pwned\x07\x1b[2JWhere is my parcel?\x9b31m\x00"
    info = SessionInfo(
        id="20261123-0412-ab12", trainee="Ana\x1b[31m", scenario_id="late",
        scenario_title="Late \x1b[5mparcel", language="en", archetype="frustrated",
        started_at="2026-11-23T04:12:00+00:00", turn_count=1, status="running",
    )
    saved = SavedSession(info=info, turns=[
        TurnRecord(index=0, role="customer", text=evil, source="model", intent="state_problem"),
    ])
    text = export_session(saved, "markdown")
    assert "Where is my parcel?" in text and "Late parcel" in text
    assert not any(c in text for c in "\x1b\x07\x9b\x00")


@pytest.mark.parametrize("kind", KINDS)
def test_lint_of_the_file_or_its_folder_names_it(
    kind: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile(kind, coach_dir(isolated_home))
    targets = [path.parent] if kind == "folder" else [path, path.parent]  # a folder is opened
    for target in targets:
        assert main(["lint", str(target)]) == 1
        out = capsys.readouterr().out
        assert f"{path.name}: -:" in out and "no such file" not in out
