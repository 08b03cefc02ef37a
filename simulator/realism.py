"""The realism report: where the customer's lines came from, which model lines the guard
replaced and why, and which lines the trainee flagged as wrong; per session and per scenario.

Plain domain code over saved turns and flags (no UI): the coach review, the trainee's report,
the exports and `lagom sessions --realism` all word it from here, so a coach can see which
scenario needs fixing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from simulator.records import TurnRecord
from simulator.store.flags import Flag
from simulator.store.models import SavedSession

_DETAIL = re.compile(r"\s*(?:\(.*|:.*)$", re.DOTALL)
"""What follows a rejection's kind: `too long (32 words > 30)`, `backend failed: timeout`."""


def rejection_kind(reason: str) -> str:
    """The kind of a guard rejection, without its details: `number not in the scenario (8)` ->
    `number not in the scenario`; used to count replacements by reason."""
    kind = _DETAIL.sub("", reason.strip())
    return kind or reason.strip() or "unknown"


def line_origin(turn: TurnRecord) -> str:
    """`model`, `replaced` (the guard put an authored line in the model's place) or `authored`."""
    if turn.rejection:
        return "replaced"
    return "model" if turn.source == "model" else "authored"


@dataclass(frozen=True)
class FlaggedLine:
    """A customer line the trainee flagged, with the reason they gave."""

    turn_index: int
    """The flagged customer turn."""
    text: str
    """What the customer said."""
    origin: str
    """model, replaced or authored."""
    reason: str
    """The trainee's word why (may be empty)."""
    session_id: str = ""
    """The session it was said in (set in the per-scenario summary)."""


@dataclass
class Realism:
    """Counts of customer lines by origin, replacements by reason, and the flagged lines."""

    model: int = 0
    """Lines the model wrote that reached the trainee."""
    authored: int = 0
    """Authored lines chosen as they are (no model, or the director's choice)."""
    replaced: int = 0
    """Model lines the guard replaced with an authored line."""
    reasons: Counter[str] = field(default_factory=Counter)
    """Replacements by kind of reason."""
    flagged: list[FlaggedLine] = field(default_factory=list)
    """Lines the trainee flagged, in order."""

    @property
    def lines(self) -> int:
        """All customer lines counted."""
        return self.model + self.authored + self.replaced

    @property
    def model_share(self) -> float | None:
        """The share of lines written by the model, or None when there are none."""
        return self.model / self.lines if self.lines else None

    def add(self, other: Realism) -> None:
        """Add another session's figures to these."""
        self.model += other.model
        self.authored += other.authored
        self.replaced += other.replaced
        self.reasons.update(other.reasons)
        self.flagged.extend(other.flagged)

    def reasons_text(self) -> str:
        """`role reversal 2, too long 1` (most frequent first), or empty."""
        return ", ".join(f"{kind} {count}" for kind, count in self.reasons.most_common())

    def summary(self, flagged_by: str = "the trainee") -> str:
        """One line: `5 customer lines: 2 from the model, 2 authored, 1 replaced by the guard
        (role reversal 1); 1 flagged by the trainee` (`flagged_by`: "you" in the trainee's
        own report)."""
        if not self.lines:
            return "no customer lines"
        said = "line" if self.lines == 1 else "lines"
        text = (
            f"{self.lines} customer {said}: {self.model} from the model, {self.authored} "
            f"authored, {self.replaced} replaced by the guard"
        )
        if self.reasons:
            text += f" ({self.reasons_text()})"
        flags = len(self.flagged)
        return text + (f"; {flags} flagged by {flagged_by}" if flags else "; none flagged")

    def as_dict(self) -> dict[str, object]:
        """The figures for JSON: counts, reasons by kind and the flagged lines."""
        return {
            "customer_lines": self.lines,
            "model": self.model,
            "authored": self.authored,
            "replaced": self.replaced,
            "model_share": self.model_share,
            "replaced_by_reason": dict(self.reasons.most_common()),
            "flagged": [
                {"turn": f.turn_index, "text": f.text, "origin": f.origin, "reason": f.reason}
                | ({"session": f.session_id} if f.session_id else {})
                for f in self.flagged
            ],
        }


