"""`lagom simulate SCENARIO --trainee FILE`: a whole session without the UI."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli.common import fail, library_for, settings_for
from simulator.events import BackendFailed
from simulator.records import TurnRecord
from simulator.runner import RunnerEvent
from simulator.simulate import (
    SimulationResult,
    TraineeScriptError,
    read_trainee_lines,
    result_json,
    run_simulation,
)

if TYPE_CHECKING:
    from simulator.backends.base import CustomerBackend
    from simulator.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "simulate",
        help="play a whole session from a file of trainee replies, without the UI",
        description=(
            "Play SCENARIO with the trainee's replies read from FILE (one per line; blank "
            "lines and # comments are skipped) against the configured customer backend. "
            "Prints the transcript with each customer line's intent, source and mood, each "
            "reply's grade, and the outcome."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id (see `lagom scenarios`)")
    parser.add_argument("--trainee", metavar="FILE", type=Path, required=True,
                        help="the trainee's replies, one per line")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--seed", type=int, default=0, help="director seed (default 0)")
    parser.add_argument("--max-turns", type=int, metavar="N",
                        help="end with turn_limit after N replies (default: the scenario's)")
    parser.add_argument("--save", action=argparse.BooleanOptionalAction, default=True,
                        help="save the session to the session database (default: save)")
    parser.add_argument("--trainee-name", default="simulate", metavar="NAME",
                        help='trainee name the saved session is filed under (default "simulate")')
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load everything, play the session, print it; `lagom: message` and a status on failure."""
    if args.max_turns is not None and args.max_turns < 1:
        return fail("--max-turns must be at least 1")
    try:
        replies = read_trainee_lines(args.trainee)
    except TraineeScriptError as exc:
        return fail(str(exc))
    library = library_for(args, quiet=args.json)
    try:
        scenario = library.scenario(args.scenario)
    except KeyError as exc:
        return fail(str(exc.args[0]))
    if args.max_turns is not None:
        scenario = scenario.model_copy(update={"max_turns": args.max_turns})
    from simulator.backends.base import BackendError
    from simulator.store import StoreError

    try:
        with ExitStack() as stack:
            backend = open_backend(args, stack)
            store = open_store(args, stack) if args.save else None
            printer = None if args.json else print_turn
            result = run_simulation(
                scenario, library.persona_for(scenario), backend, replies, seed=args.seed,
                on_turn=printer, on_event=report_failure, store=store,
                trainee=args.trainee_name,
            )
    except StoreError as exc:
        return fail(str(exc))
    except BackendError as exc:
        return fail(str(exc), 1)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print_ending(result)
    if result.save_error is not None:
        return fail(unsaved_message(result))
    return 0


def unsaved_message(result: SimulationResult) -> str:
    """What to say when the session stopped because a turn (or the outcome) was not saved."""
    saved = len(result.turns) - len(result.unsaved)
    what = (
        f"turn {result.unsaved[0].index} could not be saved"
        if result.unsaved else "the outcome could not be saved"
    )
    return (
        f"{what} ({result.save_error}); the session stopped there with {saved} turns saved "
        f"as {result.session_id} — continue it from the Lagom welcome screen"
    )


def open_backend(args: argparse.Namespace, stack: ExitStack) -> CustomerBackend:
    """Create and warm up the configured backend, showing slow progress on stderr."""
    from simulator.backends.registry import create_backend

    backend = create_backend(settings_for(args))
    stack.callback(backend.close)
    backend.warm_up(Progress())
    return backend


class Progress:
    """Prints warm-up progress on stderr, once per change of status or whole ten percent."""

    def __init__(self) -> None:
        """Nothing shown yet."""
        self.last: tuple[str, int | None] | None = None

    def __call__(self, status: str, fraction: float | None) -> None:
        """Show `status` (and the percentage done, when known)."""
        step = None if fraction is None else int(fraction * 10)
        if (status, step) == self.last:
            return
        self.last = (status, step)
        shown = status if fraction is None else f"{status} {fraction:.0%}"
        print(f"lagom: {shown}", file=sys.stderr, flush=True)


def open_store(args: argparse.Namespace, stack: ExitStack) -> Store:
    """Open the session database for writing (closed when the stack ends)."""
    from simulator.store.factory import open_store_for

    store = open_store_for(settings_for(args))
    stack.callback(store.close)
    return store


def report_failure(event: RunnerEvent) -> None:
    """Say on stderr when the model failed and an authored line stood in."""
    if isinstance(event, BackendFailed):
        print(f"lagom: the model failed, an authored line is used: {event.message}",
              file=sys.stderr, flush=True)


def turn_header(turn: TurnRecord) -> str:
    """The metadata line of a turn."""
    if turn.role == "trainee":
        return f"[{turn.index}] trainee"
    parts = [turn.source, turn.intent or "-"]
    if turn.state is not None:
        state = turn.state
        parts.append(f"{state.band} (distress {state.distress:g}, trust {state.trust:g}, "
                     f"patience {state.patience:g})")
        if state.rung:
            parts.append(state.rung)
    if turn.rejection:
        parts.append(f"guard: {turn.rejection}")
    return f"[{turn.index}] customer · " + " · ".join(parts)


def grade_line(turn: TurnRecord) -> str | None:
    """The grade of a trainee turn on one line."""
    grade = turn.grade
    if grade is None:
        return None
    scores = " · ".join(f"{k} {v:g}" for k, v in grade.scores.model_dump().items())
    signals = f" · {', '.join(grade.signals)}" if grade.signals else ""
    return f"    grade: {scores} · {grade.balance}{signals}"


def print_turn(turn: TurnRecord) -> None:
    """Print one turn as soon as it completes."""
    print(turn_header(turn))
    print(f"    {turn.text}")
    extra = grade_line(turn)
    if extra:
        print(extra)
    sys.stdout.flush()


def print_ending(result: SimulationResult) -> None:
    """Print the outcome and the summary."""
    print()
    if result.outcome is None and result.save_error is not None:
        print(f"outcome: stopped after {result.replies_used} replies (a turn could not be saved)")
    elif result.outcome is None:
        print(f"outcome: unfinished (the trainee file ran out after {result.replies_used} replies)")
    else:
        print(f"outcome: {result.outcome} after {result.replies_used} replies")
    if result.backend_failures:
        print(f"backend failures (authored lines used): {len(result.backend_failures)}")
    summary = result.summary
    if summary is not None:
        scores = " · ".join(f"{k} {v:g}" for k, v in summary.scores.model_dump().items())
        print(f"summary: {scores} · overall {summary.overall:g} · {summary.balance}")
        for notice in summary.notices:
            print(f"notice: {notice}")
