"""Speed and memory of the evaluator through `lagom grade --batch`.

Builds 3,000 single-reply transcripts from the calibration replies (cycled; each is the
customer message plus the reply, with the language left to detection). It runs
`python -m simulator grade --batch` on them as a subprocess, three times, and prints:
the median wall time per reply, the same without interpreter start-up, the in-process
median per `grade_transcript` call, the time to grade one reply (the last of a 20-turn
conversation) in a warm process and as the first reply of a fresh one, the subprocess's peak
memory (one grading process: what each trainee process of a served class adds), and whether
any model library (torch, transformers, llama_cpp) was imported.

    .venv/bin/python bench/evaluator_speed.py [--limit N] [--runs R] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO_ROOT, load_calibration, median

from evaluation import Transcript, assess_reply, grade_transcript

GOAL_MS = 10.0
"""Issue 8: at most 10 ms a reply in `lagom grade --batch` (median over 3,000 replies)."""
GOAL_ONE_MS = 100.0
"""Issue 8: at most 100 ms to grade one reply in the UI (a warm process, a long conversation)."""
GOAL_MB = 300.0
MODEL_MODULES = ("torch", "transformers", "llama_cpp")
"""Libraries that would mean a model was loaded; grading must never import them."""


class BatchError(Exception):
    """`lagom grade --batch` failed or answered with the wrong number of lines."""


def build_transcripts(count: int) -> list[dict[str, Any]]:
    """`count` single-reply transcripts: a calibration reply after its customer message."""
    records = load_calibration()
    return [
        {"turns": [r["context"][-1], {"role": "trainee", "text": r["reply"]}]}
        for r in itertools.islice(itertools.cycle(records), count)
    ]


def write_batch(transcripts: list[dict[str, Any]], directory: Path, name: str) -> Path:
    """Write transcripts as JSON Lines, one a line, and return the file."""
    path = directory / name
    with path.open("w", encoding="utf-8") as handle:
        for transcript in transcripts:
            handle.write(json.dumps(transcript, ensure_ascii=False) + "\n")
    return path


def run_batch(path: Path, expected: int, extra: tuple[str, ...] = ()) -> tuple[float, str]:
    """Run `python -m simulator grade --batch PATH`; the wall time (s) and its stderr."""
    command = [sys.executable, *extra, "-m", "simulator", "grade", "--batch", str(path)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BatchError(f"'lagom grade --batch' exited {done.returncode}: {done.stderr.strip()}")
    results = [json.loads(line) for line in done.stdout.splitlines()]
    if len(results) != expected or any("replies" not in r for r in results):
        raise BatchError(
            f"'lagom grade --batch' wrote {len(results)} lines for {expected} "
            "transcripts, or a line without grades"
        )
    return wall, done.stderr


def imported_model_modules(importtime_log: str) -> list[str]:
    """Model libraries named in a `python -X importtime` log."""
    found = set()
    for line in importtime_log.splitlines():
        name = line.rsplit("|", 1)[-1].strip().split(".", 1)[0]
        if name in MODEL_MODULES:
            found.add(name)
    return sorted(found)


def in_process_ms(transcripts: list[dict[str, Any]]) -> float:
    """Median milliseconds per `grade_transcript` call, in this process, after a warm-up."""
    parsed = [Transcript.model_validate(t) for t in transcripts]
    for transcript in parsed[:20]:
        grade_transcript(transcript)
    times = []
    for transcript in parsed:
        started = time.perf_counter()
        grade_transcript(transcript)
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


COLD = (
    "import time, json, sys\n"
    "from evaluation import Transcript, assess_reply\n"
    "t = Transcript.model_validate(json.loads(sys.stdin.read()))\n"
    "started = time.perf_counter()\n"
    "assess_reply(t, len(t.turns) - 1)\n"
    "print((time.perf_counter() - started) * 1000)\n"
)
"""The first reply graded in a fresh process (cue files compiled on the way)."""
PREPARED = COLD.replace("started = ", "from evaluation import prepare\nprepare('en')\nstarted = ")
"""The first reply graded in a fresh process after `evaluation.prepare` (what the UI does at
session start, in the background)."""


def conversation(transcripts: list[dict[str, Any]], turns: int = 20) -> dict[str, Any]:
    """A conversation of `turns` turns made of calibration lines, ending on a reply."""
    lines = [turn for t in transcripts for turn in t["turns"]][:turns]
    return {"language": "en", "turns": lines}


def one_reply_ms(transcripts: list[dict[str, Any]], runs: int) -> tuple[float, float, float]:
    """Milliseconds to grade the last reply of a 20-turn conversation: median in this (warm)
    process, median of the first reply graded in a fresh process (cold), and the same after
    `evaluation.prepare()`."""
    english = [t for t in transcripts if t["turns"][-1]["text"].isascii()] or transcripts
    talk = conversation(english)
    parsed = Transcript.model_validate(talk)
    last = len(parsed.turns) - 1
    assess_reply(parsed, last)
    warm = []
    for _ in range(max(5, runs * 5)):
        started = time.perf_counter()
        assess_reply(parsed, last)
        warm.append((time.perf_counter() - started) * 1000)
    fresh: dict[str, list[float]] = {COLD: [], PREPARED: []}
    for script, times in fresh.items():
        for _ in range(runs):
            done = subprocess.run([sys.executable, "-c", script], input=json.dumps(talk),
                                  cwd=REPO_ROOT, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise BatchError(f"grading one reply failed: {done.stderr.strip()}")
            times.append(float(done.stdout.strip()))
    return median(warm), median(fresh[COLD]), median(fresh[PREPARED])


def measure(count: int, runs: int) -> dict[str, Any]:
    """Run the whole benchmark and return its figures."""
    transcripts = build_transcripts(count)
    with tempfile.TemporaryDirectory() as tmp:
        batch = write_batch(transcripts, Path(tmp), "batch.jsonl")
        single = write_batch(transcripts[:1], Path(tmp), "single.jsonl")
        walls = [run_batch(batch, count)[0] for _ in range(runs)]
        start_up = median([run_batch(single, 1)[0] for _ in range(runs)])
        _, log = run_batch(single, 1, extra=("-X", "importtime"))
    wall = median(walls)
    per_call = in_process_ms(transcripts)
    one_warm, one_cold, one_prepared = one_reply_ms(transcripts, runs)
    loaded_here = sorted(name for name in MODEL_MODULES if name in sys.modules)
    return {
        "transcripts": count,
        "runs": runs,
        "median_wall_s": wall,
        "ms_per_reply": wall / count * 1000,
        "start_up_s": start_up,
        "ms_per_reply_without_start_up": max(wall - start_up, 0.0) / count * 1000,
        "in_process_ms_per_call": per_call,
        "one_reply_ms": one_warm,
        "one_reply_cold_ms": one_cold,
        "one_reply_prepared_ms": one_prepared,
        # Linux reports ru_maxrss in KiB: the largest of all waited-for children.
        "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "model_modules_subprocess": imported_model_modules(log),
        "model_modules_in_process": loaded_here,
    }


def goal_line(result: dict[str, Any]) -> str:
    """The issue's goal: <= 10 ms per reply in a batch, <= 100 ms for one reply, <= 300 MB,
    no model library imported."""
    models = result["model_modules_subprocess"] + result["model_modules_in_process"]
    met = result["ms_per_reply"] <= GOAL_MS and result["peak_mb"] <= GOAL_MB and not models \
        and result["one_reply_ms"] <= GOAL_ONE_MS
    return (
        f"goal: <= {GOAL_MS:g} ms per reply (got {result['ms_per_reply']:.2f}), "
        f"<= {GOAL_ONE_MS:g} ms for one reply (got {result['one_reply_ms']:.1f}), "
        f"<= {GOAL_MB:g} MB (got {result['peak_mb']:.0f}), no model loaded "
        f"({'none' if not models else ', '.join(sorted(set(models)))}): "
        + ("met" if met else "NOT met")
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description="Time and memory of 'lagom grade --batch' on single-reply transcripts."
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=3000,
        metavar="N",
        help="how many transcripts to grade (default 3000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        metavar="R",
        help="subprocess runs; the median is reported (default 3)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Measure and print the speed figures."""
    args = build_parser().parse_args(argv)
    if args.limit < 1 or args.runs < 1:
        print("lagom: --limit and --runs must be at least 1", file=sys.stderr)
        return 2
    try:
        result = measure(args.limit, args.runs)
    except BatchError as error:
        print(f"lagom: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**result, "goal": goal_line(result)}, indent=2))
        return 0
    print(
        f"lagom grade --batch: {result['transcripts']} single-reply transcripts, "
        f"median of {result['runs']} runs"
    )
    print(f"wall time: {result['median_wall_s']:.2f} s; per reply {result['ms_per_reply']:.2f} ms")
    print(
        f"start-up (1 transcript): {result['start_up_s']:.2f} s; "
        f"per reply without start-up {result['ms_per_reply_without_start_up']:.2f} ms"
    )
    print(f"in-process grade_transcript: median {result['in_process_ms_per_call']:.2f} ms per call")
    print(f"one reply (last of a 20-turn conversation): {result['one_reply_ms']:.1f} ms warm, "
          f"{result['one_reply_cold_ms']:.0f} ms as the first in a fresh process, "
          f"{result['one_reply_prepared_ms']:.1f} ms after evaluation.prepare()")
    print(f"peak memory of the subprocess: {result['peak_mb']:.0f} MB (one grading process)")
    print(
        f"model libraries imported: subprocess "
        f"{', '.join(result['model_modules_subprocess']) or 'none'}; "
        f"in process {', '.join(result['model_modules_in_process']) or 'none'}"
    )
    print(goal_line(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
