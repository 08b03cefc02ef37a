"""Shared helpers for the evaluator benchmarks: the calibration set, rank statistics, medians.

No numpy or scipy: Spearman's rho is computed here, with average ranks for ties.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
"""The repository root (the bench scripts run from anywhere)."""
CALIBRATION_DIR = REPO_ROOT / "bench" / "data" / "calibration"
"""Where the hand-written calibration set lives."""
CALIBRATION_LANGUAGES = ("en", "sv", "nl", "pl")
"""The language files of the calibration set, in reporting order."""
DIMENSIONS = ("listening", "tone", "honesty", "understanding")
"""The four graded dimensions, in reporting order."""

if str(REPO_ROOT) not in sys.path:  # so `evaluation` imports without an installed package
    sys.path.insert(0, str(REPO_ROOT))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file into a list of objects, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_calibration(
    directory: Path = CALIBRATION_DIR, limit: int | None = None
) -> list[dict[str, Any]]:
    """All calibration replies, by language; `limit` keeps the first N of each language."""
    records: list[dict[str, Any]] = []
    for language in CALIBRATION_LANGUAGES:
        rows = read_jsonl(directory / f"{language}.jsonl")
        records.extend(rows[:limit] if limit is not None else rows)
    return records


def load_pairs(directory: Path = CALIBRATION_DIR) -> list[dict[str, Any]]:
    """The ordered pairs (`better`, `worse`, `dimension`, `source`); none when the folder has
    no `pairs.jsonl` (the fresh holdout has bands only)."""
    path = directory / "pairs.jsonl"
    return read_jsonl(path) if path.is_file() else []


def message_key(record: dict[str, Any]) -> str:
    """The id of the customer message a calibration reply answers (`en-07`)."""
    return record["id"].rsplit("-", 1)[0]


def transcript_dict(record: dict[str, Any], with_language: bool = True) -> dict[str, Any]:
    """The transcript JSON for one calibration reply: its context plus the reply, last."""
    turns = [*record["context"], {"role": "trainee", "text": record["reply"]}]
    transcript: dict[str, Any] = {"turns": turns}
    if with_language:
        transcript["language"] = record["language"]
    return transcript


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n of `values`, tied values sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r; NaN when either side is constant or there are fewer than two values."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("pearson needs two sequences of the same length")
    if n < 2:
        return math.nan
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return math.nan
    return cov / math.sqrt(var_x * var_y)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho: Pearson's r of the average ranks (ties handled, as scipy does)."""
    return pearson(average_ranks(xs), average_ranks(ys))


def median(values: Sequence[float]) -> float:
    """The median of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of an empty sequence")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def fmt(value: float, digits: int = 3) -> str:
    """A figure for printing: fixed decimals, or `n/a` for NaN."""
    return "n/a" if math.isnan(value) else f"{value:.{digits}f}"


def json_safe(value: Any) -> Any:
    """`value` with every NaN replaced by None, so `--json` output is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
