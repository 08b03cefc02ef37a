"""The classroom part of the store: the trainees of a class and the scenarios assigned to them.

Mixed into `Store`. Schema step 4 (in `schema.MIGRATIONS`) holds the two tables. The SQL is
portable (SQLite and PostgreSQL): `?` placeholders and `ON CONFLICT ... DO UPDATE`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from simulator.records import now_iso
from simulator.store.errors import StoreError


class Trainee(BaseModel):
    """One trainee of the class."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    name: str
    """The name typed on the welcome screen (sessions are saved under it)."""
    email: str = ""
    """From the imported class list, if given."""
    cohort: str = ""
    """Group or class name, from the imported list."""
    added_at: str
    """When the trainee was added or first practised (UTC, ISO 8601)."""
    last_seen_at: str | None = None
    """When the trainee last started practising."""


class Assignment(BaseModel):
    """A scenario a trainee is asked to practise: the same seed gives everyone the same exercise."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    id: int
    """Row id."""
    scenario_id: str
    """The scenario to play."""
    trainee: str
    """Who it is assigned to."""
    due: str | None = None
    """Due date, `YYYY-MM-DD` (end of that day), or None."""
    mode: str = "practice"
    """practice or exam."""
    seed: int = 0
    """The seed every trainee plays with."""
    min_attempts: int = 1
    """Finished sessions needed for the assignment to be done."""
    created_at: str
    """When it was assigned; sessions before this do not count."""


def clean_name(name: str) -> str:
    """A trainee name with surrounding and repeated spaces removed; StoreError if empty."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StoreError("a trainee name cannot be empty")
    if len(cleaned) > 80:
        raise StoreError(f"a trainee name is at most 80 characters: {cleaned[:20]}…")
    return cleaned


class ClassroomStore:
    """Trainees and assignments (a mixin over `Database`: uses `_query` and `_write`)."""

    def add_trainees(self, trainees: list[tuple[str, str, str]]) -> int:
        """Add (name, email, cohort) rows; existing names get the new email and cohort.

        Returns how many names were new.
        """
        known = {t.name for t in self.list_trainees()}
        rows = [(clean_name(name), email.strip(), cohort.strip())
                for name, email, cohort in trainees]
        with self._write() as conn:  # type: ignore[attr-defined]
            for name, email, cohort in rows:
                conn.execute(
                    "INSERT INTO trainees (name, email, cohort, added_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET email = excluded.email, "
                    "cohort = excluded.cohort",
                    (name, email, cohort, now_iso()),
                )
        return len({name for name, _, _ in rows} - known)

    def touch_trainee(self, name: str) -> str:
        """Record that `name` started practising now (adding the trainee if new); the clean name."""
        name = clean_name(name)
        now = now_iso()
        with self._write() as conn:  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO trainees (name, added_at, last_seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET last_seen_at = excluded.last_seen_at",
                (name, now, now),
            )
        return name

    def list_trainees(self) -> list[Trainee]:
        """Every trainee, by name."""
        found = self._query("SELECT * FROM trainees ORDER BY name")  # type: ignore[attr-defined]
        return [Trainee(**dict(row)) for row in found]

    def assign(
        self,
        scenario_id: str,
        trainees: list[str],
        *,
        due: str | None = None,
        mode: str = "practice",
        seed: int = 0,
        min_attempts: int = 1,
    ) -> int:
        """Assign a scenario to trainees (again: replaces due date, mode, seed and minimum)."""
        if mode not in ("practice", "exam"):
            raise StoreError(f"mode must be practice or exam, not {mode!r}")
        if min_attempts < 1:
            raise StoreError(f"--min-attempts must be at least 1, not {min_attempts}")
        names = [clean_name(name) for name in trainees]
        now = now_iso()
        with self._write() as conn:  # type: ignore[attr-defined]
            for name in names:
                conn.execute(
                    "INSERT INTO trainees (name, added_at) VALUES (?, ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, now),
                )
                conn.execute(
                    "INSERT INTO assignments (scenario_id, trainee, due, mode, seed, "
                    "min_attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (scenario_id, trainee) DO UPDATE SET due = excluded.due, "
                    "mode = excluded.mode, seed = excluded.seed, "
                    "min_attempts = excluded.min_attempts",
                    (scenario_id, name, due, mode, seed, min_attempts, now),
                )
        return len(names)

    def list_assignments(self, trainee: str | None = None) -> list[Assignment]:
        """Assignments (of one trainee, or all), by due date then scenario."""
        sql = "SELECT * FROM assignments"
        params: tuple[str, ...] = ()
        if trainee is not None:
            sql += " WHERE trainee = ?"
            params = (" ".join(trainee.split()),)
        sql += " ORDER BY due IS NULL, due, scenario_id, trainee"
        found = self._query(sql, params)  # type: ignore[attr-defined]
        return [Assignment(**dict(row)) for row in found]

    def last_activity(self) -> dict[str, str]:
        """For each unfinished session, when its latest turn was saved (or it started)."""
        found = self._query(  # type: ignore[attr-defined]
            "SELECT s.id AS id, coalesce(max(t.created_at), s.started_at) AS at FROM sessions s "
            "LEFT JOIN turns t ON t.session_id = s.id WHERE s.ended_at IS NULL "
            "GROUP BY s.id, s.started_at"
        )
        return {str(row["id"]): str(row["at"]) for row in found}
