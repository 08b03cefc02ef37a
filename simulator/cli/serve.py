"""`lagom serve`: the practice UI in trainees' browsers, with one shared model server."""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from simulator.cli.common import add_backend_options, fail, library_for, settings_for

DEFAULT_PORT = 8000
"""The port the class opens in the browser."""

DEFAULT_MODEL_WAIT = 1.5
"""Seconds a trainee's customer waits for the shared model before saying the authored line:
a busy class keeps answering at once instead of queueing behind the model."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register `lagom serve` and the hidden commands each browser tab runs."""
    parser = subparsers.add_parser(
        "serve",
        help="the practice UI in trainees' browsers, with one shared model server",
        description=(
            "Serve Lagom to a class: every browser tab on http://HOST:PORT is its own practice "
            "session. Unless --base-url names a running server, one llama.cpp model server is "
            "started for the class (embedded model, or --model FILE.gguf) and stopped on exit. "
            "Listening beyond this machine needs --password (asked in the browser) or "
            "--no-password."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; "
                        "0.0.0.0: every network)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT})")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--password", metavar="PW", help="trainees type PW before practising")
    secret.add_argument("--no-password", action="store_true",
                        help="allow anyone who reaches the address, without a password")
    parser.add_argument("--slots", type=int, default=2, metavar="N",
                        help="model server processes answering in parallel (default 2)")
    parser.add_argument("--trainees", type=int, default=30, metavar="N",
                        help="browsers you expect, for the memory check (default 30)")
    parser.add_argument("--model-wait", type=float, metavar="S",
                        help="seconds each customer waits for the shared model's first words "
                        f"before saying its authored line (default {DEFAULT_MODEL_WAIT:g}, "
                        "or LAGOM_MODEL_WAIT; 0 = always wait for the model)")
    parser.add_argument("--trainer", action="store_true",
                        help="also serve the trainer's view at /trainer (needs --trainer-password)")
    parser.add_argument("--trainer-password", metavar="PW", help="password of the trainer view")
    add_backend_options(parser)
    parser.set_defaults(handler=run)
    for name, role in (("web-trainee", "trainee"), ("web-trainer", "trainer")):
        hidden = subparsers.add_parser(name)  # no help: not listed; run by `lagom serve`
        add_backend_options(hidden)
        hidden.set_defaults(handler=run_tab, role=role)


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_args(args: argparse.Namespace) -> str | None:
    """A one-line problem with the flags, or None."""
    if not is_loopback(args.host) and not (args.password or args.no_password):
        return (f"listening on {args.host} lets other machines in: add --password PW "
                "(asked for in the browser) or --no-password")
    if args.trainer and not args.trainer_password:
        return "--trainer needs --trainer-password PW (the trainer view shows every trainee)"
    if args.trainer_password and args.trainer_password == args.password:
        return "the trainer password must differ from the trainees' password"
    if not 1 <= args.slots <= 16:
        return f"--slots must be from 1 to 16, not {args.slots}"
    wait = getattr(args, "model_wait", None)
    if wait is not None and not 0 <= wait <= 60:
        return f"--model-wait must be from 0 to 60 seconds, not {wait:g}"
    if not 1 <= args.port <= 65535:
        return f"--port must be from 1 to 65535, not {args.port}"
    model = getattr(args, "model", None)
    if model and not getattr(args, "base_url", None) and not str(model).endswith(".gguf"):
        return f"--model must be a .gguf file for the class's model server, not {model}"
    if model and not getattr(args, "base_url", None) and not Path(model).is_file():
        return f"--model: no such file: {model}"
    return None


def tab_command(role: str, args: argparse.Namespace) -> str:
    """The shell command each browser tab runs."""
    words = [sys.executable, "-m", "simulator", f"web-{role}"]
    for folder in getattr(args, "scenarios", None) or []:
        words += ["--scenarios", str(Path(folder).resolve())]
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    """Check, start the model server, serve until Ctrl-C, stop the model server."""
    from simulator.serve.preflight import MemoryPlan, PreflightError, check_memory, check_port

    if problem := check_args(args):
        return fail(problem)
    own_server = not getattr(args, "base_url", None)
    try:
        check_port(args.host, args.port)
        check_memory(MemoryPlan(args.slots, args.trainees, 4096, own_server))
    except PreflightError as error:
        return fail(str(error))
    settings = settings_for(args)
    if not library_for(args, quiet=True).scenarios:
        return fail("no scenarios could be loaded (run `lagom lint` to see why)")
    from simulator.store import StoreError
    from simulator.store.factory import open_store_for

    try:
        open_store_for(settings).close()
    except StoreError as error:
        return fail(str(error))
    if own_server:
        return serve_with_model_server(args, settings.home)
    warn_if_silent(args.base_url)
    return serve_class(args, None, {"LAGOM_BASE_URL": args.base_url, "LAGOM_BACKEND": "openai"})


def warn_if_silent(base_url: str) -> None:
    """Say so (without stopping) when the named model server does not answer yet."""
    from simulator.backends.base import BackendError
    from simulator.backends.openai_backend import OpenAIBackend

    backend = OpenAIBackend(base_url, None, timeout_s=5, retries=0)
    try:
        backend.warm_up()
    except BackendError as error:
        print(f"lagom: warning: {error}; trainees get authored lines until it answers",
              file=sys.stderr, flush=True)
    finally:
        backend.close()


def serve_with_model_server(args: argparse.Namespace, home: Path) -> int:
    """Start the model server, serve, and stop the server however serving ends."""
    from simulator.backends.base import BackendError
    from simulator.backends.embedded import embedded_gguf_path
    from simulator.serve.model_server import (
        ModelServer,
        ModelServerError,
        ServerPlan,
        cache_mb_for,
    )

    try:
        model = Path(args.model) if getattr(args, "model", None) else embedded_gguf_path()
    except BackendError as error:
        return fail(str(error))
    threads = max(1, (os.cpu_count() or 2) // args.slots)
    plan = ServerPlan(model, slots=args.slots, threads=threads, log_dir=home / "serve",
                      cache_mb=cache_mb_for(args.trainees, args.slots))
    with ModelServer(plan) as server:
        try:
            urls = server.start(lambda line: print(line, flush=True))
        except ModelServerError as error:
            return fail(str(error))
        # the embedded model speaks ChatML: its tabs let it finish authored lines
        prompt = "chat" if getattr(args, "model", None) else "chatml"
        return serve_class(args, urls, {"LAGOM_MODEL": "", "LAGOM_SERVER_PROMPT": prompt},
                           server.news)


def serve_class(args: argparse.Namespace, slot_urls: list[str] | None,
                env: dict[str, str], watch: Callable[[], list[str]] | None = None) -> int:
    """Serve the trainee door (and the trainer door) until Ctrl-C."""
    from simulator.serve.web import Door, LagomWebServer

    doors = [Door("", tab_command("trainee", args), args.password, "Lagom")]
    if getattr(args, "database", None):  # the tabs save where `--database` says (not in argv)
        env = {**env, "LAGOM_DATABASE": args.database}
    env = {**env, "LAGOM_MODEL_WAIT": f"{model_wait_for(args):g}"}
    if args.trainer:
        doors.append(Door("/trainer", tab_command("trainer", args), args.trainer_password,
                          "Lagom — trainer"))
    hosts = addresses(args.host)
    print(f"Lagom is served at http://{hosts[0]}:{args.port}/ — share this address with the class"
          + (" (password required)" if args.password else ""), flush=True)
    for other in hosts[1:]:
        print(f"  also at http://{other}:{args.port}/", flush=True)
    if args.trainer:
        print(f"Trainer view: http://{hosts[0]}:{args.port}/trainer", flush=True)
    print("Press Ctrl-C to stop the class (every turn is saved).", flush=True)
    server = LagomWebServer(doors, args.host, args.port, slot_urls, env, watch)
    try:
        server.serve()
    except OSError as error:
        return fail(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}")
    print("class stopped", flush=True)
    return 0


def model_wait_for(args: argparse.Namespace) -> float:
    """The tabs' LAGOM_MODEL_WAIT: --model-wait, else the trainer's LAGOM_MODEL_WAIT, else
    DEFAULT_MODEL_WAIT."""
    from simulator.settings import environment_value

    wait = getattr(args, "model_wait", None)
    if wait is None:
        wait = environment_value("model_wait_s")
    return DEFAULT_MODEL_WAIT if wait is None else float(wait)


def addresses(host: str) -> list[str]:
    """The addresses trainees can type: the machine's own for 0.0.0.0, else `host`."""
    if host not in ("0.0.0.0", "::"):
        return [host]
    import psutil

    found = [
        address.address
        for entries in psutil.net_if_addrs().values()
        for address in entries
        if address.family == socket.AF_INET and not address.address.startswith("127.")
    ]
    return found or ["127.0.0.1"]


def run_tab(args: argparse.Namespace) -> int:
    """One browser tab: the trainee's practice UI, or the trainer's view."""
    from simulator.tui.context import StartPlan
    from simulator.tui.launch import launch

    if args.role == "trainer":
        return launch(args, StartPlan(review=True, trainer=True))
    return launch(args, StartPlan(served=True))
