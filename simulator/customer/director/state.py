"""How the trainee's behaviour moves the customer's emotional state, and the escalation ladder."""

from __future__ import annotations

from dataclasses import dataclass

from personas.model import Persona, Rung, StateShift

MAX_COUNTED = 6
"""Cues beyond this many in one reply add nothing more."""

MAX_STEP = 2.5
"""The most one reply can move any dimension: nobody goes from furious to calm in a sentence."""


@dataclass(frozen=True)
class Mood:
    """The customer's distress, trust and patience, each on a 0-10 scale."""

    distress: float
    trust: float
    patience: float

    @classmethod
    def start_of(cls, persona: Persona) -> Mood:
        """The mood a persona starts a conversation in."""
        return cls(persona.start.distress, persona.start.trust, persona.start.patience)

    def shifted(self, distress: float = 0.0, trust: float = 0.0, patience: float = 0.0) -> Mood:
        """A new mood moved by the given amounts, kept inside 0-10."""
        return Mood(
            clamp(self.distress + distress),
            clamp(self.trust + trust),
            clamp(self.patience + patience),
        )


def clamp(value: float) -> float:
    """Keep a value on the 0-10 scale, rounded to hundredths so replays compare exactly."""
    return round(min(10.0, max(0.0, value)), 2)


def count_weight(count: int) -> float:
    """How much `count` cues of one behaviour weigh: 1, 1.5, 1.75... (diminishing returns)."""
    return sum(0.5**k for k in range(min(max(count, 0), MAX_COUNTED)))


def signal_shift(persona: Persona, signals: dict[str, int]) -> tuple[float, float, float]:
    """The (distress, trust, patience) change caused by one reply's signals, without drift."""
    totals = [0.0, 0.0, 0.0]
    for signal, count in signals.items():
        shift: StateShift | None = persona.sensitivities.get(signal)  # type: ignore[call-overload]
        if shift is None or count <= 0:
            continue
        weight = count_weight(count)
        totals[0] += shift.distress * weight
        totals[1] += shift.trust * weight
        totals[2] += shift.patience * weight
    distress, trust, patience = (max(-MAX_STEP, min(MAX_STEP, t)) for t in totals)
    return distress, trust, patience


def eased(step: float, room: float) -> float:
    """Scale an improving step by how much room is left to improve (0-10 scale).

    Real customers settle slowly: the last bit of calm and the last bit of trust are the
    hardest to win, so improvements shrink as the customer nears calm or full trust, while
    harm lands in full.
    """
    return step * (0.15 + 0.85 * room / 10.0)


def after_reply(mood: Mood, persona: Persona, signals: dict[str, int]) -> Mood:
    """The mood after hearing one reply: the signals' shift plus the persona's drift."""
    distress, trust, patience = signal_shift(persona, signals)
    if distress < 0:
        distress = eased(distress, mood.distress)
    if trust > 0:
        trust = eased(trust, 10.0 - mood.trust)
    if patience > 0:
        patience = eased(patience, 10.0 - mood.patience)
    drift = persona.drift
    return mood.shifted(distress + drift.distress, trust + drift.trust, patience + drift.patience)


def reached(rung: Rung, mood: Mood) -> bool:
    """True when every threshold of the rung holds (a rung with no thresholds is never reached)."""
    checks = []
    if rung.distress_at_least is not None:
        checks.append(mood.distress >= rung.distress_at_least)
    if rung.trust_at_most is not None:
        checks.append(mood.trust <= rung.trust_at_most)
    if rung.patience_at_most is not None:
        checks.append(mood.patience <= rung.patience_at_most)
    return bool(checks) and all(checks)


def current_rung(persona: Persona, mood: Mood) -> Rung | None:
    """The highest rung of the ladder the mood has reached, or None below the first."""
    found = None
    for rung in persona.escalation:
        if reached(rung, mood):
            found = rung
    return found


def forced_intent(persona: Persona, mood: Mood) -> str | None:
    """The intent of the highest reached rung that forces one (a manager request persists
    on the rungs above it), or None when no reached rung forces an intent."""
    forced = None
    for rung in persona.escalation:
        if rung.intent is not None and reached(rung, mood):
            forced = rung.intent
    return forced
