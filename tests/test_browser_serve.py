"""`lagom serve` in a real browser: Debian's chromium driven by Playwright, a real model server.

A trainee opens the class address, types a name, picks the scenario assigned to them, sends
a reply and gets the customer's answer. A screenshot of the chat is saved (its path is
printed). The browser's keys travel over the websocket to the tab's own `lagom` process,
which talks to the llama.cpp server that `lagom serve` started; the test checks that process
never loaded torch and that everything stops with the class.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO, free_port

from simulator.cli import main
from simulator.settings import Settings
from simulator.store import SavedSession, Store

FIXTURES = str(REPO / "tests" / "fixtures" / "tui")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPLY = "I am so sorry your parcel is late. Let me check the tracking for you right now."

pytestmark = pytest.mark.server


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> object:
    """Poll until `predicate()` is truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def served_class(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`lagom serve` with its own model server (one slot), on a free port."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--slots", "1",
         "--trainees", "2", "--scenarios", FIXTURES],
        stdout=log, stderr=subprocess.STDOUT, text=True, cwd=REPO,
    )
    try:
        wait_for(lambda: "Lagom is served at" in (tmp_path / "serve.log").read_text()
                 or serve.poll() is not None, 150, "lagom serve to start")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()
        yield f"http://127.0.0.1:{port}/", serve
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGINT)
            try:
                serve.wait(timeout=20)
            except subprocess.TimeoutExpired:
                serve.kill()
        log.close()


def latest_session() -> SavedSession | None:
    """The newest saved session, if any."""
    with Store.open(Settings().database) as store:
        found = store.list_sessions()
        return store.load_session(found[0].id) if found else None


def tab_processes(serve: subprocess.Popen[str], role: str) -> list[object]:
    """The `lagom web-ROLE` processes started by the web server."""
    import psutil

    children = psutil.Process(serve.pid).children(recursive=True)
    return [p for p in children  # not the shell textual-serve starts them through
            if f"web-{role}" in " ".join(p.cmdline()) and p.name().startswith("python")]


def loaded_torch(pid: int) -> bool:
    """Whether a process has torch's library mapped."""
    return "libtorch" in Path(f"/proc/{pid}/maps").read_text()


def test_a_trainee_practises_an_assigned_scenario_in_the_browser(
    served_class: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    url, serve = served_class
    assert main(["assign", "parcel_late", "--to", "Ana", "--seed", "11",
                 "--scenarios", FIXTURES]) == 0
    import psutil

    model_servers = [p for p in psutil.Process(serve.pid).children(recursive=True)
                     if "llama_cpp.server" in " ".join(p.cmdline())]
    assert len(model_servers) == 1
    shot = tmp_path / "browser-chat.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=30_000)
        time.sleep(2.0)  # the app mounts its first screen
        page.focus("textarea.xterm-helper-textarea")  # keys go to the terminal
        page.keyboard.type("Ana", delay=60)
        time.sleep(1.0)  # the assignment list follows the typed name
        page.keyboard.press("Tab")  # the Start button
        page.keyboard.press("Tab")  # the assignment list
        page.keyboard.press("Enter")  # the briefing of the assigned scenario
        time.sleep(1.0)
        page.keyboard.press("p")  # start in practice mode
        opening = wait_for(lambda: (s := latest_session()) and s.turns and s, 60,
                           "the customer's opening line")
        assert (opening.info.trainee, opening.info.scenario_id) == ("Ana", "parcel_late")
        assert opening.info.seed == 11  # the assigned seed: the same customer for everyone
        time.sleep(1.0)
        page.keyboard.type(REPLY, delay=15)
        page.keyboard.press("Enter")
        answered = wait_for(lambda: (s := latest_session()) and len(s.turns) >= 3 and s, 90,
                            "the customer's answer")
        time.sleep(1.5)  # let the answer finish drawing
        page.screenshot(path=str(shot))
        tabs = tab_processes(serve, "trainee")
        browser.close()
    print(f"\nscreenshot of the chat in the browser: {shot}")
    assert answered.turns[1].role == "trainee" and answered.turns[1].text == REPLY
    assert answered.turns[2].role == "customer" and answered.turns[2].text.strip()
    assert answered.info.backend == "openai"  # the shared model server, not a model of its own
    assert shot.stat().st_size > 10_000
    assert tabs and not any(loaded_torch(p.pid) for p in tabs)
    serve.send_signal(signal.SIGINT)
    assert serve.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in model_servers)



def test_the_trainer_logs_in_and_gets_the_cohort_view_in_the_browser(tmp_path: Path) -> None:
    """`--trainer`: the password page, then the trainer's own process (not a trainee's)."""
    from playwright.sync_api import sync_playwright

    assert main(["assign", "parcel_late", "--to", "Ana", "--scenarios", FIXTURES]) == 0
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--base-url",
             "http://127.0.0.1:9/v1", "--trainer", "--trainer-password", "coach-pw",
             "--scenarios", FIXTURES],
            stdout=out, stderr=subprocess.STDOUT, text=True, cwd=REPO,
        )
    try:
        wait_for(lambda: "Trainer view:" in log.read_text(), 60, "lagom serve to start")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            page.goto(f"http://127.0.0.1:{port}/trainer")
            page.fill("#password", "wrong")
            page.click("button")
            assert "Wrong password" in page.content()
            page.fill("#password", "coach-pw")
            page.click("button")
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            trainer = wait_for(lambda: tab_processes(serve, "trainer"), 30, "the trainer view")
            shot = tmp_path / "browser-trainer.png"
            time.sleep(2.0)
            page.screenshot(path=str(shot))
            assert not tab_processes(serve, "trainee") and len(trainer) == 1
            browser.close()
        print(f"\nscreenshot of the trainer view in the browser: {shot}")
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=20)
