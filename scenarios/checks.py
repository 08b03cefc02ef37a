"""Cross-file checks that pydantic alone cannot do: references, uniqueness, coverage, policy."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from personas.model import Persona
from personas.vocabulary import BANDS, BANKED_INTENTS, SIGNALS, SPARSE_INTENTS
from scenarios.matching import find_keywords
from scenarios.model import Scenario
from scenarios.problems import Problem, display_path

if TYPE_CHECKING:
    from scenarios.library import Library

MIN_VARIANTS = 3
"""Authored variants needed per intent and band, and per hidden need, so lines don't repeat."""


def duplicates(values: Iterable[str]) -> list[str]:
    """Values that occur more than once, in first-seen order."""
    counts = Counter(values)
    return [value for value in counts if counts[value] > 1]


def blank_lines(prefix: str, bank: dict) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for empty lists and blank strings in a nested line bank."""
    for intent, bands in bank.items():
        for band, lines in bands.items():
            field = f"{prefix}.{intent}.{band}"
            if not lines:
                yield field, "line bank is empty"
            for i, line in enumerate(lines):
                if not line.strip():
                    yield f"{field}.{i}", "line is blank"


def check_persona(persona: Persona) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for every problem inside one archetype."""
    for signal in SIGNALS:
        if signal not in persona.sensitivities:
            yield f"sensitivities.{signal}", "missing: say how this behaviour moves the state"
    for name in duplicates(rung.name for rung in persona.escalation):
        yield "escalation", f"duplicate rung name '{name}'"
    for i, rung in enumerate(persona.escalation):
        thresholds = (rung.distress_at_least, rung.trust_at_most, rung.patience_at_most)
        if all(t is None for t in thresholds):
            yield f"escalation.{i}", "rung has no threshold (distress_at_least, trust_at_most, ...)"
    for language, bank in persona.lines.items():
        yield from blank_lines(f"lines.{language}", bank)


