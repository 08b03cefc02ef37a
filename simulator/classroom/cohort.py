"""The cohort report: who practises now, each trainee's results per scenario, weakest dimensions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import mean

from personas.vocabulary import DIMENSIONS
from simulator.classroom.progress import Status, assignment_status, counted_sessions
from simulator.store import SessionInfo
from simulator.store.classroom import Assignment

ACTIVE_WITHIN = timedelta(minutes=10)
"""An unfinished session with a turn this recent counts as being practised now."""


@dataclass(frozen=True)
class Activity:
    """Someone practising right now."""

    trainee: str
    scenario: str
    session_id: str
    turns: int
    last_turn_at: str


@dataclass(frozen=True)
class Result:
    """One trainee's results on one scenario."""

    trainee: str
    scenario_id: str
    scenario: str
    attempts: int
    """Sessions started (finished or not)."""
    finished: int
    latest_session: str | None
    """The latest finished session's id (for its review), or None."""
    latest_overall: float | None
    latest_scores: dict[str, float]
    latest_outcome: str | None
    best_overall: float | None
    best_scores: dict[str, float]
    """The best score per dimension over the finished sessions."""
    assignment: Status | None = None
    """The assignment's status, when the scenario is assigned to the trainee."""


@dataclass(frozen=True)
class ScenarioFigure:
    """How the cohort did on one scenario."""

    scenario_id: str
    scenario: str
    trainees: int
    means: dict[str, float]
    """Mean per dimension over the finished sessions."""

    @property
    def weakest(self) -> str | None:
        """The dimension with the lowest mean."""
        return min(self.means, key=lambda d: self.means[d]) if self.means else None


@dataclass
class CohortReport:
    """Everything the trainer view and the exports show."""

    generated_at: str
    active: list[Activity] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    scenarios: list[ScenarioFigure] = field(default_factory=list)
    trainees: list[str] = field(default_factory=list)


def _scores(info: SessionInfo) -> dict[str, float]:
    if info.summary is None:
        return {}
    return {d: float(getattr(info.summary.scores, d)) for d in DIMENSIONS}


def _result(trainee: str, sessions: list[SessionInfo], status: Status | None) -> Result:
    """Results of one trainee on one scenario; `sessions` newest first."""
    done = [s for s in sessions if s.ended_at is not None]
    graded = [s for s in done if s.summary is not None]
    latest = done[0] if done else None
    return Result(
        trainee=trainee,
        scenario_id=sessions[0].scenario_id,
        scenario=sessions[0].scenario_title or sessions[0].scenario_id,
        attempts=len(sessions),
        finished=len(done),
        latest_session=latest.id if latest else None,
        latest_overall=latest.overall if latest else None,
        latest_scores=_scores(latest) if latest else {},
        latest_outcome=latest.outcome if latest else None,
        best_overall=max((s.overall for s in graded if s.overall is not None), default=None),
        best_scores={d: max(_scores(s)[d] for s in graded) for d in DIMENSIONS} if graded else {},
        assignment=status,
    )


def _active(
    sessions: list[SessionInfo], activity: dict[str, str], now: datetime
) -> list[Activity]:
    found = []
    for info in sessions:
        last = activity.get(info.id)
        if info.ended_at is not None or info.status == "interrupted" or last is None:
            continue
        if now - datetime.fromisoformat(last) <= ACTIVE_WITHIN:
            found.append(Activity(info.trainee, info.scenario_title or info.scenario_id,
                                  info.id, info.turn_count, last))
    return found


def _figures(sessions: list[SessionInfo]) -> list[ScenarioFigure]:
    by_scenario: dict[str, list[SessionInfo]] = defaultdict(list)
    for info in sessions:
        if info.summary is not None:
            by_scenario[info.scenario_id].append(info)
    return [
        ScenarioFigure(
            scenario_id=sid, scenario=group[0].scenario_title or sid,
            trainees=len({s.trainee for s in group}),
            means={d: round(mean(_scores(s)[d] for s in group), 2) for d in DIMENSIONS},
        )
        for sid, group in sorted(by_scenario.items())
    ]


def build_report(
    sessions: list[SessionInfo],
    assignments: list[Assignment],
    activity: dict[str, str],
    trainees: list[str],
    now: datetime | None = None,
) -> CohortReport:
    """The report from the store's sessions (newest first), assignments and turn activity."""
    now = now or datetime.now(UTC)
    grouped: dict[tuple[str, str], list[SessionInfo]] = defaultdict(list)
    for info in sessions:
        grouped[(info.trainee, info.scenario_id)].append(info)
    statuses = {(a.trainee, a.scenario_id): assignment_status(a, sessions) for a in assignments}
    results = [_result(t, group, statuses.get((t, s))) for (t, s), group in grouped.items()]
    for assignment in assignments:  # assigned but never tried: a row too
        key = (assignment.trainee, assignment.scenario_id)
        if key not in grouped:
            results.append(Result(
                assignment.trainee, assignment.scenario_id, assignment.scenario_id, 0, 0, None,
                None, {}, None, None, {}, statuses[key],
            ))
    results.sort(key=lambda r: (r.trainee.casefold(), r.scenario_id))
    names = sorted({*trainees, *(s.trainee for s in sessions)}, key=str.casefold)
    return CohortReport(
        generated_at=now.isoformat(timespec="seconds"),
        active=_active(sessions, activity, now),
        results=results,
        scenarios=_figures(sessions),
        trainees=names,
    )


def load_report(store: object) -> CohortReport:
    """Build the report from a Store."""
    sessions = store.list_sessions()  # type: ignore[attr-defined]
    return build_report(
        sessions,
        store.list_assignments(),  # type: ignore[attr-defined]
        store.last_activity(),  # type: ignore[attr-defined]
        [t.name for t in store.list_trainees()],  # type: ignore[attr-defined]
    )


__all__ = ["Activity", "CohortReport", "Result", "ScenarioFigure", "build_report",
           "counted_sessions", "load_report"]
