"""Speed of the simulated customer: the embedded model over a 12-turn session, vs llama.cpp.

Usage: python bench/customer_bench.py [--turns 12] [--runs 3] [--int8] [--prefill] [--no-llama]

Prints per turn the time to first token, decoding speed and prompt tokens actually computed
(medians over runs); cold start with and without the weights cache; peak memory; the same
figures for llama-cpp-python on the same GGUF with the ratio; then PASS/FAIL per target.
Each engine runs in its own process (bench/customer_workers.py), so starts and memory are
measured as a user would see them. Run it on a quiet machine: it uses both cores.
With --prefill the transformers session is also played calling `prefill` with the stable
start of the next prompt before each trainee line, as the UI does while the trainee types
(that time is not counted: a trainee takes seconds to type); the targets are then checked
on the prefill figures, which is what a user sees.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("customer_workers.py")


def worker(kind: str, cache: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    """Run one worker process; return its JSON figures plus `ready_s` (launch to ready)."""
    command = [sys.executable, str(WORKER), kind, "--cache", cache, "--turns", str(args.turns),
               "--runs", str(args.runs), "--max-new-tokens", str(args.max_new_tokens), *extra]
    launched = time.time()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"customer_bench: the {kind} worker failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout)
    # From launch to a loaded model, not counting the interpreter's slow exit after it.
    result["ready_s"] = result.get("ready_at", time.time()) - launched
    return result


def per_turn(result: dict[str, Any], key: str) -> list[float]:
    """The median of `key` for each turn over the runs."""
    runs = result["runs"]
    return [statistics.median(run[turn][key] for run in runs) for turn in range(len(runs[0]))]


def repetition(result: dict[str, Any]) -> float:
    """Share of lines that repeat a 3-word phrase within themselves (a looping model)."""
    lines = [turn["text"] for run in result["runs"] for turn in run]
    return sum(_repeats_trigram(line) for line in lines) / max(1, len(lines))


def _repeats_trigram(line: str) -> bool:
    words = re.findall(r"\w+", line.lower())
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    return len(set(trigrams)) < len(trigrams)


def print_turns(name: str, result: dict[str, Any], other: dict[str, Any] | None) -> None:
    """The per-turn table of one engine, with the TTFT ratio to the other engine."""
    ttft, speed = per_turn(result, "ttft_s"), per_turn(result, "tokens_per_s")
    prompt, computed = per_turn(result, "prompt_tokens"), per_turn(result, "computed")
    header = f"{'turn':>4} {'prompt':>7} {'computed':>9} {'TTFT s':>7} {'tok/s':>6}"
    print(f"\n{name}\n{header}" + (f" {'TTFT vs llama.cpp':>18}" if other else ""))
    base = per_turn(other, "ttft_s") if other else None
    for i in range(len(ttft)):
        row = f"{i + 1:>4} {prompt[i]:>7.0f} {computed[i]:>9.0f} {ttft[i]:>7.3f} {speed[i]:>6.1f}"
        print(row + (f" {ttft[i] / base[i]:>17.2f}x" if base else ""))


def summary(result: dict[str, Any]) -> dict[str, float]:
    """Headline figures of one engine's session."""
    ttft = per_turn(result, "ttft_s")
    speeds = [t["tokens_per_s"] for run in result["runs"] for t in run if t["tokens"] > 1]
    return {
        "ttft": statistics.median(ttft),
        "turn12_vs_2": ttft[-1] / ttft[1] if len(ttft) > 1 else 1.0,
        "speed": statistics.median(speeds) if speeds else 0.0,
        "peak_gb": result["peak_rss_mb"] / 1024,
        "repetition": repetition(result),
    }


def print_summary(name: str, figures: dict[str, float]) -> None:
    """One line of headline figures."""
    print(f"{name:<22} median TTFT {figures['ttft']:.3f} s, turn 12 / turn 2 "
          f"{figures['turn12_vs_2']:.2f}x, decoding {figures['speed']:.1f} tok/s, "
          f"peak RSS {figures['peak_gb']:.2f} GB, lines repeating a phrase "
          f"{figures['repetition']:.0%}")


