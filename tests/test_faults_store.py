"""Storage faults (issue 12, "Data loss"): a database locked by another process past the busy
timeout, a full disk, an export aimed at the database, read-only files and folders.

Each test reproduces what the reliability probe found and checks what a user would notice:
what is shown and what is saved never diverge, nothing saved is replaced, readers never
wait for a writer, read-only data can still be listed and exported.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from session_support import PERSONA, SCENARIO

from simulator.backends.scripted import ScriptedBackend
from simulator.cli import main
from simulator.records import TurnRecord
from simulator.runner import SaveBlocked, SavePolicy, SessionRunner, TurnUnsaved
from simulator.store import Store, StoreError

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "session"
REPLIES = [
    "Your router hasn't arrived. What's your order number?",
    "I'm so sorry, two missed slots is really frustrating. How is this affecting you?",
    "That's a lot of pressure before Thursday. I'll sort this out for you now.",
]
FAST = SavePolicy(attempts=2, wait_s=0.01)

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE settings SET value = value")
print("locked", flush=True)
sys.stdin.read()  # hold the write lock until the test closes stdin
conn.execute("ROLLBACK")
"""


class Library:
    """What `SessionRunner.resume` needs of a library, on the fixture content."""

    scenarios = {SCENARIO.id: SCENARIO}

    @staticmethod
    def persona_for(scenario: object) -> object:
        """The fixture persona."""
        return PERSONA


