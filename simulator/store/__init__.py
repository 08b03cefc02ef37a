"""The store of practice sessions: the `SessionStore` interface, the SQLite `Store`, and
`open_store` to open one by path or URL; every turn is committed at once."""

from simulator.store.errors import SessionNotFound, StoreError, TurnConflict
from simulator.store.flags import Flag
from simulator.store.interface import SessionStore, open_store
from simulator.store.models import Agreement, Note, Override, SavedSession, SessionInfo
from simulator.store.store import Store

__all__ = [
    "Agreement",
    "Flag",
    "Note",
    "Override",
    "SavedSession",
    "SessionInfo",
    "SessionNotFound",
    "Store",
    "SessionStore",
    "StoreError",
    "TurnConflict",
    "open_store",
]
