"""The session store on PostgreSQL (psycopg 3): the same methods and rules as the SQLite Store.

Every turn is committed at once, in its own transaction. The connection is made when the store
opens; when it drops (the server restarted, an administrator ended it, the network blinked)
the operation under way is tried once more on a fresh connection, but only when nothing of it
can have been committed. If the server cannot be reached, the operation fails with a clear
StoreError and nothing half-done; the next call reconnects, so a session goes on once the
server is back. psycopg is imported only here, only when a postgresql:// URL is used.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

from evaluation.models import GradeSummary
from simulator.records import TurnRecord, now_iso
from simulator.store import pg_errors, rows
from simulator.store.classroom import ClassroomStore
from simulator.store.errors import SessionNotFound, StoreError, TurnConflict
from simulator.store.flags import Flag, FlagStore
from simulator.store.models import SavedSession, SessionInfo
from simulator.store.pg_schema import current_version, migrate_postgresql
from simulator.store.schema import ForeignDatabaseError, NewerSchemaError
from simulator.store.shared_reads import SharedReads, check_override
from simulator.store.store import new_session_id

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")

CONNECT_TIMEOUT_S = 5
"""Seconds to wait for the server to answer a new connection."""
LOCK_TIMEOUT_S = 5.0
"""How long a write waits for another session's lock before it is called locked."""

_SELECT_INFO = (
    f"SELECT {rows.SESSION_COLUMNS}, "
    "(SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"
)
_TURN_PLACEHOLDERS = ", ".join(["%s"] * (1 + len(rows.TURN_COLUMNS.split(","))))