class LockHolder:
    """Another process holding the database's write lock until `release()`."""

    def __init__(self, database: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(database)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        """Let go of the lock and wait for the process to end."""
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture
def db(isolated_home: Path) -> Path:
    """LAGOM_HOME's database, with its tables made."""
    path = isolated_home / "lagom.db"
    Store.open(path).close()
    return path


def saved(db: Path, sid: str) -> list[tuple[int, str, str]]:
    """(index, role, text) of every saved turn, read through a fresh connection."""
    with Store.open(db) as store:
        return [(t.index, t.role, t.text) for t in store.load_session(sid).turns]


def held(runner: SessionRunner) -> list[tuple[int, str, str]]:
    """(index, role, text) of every turn the runner holds: what a UI shows."""
    return [(t.index, t.role, t.text) for t in runner.turns]


def runner_on(store: Store) -> SessionRunner:
    """A runner on the fixture scenario, quick to give up on a save."""
    return SessionRunner.create(
        store, SCENARIO, PERSONA, ScriptedBackend(), trainee="Ana", policy=FAST,
        sleep=lambda seconds: None,
    )


def test_a_reply_during_another_process_lock_is_never_lost_silently_nor_overwritten(
    db: Path,
) -> None:
    """The probe: a reply sent while another process holds the lock stayed on screen unsaved,
    later turns were saved as 0, 2, 3, and continuing replaced a saved customer line."""
    store = Store.open(db, timeout=0.2)
    runner = runner_on(store)
    list(runner.start())
    sid = runner.session_id or ""
    opening = held(runner)[0]
    again = LockHolder(db)
    try:
        events = list(runner.respond(REPLIES[0]))
        assert isinstance(events[-1], TurnUnsaved)
        assert "locked by another Lagom" in events[-1].message
        with pytest.raises(SaveBlocked):  # the session cannot go on past the unsaved reply
            list(runner.respond(REPLIES[1]))
        assert not runner.leave()  # leaving now says the reply is lost (the UI shows it)
    finally:
        again.release()
    assert saved(db, sid) == [opening]  # nothing later was saved out of order

    resumed = SessionRunner.resume(store, sid, Library(), ScriptedBackend(), policy=FAST)
    list(resumed.respond(REPLIES[1]))
    after = saved(db, sid)
    assert after[0] == opening  # the saved customer line was not replaced
    assert [(i, r) for i, r, _ in after] == [(0, "customer"), (1, "trainee"), (2, "customer")]
    assert after == held(resumed)
    store.close()


def test_a_full_disk_marks_the_turn_unsaved_and_saving_again_works(db: Path) -> None:
    store = Store.open(db)
    runner = runner_on(store)
    list(runner.start())
    sid = runner.session_id or ""
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here
    long_reply = "I hear you. " + "Let me look at every detail of the order. " * 400
    events = list(runner.respond(long_reply))
    assert isinstance(events[-1], TurnUnsaved)
    assert "is full" in events[-1].message and str(db) in events[-1].message
    assert [t.index for t in runner.unsaved] == [1] and len(saved(db, sid)) == 1
    assert not runner.save_unsaved()  # still full
    store._conn.execute(f"PRAGMA max_page_count = {pages * 1000}")  # space was freed
    assert runner.save_unsaved()
    list(runner.start())  # the answer owed to the saved reply
    assert saved(db, sid) == held(runner) and [i for i, _, _ in held(runner)] == [0, 1, 2]
    store.close()


def test_simulate_stops_at_a_turn_it_cannot_save_and_exits_2(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = Store.save_turn

    def full_from_turn_3(self: Store, sid: str, turn: TurnRecord) -> None:
        if turn.index >= 3:
            raise StoreError(f"the disk holding the session database {self.path} is full")
        original(self, sid, turn)

    monkeypatch.setattr(Store, "save_turn", full_from_turn_3)
    trainee = tmp_path / "trainee.txt"
    trainee.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    status = main(["simulate", "router_missing", "--trainee", str(trainee), "--backend",
                   "scripted", "--scenarios", str(FIXTURES)])
    out, err = capsys.readouterr()
    assert status == 2 and "Traceback" not in err
    assert err.startswith("lagom: turn 3 could not be saved") and "3 turns saved" in err
    monkeypatch.setattr(Store, "save_turn", original)
    with Store.open(isolated_home / "lagom.db") as store:
        [info] = store.list_sessions()
        turns = store.load_session(info.id).turns
    assert [t.index for t in turns] == [0, 1, 2] and info.status == "interrupted"
    assert "[4]" not in out  # it did not go on past the unsaved turn
    assert "outcome: stopped after 2 replies (a turn could not be saved)" in out


def test_readers_are_not_blocked_by_another_process_holding_the_write_lock(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db) as store:
        sid = store.create_session("Ana", "router_missing")
        store.save_turn(sid, TurnRecord(index=0, role="customer", text="Where is my router?"))
    holder = LockHolder(db)
    try:
        started = time.monotonic()
        listed = main(["sessions", "--json"])
        out = capsys.readouterr().out
        exported = main(["export", sid, "--format", "json"])
        page = capsys.readouterr().out
        opened = Store.open(db)  # even opening for writing reads the schema version unlocked
        opened.close()
        took = time.monotonic() - started
    finally:
        holder.release()
    assert (listed, exported) == (0, 0) and took < 3  # the busy timeout is 5 s
    assert [s["id"] for s in json.loads(out)] == [sid]
    assert json.loads(page)["turns"][0]["text"] == "Where is my router?"


# --- export never writes over the database -------------------------------------------------


def one_session(db: Path) -> str:
    """Save one short session; return its id."""
    with Store.open(db) as store:
        sid = store.create_session("Ana", "router_missing")
        store.save_turn(sid, TurnRecord(index=0, role="customer", text="Where is my router?"))
    return sid


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("target", ["the database", "its -wal file", "a link to it", "another db"])
def test_export_refuses_to_write_over_a_database_even_with_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, force: bool
) -> None:
    sid = one_session(db)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    link = tmp_path / "link.md"
    link.symlink_to(db)
    path = {"the database": db, "its -wal file": Path(f"{db}-wal"), "a link to it": link,
            "another db": other}[target]
    before = db.read_bytes()
    other_before = other.read_bytes()
    status = main(["export", sid, "-o", str(path), *(["--force"] if force else [])])
    err = capsys.readouterr().err
    assert status == 2 and "is a database; refusing to write an export over it" in err
    assert db.read_bytes() == before and other.read_bytes() == other_before
    with Store.open(db) as store:
        assert store.load_session(sid).turns[0].text == "Where is my router?"


def test_export_replaces_an_existing_file_only_with_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = one_session(db)
    notes = tmp_path / "notes.md"
    notes.write_text("my own notes\n", encoding="utf-8")
    status = main(["export", sid, "-o", str(notes)])
    err = capsys.readouterr().err
    assert status == 2 and f"{notes} already exists; use --force to replace it" in err
    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    assert main(["export", sid, "-o", str(notes), "--force"]) == 0
    assert "Where is my router?" in notes.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh.md"
    assert main(["export", sid, "-o", str(fresh)]) == 0
    assert "Where is my router?" in fresh.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- read-only files and folders -------------------------------------------------------------


def reader_command(argv: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run `lagom ARGV` as a user who may not write LAGOM_HOME: when tests run as root (whom
    file modes do not stop), as nobody through util-linux's `setpriv`."""
    env = {**os.environ, "LAGOM_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "simulator", *argv]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "tests run as root need util-linux's setpriv to act as another user"
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A LAGOM_HOME that another user can reach (pytest's own temp folders are private)."""
    top = Path(tempfile.mkdtemp(prefix="lagom-ro-", dir="/tmp"))
    top.chmod(0o755)
    home = top / "home"
    home.mkdir()
    try:
        yield home
    finally:
        home.chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


def save_in(home: Path) -> str:
    """One finished session in `home`'s database, closed cleanly (no side files left)."""
    with Store.open(home / "lagom.db") as store:
        sid = store.create_session("Ana", "router_missing")
        store.save_turn(sid, TurnRecord(index=0, role="customer", text="Where is my router?"))
    return sid


def test_sessions_and_export_work_in_a_read_only_folder(shared_home: Path) -> None:
    sid = save_in(shared_home)
    (shared_home / "lagom.db").chmod(0o444)
    shared_home.chmod(0o555)
    listed = reader_command(["sessions", "--json"], shared_home)
    exported = reader_command(["export", sid], shared_home)
    assert listed.returncode == 0, listed.stderr
    assert [s["id"] for s in json.loads(listed.stdout)] == [sid]
    assert exported.returncode == 0, exported.stderr
    assert "Where is my router?" in exported.stdout
    assert sorted(p.name for p in shared_home.iterdir()) == ["lagom.db"]  # nothing written


def test_a_read_only_folder_with_wal_files_left_by_a_writer_still_reads(shared_home: Path) -> None:
    writer = Store.open(shared_home / "lagom.db")  # still open: -wal and -shm stay beside it
    sid = writer.create_session("Ana", "router_missing")
    writer.save_turn(sid, TurnRecord(index=0, role="customer", text="Only in the WAL so far"))
    try:
        for side in ("lagom.db", "lagom.db-wal", "lagom.db-shm"):
            (shared_home / side).chmod(0o644)
        shared_home.chmod(0o555)
        exported = reader_command(["export", sid], shared_home)
    finally:
        shared_home.chmod(0o755)
        writer.close()
    assert exported.returncode == 0, exported.stderr
    assert "Only in the WAL so far" in exported.stdout


def test_a_read_only_database_file_lists_but_a_command_that_must_write_exits_2(
    shared_home: Path, tmp_path: Path
) -> None:
    save_in(shared_home)
    database = shared_home / "lagom.db"
    database.chmod(0o444)
    shared_home.chmod(0o777 if os.geteuid() == 0 else 0o755)  # the folder itself is writable
    trainee = shared_home.parent / "trainee.txt"
    trainee.write_text(REPLIES[0] + "\n", encoding="utf-8")
    trainee.chmod(0o644)
    before = database.read_bytes()
    listed = reader_command(["sessions"], shared_home)
    simulated = reader_command(
        ["simulate", "router_missing", "--trainee", str(trainee), "--backend", "scripted",
         "--scenarios", str(FIXTURES), "--save"],
        shared_home,
    )
    assert listed.returncode == 0, listed.stderr
    assert simulated.returncode == 2 and simulated.stdout == ""
    assert simulated.stderr.startswith(f"lagom: cannot write the session database {database}")
    assert "read-only" in simulated.stderr and "Traceback" not in simulated.stderr
    assert database.read_bytes() == before
