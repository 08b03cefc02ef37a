"""How many trainees can one model server carry? N concurrent sessions against an
OpenAI-compatible server (vLLM, llama.cpp server, Ollama), time to first word and failures.

Each session is its own process (as with `lagom serve`, one process per browser tab), driven
through the session runner (`simulator.runner.SessionRunner`, not saved) with the openai
backend: it plays a shipped scenario with its trainee script, and for every customer line
measures the time from sending the trainee's reply to the first word of the answer on screen
(grading, director and the server's time to first token together). All N sessions start
together. Printed per N: customer lines, first word p50/p95, whole line p50, lines the model
wrote, and failures (model errors that fell back to an authored line, and crashed sessions).

    .venv/bin/python bench/server_concurrency.py --base-url http://gpu-box:8000/v1 \\
        --model Qwen/Qwen2.5-7B-Instruct --sessions 1 4 8 16 32
    LAGOM_API_KEY=... .venv/bin/python bench/server_concurrency.py --base-url ... --runs 3

Point it at the vLLM you mean to use and raise N until p95 or failures get too high: that N
is roughly the number of trainees practising at once that the server carries.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_SCRIPT = REPO / "tests" / "trainee_scripts" / "distrustful_warm_en_parcel_lost_again.txt"
DEFAULT_SCENARIO = "en_parcel_lost_again"


def play(config: dict[str, Any], barrier: Any, results: Any) -> None:
    """One session in its own process: wait for the others, play, report the timings."""
    from scenarios.library import load_library
    from simulator.backends.registry import create_backend
    from simulator.events import BackendFailed, CustomerChunk, CustomerReplaced, TurnCompleted
    from simulator.runner import SessionRunner
    from simulator.settings import settings_from
    from simulator.simulate import read_trainee_lines

    report: dict[str, Any] = {"first_word": [], "line": [], "model": 0, "failures": 0,
                              "error": None}
    try:
        settings = settings_from(base_url=config["base_url"], model=config["model"],
                                 backend="openai")
        if config["api_key"]:
            settings = settings.model_copy(update={"api_key": config["api_key"]})
        settings = settings.model_copy(update={"timeout_s": config["timeout"]})
        library = load_library([])
        scenario = library.scenario(config["scenario"])
        replies = read_trainee_lines(Path(config["script"]))[: config["turns"]]
        backend = create_backend(settings)
        runner = SessionRunner.create(None, scenario, library.persona_for(scenario), backend,
                                      trainee="bench", seed=config["seed"])
        for _ in runner.start():
            pass
    except Exception as error:  # noqa: BLE001 - reported as a crashed session
        report["error"] = f"{type(error).__name__}: {error}"
        barrier.wait()
        results.put(report)
        return
    barrier.wait()  # every session is ready: the replies go out together
    try:
        for reply in replies:
            if runner.finished:
                break
            sent = time.perf_counter()
            first = None
            for event in runner.respond(reply):
                if isinstance(event, CustomerChunk | CustomerReplaced) and first is None and (
                    getattr(event, "text", "").strip()
                ):
                    first = time.perf_counter() - sent
                elif isinstance(event, BackendFailed):
                    report["failures"] += 1
                elif isinstance(event, TurnCompleted) and event.turn.role == "customer":
                    report["line"].append(time.perf_counter() - sent)
                    report["model"] += event.turn.source == "model"
            if first is not None:
                report["first_word"].append(first)
        backend.close()
    except Exception as error:  # noqa: BLE001 - reported as a crashed session
        report["error"] = f"{type(error).__name__}: {error}"
    results.put(report)


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def run_level(config: dict[str, Any], sessions: int) -> dict[str, Any]:
    """N sessions at once; their reports merged."""
    context = mp.get_context("spawn")
    barrier = context.Barrier(sessions)
    results = context.Queue()
    workers = [
        context.Process(target=play, args=({**config, "seed": number}, barrier, results))
        for number in range(sessions)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=config["timeout"] * (config["turns"] + 2) + 120)
               for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    merged: dict[str, Any] = {"first_word": [], "line": [], "model": 0, "failures": 0,
                              "crashed": 0, "errors": []}
    for report in reports:
        merged["first_word"] += report["first_word"]
        merged["line"] += report["line"]
        merged["model"] += report["model"]
        merged["failures"] += report["failures"]
        if report["error"]:
            merged["crashed"] += 1
            merged["errors"].append(report["error"])
    return merged


def main(argv: list[str] | None = None) -> int:
    """Run every level and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000/v1")
    parser.add_argument("--model", default=None, help="the model name the server serves")
    parser.add_argument("--api-key", default="", help="bearer token (else LAGOM_API_KEY)")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 4, 8],
                        help="concurrent sessions to try (default: 1 2 4 8)")
    parser.add_argument("--turns", type=int, default=3, help="trainee replies per session")
    parser.add_argument("--runs", type=int, default=1, help="runs per level (median p50/p95)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO)
    parser.add_argument("--script", type=Path, default=DEFAULT_SCRIPT,
                        help="trainee replies, one per line")
    args = parser.parse_args(argv)
    config = {"base_url": args.base_url, "model": args.model, "api_key": args.api_key,
              "turns": args.turns, "timeout": args.timeout, "scenario": args.scenario,
              "script": str(args.script)}
    print(f"server {args.base_url}  model {args.model or '(server default)'}  "
          f"{args.turns} replies per session, {args.runs} run(s) per level")
    for sessions in args.sessions:
        runs = [run_level(config, sessions) for _ in range(args.runs)]
        p50 = statistics.median(percentile(r["first_word"], 0.50) for r in runs)
        p95 = statistics.median(percentile(r["first_word"], 0.95) for r in runs)
        line = statistics.median(percentile(r["line"], 0.50) for r in runs)
        last = runs[-1]
        failures = last["failures"] + last["crashed"]
        print(f"N={sessions:<3} lines {len(last['line']):>4}  first word p50 {p50:6.2f} s  "
              f"p95 {p95:6.2f} s  whole line p50 {line:6.2f} s  model lines {last['model']:>4}  "
              f"failures {failures}")
        for error in last["errors"][:3]:
            print(f"      crashed: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
