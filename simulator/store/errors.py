"""Store errors with messages fit for the user, and the translation from sqlite3's."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class StoreError(Exception):
    """Something is wrong with the session database; the message says what and which file."""


class SessionNotFound(StoreError):
    """No saved session matches the id (or the prefix matches several)."""


class TurnConflict(StoreError):
    """A turn would reuse a saved index (with other content) or leave a gap: nothing is saved.

    Saved turns are never replaced; a session that gets this is out of step with the store.
    """


_LOCKED = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_CORRUPT = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}
_UNWRITABLE = {"SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH"}


def locked_message(path: Path) -> str:
    """What to tell the user when another process holds the database."""
    return f"the session database {path} is locked by another Lagom — close it and retry"


def corrupt_message(path: Path) -> str:
    """What to tell the user when the file is not a readable Lagom database."""
    return (
        f"{path} is not a Lagom database or is damaged; your other files are untouched; "
        "move it aside to start fresh"
    )


def unwritable_message(path: Path, detail: str) -> str:
    """What to tell the user when the database or its folder cannot be written."""
    return (
        f"cannot write the session database {path} ({detail}); check the folder's "
        "permissions or set LAGOM_HOME to a writable folder"
    )


def describe(error: sqlite3.Error, path: Path) -> str:
    """A user-facing message for a sqlite3 error on the database at `path`."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name in _LOCKED or "locked" in text:
        return locked_message(path)
    if name in _CORRUPT or "not a database" in text or "malformed" in text:
        return corrupt_message(path)
    if name in _UNWRITABLE or "readonly" in text or "unable to open" in text:
        return unwritable_message(path, text)
    if name == "SQLITE_FULL":
        return f"the disk holding the session database {path} is full"
    return f"the session database {path} failed: {text}"


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn sqlite3 and OS errors raised inside the block into StoreError."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from error
    except OSError as error:
        raise StoreError(unwritable_message(path, error.strerror or str(error))) from error
