"""A grade report as Markdown, for coaches and team leads reading it as a document."""

from __future__ import annotations

import re

from evaluation.models import GradeReport, Transcript
from personas.vocabulary import DIMENSIONS

SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+|!~])")
BALANCE = {"too_little": "too little", "lagom": "lagom", "too_much": "too much"}


def escape(text: str) -> str:
    """User text shown literally: Markdown specials escaped, one line."""
    return SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(report: GradeReport, transcript: Transcript) -> str:
    """The whole report: summary table, then every reply with scores, evidence and tips."""
    summary = report.summary
    lines = ["# Grade", "", "| dimension | score |", "|---|---|"]
    lines += [f"| {d} | {getattr(summary.scores, d):.1f} |" for d in DIMENSIONS]
    lines += [
        "",
        f"Overall **{summary.overall:.1f}** over {summary.replies} repl"
        f"{'y' if summary.replies == 1 else 'ies'}; balance: {BALANCE[summary.balance]}; "
        f"language: {summary.language}.",
    ]
    lines += [f"> Note: {escape(n)}" for n in summary.notices]
    for reply in report.replies:
        lines += reply_section(reply, transcript)
    return "\n".join(lines) + "\n"


def reply_section(reply, transcript: Transcript) -> list[str]:  # noqa: ANN001 - ReplyGrade
    """One reply: what was said, the four scores, evidence and tips."""
    said = transcript.turns[reply.turn].text
    scores = ", ".join(f"{d} {getattr(reply.scores, d):.1f}" for d in DIMENSIONS)
    lines = ["", f"## Turn {reply.turn}", "", f"> {escape(said)}", "",
             f"Scores: {scores}. Balance: {BALANCE[reply.balance]}."]
    if reply.evidence:
        lines += ["", "Evidence:"]
        for item in reply.evidence:
            quote = f" — \u201c{escape(item.quote)}\u201d" if item.quote else ""
            lines.append(f"- {item.dimension}: {escape(item.note)}{quote}")
    if reply.tips:
        lines += ["", "Tips:"]
        lines += [f"- {escape(tip)}" for tip in reply.tips]
    return lines