def pg_sql(sql: str) -> str:
    """SQL written with SQLite's `?` placeholders, for psycopg: `?` becomes `%s` and a literal
    `%` becomes `%%` (outside and inside quoted strings, as psycopg wants with parameters)."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    for position, part in enumerate(parts):
        part = part.replace("%", "%%")
        parts[position] = part if position % 2 else part.replace("?", "%s")
    return "".join(parts)


class _PortableConnection:
    """What `PostgresStore._write` yields: `execute(sql, params)` taking `?` placeholders."""

    def __init__(self, conn: psycopg.Connection[dict[str, Any]]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """Run one statement; returns the psycopg cursor (fetchone / fetchall, rows by name)."""
        return self._conn.execute(pg_sql(sql), tuple(params))  # type: ignore[arg-type]


class PostgresStore(FlagStore, ClassroomStore, SharedReads):
    """Saved sessions, turns, coach notes and overrides, and remembered settings, in PostgreSQL."""

    dialect = "postgresql"
    """Which engine this store runs on."""

    def __init__(
        self, url: str, info: dict[str, Any], lock_timeout_s: float, *, readonly: bool = False
    ) -> None:
        """Keep the address; use `PostgresStore.open` to connect and migrate."""
        self._url = url
        self._info = info
        self._lock_timeout_s = lock_timeout_s
        self.readonly = readonly
        """True when opened with `readonly=True`: the server refuses every write."""
        self._conn: psycopg.Connection[dict[str, Any]] | None = None
        self._lock = threading.RLock()  # the UI saves from worker threads
        self.location = pg_errors.where(info)
        """Where the data is, without the password (for messages)."""
        self.path = self.location
        """The same as `location`: SQLite's Store names its file here."""
        self.reconnects = 0
        """How many times a dropped connection was made again."""

    @classmethod
    def open(cls, url: str, timeout: float | None = None, *, readonly: bool = False) -> Self:
        """Connect to the database at `url` and bring its schema up to date.

        With `readonly=True` nothing is migrated or written: every transaction is read-only
        on the server, and a database with an older schema is an error.
        """
        store = cls.at(url, timeout, readonly=readonly)
        conn = store._connection()
        try:
            if readonly:
                store._check_version(conn)
            else:
                migrate_postgresql(conn)
        except NewerSchemaError as error:
            store.close()
            raise StoreError(
                f"the session database {store.location} was written by a newer Lagom (schema "
                f"version {error.found}; this Lagom knows up to {error.latest}) — upgrade Lagom"
            ) from None
        except ForeignDatabaseError:
            store.close()
            raise StoreError(
                f"{store.location} holds another program's tables and no Lagom schema; give "
                "Lagom an empty database (or its own schema: add ?options=-csearch_path%3Dlagom)"
            ) from None
        except Exception as error:
            store.close()
            import psycopg

            if isinstance(error, psycopg.Error):
                raise StoreError(
                    pg_errors.operation_message(
                        error, store.location, "the schema update", store.user
                    ).replace("was not saved", "could not be made")
                ) from None
            raise
        return store

    @classmethod
    def at(cls, url: str, timeout: float | None = None, *, readonly: bool = False) -> Self:
        """A store for `url` that has not connected yet (no schema check, no migration);
        `open` is what commands use. StoreError for a malformed URL or a missing psycopg."""
        try:
            from psycopg.conninfo import conninfo_to_dict
        except ImportError:
            raise pg_errors.missing_driver() from None
        try:
            info = conninfo_to_dict(url)
        except Exception as error:  # psycopg.ProgrammingError for a malformed URL
            raise StoreError(
                f"LAGOM_DATABASE / --database is not a usable PostgreSQL URL: "
                f"{pg_errors.first_line(error)}"
            ) from None
        return cls(url, info, LOCK_TIMEOUT_S if timeout is None else timeout, readonly=readonly)

    def raw_connection(self) -> psycopg.Connection[dict[str, Any]]:
        """The psycopg connection (autocommit, rows as dicts), made when there is none; for
        `lagom db`, which reads and copies whole tables."""
        with self._lock:
            return self._connection()

    def _check_version(self, conn: psycopg.Connection[dict[str, Any]]) -> None:
        """For a read-only store: the database must hold the latest schema already."""
        from simulator.store.schema import LATEST

        found = current_version(conn)
        if found == 0:
            raise StoreError(f"there are no Lagom sessions in {self.location} yet")
        if found > LATEST:
            raise NewerSchemaError(found, LATEST)
        if found < LATEST:
            raise StoreError(
                f"the session database {self.location} has an older layout (schema version "
                f"{found}); run Lagom once with a role that may write to upgrade it"
            )

    @property
    def user(self) -> str:
        """The PostgreSQL role the store logs in as."""
        return str(self._info.get("user") or "")

    # connection

    def _connection(self) -> psycopg.Connection[dict[str, Any]]:
        """The open connection, made (again) when there is none."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        import psycopg
        from psycopg.rows import dict_row

        lock_ms = max(1, int(self._lock_timeout_s * 1000))
        options = f"-c lock_timeout={lock_ms}"
        if self.readonly:
            options += " -c default_transaction_read_only=on"
        try:
            self._conn = psycopg.connect(
                self._url,
                autocommit=True,
                row_factory=dict_row,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name="lagom",
                options=options,
                keepalives=1,
                keepalives_idle=30,
                keepalives_interval=10,
                keepalives_count=3,
            )
        except psycopg.Error as error:
            self._conn = None
            raise StoreError(pg_errors.connect_message(error, self.location)) from None
        return self._conn

    def _drop(self) -> None:
        """Forget a broken connection (the next call makes a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # it is broken already
                conn.close()

    def _run(
        self,
        what: str,
        body: Callable[[psycopg.Connection[dict[str, Any]]], T],
        *,
        write: bool = True,
        idempotent: bool = False,
    ) -> T:
        """Run `body` in one transaction; any failure becomes a StoreError naming `what`.

        When the connection dropped, reconnect and run it once more, but only if nothing of it
        can have been committed (or running it twice does no harm: `idempotent`).
        """
        import psycopg

        if write and self.readonly:
            raise StoreError(
                f"the session database {self.location} was opened read-only: {what} was not saved"
            )
        with self._lock:
            reason = ""
            for attempt in (0, 1):
                if attempt:
                    try:
                        conn = self._connection()
                    except StoreError:
                        raise StoreError(
                            pg_errors.lost_message(self.location, what, reason)
                        ) from None
                    self.reconnects += 1
                else:
                    conn = self._connection()
                committing = False
                try:
                    with conn.transaction():
                        result = body(conn)
                        committing = True
                    return result
                except psycopg.Error as error:
                    if not (pg_errors.is_connection_lost(error) or conn.closed or conn.broken):
                        raise StoreError(
                            pg_errors.operation_message(error, self.location, what, self.user)
                        ) from None
                    self._drop()
                    if committing and write and not idempotent:
                        raise StoreError(
                            pg_errors.uncertain_message(self.location, what)
                        ) from None
                    reason = pg_errors.first_line(error)
            raise StoreError(pg_errors.lost_message(self.location, what, reason))

    def _query(self, sql: str, params: tuple[Any, ...] = (), what: str = "a read") -> list[Any]:
        """Run one read query and return all rows (dicts, read by column name).

        `sql` may use SQLite's `?` placeholders (as mixins shared with the SQLite Store do):
        they are turned into psycopg's (see `pg_sql`).
        """
        sql = pg_sql(sql)
        return self._run(what, lambda conn: conn.execute(sql, params).fetchall(), write=False)

    @contextlib.contextmanager
    def _write(self, what: str = "a change") -> Iterator[_PortableConnection]:
        """One write transaction, committed when the block ends; like the SQLite Store's.

        For code shared with the SQLite Store (`with self._write() as conn: conn.execute(...)`
        with `?` placeholders). Unlike `_run` it cannot run the block again: a dropped
        connection fails it with a clear StoreError, and the next call reconnects.
        """
        import psycopg

        if self.readonly:
            raise StoreError(
                f"the session database {self.location} was opened read-only: {what} was not saved"
            )
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    yield _PortableConnection(conn)
            except psycopg.Error as error:
                if pg_errors.is_connection_lost(error) or conn.closed or conn.broken:
                    self._drop()
                    raise StoreError(
                        pg_errors.lost_message(self.location, what, pg_errors.first_line(error))
                    ) from None
                raise StoreError(
                    pg_errors.operation_message(error, self.location, what, self.user)
                ) from None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._drop()

    def __enter__(self) -> Self:
        """Use the store in a `with` block; it is closed at the end."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the connection."""
        self.close()

    # ids

    def resolve(self, sid: str) -> str:
        """The full id of the one session whose id is `sid` or starts with it."""
        sid = sid.strip()
        exact = self._query("SELECT id FROM sessions WHERE id = ?", (sid,))
        if exact:
            return str(exact[0]["id"])
        found = (
            []
            if not sid
            else self._query(
                "SELECT id FROM sessions WHERE substr(id, 1, ?) = ? ORDER BY id",
                (len(sid), sid),
            )
        )
        if len(found) == 1:
            return str(found[0]["id"])
        if not found:
            raise SessionNotFound(
                f"no saved session {sid!r} in {self.location} (`lagom sessions` lists them)"
            )
        shown = ", ".join(row["id"] for row in found[:5])
        raise SessionNotFound(f"{sid!r} matches several sessions ({shown}); type more of the id")

    def _require(self, conn: psycopg.Connection[dict[str, Any]], sid: str) -> None:
        """Raise SessionNotFound unless a session has exactly this id."""
        if conn.execute("SELECT 1 FROM sessions WHERE id = %s", (sid,)).fetchone() is None:
            raise SessionNotFound(f"no saved session {sid!r} in {self.location}")

    # sessions

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
        """Record a new running session and return its id, e.g. `20261123-0412-ab12`.

        The id is claimed by the insert itself (ON CONFLICT DO NOTHING, then another), so two
        machines creating sessions in the same minute never get the same id.
        """
        if mode not in ("practice", "exam"):
            raise StoreError(f"mode must be practice or exam, not {mode!r}")
        values = (trainee, scenario_id, scenario_title, language, archetype, seed, mode,
                  backend, model, now_iso())
        columns = ("trainee, scenario_id, scenario_title, language, archetype, seed, mode, "
                   "backend, model, started_at")

        def claim(sid: str) -> Callable[[psycopg.Connection[dict[str, Any]]], bool]:
            return lambda conn: insert(conn, sid)

        def insert(conn: psycopg.Connection[dict[str, Any]], sid: str) -> bool:
            row = conn.execute(
                f"INSERT INTO sessions (id, {columns}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO NOTHING RETURNING id",
                (sid, *values),
            ).fetchone()
            if row is not None:
                return True
            # Taken: by this very insert when a retry follows a dropped commit, else by chance.
            found = conn.execute(
                f"SELECT {columns} FROM sessions WHERE id = %s", (sid,)
            ).fetchone()
            return found is not None and tuple(found.values()) == values

        for _ in range(5):
            sid = new_session_id()
            if self._run("the new session", claim(sid), idempotent=True):
                return sid
        raise StoreError(f"could not find a free session id in {self.location}; retry")

    def save_turn(self, sid: str, turn: TurnRecord) -> None:
        """Save one turn as the next of the session and commit at once (plain INSERT).

        `turn.index` must be one past the last saved turn (0 first). The very same turn saved
        again is a no-op (so a retry after a dropped connection is safe); another turn at a
        saved index, or a gap, raises TurnConflict and writes nothing. The session row is
        locked for the check, so two writers of one session cannot interleave.
        """
        values = rows.turn_values(turn)

        def insert(conn: psycopg.Connection[dict[str, Any]]) -> None:
            if conn.execute(
                "SELECT 1 FROM sessions WHERE id = %s FOR UPDATE", (sid,)
            ).fetchone() is None:
                raise SessionNotFound(f"no saved session {sid!r} in {self.location}")
            last = conn.execute(
                "SELECT max(turn_index) AS last FROM turns WHERE session_id = %s", (sid,)
            ).fetchone()
            expected = 0 if last is None or last["last"] is None else int(last["last"]) + 1
            if turn.index < expected:
                saved = conn.execute(
                    f"SELECT {rows.TURN_COLUMNS} FROM turns WHERE session_id = %s "
                    "AND turn_index = %s",
                    (sid, turn.index),
                ).fetchone()
                if saved is not None and tuple(saved.values()) == values:
                    return  # already saved: a retry of a save that did commit
                raise TurnConflict(
                    f"turn {turn.index} of session {sid} is already saved with other content; "
                    f"saved turns are never replaced (the next turn is {expected})"
                )
            if turn.index > expected:
                raise TurnConflict(
                    f"turn {turn.index} of session {sid} would leave a gap: the next turn is "
                    f"{expected}"
                )
            conn.execute(
                f"INSERT INTO turns (session_id, {rows.TURN_COLUMNS}) "
                f"VALUES ({_TURN_PLACEHOLDERS})",
                (sid, *values),
            )
            conn.execute(
                "UPDATE sessions SET status = 'running' WHERE id = %s AND status = 'interrupted'",
                (sid,),
            )

        self._run(f"turn {turn.index} of session {sid}", insert, idempotent=True)

    def finish_session(self, sid: str, outcome: str, summary: GradeSummary | None) -> None:
        """Record how the session ended and its summary; it no longer shows as unfinished."""

        def update(conn: psycopg.Connection[dict[str, Any]]) -> None:
            self._require(conn, sid)
            conn.execute(
                "UPDATE sessions SET ended_at = %s, outcome = %s, overall = %s, "
                "summary_json = %s, status = 'finished' WHERE id = %s",
                (
                    now_iso(),
                    outcome,
                    summary.overall if summary else None,
                    summary.model_dump_json() if summary else None,
                    sid,
                ),
            )

        self._run(f"the end of session {sid}", update, idempotent=True)

    def mark_interrupted(self, sid: str) -> None:
        """Record that the trainee left a running session on purpose (it can be continued)."""

        def update(conn: psycopg.Connection[dict[str, Any]]) -> None:
            self._require(conn, sid)
            conn.execute(
                "UPDATE sessions SET status = 'interrupted' WHERE id = %s AND status = 'running'",
                (sid,),
            )

        self._run(f"the pause of session {sid}", update, idempotent=True)

    def list_sessions(
        self,
        trainee: str | None = None,
        scenario_id: str | None = None,
        outcome: str | None = None,
    ) -> list[SessionInfo]:
        """Saved sessions, newest first, optionally only one trainee's, scenario's or outcome's."""
        filters = {"trainee": trainee, "scenario_id": scenario_id, "outcome": outcome}
        used = {key: value for key, value in filters.items() if value is not None}
        where = " AND ".join(f"s.{key} = ?" for key in used)
        sql = f"{_SELECT_INFO}{' WHERE ' + where if where else ''} "
        found = self._query(
            sql + "ORDER BY s.started_at DESC, s.seq DESC", tuple(used.values()), "the session list"
        )
        return [rows.info_from_row(row) for row in found]

    def interrupted_sessions(self, trainee: str | None = None) -> list[SessionInfo]:
        """Unfinished sessions (left running by a closed or killed Lagom), newest first."""
        return [s for s in self.list_sessions(trainee=trainee) if s.ended_at is None]

    def load_session(self, sid: str) -> SavedSession:
        """A whole session (info, turns, notes, overrides) by id or unique id prefix."""
        sid = self.resolve(sid)

        def read(conn: psycopg.Connection[dict[str, Any]]) -> SavedSession:
            info = conn.execute(f"{_SELECT_INFO} WHERE s.id = %s", (sid,)).fetchone()
            if info is None:
                raise SessionNotFound(f"no saved session {sid!r} in {self.location}")
            turns = conn.execute(
                f"SELECT {rows.TURN_COLUMNS} FROM turns WHERE session_id = %s "
                "ORDER BY turn_index",
                (sid,),
            ).fetchall()
            notes = conn.execute(
                "SELECT * FROM notes WHERE session_id = %s ORDER BY id", (sid,)
            ).fetchall()
            overrides = conn.execute(
                "SELECT * FROM overrides WHERE session_id = %s ORDER BY id", (sid,)
            ).fetchall()
            flags = conn.execute(
                "SELECT turn_index, reason, created_at FROM flags WHERE session_id = %s "
                "ORDER BY id",
                (sid,),
            ).fetchall()
            return SavedSession(
                info=rows.info_from_row(info),
                turns=[rows.turn_from_row(row) for row in turns],
                notes=[rows.note_from_row(row) for row in notes],
                overrides=[rows.override_from_row(row) for row in overrides],
                flags=[Flag(**row) for row in flags],
            )

        return self._run(f"session {sid}", read, write=False)

    # coach review

    def add_note(self, sid: str, turn_index: int | None, text: str, author: str = "") -> None:
        """Add a coach's note to a turn (None: to the whole session)."""
        if not text.strip():
            raise StoreError("a note needs some text")

        def insert(conn: psycopg.Connection[dict[str, Any]]) -> None:
            self._require(conn, sid)
            conn.execute(
                "INSERT INTO notes (session_id, turn_index, text, author, created_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (sid, turn_index, text, author, now_iso()),
            )

        self._run(f"the note on session {sid}", insert)

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
        check_override(dimension, score, reason)

        def insert(conn: psycopg.Connection[dict[str, Any]]) -> None:
            found = conn.execute(
                "SELECT grade_json FROM turns WHERE session_id = %s AND turn_index = %s",
                (sid, turn_index),
            ).fetchone()
            automatic = rows.grade_score(found["grade_json"], dimension) if found else None
            if automatic is None:
                raise StoreError(f"turn {turn_index} of session {sid} is not a graded reply")
            conn.execute(
                "INSERT INTO overrides (session_id, turn_index, dimension, score, automatic, "
                "reason, author, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (sid, turn_index, dimension, score, automatic, reason, author, now_iso()),
            )

        self._run(f"the override on session {sid}", insert)

    # settings

    def set_setting(self, key: str, value: str) -> None:
        """Remember a value across runs."""
        self._run(
            f"the setting {key!r}",
            lambda conn: conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (key, value),
            ),
            idempotent=True,
        )
