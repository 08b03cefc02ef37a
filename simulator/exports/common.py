"""Wording shared by the export formats: labels, dates, scores and override lines."""

from __future__ import annotations

from datetime import datetime

from evaluation.models import Scores
from personas.vocabulary import DIMENSIONS, LANGUAGE_NAMES
from simulator.realism import FlaggedLine, line_origin, rejection_kind, session_realism
from simulator.records import TurnRecord
from simulator.store.models import Agreement, Override, SavedSession, SessionInfo

OUTCOME_LABELS = {
    "resolved": "resolved",
    "escalated": "escalated to a manager",
    "customer_left": "the customer left",
    "turn_limit": "ran out of turns",
}
"""How each outcome reads in a report."""

BALANCE_LABELS = {"too_little": "too little empathy", "lagom": "lagom", "too_much": "too much"}
"""How each balance verdict reads in a report."""


def outcome_label(info: SessionInfo) -> str:
    """The session's outcome in words, or why there is none."""
    if info.outcome:
        return OUTCOME_LABELS.get(info.outcome, info.outcome)
    return "unfinished (interrupted)" if info.status == "interrupted" else "unfinished"


def customer_label(info: SessionInfo) -> str:
    """`frustrated · English`: the archetype and the language, as far as they are known."""
    language = LANGUAGE_NAMES.get(info.language, info.language)
    return " · ".join(part for part in (info.archetype, language) if part) or "—"


def date_label(iso: str | None) -> str:
    """An ISO timestamp as `2026-11-23 04:12 UTC` (as stored when it does not parse)."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = " UTC" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    return f"{moment:%Y-%m-%d %H:%M}{zone}"


def number(value: float | None) -> str:
    """A score as shown: whole numbers plain, others with one decimal, None as a dash."""
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def scores_line(scores: Scores) -> str:
    """`listening 4 · tone 3 · honesty 2 · understanding 5`."""
    return " · ".join(f"{d} {number(getattr(scores, d))}" for d in DIMENSIONS)


def override_text(override: Override) -> str:
    """`honesty 5 (automatic 2): reason — by Eva` (author omitted when unknown)."""
    by = f" — by {override.author}" if override.author else ""
    automatic = f" (automatic {number(override.automatic)})" if override.automatic else ""
    return f"{override.dimension} {number(override.score)}{automatic}: {override.reason}{by}"


def agreement_text(agreement: Agreement) -> str:
    """`2 of 3 overridden scores within 1 point (67%)`, or that there are none."""
    if not agreement.overrides:
        return "no scores overridden"
    share = f"{agreement.share:.0%}" if agreement.share is not None else "—"
    return (
        f"{agreement.within_one} of {agreement.overrides} overridden scores within "
        f"1 point of the evaluator ({share})"
    )


def session_agreement(overrides: list[Override]) -> Agreement:
    """Agreement over one session's overrides (the latest per reply and dimension)."""
    latest = {(o.turn_index, o.dimension): o for o in overrides}
    within = sum(
        1 for o in latest.values() if o.automatic is not None and abs(o.score - o.automatic) <= 1
    )
    return Agreement(overrides=len(latest), within_one=within)


def session_facts(saved: SavedSession, *, with_scores: bool = False) -> list[tuple[str, str]]:
    """Who, what, when and how it went, as plain (label, value) pairs for any format."""
    info = saved.info
    scenario = info.scenario_title or info.scenario_id
    if info.scenario_title:
        scenario += f" ({info.scenario_id})"
    facts = [
        ("Trainee", info.trainee),
        ("Scenario", scenario),
        ("Customer", customer_label(info)),
        ("Date", date_label(info.started_at)),
        ("Mode", info.mode),
        ("Outcome", outcome_label(info)),
    ]
    if info.summary:
        if with_scores:
            facts.append(("Scores", scores_line(info.summary.scores)))
        balance = BALANCE_LABELS[info.summary.balance]
        facts.append(("Overall", f"{number(info.summary.overall)} ({balance})"))
    facts.append(("Coach agreement", agreement_text(session_agreement(saved.overrides))))
    facts.append(("Customer lines", session_realism(saved).summary()))
    return facts


ORIGIN_WORDS = {"model": "model line", "authored": "authored line", "replaced": "replaced"}
"""How each origin of a customer line reads in a report."""


def flag_text(flag: FlaggedLine) -> str:
    """`#2 (model line) “Thanks for your patience.” — reason: she thanks me`."""
    origin = ORIGIN_WORDS.get(flag.origin, flag.origin)
    said = f" “{flag.text}”" if flag.text else ""
    reason = f" — reason: {flag.reason}" if flag.reason else " — no reason given"
    return f"#{flag.turn_index} ({origin}){said}{reason}"


def realism_items(saved: SavedSession) -> tuple[str, list[str]]:
    """The realism report of a session: its summary line, then one item per replacement
    reason and per flagged line (plain text; each format escapes it)."""
    realism = session_realism(saved)
    items = [f"Replaced: {kind} ({count})" for kind, count in realism.reasons.most_common()]
    items += [f"Flagged {flag_text(flag)}" for flag in realism.flagged]
    return realism.summary(), items


def origin_text(turn: TurnRecord) -> str:
    """Where a customer line came from: `model`, `authored` or `replaced: role reversal`."""
    origin = line_origin(turn)
    return f"replaced: {rejection_kind(turn.rejection or '')}" if origin == "replaced" else origin


def flags_text(saved: SavedSession, index: int) -> str:
    """The trainee's flags on one customer line: `flagged: reason; flagged`, or empty."""
    return "; ".join(
        f"flagged: {f.reason}" if f.reason else "flagged" for f in saved.flags_for(index)
    )
