"""How grading time grows with the transcript: turns and reply length (median of runs).

    .venv/bin/python bench/grade_scaling.py            # 10 / 100 / 1,000 / 10,000 turns,
                                                       # 1 KB / 100 KB / 1 MB replies
    .venv/bin/python bench/grade_scaling.py --runs 1 --max-turns 1000

Transcripts are generated (fixed seed): customer lines and trainee replies in English, varied
in their numbers, names and wording, as `lagom grade` would read them. Grading should be
linear in turns (the per-reply figure stays flat) and 10,000 turns under 10 s. Long replies
go through `lagom grade`'s own input check first: past the limit they are refused with a
message at once (the time shown), and with the limit raised the grading time is shown too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CUSTOMER = [
    "My parcel {n} was due on {day} and it still isn't here.",
    "I paid £{p}.99 for next-day delivery and nobody called me back.",
    "This is the {k} time I'm calling about order {n}, and I'm fed up.",
    "The driver said the depot in {town} has it, but they won't answer.",
    "I need it before {day} because it's my son's birthday present.",
    "You promised a callback within {h} hours and nothing happened.",
]
TRAINEE = [
    "I'm sorry, that sounds really frustrating. Can you give me the order number?",
    "Thank you. I can see parcel {n} is at the {town} depot; I'll chase it now.",
    "I understand, {k} calls is too many. I will call you back by {h} o'clock today.",
    "I can refund the £{p}.99 delivery charge today and book delivery for {day}.",
    "Let me check that for you. Is {day} morning a good time for the courier?",
    "I'm so sorry about the birthday present. I'll make sure it arrives on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
TOWNS = ["Leeds", "Bristol", "Hull", "York", "Derby", "Bath"]
ORDINALS = ["second", "third", "fourth", "fifth"]


def fill(template: str, rng: random.Random) -> str:
    """A template with random details."""
    return template.format(
        n=rng.randint(10000, 99999), day=rng.choice(DAYS), p=rng.randint(3, 90),
        k=rng.choice(ORDINALS), town=rng.choice(TOWNS), h=rng.randint(2, 72),
    )


def transcript(turns: int, seed: int = 7) -> dict:
    """A transcript of `turns` turns, customer first, alternating."""
    rng = random.Random(seed)
    rows = []
    for i in range(turns):
        role, lines = ("customer", CUSTOMER) if i % 2 == 0 else ("trainee", TRAINEE)
        rows.append({"role": role, "text": fill(rng.choice(lines), rng)})
    return {"language": "en", "turns": rows}


def long_reply(size: int, seed: int = 7) -> dict:
    """A customer line and one trainee reply of about `size` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(fill(rng.choice(TRAINEE), rng))
    reply = " ".join(parts)[:size]
    return {"language": "en", "turns": [
        {"role": "customer", "text": fill(CUSTOMER[0], rng)},
        {"role": "trainee", "text": reply},
    ]}


def grade_seconds(data: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds to read and grade one transcript as `lagom grade` does, and how
    it ended (CPU time is the fairer figure on a busy machine)."""
    from evaluation import grade_transcript
    from evaluation.textin import TranscriptError, transcript_from_data

    started, cpu = time.perf_counter(), time.process_time()
    try:
        grade_transcript(transcript_from_data(data))
        outcome = "graded"
    except TranscriptError as error:
        outcome = f"refused: {error}"
    return time.perf_counter() - started, time.process_time() - cpu, outcome


def median_of(runs: int, data: dict) -> tuple[float, float, str]:
    """The median wall and CPU time of `runs` gradings, and the last outcome."""
    walls, cpus, outcome = [], [], ""
    for _ in range(runs):
        wall, cpu, outcome = grade_seconds(data)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), outcome


def main() -> int:
    """Print the two tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median shown)")
    parser.add_argument("--max-turns", type=int, default=10_000)
    args = parser.parse_args()
    from evaluation import grade_transcript
    from evaluation.textin import transcript_from_data

    grade_transcript(transcript_from_data(transcript(10)))  # load cues and rubric once
    print(f"{'turns':>8} {'wall s':>8} {'cpu s':>8} {'cpu ms/reply':>13}")
    for turns in (10, 100, 1_000, 10_000):
        if turns > args.max_turns:
            continue
        wall, cpu, outcome = median_of(args.runs, transcript(turns))
        per_reply = cpu / (turns // 2) * 1000
        print(f"{turns:>8,} {wall:>8.2f} {cpu:>8.2f} {per_reply:>13.2f}  {outcome}")
    print()
    print(f"{'reply':>8} {'wall s':>8} {'cpu s':>8}  outcome")
    for label, size in (("1 KB", 1_000), ("100 KB", 100_000), ("1 MB", 1_000_000)):
        wall, cpu, outcome = median_of(args.runs, long_reply(size))
        print(f"{label:>8} {wall:>8.3f} {cpu:>8.3f}  {outcome[:90]}")
    raised = os.environ.get("LAGOM_GRADE_MAX_CHARS")
    os.environ["LAGOM_GRADE_MAX_CHARS"] = str(2_000_000)
    try:
        for label, size in (("100 KB", 100_000), ("1 MB", 1_000_000)):
            wall, cpu, outcome = median_of(1, long_reply(size))
            print(f"{label:>8} {wall:>8.3f} {cpu:>8.3f}  {outcome} (limit raised to 2,000,000)")
    finally:
        if raised is None:
            os.environ.pop("LAGOM_GRADE_MAX_CHARS")
        else:
            os.environ["LAGOM_GRADE_MAX_CHARS"] = raised
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
