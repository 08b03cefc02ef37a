"""The shared vocabulary of Lagom: signals, intents, bands, languages and outcomes.

Every other part (persona and scenario files, the evaluator, the director, the guard, the
store) speaks in these names, so they live in one small module with no dependencies.
"""

from __future__ import annotations

from typing import Literal, get_args

Signal = Literal[
    "acknowledged_feeling",
    "reflected_detail",
    "useful_question",
    "took_ownership",
    "blamed_customer",
    "made_excuses",
    "over_promised",
    "repeated_question",
    "used_jargon",
    "was_curt",
    "rushed_solution",
    "over_apologised",
    "self_focused",
]
"""A kind of trainee behaviour the evaluator detects in one reply and the director reacts to."""

SIGNALS: tuple[str, ...] = get_args(Signal)

POSITIVE_SIGNALS: frozenset[str] = frozenset(
    {"acknowledged_feeling", "reflected_detail", "useful_question", "took_ownership"}
)
"""Signals a real customer experiences as being heard; the rest are experienced as harm."""

Intent = Literal[
    "state_problem",
    "add_detail",
    "reveal_need",
    "push_back",
    "repeat_complaint",
    "calm_down",
    "accept",
    "reject_overpromise",
    "ask_manager",
    "end",
    "answer",
    "not_known",
    "on_file",
]
"""What the customer means to do with its next line; chosen by the director. `answer` gives
the fact the trainee asked for; `not_known` says the customer hasn't got that to hand;
`on_file` answers a request for a personal detail the scenario does not hold (a postcode, an
account number) by pointing to the account, without making one up."""

INTENTS: tuple[str, ...] = get_args(Intent)

FACT_INTENTS: tuple[str, ...] = ("reveal_need", "answer")
"""Intents whose authored lines live on the scenario: reveal_need lines on each hidden need,
answer lines on each fact (`[facts.answers]`)."""

BANKED_INTENTS: tuple[str, ...] = tuple(
    i for i in INTENTS if i not in FACT_INTENTS and i not in ("not_known", "on_file")
)
"""Intents whose authored lines live in line banks with at least three variants per band."""

SPARSE_INTENTS: tuple[str, ...] = ("not_known",)
"""Banked intents that need only one line per band (archetype or scenario bank): rare lines."""

Band = Literal["low", "mid", "high"]
"""How distressed the customer is right now: low (settling), mid (upset), high (at the edge)."""

BANDS: tuple[str, ...] = get_args(Band)

Language = Literal["en", "sv", "nl", "pl"]
"""Languages Lagom supports for scenarios, grading cues and tips."""

LANGUAGES: tuple[str, ...] = get_args(Language)

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "sv": "Swedish", "nl": "Dutch", "pl": "Polish"}

Difficulty = Literal["gentle", "moderate", "hard"]
"""How hard a scenario is to bring to a good end."""

DIFFICULTIES: tuple[str, ...] = get_args(Difficulty)

Outcome = Literal["resolved", "escalated", "customer_left", "turn_limit"]
"""How a session ended; None (not in this set) while it is still running."""

OUTCOMES: tuple[str, ...] = get_args(Outcome)

Dimension = Literal["listening", "tone", "honesty", "understanding"]
"""The four graded dimensions of every trainee reply."""

DIMENSIONS: tuple[str, ...] = get_args(Dimension)

Balance = Literal["too_little", "lagom", "too_much"]
"""The empathy-balance verdict (seed 000): cold and mechanical, just right, or overdone."""


def band_for(distress: float) -> str:
    """Return the emotional band for a distress level on the 0-10 scale."""
    if distress < 4.0:
        return "low"
    if distress < 7.0:
        return "mid"
    return "high"
