"""A throwaway PostgreSQL cluster for the tests: started once per test run, stopped at the end.

`initdb` and `pg_ctl` refuse to run as root, so when the tests run as root (as CI does) the
cluster runs as the `postgres` user (`runuser -u postgres --`). It lives in a temporary folder
with its own unix-socket folder and listens on a free port on 127.0.0.1 only, with trust
authentication for local connections: nothing outside the machine can reach it. Missing
PostgreSQL programs are an error, never a skip: CI installs them (.ci/run).
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from itertools import count
from pathlib import Path
from typing import Any

SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",  # a test cluster: a crash of the machine may lose it
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "120",
    "shared_buffers": "16MB",
}
"""Server settings for a small, fast, loopback-only cluster."""


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL programs or the postgres user are missing; the message says how to fix."""


def find_bindir() -> Path:
    """The folder with initdb and pg_ctl: PG_BINDIR, Debian's newest, or the PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    on_path = shutil.which("initdb")
    candidates.append(str(Path(on_path).parent) if on_path else "")
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file() and (
            Path(candidate) / "pg_ctl"
        ).is_file():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on the "
        "PATH): `apt-get install -y postgresql` (CI does this in .ci/run), or set PG_BINDIR"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder; `start`, `stop`, `url`, `create_database`."""

    def __init__(self) -> None:
        """Find the programs and choose the folder and port; nothing runs yet."""
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                self._owner = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "the tests run as root and there is no `postgres` user to run PostgreSQL "
                    "as (installing the postgresql package creates it)"
                ) from None
        # as root, under /tmp itself: the postgres user must be able to reach the folder
        base = "/tmp" if self.as_root and Path("/tmp").is_dir() else None
        self.root = Path(tempfile.mkdtemp(prefix="lagom-pg-", dir=base))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._names = count(1)
        self.sockets.mkdir()
        if self.as_root:
            for path in (self.root, self.sockets):
                os.chown(path, self._owner.pw_uid, self._owner.pw_gid)

    def _command(self, *args: str) -> list[str]:
        """A PostgreSQL program's command line, run as `postgres` when we are root
        (`runuser`, else `su`)."""
        program = [str(self.bindir / args[0]), *args[1:]]
        if not self.as_root:
            return program
        runuser = shutil.which("runuser") or ("/usr/sbin/runuser" if Path(
            "/usr/sbin/runuser").exists() else None)
        if runuser:
            return [runuser, "-u", "postgres", "--", *program]
        return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(program)]

    def _run(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run(
            self._command(*args), capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL, check=False,
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
                f"\n{log}"
            )

    def init(self) -> None:
        """Create the cluster (superuser `postgres`, trust authentication, UTF-8)."""
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = " ".join(f"-c {key}={value}" for key, value in SERVER_SETTINGS.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.sockets} {options}", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast`: end every session; `immediate`: like a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        """Whether the server answers on its port."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def url(self, dbname: str = "postgres", user: str = "postgres", password: str = "") -> str:
        """A postgresql:// URL for `dbname` on this cluster."""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, dbname: str = "postgres") -> Any:
        """An autocommit superuser connection (psycopg) to `dbname`; close it when done."""
        import psycopg

        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=10)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its name."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def destroy(self) -> None:
        """Stop the server if it runs and delete the folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    """A started throwaway cluster (raises PostgresUnavailable or RuntimeError when it cannot)."""
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        deadline = time.monotonic() + 30
        while not cluster.running():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start:\n{cluster.log.read_text()[-2000:]}")
            time.sleep(0.1)
    except BaseException:
        cluster.destroy()
        raise
    return cluster


_shared: PostgresCluster | None = None


def shared_cluster() -> PostgresCluster:
    """The test run's one cluster, started on first use (see `stop_shared_cluster`)."""
    global _shared
    if _shared is None:
        _shared = start_cluster()
    return _shared


def stop_shared_cluster() -> None:
    """Stop and delete the test run's cluster, if one was started."""
    global _shared
    cluster, _shared = _shared, None
    if cluster is not None:
        cluster.destroy()


def postgres_opener(tmp_path: Path) -> Any:
    """For tests/store_support.py: opens one test's own new PostgreSQL database (again)."""
    from simulator.store.postgres import PostgresStore

    cluster = shared_cluster()
    url = cluster.url(cluster.create_database())
    return lambda: PostgresStore.open(url)
