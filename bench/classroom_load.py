"""A class against one model server: N simulated trainees, each its own process, real sessions.

Each trainee is a separate process (as each browser tab of `lagom serve` is) that plays a
scripted trainee through `SessionRunner` with the openai backend pointed at the class's
model server, saving every turn into one shared SQLite store, and waits a think time
(jittered ±50 %) between replies. Each trainee waits for the model as a `lagom serve` tab does
(`--model-wait`, LAGOM_MODEL_WAIT). Prints, per class size: p50/p95 time from sending a reply
to the first customer word and to the whole line, the longest pause inside a line, how many
answers came from the model and why the others were authored, failed turns (model failures
that fell back to authored lines, errors), lost turns (shown but not saved), the model
server's CPU and memory, and the total memory of the server and every trainee process.

    .venv/bin/python bench/classroom_load.py                     # N = 10, 30, 60; think 20 s
    .venv/bin/python bench/classroom_load.py --trainees 30 --think 20 --replies 6 --slots 2
    .venv/bin/python bench/classroom_load.py --base-url http://127.0.0.1:8000/v1   # your server
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from simulator.cli.serve import DEFAULT_MODEL_WAIT  # noqa: E402

SCENARIO = "en_telecom_double_billing"
SCRIPT = REPO_ROOT / "tests" / "trainee_scripts" / "frustrated_warm_en_telecom_double_billing.txt"


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# --- one trainee (a worker process) --------------------------------------------------------


def run_trainee(args: argparse.Namespace) -> None:
    """Play one session with think times; print one JSON line with the figures."""
    from scenarios.library import load_library
    from simulator.backends.openai_backend import OpenAIBackend
    from simulator.events import BackendFailed, CustomerChunk
    from simulator.runner import SessionRunner, TurnUnsaved
    from simulator.settings import Settings
    from simulator.simulate import read_trainee_lines
    from simulator.store import Store

    rng = random.Random(args.index)
    time.sleep(rng.uniform(0, args.think))  # trainees do not all start at the same second
    library = load_library([])
    scenario = library.scenarios[args.scenario]
    backend = OpenAIBackend(args.base_url, None, timeout_s=60, prompt_format=args.server_prompt)
    failed, ttfw, errors = 0, [], []
    store = Store.open(Settings().database)
    runner = SessionRunner.create(store, scenario, library.persona_for(scenario), backend,
                                  trainee=f"trainee-{args.index:02d}", seed=args.index)

    pauses, whole, sources = [], [], []

    def play(events: object) -> float | None:
        """Play one customer answer; its time to the first word (longest pause and time to
        the whole line are kept too)."""
        nonlocal failed
        started, first = time.perf_counter(), None
        last, pause = started, 0.0
        for event in events:  # type: ignore[attr-defined]
            if isinstance(event, CustomerChunk) and event.text.strip():
                now = time.perf_counter()
                if first is None:
                    first = now - started
                else:
                    pause = max(pause, now - last)
                last = now
            if isinstance(event, BackendFailed | TurnUnsaved):
                failed += 1
        if first is not None:
            pauses.append(pause)
            whole.append(last - started)
        turn = runner.session.turns[-1] if runner.session.turns else None
        if turn is not None and turn.role == "customer":
            sources.append("model" if turn.source == "model" else (turn.rejection or "script"))
        return first

    def think() -> None:
        """The trainee reads and types while the UI prefills the next prompt (as chat.py does)."""
        prefill = threading.Thread(target=runner.prepare, daemon=True)
        prefill.start()
        time.sleep(args.think * rng.uniform(0.5, 1.5))  # the reply goes even if it is not done

    try:
        play(runner.start())
        for line in read_trainee_lines(Path(args.script))[: args.replies]:
            if runner.session.outcome is not None:
                break
            think()
            first = play(runner.respond(line))
            if first is not None:
                ttfw.append(first)
    except Exception as error:  # a crash is a failed turn, and the figures still come back
        errors.append(f"{type(error).__name__}: {error}")
    shown = len(runner.session.turns)
    saved = len(store.load_session(runner.session_id).turns)
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"ttfw": ttfw, "pauses": pauses, "whole": whole, "sources": sources,
                      "failed": failed + len(errors), "errors": errors[:3],
                      "lost": max(0, shown - saved), "turns": shown,
                      "cpu_s": usage.ru_utime + usage.ru_stime,
                      "rss_mb": usage.ru_maxrss / 1024,
                      "torch": "torch" in sys.modules}), flush=True)


# --- the class (the parent process) --------------------------------------------------------


class Sampler:
    """Samples CPU and memory of the model server and of all trainee processes."""

    def __init__(self, server_pids: list[int]) -> None:
        import psutil

        self.server = [psutil.Process(pid) for pid in server_pids]
        self.workers: list[psutil.Process] = []
        self.cpu: list[float] = []
        self.server_mb = 0.0
        self.total_mb = 0.0
        self._stop = threading.Event()
        for process in self.server:
            process.cpu_percent(None)
        self.server_cpu_s = self._cpu_s()

    def _cpu_s(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in self.server)

    def _rss(self, processes: list[object]) -> float:
        total = 0.0
        for process in processes:
            try:
                total += process.memory_info().rss / 2**20  # type: ignore[attr-defined]
            except Exception:  # noqa: S112 - a process that just ended
                continue
        return total

    def run(self) -> None:
        """Sample every half second until stopped."""
        while not self._stop.wait(0.5):
            self.cpu.append(sum(p.cpu_percent(None) for p in self.server))
            server = self._rss(self.server)
            self.server_mb = max(self.server_mb, server)
            self.total_mb = max(self.total_mb, server + self._rss(self.workers))

    def stop(self) -> None:
        """Stop sampling; keep the CPU seconds the server used."""
        self._stop.set()
        self.server_cpu_s = self._cpu_s() - self.server_cpu_s


def run_class(n: int, args: argparse.Namespace, base_urls: list[str],
              server_pids: list[int]) -> dict[str, object]:
    """N trainee processes against the server; the figures of the run."""
    import psutil

    home = Path(tempfile.mkdtemp(prefix=f"lagom-class-{n}-"))
    env = {**os.environ, "LAGOM_HOME": str(home), "PYTHONPATH": str(REPO_ROOT),
           "LAGOM_MODEL_WAIT": f"{args.model_wait:g}"}
    sampler = Sampler(server_pids)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    started = time.monotonic()
    workers = []
    for index in range(n):
        command = [sys.executable, __file__, "--worker", "--index", str(index),
                   "--base-url", base_urls[index % len(base_urls)], "--think", str(args.think),
                   "--replies", str(args.replies), "--scenario", args.scenario,
                   "--server-prompt", args.server_prompt or "chatml",
                   "--script", str(args.script)]
        workers.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env))
        sampler.workers.append(psutil.Process(workers[-1].pid))
    results = []
    for worker in workers:
        out, _ = worker.communicate()
        lines = [line for line in out.splitlines() if line.startswith("{")]
        results.append(json.loads(lines[-1]) if lines else {"ttfw": [], "failed": 1,
                                                            "lost": 0, "errors": ["no output"]})
    sampler.stop()
    thread.join()
    ttfw = [t for r in results for t in r["ttfw"]]
    pauses = [t for r in results for t in r.get("pauses", [])]
    whole = [t for r in results for t in r.get("whole", [])]
    sources = Counter(s for r in results for s in r.get("sources", [])[1:])  # not the opening
    return {
        "pause_p95": percentile(pauses, 0.95), "whole_p50": percentile(whole, 0.5),
        "whole_p95": percentile(whole, 0.95), "sources": sources,
        "n": n, "replies": len(ttfw), "p50": percentile(ttfw, 0.5),
        "p95": percentile(ttfw, 0.95), "max": max(ttfw, default=float("nan")),
        "failed": sum(r["failed"] for r in results), "lost": sum(r["lost"] for r in results),
        "errors": [e for r in results for e in r.get("errors", [])][:3],
        "torch": any(r.get("torch") for r in results),
        "server_cpu": statistics.mean(sampler.cpu) if sampler.cpu else 0.0,
        "server_cpu_peak": max(sampler.cpu, default=0.0),
        "server_mb": sampler.server_mb, "total_mb": sampler.total_mb,
        "server_cpu_per_reply": sampler.server_cpu_s / max(1, len(ttfw)),
        "trainee_cpu_per_reply": sum(r.get("cpu_s", 0) for r in results) / max(1, len(ttfw)),
        "trainee_rss": max((r.get("rss_mb", 0) for r in results), default=0),
        "wall_s": time.monotonic() - started,
    }


def report(figures: dict[str, object], think: float) -> str:
    """One line of results."""
    f = figures
    line = (
        f"N={f['n']:>3} think={think:g}s: {f['replies']} replies, first customer word "
        f"p50 {f['p50']:.2f} s, p95 {f['p95']:.2f} s, max {f['max']:.2f} s; "
        f"failed turns {f['failed']}, lost turns {f['lost']}; model server CPU "
        f"{f['server_cpu']:.0f}% mean, {f['server_cpu_peak']:.0f}% peak (100% = one core), "
        f"RSS {f['server_mb']:.0f} MB; total RSS (server + trainees) {f['total_mb'] / 1024:.2f} GB"
        f"; torch loaded by a trainee: {'yes' if f['torch'] else 'no'}; {f['wall_s']:.0f} s"
        f"\n      CPU per reply: model server {f['server_cpu_per_reply']:.2f} s, trainee "
        f"process {f['trainee_cpu_per_reply']:.2f} s (start-up included); one trainee "
        f"process peaks at {f['trainee_rss']:.0f} MB"
    )
    sources: Counter = f["sources"]  # type: ignore[assignment]
    answers = sum(sources.values())
    model = sources.get("model", 0)
    others = ", ".join(f"{why} {count}" for why, count in sources.most_common() if why != "model")
    line += (
        f"\n      whole line p50 {f['whole_p50']:.2f} s, p95 {f['whole_p95']:.2f} s; longest "
        f"pause inside a line p95 {f['pause_p95']:.2f} s; customer answers from the model "
        f"{model}/{answers} ({100 * model / max(1, answers):.0f} %); authored instead: "
        f"{others or 'none'}"
    )
    if f["errors"]:
        line += f"\n      errors: {f['errors']}"
    return line


def main() -> None:
    """Parse flags; run as a worker or as the class."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, nargs="+", default=[10, 30, 60],
                        help="class sizes to run (default 10 30 60)")
    parser.add_argument("--think", type=float, default=20.0, help="think time in seconds")
    parser.add_argument("--replies", type=int, default=6, help="trainee replies per session")
    parser.add_argument("--slots", type=int, default=2, help="model server processes")
    parser.add_argument("--base-url", help="use a running server instead of starting one")
    parser.add_argument("--model-wait", type=float, default=DEFAULT_MODEL_WAIT,
                        help="LAGOM_MODEL_WAIT of each trainee, as `lagom serve` sets it "
                        f"(default {DEFAULT_MODEL_WAIT:g}; 0 = always wait for the model)")
    parser.add_argument("--scenario", default=SCENARIO)
    parser.add_argument("--script", type=Path, default=SCRIPT, help="trainee lines, one a line")
    parser.add_argument("--server-prompt", choices=("chat", "chatml"),
                        help="how trainees ask the server (default: chatml, as `lagom serve` "
                        "sets for the embedded model; chat with --base-url)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_trainee(args)
        return
    from simulator.backends.embedded import embedded_gguf_path
    from simulator.serve.model_server import ModelServer, ServerPlan, cache_mb_for

    print(f"classroom load: scenario {args.scenario}, {args.replies} replies each, think "
          f"{args.think:g} s ±50 %, model wait {args.model_wait:g} s, {os.cpu_count()} CPU "
          "cores", flush=True)
    if args.base_url:
        args.server_prompt = args.server_prompt or "chat"
        for n in args.trainees:
            print(report(run_class(n, args, [args.base_url], []), args.think), flush=True)
        return
    threads = max(1, (os.cpu_count() or 2) // args.slots)
    plan = ServerPlan(embedded_gguf_path(), slots=args.slots, threads=threads,
                      log_dir=Path(tempfile.mkdtemp(prefix="lagom-model-server-")),
                      cache_mb=cache_mb_for(max(args.trainees), args.slots))
    with ModelServer(plan) as server:
        urls = server.start(lambda line: print(line, flush=True))
        pids = [slot.process.pid for slot in server.slots]
        print(f"model server: {args.slots} slot(s) × {threads} thread(s), embedded GGUF",
              flush=True)
        for n in args.trainees:
            print(report(run_class(n, args, urls, pids), args.think), flush=True)


if __name__ == "__main__":
    main()
