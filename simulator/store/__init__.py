"""The SQLite store of practice sessions (see `Store`); every turn is committed at once."""

from simulator.store.errors import SessionNotFound, StoreError
from simulator.store.models import Agreement, Note, Override, SavedSession, SessionInfo
from simulator.store.store import Store

__all__ = [
    "Agreement",
    "Note",
    "Override",
    "SavedSession",
    "SessionInfo",
    "SessionNotFound",
    "Store",
    "StoreError",
]
