"""A whole session without the UI: trainee lines from a file, the customer from a backend."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.models import GradeSummary
from personas.model import Persona
from scenarios.model import Scenario
from simulator.backends.base import CustomerBackend, GenerationOptions
from simulator.events import BackendFailed, TurnCompleted
from simulator.records import TurnRecord
from simulator.runner import RunnerEvent, SavePolicy, SessionRunner, TurnUnsaved
from simulator.session import TurnCallback
from simulator.store.interface import SessionStore

TRAINEE_FILE_BYTES = 4 * 1024 * 1024
"""The largest trainee file read (far more replies than any session takes)."""


class TraineeScriptError(Exception):
    """The trainee file is missing, unreadable or has no lines; the message says which."""


@dataclass
class SimulationResult:
    """Everything a simulated session produced."""

    scenario: Scenario
    """The scenario played."""
    seed: int
    """The director's seed."""
    backend: str
    """The backend's registry name."""
    model: str
    """The model the backend ran."""
    turns: list[TurnRecord]
    """Every turn, in order."""
    outcome: str | None
    """How it ended; None when the trainee script ran out first."""
    summary: GradeSummary | None
    """The grade summary over the trainee replies."""
    replies_used: int
    """How many trainee lines were played before the session ended."""
    backend_failures: list[str] = field(default_factory=list)
    """Messages of backend failures the session recovered from."""
    session_id: str | None = None
    """The saved session's id (None when not saved)."""
    unsaved: list[TurnRecord] = field(default_factory=list)
    """Turns that could not be saved (the session stopped at the first)."""
    save_error: str | None = None
    """Why saving failed, when something (a turn or the outcome) is unsaved."""


def read_trainee_lines(path: Path) -> list[str]:
    """Trainee replies from a file: one per line; blank lines and `#` comments are skipped.

    Only a regular file of at most TRAINEE_FILE_BYTES is read: a FIFO, a device such as
    /dev/zero or a huge file is refused at once instead of hanging or filling memory.
    """
    from scenarios.loader import read_bytes
    from scenarios.problems import ContentError

    if path.is_dir():
        raise TraineeScriptError(f"trainee file is a folder: {path}")
    if not path.exists() and not path.is_symlink():
        raise TraineeScriptError(f"trainee file not found: {path}")
    try:
        text = read_bytes(path, TRAINEE_FILE_BYTES).decode("utf-8")
    except ContentError as exc:
        reason = exc.problems[0].message.removesuffix(": skipped") if exc.problems else "unreadable"
        raise TraineeScriptError(f"cannot read trainee file {path}: {reason}") from None
    except UnicodeDecodeError as exc:
        raise TraineeScriptError(f"cannot read trainee file {path}: {exc}") from None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        raise TraineeScriptError(f"trainee file has no replies (one per line): {path}")
    return lines


def run_simulation(
    scenario: Scenario,
    persona: Persona,
    backend: CustomerBackend,
    replies: list[str],
    *,
    seed: int = 0,
    on_turn: TurnCallback | None = None,
    options: GenerationOptions | None = None,
    on_event: Callable[[RunnerEvent], None] | None = None,
    store: SessionStore | None = None,
    trainee: str = "simulate",
    policy: SavePolicy | None = None,
) -> SimulationResult:
    """Play the replies against the customer until the session ends or the replies run out.

    With a `store`, the session is saved turn by turn through a `SessionRunner`; a turn that
    cannot be saved (after retries) stops the session there (`save_error` says why).
    `on_turn` sees every complete turn, saved or not.
    """
    runner = SessionRunner.create(
        store, scenario, persona, backend, trainee=trainee, seed=seed, options=options,
        policy=policy,
    )
    failures: list[str] = []
    stopped = False

    def play(events: Iterable[RunnerEvent]) -> None:
        nonlocal stopped
        for event in events:
            if isinstance(event, BackendFailed):
                failures.append(event.message)
            if isinstance(event, TurnCompleted | TurnUnsaved) and on_turn is not None:
                on_turn(event.turn)
            if isinstance(event, TurnUnsaved):
                stopped = True
            if on_event is not None:
                on_event(event)

    play(runner.start())
    runner.prepare()  # as the UI does while the trainee types (here nobody types: no gain)
    used = 0
    for reply in replies:
        if runner.outcome is not None or stopped:
            break
        play(runner.respond(reply))
        runner.prepare()
        used += 1
    if runner.outcome is None:
        runner.leave()  # the script ran out (or a save failed): left to be continued
    return SimulationResult(
        scenario=scenario,
        seed=seed,
        backend=getattr(backend, "name", type(backend).__name__),
        model=backend.model_id,
        turns=list(runner.turns),
        outcome=runner.outcome,
        summary=runner.summary(),
        replies_used=used,
        backend_failures=failures,
        session_id=runner.session_id,
        unsaved=runner.unsaved,
        save_error=runner.save_error if runner.blocked else None,
    )


TURN_FIELDS = (
    "index", "role", "text", "source", "intent", "state", "rejection", "timings", "grade"
)
"""The fields of each turn in `--json` output, in order."""


def turn_json(turn: TurnRecord) -> dict:
    """One turn in the `--json` shape."""
    data = turn.model_dump(mode="json", include=set(TURN_FIELDS))
    return {key: data.get(key) for key in TURN_FIELDS}


def result_json(result: SimulationResult) -> dict:
    """The whole result as `lagom simulate --json` prints it."""
    return {
        "scenario": result.scenario.id,
        "seed": result.seed,
        "backend": result.backend,
        "model": result.model,
        "outcome": result.outcome,
        "turns": [turn_json(t) for t in result.turns],
        "summary": result.summary.model_dump(mode="json") if result.summary else None,
    }
