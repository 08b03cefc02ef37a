"""`lagom --print-config`: every effective setting and where it came from, secrets masked."""

from __future__ import annotations

import argparse

from simulator.cli.common import settings_for
from simulator.settings import describe


def print_config(args: argparse.Namespace) -> int:
    """Print one line per setting: name, value, source (flag, environment or default)."""
    rows = describe(settings_for(args))
    width = max(len(name) for name, _, _ in rows)
    value_width = min(60, max(len(value) for _, value, _ in rows))
    for name, value, source in rows:
        print(f"{name.ljust(width)}  {value.ljust(value_width)}  {source}")
    return 0
