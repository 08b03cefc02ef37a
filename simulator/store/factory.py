"""Open the session store the settings name: SQLite (the default) or PostgreSQL.

Every command opens its store with `open_store_for(settings)`, so `LAGOM_DATABASE` /
`--database` reaches all of them: a path or `sqlite:///path` is an SQLite file,
`postgresql://…` a PostgreSQL database, and nothing means LAGOM_HOME/lagom.db.
"""

from __future__ import annotations

from simulator.settings import Settings, SettingsError
from simulator.store.errors import StoreError
from simulator.store.interface import SessionStore, open_store


def store_target(settings: Settings) -> str:
    """The path or URL of the store `settings` name (StoreError for an unusable setting)."""
    url = settings.postgresql_url
    if url is not None:
        return url
    try:
        return str(settings.database)
    except SettingsError as error:
        raise StoreError(str(error)) from None


def open_store_for(
    settings: Settings, *, readonly: bool = False, timeout: float | None = None
) -> SessionStore:
    """The store `settings` name, opened (and, unless `readonly`, migrated)."""
    return open_store(store_target(settings), readonly=readonly, timeout=timeout)
