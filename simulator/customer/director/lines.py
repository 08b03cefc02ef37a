"""Authored customer lines: the scenario's and the archetype's banks, picked by a seeded RNG."""

from __future__ import annotations

import random

from personas.model import Persona
from personas.vocabulary import BANDS
from scenarios.model import Scenario

NEAREST_BANDS: dict[str, tuple[str, ...]] = {
    "low": ("low", "mid", "high"),
    "mid": ("mid", "low", "high"),
    "high": ("high", "mid", "low"),
}
"""Where to look when a bank has no line for the band asked for."""

SIMILAR_INTENT: dict[str, str] = {
    "reveal_need": "add_detail",
    "reject_overpromise": "push_back",
    "ask_manager": "push_back",
    "repeat_complaint": "state_problem",
    "push_back": "repeat_complaint",
    "add_detail": "state_problem",
    "calm_down": "add_detail",
    "accept": "calm_down",
    "end": "push_back",
}
"""The next-best intent when a scenario and its archetype have no line for an intent at all."""


class LineBook:
    """Picks authored lines for intents and bands, avoiding lines already used in the session."""

    def __init__(self, scenario: Scenario, persona: Persona, seed: int = 0) -> None:
        """Lines come from the scenario first, then the archetype's bank in its language."""
        self.scenario = scenario
        self.persona = persona
        self.used: set[str] = set()
        self._rng = random.Random(f"lines:{seed}")

    def opening(self) -> str:
        """The customer's first line, one of the scenario's opening lines."""
        return self._choose(list(self.scenario.opening_lines))

    def pick(
        self, intent: str, band: str, need: str | None = None, max_words: int | None = None
    ) -> str:
        """An authored line for this intent and band (or the need being revealed).

        Lines within `max_words` are preferred, so a tiring customer's lines get shorter too.
        """
        seen: set[str] = set()
        while intent not in seen:
            seen.add(intent)
            for each in NEAREST_BANDS.get(band, BANDS):
                lines = self.candidates(intent, each, need)
                if lines:
                    short = [line for line in lines if len(line.split()) <= (max_words or 999)]
                    return self._choose(short or lines)
            intent = SIMILAR_INTENT.get(intent, "state_problem")
        return self._choose(list(self.scenario.opening_lines))

    def candidates(self, intent: str, band: str, need: str | None = None) -> list[str]:
        """Every authored line for an intent and band, scenario lines first, without duplicates."""
        if intent == "reveal_need":
            found = [n.lines for n in self.scenario.hidden_needs if n.id == need]
            return list(dict.fromkeys(found[0])) if found else []
        scenario_lines = self.scenario.lines.get(intent, {}).get(band, [])  # type: ignore[call-overload]
        bank = self.persona.lines.get(self.scenario.language, {})  # type: ignore[call-overload]
        persona_lines = bank.get(intent, {}).get(band, [])
        return list(dict.fromkeys([*scenario_lines, *persona_lines]))

    def _choose(self, lines: list[str]) -> str:
        """A seeded choice among the unused lines (all lines once every one was used)."""
        fresh = [line for line in lines if line not in self.used] or lines
        line = self._rng.choice(fresh)
        self.used.add(line)
        return line
