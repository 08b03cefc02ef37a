"""Authored customer lines: the scenario's and the archetype's banks, picked by a seeded RNG."""

from __future__ import annotations

import random
import re

from personas.model import Persona
from personas.vocabulary import BANDS
from scenarios.matching import find_keywords
from scenarios.model import Fact, Scenario
from simulator.customer.phrases import phrases_for

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
    "answer": "add_detail",
    "not_known": "push_back",
    "on_file": "push_back",
}
"""The next-best intent when a scenario and its archetype have no line for an intent at all."""


EARLY_LINES = 3
"""Until the customer has said this many lines, "for the third time" would be untrue."""


SENTENCE = re.compile(r"[^.!?…]+[.!?…]*[\"'”’)]*\s*")
"""One sentence of a line, with its end marks and the space after it."""

ECHO_WORDS = 3
"""Two sentences that start with the same three words say the same thing."""


def without_echo(line: str, before: str) -> str:
    """`line` without its sentences that start as a sentence of `before` does ("Ray did all
    of that." ... "Ray did all of this."), so a joined line does not say a thing twice."""

    def start(sentence: str) -> tuple[str, ...]:
        return tuple(re.findall(r"\w+", sentence.lower())[:ECHO_WORDS])

    said = {start(s) for s in SENTENCE.findall(before)}
    kept = [s for s in SENTENCE.findall(line) if len(start(s)) < ECHO_WORDS or start(s) not in said]
    return "".join(kept).strip() or line


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
        self,
        intent: str,
        band: str,
        need: str | None = None,
        max_words: int | None = None,
        *,
        fact: str | None = None,
        again: bool = False,
        thanks: bool = True,
    ) -> str:
        """An authored line for this intent and band (or the need being revealed, or the fact
        being answered or volunteered).

        Lines within `max_words` are preferred, so a tiring customer's lines get shorter too.
        Without `thanks`, lines that thank the agent are avoided where another exists.
        An answer to a question already answered in this call starts with "I've told you
        this already." (high band) or "As I said before." (mid band); in the low band the
        customer just says it again.
        """
        if need is not None and intent in ("answer", "not_known"):
            return self._answer_and_reveal(intent, band, need, max_words, fact, again, thanks)
        if fact is not None and intent in ("answer", "add_detail"):
            line = self._fact_line(fact, band, max_words)
            if line is not None:
                if again and band != "low":
                    table = phrases_for(self.scenario.language)
                    prefixes = table.again if band == "high" else table.again_gentle
                    line = f"{self._rng.choice(prefixes)} {line}"
                return line
            intent = "add_detail" if intent == "answer" else intent
        if intent == "not_known" and not self._has_bank("not_known"):
            return self._choose(list(phrases_for(self.scenario.language).not_known))
        if intent == "on_file" and not self._has_bank("on_file"):
            table = phrases_for(self.scenario.language).on_file
            for each in NEAREST_BANDS.get(band, BANDS):
                if table.get(each):  # type: ignore[call-overload]
                    return self._choose(list(table[each]))  # type: ignore[index]
            intent = SIMILAR_INTENT["on_file"]
        seen: set[str] = set()
        while intent not in seen:
            seen.add(intent)
            for strict in (True, False):  # a fitting line in another band beats a misfit
                found = self._banked(intent, band, need, max_words, thanks, strict)
                if found is not None:
                    return found
            intent = SIMILAR_INTENT.get(intent, "state_problem")
        return self._choose(list(self.scenario.opening_lines))

    def _answer_and_reveal(
        self,
        intent: str,
        band: str,
        need: str,
        max_words: int | None,
        fact: str | None,
        again: bool,
        thanks: bool,
    ) -> str:
        """The answer to the question, then the hidden need the same reply named.

        A reveal line that already carries the fact asked for answers it on its own, so the
        customer does not say the fact twice.
        """
        reveal = self._banked("reveal_need", band, need, max_words, thanks, strict=False)
        if reveal is None:
            return self.pick(intent, band, None, max_words, fact=fact, again=again, thanks=thanks)
        facts = [f for f in self.scenario.facts if f.id == fact]
        if facts and facts[0].keywords and find_keywords(reveal, facts[0].keywords):
            return reveal
        answer = self.pick(intent, band, None, max_words, fact=fact, again=again, thanks=thanks)
        return f"{answer} {without_echo(reveal, answer)}".strip()

    def _banked(
        self,
        intent: str,
        band: str,
        need: str | None,
        max_words: int | None,
        thanks: bool,
        strict: bool,
    ) -> str | None:
        """A banked line for the intent, nearest band first.

        `strict`: only lines that thank nobody when `thanks` is False, carry content (for
        add_detail) and claim no "many times" early in the call; else those filters are
        preferences.
        """
        for each in NEAREST_BANDS.get(band, BANDS):
            lines = self.candidates(intent, each, need)
            for wanted, keep in (
                (not thanks, self.without_thanks),
                (intent == "add_detail", self.with_content),
                (len(self.used) < EARLY_LINES, self.not_yet_many_times),
            ):
                if wanted:
                    lines = keep(lines) if strict else (keep(lines) or lines)
            if lines:
                short = [line for line in lines if len(line.split()) <= (max_words or 999)]
                return self._choose(short or lines)
        return None

    def _fact_line(self, fact_id: str, band: str, max_words: int | None) -> str | None:
        """One of the fact's answer lines for this band (the nearest band that has any), or
        a scenario line that carries the fact's keywords when it has no answers."""
        fact = next((f for f in self.scenario.facts if f.id == fact_id), None)
        if fact is None:
            return None
        for each in NEAREST_BANDS.get(band, BANDS):
            lines = list(dict.fromkeys(fact.answers.get(each, [])))  # type: ignore[call-overload]
            if lines:
                short = [line for line in lines if len(line.split()) <= (max_words or 999)]
                return self._choose(short or lines)
        carrying = self._carrying(fact)
        return self._choose(carrying) if carrying else None

    def _carrying(self, fact: Fact) -> list[str]:
        """The scenario's add_detail and state_problem lines that name one of the fact's
        keywords."""
        lines = [
            line
            for intent in ("add_detail", "state_problem", "repeat_complaint")
            for band in BANDS
            for line in self.scenario.lines.get(intent, {}).get(band, [])  # type: ignore[call-overload]
        ]
        return [line for line in lines if fact.keywords and find_keywords(line, fact.keywords)]

    def _has_bank(self, intent: str) -> bool:
        """True when the scenario or the archetype has any line for this intent."""
        return any(self.candidates(intent, band) for band in BANDS)

    def without_thanks(self, lines: list[str]) -> list[str]:
        """The lines that do not thank the agent."""
        from simulator.customer.guard import has_phrase  # the guard imports the director

        words = tuple(phrases_for(self.scenario.language).thanks)
        return [line for line in lines if not has_phrase(line, words)]

    def not_yet_many_times(self, lines: list[str]) -> list[str]:
        """The lines that do not claim to have said it many times (early in the call)."""
        from simulator.customer.guard import has_phrase

        many = tuple(phrases_for(self.scenario.language).many_times)
        return [line for line in lines if not has_phrase(line, many)]

    def with_content(self, lines: list[str]) -> list[str]:
        """The lines that say something, not only announce it ("one more thing...")."""
        from simulator.customer.guard import has_phrase

        teasers = tuple(phrases_for(self.scenario.language).teasers)
        return [line for line in lines if not has_phrase(line, teasers)]

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
