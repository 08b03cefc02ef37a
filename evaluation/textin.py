"""Read transcripts from what coaches have: grade JSON or plain role-labelled text."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from evaluation.models import Transcript, Turn

ROLE_WORDS: dict[str, str] = {
    "customer": "customer",
    "caller": "customer",
    "client": "customer",
    "klant": "customer",
    "kund": "customer",
    "klient": "customer",
    "klientka": "customer",
    "agent": "trainee",
    "trainee": "trainee",
    "medewerker": "trainee",
    "handläggare": "trainee",
    "konsultant": "trainee",
    "konsultantka": "trainee",
}
"""Speaker labels accepted in plain text (English, Dutch, Swedish, Polish), case-insensitive."""

NESTED = "the JSON is nested too deeply to be a transcript"
"""The message for input such as 4 KB of `[[[[`."""

LABEL = re.compile(r"^\s*([^\W\d_]+)\s*:\s?(.*)$")


class TranscriptError(ValueError):
    """A transcript could not be read; the message names the line or field."""


MAX_TURNS = 20_000
"""The most turns one transcript may have (LAGOM_GRADE_MAX_TURNS changes it)."""

MAX_TURN_CHARS = 20_000
"""The longest turn graded, in characters (LAGOM_GRADE_MAX_CHARS changes it)."""


def limit(name: str, default: int) -> int:
    """A positive whole number from the LAGOM_* variable `name` (read by the settings),
    else `default`."""
    from simulator.settings import SettingsError, variable_value

    try:
        value = variable_value(name)
    except SettingsError:
        return default
    return int(value) if value else default


def check_size(transcript: Transcript) -> Transcript:
    """The transcript, or TranscriptError when it has too many turns or too long a turn."""
    most = limit("LAGOM_GRADE_MAX_TURNS", MAX_TURNS)
    if len(transcript.turns) > most:
        raise TranscriptError(
            f"turns: {len(transcript.turns):,} turns; at most {most:,} are graded "
            "(set LAGOM_GRADE_MAX_TURNS to allow more)"
        )
    longest = limit("LAGOM_GRADE_MAX_CHARS", MAX_TURN_CHARS)
    for index, turn in enumerate(transcript.turns):
        if len(turn.text) > longest:
            raise TranscriptError(
                f"turns.{index}.text: {len(turn.text):,} characters; at most {longest:,} "
                "(set LAGOM_GRADE_MAX_CHARS to allow more)"
            )
    return transcript


def transcript_from_text(text: str) -> Transcript:
    """Parse `Customer:`/`Agent:` lines; unlabelled lines continue the previous speaker's turn."""
    turns: list[tuple[str, list[str]]] = []  # role, its lines (joined once: linear)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = LABEL.match(line)
        role = ROLE_WORDS.get(match.group(1).casefold()) if match else None
        if match and role:
            turns.append((role, [match.group(2).strip()]))
        elif turns:
            turns[-1][1].append(line.strip())
        else:
            raise TranscriptError(
                f"line {number}: expected a speaker label such as 'Customer:' or 'Agent:'"
            )
    if not turns:
        raise TranscriptError("no turns found (expected lines such as 'Customer: ...')")
    return check_size(Transcript(turns=[
        Turn(role=role, text=" ".join(part for part in parts if part)) for role, parts in turns
    ]))


def transcript_from_data(data: Any) -> Transcript:
    """Validate decoded JSON as a transcript; errors name the field (`turns.2.role: ...`)."""
    if not isinstance(data, dict):
        raise TranscriptError("a transcript must be a JSON object with a 'turns' list")
    try:
        return check_size(Transcript.model_validate(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "transcript"
        raise TranscriptError(f"{field}: {first['msg']}") from None
    except RecursionError:
        raise TranscriptError(NESTED) from None


def parse_transcript(text: str) -> Transcript:
    """A transcript from JSON (when the text starts with `{`) or plain role-labelled text."""
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"line {exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise TranscriptError(NESTED) from None
        return transcript_from_data(data)
    return transcript_from_text(text)
