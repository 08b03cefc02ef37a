"""The HTML export: one self-contained page (inline CSS, no external assets) that reads well
in a browser and in print. Every piece of user text is HTML-escaped."""

from __future__ import annotations

from html import escape

from personas.vocabulary import DIMENSIONS
from simulator.exports.common import (
    BALANCE_LABELS,
    flags_text,
    number,
    override_text,
    realism_items,
    session_facts,
)
from simulator.records import TurnRecord
from simulator.store.models import SavedSession

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1d232a; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table.scores { border-collapse: collapse; margin: .4rem 0; }
table.scores th, table.scores td { border: 1px solid #c9d1d9; padding: .15rem .5rem;
                                   text-align: center; }
.turn { border-left: 4px solid #8b949e; padding: .3rem .8rem; margin: 1rem 0;
        page-break-inside: avoid; break-inside: avoid; }
.turn.trainee { border-color: #2f81f7; background: #f3f8ff; }
.turn.customer { background: #f6f8fa; }
.who { font-weight: 600; font-size: .85rem; text-transform: uppercase; color: #57606a; }
.text { white-space: pre-wrap; margin: .2rem 0; }
.meta-line { color: #57606a; font-size: .85rem; font-style: italic; }
.coach { border-top: 1px dashed #d4a72c; margin-top: .4rem; padding-top: .3rem; }
.coach b { color: #9a6700; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; }
  .turn, .turn.trainee, .turn.customer { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""
"""The page's only stylesheet, inlined."""


def _scores_table(values: dict[str, float | None]) -> str:
    """A one-row table of the four scores."""
    head = "".join(f"<th>{d}</th>" for d in DIMENSIONS)
    cells = "".join(f"<td>{number(values.get(d))}</td>" for d in DIMENSIONS)
    return f'<table class="scores"><tr>{head}</tr><tr>{cells}</tr></table>'


def _header(saved: SavedSession) -> str:
    """The title, the facts of the session and its summary scores."""
    info, summary = saved.info, saved.info.summary
    facts = [(key, escape(value)) for key, value in session_facts(saved)]
    items = "".join(f"<dt>{key}</dt><dd>{value}</dd>" for key, value in facts)
    scores = _scores_table(summary.scores.model_dump()) if summary else ""
    return f'<h1>Lagom session {escape(info.id)}</h1>\n<dl class="meta">{items}</dl>\n{scores}'


def _customer_meta(saved: SavedSession, turn: TurnRecord) -> str:
    """The director's hidden view of a customer line and the trainee's flags, for coaches."""
    parts = [f"intent {turn.intent}"] if turn.intent else []
    if turn.state:
        s = turn.state
        parts.append(f"distress {s.distress:.1f}, trust {s.trust:.1f}, patience {s.patience:.1f}")
    if turn.source == "script":
        parts.append("authored line")
    if turn.rejection:
        parts.append(f"model line rejected: {turn.rejection}")
    flagged = flags_text(saved, turn.index)
    if flagged:
        parts.append(f"trainee {flagged}")
    return f'<div class="meta-line">{escape("; ".join(parts))}</div>' if parts else ""


def _grade(turn: TurnRecord) -> str:
    """A trainee reply's scores, balance, evidence and tips."""
    grade = turn.grade
    if grade is None:
        return ""
    items = [
        f"<li>{escape(e.dimension)}: "
        + (f"“{escape(e.quote)}” — " if e.quote else "")
        + f"{escape(e.note)}</li>"
        for e in grade.evidence
    ]
    items += [f"<li>Tip: {escape(tip)}</li>" for tip in grade.tips]
    listed = f"<ul>{''.join(items)}</ul>" if items else ""
    balance = escape(BALANCE_LABELS[grade.balance])
    return f"{_scores_table(grade.scores.model_dump())}<div>Balance: {balance}</div>{listed}"


def _coach(saved: SavedSession, index: int | None) -> str:
    """The coach's overrides and notes on a turn (or on the session when `index` is None)."""
    lines = (
        []
        if index is None
        else [
            f"<div><b>Override</b> {escape(override_text(o))}</div>"
            for o in saved.overrides_for(index)
        ]
    )
    lines += [
        f"<div><b>Note</b> {escape(n.text)}"
        + (f" — by {escape(n.author)}" if n.author else "")
        + "</div>"
        for n in saved.notes_for(index)
    ]
    return f'<div class="coach">{"".join(lines)}</div>' if lines else ""


def _turn(saved: SavedSession, turn: TurnRecord) -> str:
    """One turn as a block: who spoke, the literal text, grade or hidden state, coach's words."""
    speaker = "Customer" if turn.role == "customer" else "Trainee"
    extra = _customer_meta(saved, turn) if turn.role == "customer" else _grade(turn)
    return (
        f'<section class="turn {turn.role}"><div class="who">{turn.index}. {speaker}</div>'
        f'<p class="text">{escape(turn.text)}</p>{extra}{_coach(saved, turn.index)}</section>'
    )


def _realism(saved: SavedSession) -> str:
    """Where the customer's lines came from, replacements by reason and the flagged lines."""
    summary, items = realism_items(saved)
    listed = "".join(f"<li>{escape(item)}</li>" for item in items)
    return (
        f'<h2>Realism</h2>\n<p class="realism">{escape(summary)}</p>'
        + (f'<ul class="realism">{listed}</ul>' if listed else "")
    )


def render(saved: SavedSession) -> str:
    """The whole session as one self-contained HTML page."""
    title = escape(f"Lagom session {saved.info.id} — {saved.info.trainee}")
    turns = "\n".join(_turn(saved, turn) for turn in saved.turns)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(saved.info.language or "en")}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{_header(saved)}\n{_coach(saved, None)}\n{_realism(saved)}\n"
        f"<h2>Transcript</h2>\n{turns}\n"
        "</body>\n</html>\n"
    )
