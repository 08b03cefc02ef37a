"""The store interface: what every session store (SQLite, PostgreSQL) offers and guarantees.

`SessionStore` is the contract the runner, the UI, the exports and the CLI rely on. The SQLite
`Store` (simulator/store/store.py) implements it; a PostgreSQL store
(`simulator/store/postgres*.py`) implements the same methods with the same guarantees and
is tested by the same suite (tests/test_store.py through the `store` fixture in
tests/store_support.py). `open_store(target)` picks the implementation from a path or URL.

Guarantees every implementation keeps:
- Every write is committed (durable) before the method returns.
- `save_turn` is a plain insert of the *next* turn: `turn.index` must be one past the last
  saved index (0 first). The very same turn saved again is a no-op (safe retry); another
  turn at a saved index, or a gap, raises `TurnConflict` and writes nothing. A saved turn
  is never replaced.
- Session ids never collide across machines (time prefix + at least 50 random bits); any
  unique prefix of an id names the session (`resolve`, `load_session`).
- Failures raise `StoreError` (or a subclass) whose message names the database and says what
  to do; `SessionNotFound` for an unknown or ambiguous id.
- Readers never wait for writers; a store opened `readonly=True` never writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Self, runtime_checkable

from evaluation.models import GradeSummary
from simulator.records import TurnRecord
from simulator.store.models import Agreement, SavedSession, SessionInfo


@runtime_checkable
class SessionStore(Protocol):
    """Saved sessions, turns, coach notes and overrides, and a few remembered settings."""

    readonly: bool
    """True when opened for reading only."""

    def create_session(
        self,
        trainee: str,
        scenario_id: str,
        seed: int = 0,
        mode: str = "practice",
        backend: str = "",
        model: str | None = None,
        *,
        scenario_title: str = "",
        language: str = "",
        archetype: str = "",
    ) -> str:
        """Record a new running session and return its id."""
        ...

    def save_turn(self, sid: str, turn: TurnRecord) -> None:
        """Insert the next turn of `sid` and commit (see the module's guarantees)."""
        ...

    def finish_session(self, sid: str, outcome: str, summary: GradeSummary | None) -> None:
        """Record how the session ended and its summary (status `finished`)."""
        ...

    def mark_interrupted(self, sid: str) -> None:
        """A running session was left on purpose (status `interrupted`; it can continue)."""
        ...

    def resolve(self, sid: str) -> str:
        """The full id of the one session whose id is `sid` or starts with it."""
        ...

    def list_sessions(
        self,
        trainee: str | None = None,
        scenario_id: str | None = None,
        outcome: str | None = None,
    ) -> list[SessionInfo]:
        """Saved sessions, newest first, optionally filtered."""
        ...

    def interrupted_sessions(self, trainee: str | None = None) -> list[SessionInfo]:
        """Unfinished sessions, newest first."""
        ...

    def load_session(self, sid: str) -> SavedSession:
        """A whole session (info, turns in index order, notes, overrides, flags) by id or
        prefix."""
        ...

    def flag_line(self, sid: str, turn_index: int, reason: str = "") -> None:
        """The trainee flags saved customer line `turn_index` as wrong, with an optional reason
        (`simulator.store.flags`); StoreError for a turn that is not a saved customer line."""
        ...

    def add_note(self, sid: str, turn_index: int | None, text: str, author: str = "") -> None:
        """Add a coach's note to a turn (None: to the whole session)."""
        ...

    def override_score(
        self,
        sid: str,
        turn_index: int,
        dimension: str,
        score: float,
        reason: str,
        author: str = "",
    ) -> None:
        """Record a coach's score for one dimension of a graded reply, beside the automatic one."""
        ...

    def agreement(self, sid: str | None = None) -> Agreement:
        """How often the latest overrides are within 1 point of the automatic score."""
        ...

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A remembered value, or `default`."""
        ...

    def set_setting(self, key: str, value: str) -> None:
        """Remember a value across runs."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Self:
        """Use in a `with` block; closed at the end."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close."""
        ...


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""URL prefixes that name a PostgreSQL database."""


def open_store(
    target: str | Path, *, readonly: bool = False, timeout: float | None = None
) -> SessionStore:
    """Open the store named by `target`: a path or `sqlite:///path` (SQLite), or a
    `postgresql://` URL (the PostgreSQL store, imported only then).

    The PostgreSQL module is expected to offer `PostgresStore.open(url, readonly=...)`.
    """
    text = str(target)
    if text.startswith(POSTGRES_SCHEMES):
        from simulator.store.errors import StoreError

        try:
            from simulator.store.postgres import PostgresStore  # type: ignore[import-not-found]
        except ImportError as error:
            raise StoreError(f"PostgreSQL support is not available: {error}") from None
        return PostgresStore.open(text, readonly=readonly)
    from simulator.store.store import Store

    if text.startswith("sqlite://"):
        text = text.removeprefix("sqlite://")  # sqlite:///abs/path keeps its leading slash
    return Store.open(Path(text), timeout, readonly=readonly)
