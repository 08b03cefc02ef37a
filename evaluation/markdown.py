"""A grade report as Markdown, for coaches and team leads reading it as a document."""

from __future__ import annotations

import re
from collections import Counter

from evaluation.models import GradeReport, Transcript
from evaluation.scorer import WEAK
from personas.vocabulary import DIMENSIONS

SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+|!~])")
BALANCE = {"too_little": "too little", "lagom": "lagom", "too_much": "too much"}


def escape(text: str) -> str:
    """User text shown literally: Markdown specials escaped, one line."""
    return SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(report: GradeReport, transcript: Transcript) -> str:
    """The whole report: summary table, the top three things to practise, then every reply
    beside the customer's line it answers, with scores, evidence and tips."""
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
    lines += practise(report)
    before = customer_lines(transcript)
    for reply in report.replies:
        lines += reply_section(reply, transcript, before.get(reply.turn, ""))
    return "\n".join(lines) + "\n"


def customer_lines(transcript: Transcript) -> dict[int, str]:
    """For each trainee turn, the customer's line it answers (one pass over the turns)."""
    last = ""
    before: dict[int, str] = {}
    for index, turn in enumerate(transcript.turns):
        if turn.role == "customer":
            last = turn.text
        else:
            before[index] = last
    return before


TOP = 3
"""How many things to practise the summary names."""


def practise(report: GradeReport) -> list[str]:
    """The three things to practise: the weak points (evidence on scores below 4) that cost
    most, summed over replies and dimensions (how far below 4 each score it bore on fell), with
    how many replies showed each. A promise repeated after it failed, on three low scores,
    comes before a missing `please` on two nearly good ones."""
    counts: Counter[str] = Counter()
    cost: Counter[str] = Counter()
    dimensions: dict[str, list[str]] = {}
    for reply in report.replies:
        weak = [e for e in reply.evidence if getattr(reply.scores, e.dimension) < WEAK]
        counts.update({e.note for e in weak})
        for e in weak:
            cost[e.note] += WEAK - getattr(reply.scores, e.dimension)
            seen = dimensions.setdefault(e.note, [])
            if e.dimension not in seen:
                seen.append(e.dimension)
    if not counts:
        return []
    lines = ["", "## Top three things to practise", ""]
    ranked = sorted(counts, key=lambda n: (-cost[n], -counts[n]))[:TOP]
    for number, (note, times) in enumerate(((n, counts[n]) for n in ranked), start=1):
        replies = f"{times} repl{'y' if times == 1 else 'ies'}"
        lines.append(f"{number}. {escape(note)} ({', '.join(dimensions[note])}; {replies})")
    return lines


def reply_section(reply, transcript: Transcript, customer: str = "") -> list[str]:  # noqa: ANN001
    """One reply: the customer's line it answers, what was said, the four scores, evidence
    and tips."""
    said = transcript.turns[reply.turn].text
    scores = ", ".join(f"{d} {getattr(reply.scores, d):.1f}" for d in DIMENSIONS)
    lines = ["", f"## Turn {reply.turn}", ""]
    if customer:
        lines += [f"Customer: {escape(customer)}", ""]
    lines += [f"> {escape(said)}", "", f"Scores: {scores}. Balance: {BALANCE[reply.balance]}."]
    if reply.evidence:
        lines += ["", "Evidence:"]
        for item in reply.evidence:
            quote = f" — \u201c{escape(item.quote)}\u201d" if item.quote else ""
            lines.append(f"- {item.dimension}: {escape(item.note)}{quote}")
    if reply.tips:
        lines += ["", "Tips:"]
        lines += [f"- {escape(tip)}" for tip in reply.tips]
    return lines
