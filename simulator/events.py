"""Events a running session yields while the customer speaks; the UI and CLI consume them."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.records import TurnRecord


@dataclass(frozen=True)
class CustomerChunk:
    """A piece of the customer's line, to append to what is shown."""

    text: str


@dataclass(frozen=True)
class CustomerReplaced:
    """The guard rejected the streamed text: show `text` (an authored line) instead."""

    text: str
    reason: str


@dataclass(frozen=True)
class TurnCompleted:
    """A turn is complete and already handed to the store callback."""

    turn: TurnRecord


@dataclass(frozen=True)
class BackendFailed:
    """The model failed mid-session; the session goes on with authored lines."""

    message: str


SessionEvent = CustomerChunk | CustomerReplaced | TurnCompleted | BackendFailed
"""Everything `PracticeSession.start()` and `.respond()` can yield."""
