"""The `store` fixtures that run the store suite against every store implementation.

`open_store` yields a function that opens (or reopens) one test's store, so a test can
close it and check what a fresh connection sees; `store` is one open store. Both are
parametrized over `STORE_KINDS`: "sqlite" here; the PostgreSQL helper adds "postgresql"
by extending `STORE_KINDS` and `OPENERS` (a throwaway cluster, skipped nowhere: a missing
server is a failure). Tests import the fixtures by name:

    from store_support import open_store, store  # noqa: F401  (pytest fixtures)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from pg_support import postgres_opener

from simulator.store import SessionStore, Store

StoreOpener = Callable[[], SessionStore]
"""Opens the test's store (again): every call is a new connection to the same data."""


def sqlite_opener(tmp_path: Path) -> StoreOpener:
    """Open a SQLite store in a folder that does not exist yet (so creation is tested too)."""
    path = tmp_path / "store-home" / "lagom.db"
    return lambda: Store.open(path)


OPENERS: dict[str, Callable[[Path], StoreOpener]] = {
    "sqlite": sqlite_opener,
    "postgresql": postgres_opener,  # a new database in the run's throwaway cluster
}
"""How to make each kind of store for one test, from the test's temporary folder."""

STORE_KINDS = list(OPENERS)
"""The store kinds every generic store test runs against."""


@pytest.fixture(params=STORE_KINDS)
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreOpener]:
    """A function opening this test's (empty at first) store; all it opened are closed."""
    make = OPENERS[request.param](tmp_path)
    opened: list[SessionStore] = []

    def opener() -> SessionStore:
        store = make()
        opened.append(store)
        return store

    yield opener
    for store in opened:
        with suppress(Exception):  # already closed by the test
            store.close()


@pytest.fixture
def store(open_store: StoreOpener) -> SessionStore:
    """One open store of each kind, empty at first."""
    return open_store()
