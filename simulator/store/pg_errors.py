"""PostgreSQL errors turned into StoreError messages fit for the user (no password shown)."""

from __future__ import annotations

import re
from typing import Any

from simulator.store.errors import StoreError

_LOST_STATES = {"57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"}
"""admin shutdown, crash shutdown, cannot connect now, and the connection-exception class."""
_READ_ONLY_STATES = {"42501", "25006"}
"""insufficient privilege, read-only transaction."""


def where(info: dict[str, Any]) -> str:
    """A PostgreSQL location without its password: `postgresql://user@host:port/db`."""
    user = info.get("user") or ""
    host = info.get("host") or "localhost"
    if host.startswith("/"):
        host = f"[{host}]"
    port = info.get("port") or "5432"
    dbname = info.get("dbname") or user
    return f"postgresql://{user + '@' if user else ''}{host}:{port}/{dbname}"


_URL_PASSWORD = re.compile(r"(://[^:/@\s\"']*):[^@\s\"']*@")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def scrub(text: str) -> str:
    """`text` with any password in it (a URL's or a `password=` keyword's) starred."""
    return _KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", text))


def first_line(error: BaseException) -> str:
    """The first line of an error's text (psycopg adds hints and context below it), with
    any password it quotes starred (psycopg echoes a malformed URL whole)."""
    text = str(error).strip()
    return scrub(text.splitlines()[0]) if text else type(error).__name__


def is_connection_lost(error: BaseException) -> bool:
    """Whether the error means the connection is gone (server restart, terminated backend)."""
    import psycopg

    state = getattr(error, "sqlstate", None) or ""
    if state in _LOST_STATES or state.startswith("08"):
        return True
    # psycopg raises these without a state when the socket is gone
    return isinstance(error, psycopg.OperationalError) and not state


def connect_message(error: BaseException, location: str) -> str:
    """What to tell the user when a connection cannot be made."""
    text = first_line(error)
    state = getattr(error, "sqlstate", None) or ""
    lowered = str(error).lower()
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return (
            f"the PostgreSQL database in {location} does not exist — create it "
            "(`createdb NAME`) or fix LAGOM_DATABASE / --database"
        )
    if state in {"28P01", "28000"} or "authentication failed" in lowered:
        return (
            f"PostgreSQL refused the login for {location} ({text}); check the user and "
            "password in LAGOM_DATABASE / --database"
        )
    return (
        f"cannot reach the PostgreSQL server for {location} ({text}) — is it running, and "
        "is LAGOM_DATABASE / --database right?"
    )


def operation_message(error: BaseException, location: str, what: str, user: str) -> str:
    """What to tell the user when one read or write failed; `what` names it ("turn 3")."""
    state = getattr(error, "sqlstate", None) or ""
    text = first_line(error)
    if state in _READ_ONLY_STATES:
        return (
            f"the PostgreSQL role {user!r} may only read the session database {location}: "
            f"{what} was not saved ({text}); ask its owner for write access"
        )
    if state == "55P03":
        return (
            f"the session database {location} is locked by another Lagom — {what} was not "
            "saved; retry"
        )
    if state == "53100":
        return f"the disk of the PostgreSQL server for {location} is full: {what} was not saved"
    return f"the session database {location} failed on {what}: {text}"


def lost_message(location: str, what: str, reason: str) -> str:
    """What to tell the user when the connection dropped and could not be made again."""
    return (
        f"lost the connection to the PostgreSQL server for {location} ({reason}): {what} "
        "was not saved; earlier turns are safe, and Lagom reconnects on the next try"
    )


def uncertain_message(location: str, what: str) -> str:
    """The connection dropped while a commit was under way."""
    return (
        f"the connection to the PostgreSQL server for {location} dropped while {what} was "
        "being committed; it may or may not be saved — Lagom reconnects on the next try"
    )


def missing_driver() -> StoreError:
    """The error for a PostgreSQL URL when psycopg is not installed."""
    return StoreError(
        "a postgresql:// database needs the psycopg package: pip install 'psycopg[binary]'"
    )
