"""Detectors: each looks at one reply in context and records rubric findings with quotes.

They run in the order of `DETECTORS`; later ones may read what earlier ones found.
"""

from __future__ import annotations

from collections.abc import Callable

from evaluation.context import ReplyContext
from evaluation.detectors import (
    facts,
    function,
    honesty,
    listening,
    repetition,
    tone,
    understanding,
)

DETECTORS: tuple[Callable[[ReplyContext], None], ...] = (
    repetition.detect,
    listening.detect,
    honesty.detect,
    facts.detect,
    function.detect,
    tone.detect,
    understanding.detect,
)
"""Every detector, in the order they must run."""


def run_detectors(ctx: ReplyContext) -> None:
    """Run every detector on the context, filling `ctx.found`."""
    for detector in DETECTORS:
        detector(ctx)
