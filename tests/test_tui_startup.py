"""Start-up: usable at once while the model warms up, a failing model offers authored lines,
no torch on the main path, and the command line's errors."""

from __future__ import annotations

import subprocess
import sys
import threading

from textual.widgets import Input, Label
from tui_support import REPO_ROOT, SlowWarmUp, build_app, submit, wait_until

from simulator.backends.base import BackendError
from simulator.cli import main
from simulator.tui.backend_holder import BackendHolder
from simulator.tui.context import StartPlan
from simulator.tui.dialogs import BackendFailedDialog
from simulator.tui.screens.chat import ChatScreen
from simulator.tui.screens.scenario_picker import ScenarioPickerScreen
from simulator.tui.screens.welcome import WelcomeScreen
from simulator.tui.widgets.transcript_view import ChatLine


def status_text(pilot) -> str:  # noqa: ANN001
    """The words of the backend status line on the current screen."""
    return str(pilot.app.screen.query_one("#backend-status-text", Label).render())


async def test_first_screen_is_usable_while_a_slow_model_warms_up() -> None:
    loaded = threading.Event()  # the model finishes loading only when the test says so
    holder = BackendHolder(lambda: SlowWarmUp(seconds=0.4, gate=loaded))
    async with build_app(holder).run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WelcomeScreen))
        await wait_until(pilot, lambda: "Loading the model" in status_text(pilot))
        assert not holder.ready
        await submit(pilot, "#trainee-name", "Ana")  # typing works during the warm-up
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScenarioPickerScreen))
        assert not holder.ready  # the name was taken and the picker shown before the model loaded
        loaded.set()
        await wait_until(pilot, lambda: holder.ready, timeout=30)
        await wait_until(pilot, lambda: "authored lines" in status_text(pilot))


async def test_a_chat_opened_during_the_warm_up_starts_when_the_model_is_ready() -> None:
    holder = BackendHolder(lambda: SlowWarmUp(seconds=1.0))
    start = StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1)
    async with build_app(holder, start=start).run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        assert chat.busy and not holder.ready
        await wait_until(pilot, lambda: not chat.busy, timeout=30)
        assert any(line.role == "customer" for line in chat.query(ChatLine))


def failing_factory():  # noqa: ANN201
    """A backend that cannot start, like a bad model path."""
    raise BackendError("model file /nope/model.gguf does not exist")


async def test_a_failing_model_explains_and_offers_authored_lines() -> None:
    holder = BackendHolder(failing_factory)
    start = StartPlan(scenario_id="parcel_late", trainee="Ana", seed=1)
    async with build_app(holder, start=start).run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BackendFailedDialog))
        assert "/nope/model.gguf does not exist" in str(
            pilot.app.screen.query_one("#backend-failed-message").render()
        )
        await pilot.press("enter")  # "Continue with authored lines" has the focus
        await wait_until(pilot, lambda: holder.ready)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: not chat.busy)
        assert not chat.query_one("#reply-input", Input).disabled


async def test_choosing_quit_on_a_failing_model_exits() -> None:
    async with build_app(BackendHolder(failing_factory)).run_test() as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BackendFailedDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not pilot.app.is_running)


def test_the_ui_path_imports_no_torch() -> None:
    code = (
        "import sys; from simulator.cli import build_parser; build_parser(); "
        "import simulator.tui.app, simulator.tui.launch, simulator.tui.screens.chat, "
        "simulator.backends.registry; "
        "print(sorted(m for m in ('torch', 'transformers', 'llama_cpp') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO_ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_play_with_an_unknown_scenario_is_a_clear_error(capsys) -> None:  # noqa: ANN001
    status = main(["play", "no_such_scenario", "--backend", "scripted"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("lagom: unknown scenario 'no_such_scenario'")


def test_an_unusable_database_is_a_clear_error(isolated_home, capsys) -> None:  # noqa: ANN001
    isolated_home.mkdir(parents=True)
    (isolated_home / "lagom.db").write_text("this is not a database")
    status = main(["review"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("lagom: ") and "lagom.db" in err
