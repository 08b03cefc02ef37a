"""`lagom grade [FILE|-] [--batch] [--format json|markdown] [--scenario ID]`.

Grades a transcript (JSON or plain `Customer:`/`Agent:` lines). With `--batch`, reads JSON
Lines and writes one result per line in order; a bad line gets `{"error": "line N: ..."}` in
its place, the rest are still graded, and the exit status is 2 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from simulator.cli.common import fail

if TYPE_CHECKING:
    from evaluation.models import GradeReport, Transcript
    from scenarios.model import Scenario


class GradeInputError(Exception):
    """Input that cannot be graded; the message is shown as is."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "grade",
        help="grade a transcript on listening, tone, honesty and understanding",
        description="Grade a transcript: JSON {\"turns\": [{\"role\", \"text\"}]} or plain "
        "'Customer:'/'Agent:' lines (also Klant/Medewerker, Kund/Handläggare, "
        "Klient/Konsultant). With --batch, JSON Lines in and out, in order.",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="transcript file, or - for standard input (default)")
    parser.add_argument("--batch", action="store_true",
                        help="read JSON Lines, one transcript a line; write one result a line")
    parser.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="json (default) or markdown for people")
    parser.add_argument("--scenario", metavar="ID",
                        help="grade against this scenario (policy, facts, hidden needs)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Grade the input and print the result(s)."""
    try:
        text = read_input(args.file)
        scenarios = ScenarioLookup(args)
        if args.scenario:
            scenarios.get(args.scenario, explicit=True)
        if args.batch:
            return run_batch(text, args, scenarios)
        from evaluation.textin import TranscriptError, parse_transcript

        try:
            transcript = parse_transcript(text)
        except TranscriptError as exc:
            raise GradeInputError(f"{args.file}: {exc}") from None
        print(render(grade_one(transcript, args, scenarios), transcript, args.format, indent=2))
        return 0
    except GradeInputError as exc:
        return fail(str(exc))


MAX_INPUT_CHARS = 64 * 1024 * 1024
"""The most input read: `lagom grade /dev/zero` ends with a message, not out of memory."""


def read_input(name: str) -> str:
    """The whole input, from a file or standard input, up to MAX_INPUT_CHARS."""
    most = MAX_INPUT_CHARS
    try:
        if name == "-":
            text = sys.stdin.read(most + 1)
        else:
            with Path(name).open(encoding="utf-8") as source:
                text = source.read(most + 1)
    except FileNotFoundError:
        raise GradeInputError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GradeInputError(f"{name}: cannot read: {exc}") from None
    if len(text) > most:
        raise GradeInputError(
            f"{name}: more than {most:,} characters; split it into several transcripts "
            "(--batch reads one per line)"
        )
    return text


class ScenarioLookup:
    """Loads scenarios lazily, only when a transcript names one, and remembers them."""

    def __init__(self, args: argparse.Namespace) -> None:
        """Remember the flags; nothing is loaded yet."""
        self.args = args
        self.library = None

    def get(self, scenario_id: str, explicit: bool = False) -> Scenario | None:
        """The scenario, None when unknown (an unknown --scenario is an input error)."""
        if self.library is None:
            from simulator.cli.common import library_for

            self.library = library_for(self.args, quiet=True)
        try:
            return self.library.scenario(scenario_id)
        except KeyError as exc:
            if explicit:
                raise GradeInputError(str(exc.args[0])) from None
            return None


def grade_one(transcript: Transcript, args: argparse.Namespace,
              scenarios: ScenarioLookup) -> GradeReport:
    """Grade one transcript against its scenario, when one is named and known."""
    from evaluation import grade_transcript

    scenario_id = args.scenario or transcript.scenario
    scenario = scenarios.get(scenario_id) if scenario_id else None
    try:
        report = grade_transcript(transcript, scenario)
    except ValueError as exc:
        raise GradeInputError(str(exc)) from None
    if scenario_id and scenario is None:
        report.summary.notices.append(
            f"unknown scenario '{scenario_id}': graded without its facts and policy"
        )
    return report


def render(report: GradeReport, transcript: Transcript, fmt: str, indent: int | None) -> str:
    """The report as JSON (the design's grade JSON) or Markdown."""
    if fmt == "markdown":
        from evaluation.markdown import render_markdown

        return render_markdown(report, transcript)
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def run_batch(text: str, args: argparse.Namespace, scenarios: ScenarioLookup) -> int:
    """One result per non-blank input line, in order; exit 2 if any line failed."""
    failures = 0
    out: TextIO = sys.stdout
    for number, result in batch_results(text, args, scenarios):
        if result.startswith('{"error"'):
            failures += 1
            print(f"lagom: line {number}: {json.loads(result)['error']}", file=sys.stderr)
        out.write(result + "\n")
    if failures:
        return fail(f"{failures} line(s) could not be graded")
    return 0


def batch_results(text: str, args: argparse.Namespace,
                  scenarios: ScenarioLookup) -> Iterator[tuple[int, str]]:
    """(line number, output line) for every non-blank input line."""
    from evaluation.textin import NESTED, TranscriptError, transcript_from_data

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            transcript = transcript_from_data(json.loads(line))
            report = grade_one(transcript, args, scenarios)
        except json.JSONDecodeError as exc:
            yield number, error_line(f"invalid JSON at column {exc.colno}: {exc.msg}")
        except RecursionError:
            yield number, error_line(NESTED)
        except (TranscriptError, GradeInputError) as exc:
            yield number, error_line(str(exc))
        else:
            rendered = render(report, transcript, args.format, indent=None)
            yield number, rendered.rstrip("\n") if args.format == "json" else rendered


def error_line(message: str) -> str:
    """The output line standing in for a transcript that could not be graded."""
    return json.dumps({"error": message}, ensure_ascii=False)