def turns_realism(turns: Iterable[TurnRecord], flags: Iterable[Flag] = ()) -> Realism:
    """The realism figures of one conversation's turns and the trainee's flags on them."""
    report = Realism()
    customer = {t.index: t for t in turns if t.role == "customer"}
    for turn in customer.values():
        origin = line_origin(turn)
        if origin == "replaced":
            report.replaced += 1
            report.reasons[rejection_kind(turn.rejection or "")] += 1
        elif origin == "model":
            report.model += 1
        else:
            report.authored += 1
    for flag in flags:
        turn = customer.get(flag.turn_index)
        report.flagged.append(
            FlaggedLine(
                turn_index=flag.turn_index,
                text=turn.text if turn else "",
                origin=line_origin(turn) if turn else "",
                reason=flag.reason,
            )
        )
    return report


def session_realism(saved: SavedSession) -> Realism:
    """The realism figures of one saved session."""
    report = turns_realism(saved.turns, saved.flags)
    report.flagged = [
        FlaggedLine(f.turn_index, f.text, f.origin, f.reason, saved.info.id)
        for f in report.flagged
    ]
    return report


@dataclass
class ScenarioRealism:
    """The realism figures of one scenario over its sessions."""

    scenario_id: str
    """The scenario."""
    title: str = ""
    """Its title, as saved with the sessions."""
    sessions: int = 0
    """How many sessions were counted."""
    realism: Realism = field(default_factory=Realism)
    """The summed figures."""


def by_scenario(sessions: Iterable[SavedSession]) -> list[ScenarioRealism]:
    """Per scenario: sessions, model share, replacements by reason and flags; the scenarios
    with the most flagged and replaced lines first (those a coach should fix first)."""
    found: dict[str, ScenarioRealism] = {}
    for saved in sessions:
        info = saved.info
        row = found.setdefault(info.scenario_id, ScenarioRealism(info.scenario_id))
        row.title = row.title or info.scenario_title
        row.sessions += 1
        row.realism.add(session_realism(saved))
    return sorted(
        found.values(),
        key=lambda r: (-len(r.realism.flagged), -r.realism.replaced, r.scenario_id),
    )


def share_text(share: float | None) -> str:
    """A share as `67%`, or a dash."""
    return "—" if share is None else f"{share:.0%}"


SCENARIO_HEADINGS = ("SCENARIO", "SESSIONS", "LINES", "MODEL", "REPLACED", "FLAGGED", "REASONS")
"""The columns of the per-scenario table."""


def scenario_cells(row: ScenarioRealism) -> tuple[str, ...]:
    """One scenario's cells in SCENARIO_HEADINGS order."""
    realism = row.realism
    return (
        row.scenario_id,
        str(row.sessions),
        str(realism.lines),
        share_text(realism.model_share),
        str(realism.replaced),
        str(len(realism.flagged)),
        realism.reasons_text() or "—",
    )


def scenario_table(rows: list[ScenarioRealism]) -> str:
    """An aligned plain-text table: per scenario the sessions, lines, model share,
    replacements (and by which reasons) and flags; then every flagged line with its reason."""
    cells = [SCENARIO_HEADINGS, *(scenario_cells(row) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(SCENARIO_HEADINGS))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    flagged = [(row.scenario_id, flag) for row in rows for flag in row.realism.flagged]
    if flagged:
        lines += ["", "Flagged lines:"]
        for scenario_id, flag in flagged:
            said = f" “{flag.text}”" if flag.text else ""
            reason = f" — {flag.reason}" if flag.reason else " — no reason given"
            origin = f" ({flag.origin})" if flag.origin else ""
            lines.append(f"  {scenario_id} {flag.session_id} #{flag.turn_index}{origin}{said}"
                         f"{reason}")
    return "\n".join(lines)


def scenario_json(row: ScenarioRealism) -> dict[str, object]:
    """One scenario's figures for JSON."""
    return {"scenario": row.scenario_id, "title": row.title, "sessions": row.sessions,
            **row.realism.as_dict()}