def check_ids(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield problems with ids inside one scenario (unique, references resolve)."""
    groups = {
        "facts": [f.id for f in scenario.facts],
        "hidden_needs": [n.id for n in scenario.hidden_needs],
        "policy": [o.id for o in (*scenario.policy.may_offer, *scenario.policy.must_not_promise)],
    }
    for field, ids in groups.items():
        for dup in duplicates(ids):
            yield field, f"duplicate id '{dup}'"
    offers = {o.id for o in scenario.policy.may_offer}
    for i, ref in enumerate(scenario.resolution.requires_offers):
        if ref not in offers:
            yield f"resolution.requires_offers.{i}", f"'{ref}' is not an id in policy.may_offer"
    needs = set(groups["hidden_needs"])
    for i, ref in enumerate(scenario.resolution.requires_needs):
        if ref not in needs:
            yield f"resolution.requires_needs.{i}", f"'{ref}' is not an id in hidden_needs"


def check_policy(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield problems where what may be offered and what must not be promised collide."""
    allowed = {k.strip().casefold() for o in scenario.policy.may_offer for k in o.keywords}
    for i, promise in enumerate(scenario.policy.must_not_promise):
        for keyword in promise.keywords:
            if keyword.strip().casefold() in allowed:
                yield (
                    f"policy.must_not_promise.{i}.keywords",
                    f"'{keyword}' is also a may_offer keyword: the policy contradicts itself",
                )
    for i, offer in enumerate((*scenario.policy.may_offer, *scenario.policy.must_not_promise)):
        for keyword in offer.keywords:
            if not keyword.strip():
                yield f"policy.{offer.id}.keywords", f"blank keyword in item {i}"
    from evaluation.reader.checks import example_problems  # late: the reader imports scenarios

    yield from example_problems(scenario)


def check_lines(scenario: Scenario, persona: Persona | None) -> Iterator[tuple[str, str]]:
    """Yield problems with authored lines: blanks, and intents x bands with too few variants."""
    yield from blank_lines("lines", scenario.lines)
    for i, line in enumerate(scenario.opening_lines):
        if not line.strip():
            yield f"opening_lines.{i}", "line is blank"
    for i, need in enumerate(scenario.hidden_needs):
        if len([line for line in need.lines if line.strip()]) < MIN_VARIANTS:
            yield f"hidden_needs.{i}.lines", f"needs at least {MIN_VARIANTS} reveal lines"
    if persona is None:
        return
    yield from long_lines(scenario, persona.style.max_words)
    generic = persona.lines.get(scenario.language, {})
    for intent in BANKED_INTENTS:
        for band in BANDS:
            own = scenario.lines.get(intent, {}).get(band, [])
            shared = generic.get(intent, {}).get(band, [])
            count = len({line for line in (*own, *shared) if line.strip()})
            if count < MIN_VARIANTS:
                yield (
                    f"lines.{intent}.{band}",
                    f"only {count} line(s) for this intent and band in '{scenario.language}' "
                    f"(scenario + archetype '{persona.id}'); at least {MIN_VARIANTS} needed",
                )


def check_answers(scenario: Scenario, persona: Persona | None) -> Iterator[tuple[str, str]]:
    """Yield problems with answering: once a scenario answers questions (any fact has
    `asked_by` or `answers`), every fact the customer knows needs question words and an answer
    per band that carries the fact, and "I haven't got that to hand" must exist."""
    if not any(f.asked_by or f.answers for f in scenario.facts):
        return  # an older scenario: its customer volunteers details but answers nothing
    for i, fact in enumerate(scenario.facts):
        if not fact.customer_knows:
            continue
        if not any(a.strip() for a in fact.asked_by):
            yield f"facts.{i}.asked_by", "no question words: the customer cannot be asked for it"
        for band in BANDS:
            lines = [line for line in fact.answers.get(band, []) if line.strip()]  # type: ignore[call-overload]
            if not lines:
                yield f"facts.{i}.answers.{band}", "no answer line for this band"
            references = reference_digits(fact.keywords)
            for j, line in enumerate(lines):
                if fact.keywords and not find_keywords(line, fact.keywords):
                    yield (
                        f"facts.{i}.answers.{band}.{j}",
                        "the answer does not mention the fact's key detail "
                        f"(one of: {', '.join(fact.keywords)})",
                    )
                elif references and not any(d in SPACERS.sub("", line) for d in references):
                    yield (
                        f"facts.{i}.answers.{band}.{j}",
                        "the answer leaves out the reference a trainee asks for "
                        f"({', '.join(k for k in fact.keywords if DIGITS.search(k))})",
                    )
    if persona is None:
        return
    generic = persona.lines.get(scenario.language, {})
    for intent in SPARSE_INTENTS:
        own = [x for band in BANDS for x in scenario.lines.get(intent, {}).get(band, [])]
        shared = [x for band in BANDS for x in generic.get(intent, {}).get(band, [])]
        if not [x for x in (*own, *shared) if x.strip()]:
            yield (
                f"lines.{intent}",
                f"no '{intent}' line in '{scenario.language}' (scenario or archetype "
                f"'{persona.id}'): the customer has no way to say it",
            )


DIGITS = re.compile(r"\d{4,}")
SPACERS = re.compile(r"[\s.\-]")


def reference_digits(keywords: Iterable[str]) -> list[str]:
    """The digit runs of a fact's references (a keyword with letters and four digits or more:
    `SR-448217`, `SP 2317`): asked for a reference, the customer must be able to give it."""
    return [max(DIGITS.findall(k), key=len) for k in keywords
            if DIGITS.search(k) and any(c.isalpha() for c in k)]


def long_lines(scenario: Scenario, max_words: int) -> Iterator[tuple[str, str]]:
    """Yield authored lines longer than the archetype lets the customer speak."""
    for intent, bands in scenario.lines.items():
        for band, lines in bands.items():
            for i, line in enumerate(lines):
                if len(line.split()) > max_words:
                    yield (
                        f"lines.{intent}.{band}.{i}",
                        f"{len(line.split())} words; the archetype speaks at most {max_words}",
                    )


def check_scenario(scenario: Scenario, persona: Persona | None) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for every problem inside one scenario."""
    yield from check_ids(scenario)
    yield from check_policy(scenario)
    yield from check_lines(scenario, persona)
    yield from check_answers(scenario, persona)


def check_library(
    library: Library, loaded: list[tuple[Path, Scenario]], persona_ids: Iterable[str]
) -> list[Problem]:
    """Return every problem in the given scenarios and archetypes, each naming its file."""
    problems: list[Problem] = []
    for persona_id in persona_ids:
        shown = display_path(library.paths[f"persona:{persona_id}"])
        problems += [Problem(shown, f, m) for f, m in check_persona(library.personas[persona_id])]
    seen: set[str] = set()
    for path, scenario in loaded:
        shown = display_path(path)
        if scenario.id in seen:
            problems.append(Problem(shown, "id", f"duplicate scenario id '{scenario.id}'"))
        seen.add(scenario.id)
        persona = library.personas.get(scenario.archetype)
        if persona is None:
            known = ", ".join(sorted(library.personas)) or "none loaded"
            problems.append(
                Problem(
                    shown, "archetype", f"unknown archetype '{scenario.archetype}' (known: {known})"
                )
            )
        problems += [Problem(shown, f, m) for f, m in check_scenario(scenario, persona)]
    return problems
