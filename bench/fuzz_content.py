"""Fuzz `lagom lint` and `lagom scenarios` with mutated persona and scenario files.

    .venv/bin/python bench/fuzz_content.py               # 1,000 cases, seed 1
    .venv/bin/python bench/fuzz_content.py --cases 200 --seed 5

Each case takes a shipped file, mutates it (random byte flips, truncation, deep nesting,
huge values, control bytes), puts it in a fresh LAGOM_HOME/scenarios and runs both commands
in-process, each in a thread with a timeout. Prints how many cases ended in a traceback (any
exception out of `main`, or an exit status other than 0/1/2) and how many hung: both must be 0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import threading
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("personas/*.toml"), *ROOT.glob("scenarios/*.toml")])


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random mutation of a file's bytes."""
    kind = rng.choice(["flip", "truncate", "nest", "huge", "control", "splice", "flip"])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "nest":
        depth = rng.choice([20, 100, 500, 2000])
        return data + b"\nnested = " + b"[" * depth + b"]" * depth + b"\n"
    if kind == "huge":
        size = rng.choice([10_000, 300_000, 2_000_000])
        return data.replace(b'name = "', b'name = "' + b"x" * size, 1) if rng.random() < 0.5 \
            else data + b'\nextra = "' + b"y" * size + b'"\n'
    if kind == "control":
        at = rng.randrange(len(data))
        noise = rng.choice([b"\x1b[2J", b"\x00", b"\x1b]0;t\x07", b"\xc2\x9b"])
        return data[:at] + noise + data[at:]
    other = rng.choice(SOURCES).read_bytes()
    cut = rng.randrange(len(data))
    return data[:cut] + other[rng.randrange(len(other)):]


def run_command(argv: list[str], timeout: float) -> str:
    """`ok`, `traceback` or `hang` for one in-process command."""
    from simulator.cli import main

    result: dict[str, object] = {}

    def target() -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                result["status"] = main(argv)
        except BaseException as error:  # noqa: BLE001 - the point is to catch everything
            result["error"] = "".join(traceback.format_exception(error))

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return "hang"
    if "error" in result or result.get("status") not in (0, 1, 2):
        return "traceback"
    return "ok"


def fuzz(cases: int, seed: int, timeout: float = 30.0) -> dict[str, int]:
    """Run `cases` mutated files through lint and scenarios; count the outcomes."""
    rng = random.Random(seed)
    counts = {"cases": 0, "ok": 0, "traceback": 0, "hang": 0}
    with tempfile.TemporaryDirectory() as tmp:
        previous = os.environ.get("LAGOM_HOME")
        os.environ["LAGOM_HOME"] = tmp
        folder = Path(tmp) / "scenarios"
        folder.mkdir()
        try:
            for case in range(cases):
                source = rng.choice(SOURCES)
                target = folder / f"case{case}.toml"
                target.write_bytes(mutate(source.read_bytes(), rng))
                for argv in (["lint", str(target)], ["scenarios"]):
                    outcome = run_command(argv, timeout)
                    counts[outcome] += 1
                    if outcome != "ok":
                        print(f"case {case} ({source.name}) {argv[0]}: {outcome}", file=sys.stderr)
                target.unlink()
                counts["cases"] += 1
        finally:
            if previous is None:
                os.environ.pop("LAGOM_HOME", None)
            else:
                os.environ["LAGOM_HOME"] = previous
    return counts


def main() -> int:
    """Fuzz and print the counts; exit 1 when any case gave a traceback or hung."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = fuzz(args.cases, args.seed)
    print(f"cases {counts['cases']}: runs ok {counts['ok']}, tracebacks {counts['traceback']}, "
          f"hangs {counts['hang']}")
    return 1 if counts["traceback"] or counts["hang"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