def print_targets(main: dict[str, float], start_s: float, peak_gb: float,
                  name: str = "transformers fp32") -> None:
    """PASS/FAIL against the targets of issue 4."""
    targets = [
        ("median time to first token", main["ttft"], "<=", 0.5, "s"),
        ("turn 12 / turn 2 first-token time", main["turn12_vs_2"], "<=", 1.3, "x"),
        ("decoding speed", main["speed"], ">=", 12.0, "tok/s"),
        ("start with weights cache", start_s, "<=", 4.0, "s"),
        ("peak memory", peak_gb, "<=", 1.5, "GB"),
    ]
    print(f"\nTargets ({name}, embedded model)")
    for label, value, op, limit, unit in targets:
        ok = value <= limit if op == "<=" else value >= limit
        print(f"  {'PASS' if ok else 'FAIL'}  {label}: {value:.2f} {unit} ({op} {limit:g})")


def main() -> None:
    """Measure, then print the tables, summaries and targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=12, help="customer turns per session")
    parser.add_argument("--runs", type=int, default=3, help="sessions per engine (median)")
    parser.add_argument("--max-new-tokens", type=int, default=48, help="cap per customer line")
    parser.add_argument("--int8", action="store_true", help="also measure int8 Linear layers")
    parser.add_argument("--prefill", action="store_true",
                        help="also measure with prefill between turns, as the UI does")
    parser.add_argument("--no-llama", action="store_true", help="skip llama-cpp-python")
    parser.add_argument("--show-lines", action="store_true", help="print run 1's lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lagom-bench-cache-") as cache:
        cold = worker("start", cache, args)
        warm = [worker("start", cache, args) for _ in range(args.runs)]
        engines = {"transformers fp32": worker("transformers", cache, args)}
        if args.prefill:
            engines["transformers fp32 + prefill"] = worker("transformers", cache, args,
                                                           "--prefill")
        if args.int8:
            engines["transformers int8"] = worker("transformers", cache, args, "--int8")
    llama = None if args.no_llama else worker("llama", "", args)
    report(args, cold, warm, engines, llama)


def report(args: argparse.Namespace, cold: dict[str, Any], warm: list[dict[str, Any]],
           engines: dict[str, dict[str, Any]], llama: dict[str, Any] | None) -> None:
    """Print everything measured."""
    print(f"Lagom customer bench: embedded SmolLM2-135M-Instruct Q4_1, {args.turns} turns, "
          f"median of {args.runs} runs, up to {args.max_new_tokens} new tokens a line")
    start_s = statistics.median(w["ready_s"] for w in warm)
    print("\nCold start (process start to model ready)")
    print(f"  without weights cache: {cold['ready_s']:.1f} s, peak RSS "
          f"{cold['peak_rss_mb'] / 1024:.2f} GB")
    print(f"  with weights cache:    {start_s:.1f} s (median of {len(warm)}), peak RSS "
          f"{max(w['peak_rss_mb'] for w in warm) / 1024:.2f} GB")
    if llama:
        print(f"  llama.cpp:             {llama['start_s']:.1f} s to a loaded model")
    for name, result in engines.items():
        print_turns(name, result, llama)
    if llama:
        print_turns("llama.cpp (llama-cpp-python, n_threads=2, its own prefix cache)", llama, None)
    print()
    figures = {name: summary(result) for name, result in engines.items()}
    for name, result in figures.items():
        print_summary(name, result)
    if llama:
        base = summary(llama)
        print_summary("llama.cpp", base)
        main_figures = figures["transformers fp32"]
        print(f"{'ratio fp32 / llama.cpp':<22} TTFT {main_figures['ttft'] / base['ttft']:.2f}x, "
              f"decoding speed {main_figures['speed'] / base['speed']:.2f}x")
    peak = max(engines["transformers fp32"]["peak_rss_mb"], cold["peak_rss_mb"]) / 1024
    shown = "transformers fp32 + prefill" if "transformers fp32 + prefill" in figures else (
        "transformers fp32")
    print_targets(figures[shown], start_s, peak, shown)
    if args.show_lines:
        for name, result in {**engines, **({"llama.cpp": llama} if llama else {})}.items():
            print(f"\n{name}, run 1:")
            for index, turn in enumerate(result["runs"][0]):
                print(f"  {index + 1:>2}. {turn['text']}")


if __name__ == "__main__":
    main()
