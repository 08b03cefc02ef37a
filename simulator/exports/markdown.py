"""The Markdown export: a graded session for people to read, with every user text escaped
and no control characters (a terminal showing it with `cat` obeys none)."""

from __future__ import annotations

import re

from scenarios.plaintext import plain
from simulator.exports.common import (
    BALANCE_LABELS,
    flags_text,
    override_text,
    realism_items,
    scores_line,
    session_facts,
)
from simulator.records import TurnRecord
from simulator.store.models import SavedSession

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!{}])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Text that Markdown shows literally: punctuation that could start markup is escaped."""
    lines = (
        _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", line)) for line in plain(text).split("\n")
    )
    return "\n".join(line.strip() for line in lines)


def quoted(text: str) -> str:
    """Escaped text as a block quote whose line breaks are kept."""
    lines = [f"> {line}".rstrip() for line in escape(text).split("\n")]
    # a trailing backslash is a hard line break, except around a blank (paragraph) line
    return "\n".join(
        f"{line}\\" if line != ">" and nxt != ">" else line
        for line, nxt in zip(lines, [*lines[1:], ">"], strict=True)
    )


def _header(saved: SavedSession) -> list[str]:
    """The title and the table of who, what, when and how it went."""
    info = saved.info
    # A table cell never starts a line, so only inline markup needs escaping there.
    rows = [(k, _SPECIAL.sub(r"\\\1", plain(v))) for k, v in session_facts(saved, with_scores=True)]
    table = ["| | |", "|---|---|", *(f"| {key} | {value} |" for key, value in rows)]
    return [f"# Lagom session {info.id}", "", *table, ""]


def _customer_meta(saved: SavedSession, turn: TurnRecord) -> str:
    """The director's hidden view of a customer line and the trainee's flags, for coaches."""
    parts = [f"intent {turn.intent}"] if turn.intent else []
    if turn.state:
        state = turn.state
        parts.append(
            f"distress {state.distress:.1f}, trust {state.trust:.1f}, patience {state.patience:.1f}"
        )
    if turn.source == "script":
        parts.append("authored line")
    if turn.rejection:
        parts.append(f"model line rejected: {turn.rejection}")
    flagged = flags_text(saved, turn.index)
    if flagged:
        parts.append(f"trainee {flagged}")
    return f"*{escape('; '.join(parts))}*" if parts else ""


def _grade_lines(turn: TurnRecord) -> list[str]:
    """A trainee reply's scores line, then its evidence and tips as bullets."""
    grade = turn.grade
    if grade is None:
        return []
    lines = [f"Scores: {scores_line(grade.scores)} — {BALANCE_LABELS[grade.balance]}", ""]
    for item in grade.evidence:
        quote = f"“{escape(item.quote)}” — " if item.quote else ""
        lines.append(f"- {item.dimension}: {quote}{escape(item.note)}")
    return lines + [f"- Tip: {escape(tip)}" for tip in grade.tips]


def _coach_lines(saved: SavedSession, index: int) -> list[str]:
    """The coach's overrides and notes on one turn, as bullets."""
    lines = [f"- Coach override: {escape(override_text(o))}" for o in saved.overrides_for(index)]
    return lines + [
        f"- Coach note: {escape(n.text)}" + (f" — by {escape(n.author)}" if n.author else "")
        for n in saved.notes_for(index)
    ]


def _turn(saved: SavedSession, turn: TurnRecord) -> list[str]:
    """One turn: who spoke, the line, its grade or hidden state, and the coach's words."""
    speaker = "Customer" if turn.role == "customer" else "Trainee"
    lines = [f"### {turn.index}. {speaker}", "", quoted(turn.text), ""]
    meta = _customer_meta(saved, turn) if turn.role == "customer" else ""
    lines += [meta, ""] if meta else []
    after = _grade_lines(turn) + _coach_lines(saved, turn.index)
    return [*lines, *after, ""] if after else lines


def render(saved: SavedSession) -> str:
    """The whole session as Markdown."""
    lines = _header(saved)
    general = saved.notes_for(None)
    if general:
        lines += ["## Coach notes", "", *(f"- {escape(n.text)}" for n in general), ""]
    summary, items = realism_items(saved)
    lines += ["## Realism", "", escape(summary), "", *(f"- {escape(i)}" for i in items)]
    lines += ["", "## Transcript", ""] if items else ["## Transcript", ""]
    for turn in saved.turns:
        lines += _turn(saved, turn)
    if saved.info.summary and saved.info.summary.notices:
        lines += ["## Notices", "", *(f"- {escape(n)}" for n in saved.info.summary.notices), ""]
    # No escape sequence or control byte from any text (model lines, names, notes) survives.
    return plain("\n".join(lines).rstrip() + "\n")
