"""The five shipped archetypes behave the way their descriptions promise a trainee.

The state is replayed the way the persona file documents it: every detected signal adds its
sensitivity, every turn adds the drift, values stay on the 0-10 scale, and the rung reached
is the last one on the ladder whose thresholds all hold.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from personas.model import EmotionalState, Persona, Rung
from personas.vocabulary import BANDS, BANKED_INTENTS, SIGNALS, band_for
from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files

ARCHETYPES = ("frustrated", "exhausted", "grieving", "anxious", "distrustful")
GOOD_TURN = ("acknowledged_feeling", "reflected_detail", "took_ownership")
TURN_LIMIT = 14
ENGLISH_SCENARIOS = (
    "en_telecom_double_billing",
    "en_bank_card_blocked_abroad",
    "en_insurance_funeral_claim",
    "en_pharmacy_prescription_delay",
    "en_parcel_lost_again",
)


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    """The shipped archetypes, loaded and checked like `lagom lint` does."""
    library = load_files(toml_files([shipped_personas_dir()]))
    assert library.problems == []
    return library.personas


def clamp(value: float) -> float:
    """Keep a state value on the 0-10 scale."""
    return max(0.0, min(10.0, value))


def step(persona: Persona, state: EmotionalState, signals: Iterable[str]) -> EmotionalState:
    """The state after one trainee reply showing `signals`, drift included."""
    shifts = [persona.sensitivities[s] for s in signals] + [persona.drift]
    return EmotionalState(
        distress=clamp(state.distress + sum(s.distress for s in shifts)),
        trust=clamp(state.trust + sum(s.trust for s in shifts)),
        patience=clamp(state.patience + sum(s.patience for s in shifts)),
    )


def rung_for(persona: Persona, state: EmotionalState) -> Rung | None:
    """The highest rung whose thresholds all hold, or None below the ladder."""
    reached = None
    for rung in persona.escalation:
        if rung.distress_at_least is not None and state.distress < rung.distress_at_least:
            continue
        if rung.trust_at_most is not None and state.trust > rung.trust_at_most:
            continue
        if rung.patience_at_most is not None and state.patience > rung.patience_at_most:
            continue
        reached = rung
    return reached


def conversation(persona: Persona, turns: list[tuple[str, ...]]) -> list[EmotionalState]:
    """The state after each turn, starting from the archetype's start state."""
    states = [persona.start]
    for signals in turns:
        states.append(step(persona, states[-1], signals))
    return states[1:]


def rungs_in(persona: Persona, turns: list[tuple[str, ...]]) -> list[Rung]:
    """The rungs reached turn by turn, until the customer's first forced `end`."""
    reached: list[Rung] = []
    for state in conversation(persona, turns):
        rung = rung_for(persona, state)
        if rung is not None:
            reached.append(rung)
            if rung.intent == "end":
                break
    return reached


def others(personas: dict[str, Persona], persona: Persona) -> list[Persona]:
    """Every archetype except `persona`."""
    return [p for p in personas.values() if p is not persona]


def shift(persona: Persona, signal: str, axis: str) -> float:
    """How much one occurrence of a signal moves one axis of the state."""
    return getattr(persona.sensitivities[signal], axis)


def test_all_five_archetypes_ship_and_cover_every_signal(personas: dict[str, Persona]) -> None:
    assert sorted(personas) == sorted(ARCHETYPES)
    for persona in personas.values():
        assert set(persona.sensitivities) == set(SIGNALS), persona.id


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_english_lines_cover_every_intent_and_band(
    personas: dict[str, Persona], archetype: str
) -> None:
    persona = personas[archetype]
    bank = persona.lines["en"]
    for intent in BANKED_INTENTS:
        for band in BANDS:
            lines = bank[intent][band]
            assert len(set(lines)) >= 3, (intent, band)
            for line in lines:
                assert len(line.split()) <= persona.style.max_words, line
                assert "how can i help" not in line.casefold(), line


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_being_heard_settles_and_being_brushed_off_ends_the_call(
    personas: dict[str, Persona], archetype: str
) -> None:
    persona = personas[archetype]
    good = conversation(persona, [(GOOD_TURN[i % 3],) for i in range(TURN_LIMIT)])
    assert all(rung_for(persona, s) is None or rung_for(persona, s).intent != "end" for s in good)
    assert band_for(good[-1].distress) == "low"
    assert good[-1].trust > persona.start.trust
    bad = rungs_in(persona, [("was_curt", "made_excuses")] * TURN_LIMIT)
    assert bad and bad[-1].intent == "end"


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_the_ladder_is_climbed_in_order(personas: dict[str, Persona], archetype: str) -> None:
    persona = personas[archetype]
    order = [rung.name for rung in persona.escalation]
    for harm in ("was_curt", "rushed_solution", "repeated_question", "made_excuses"):
        reached = [order.index(r.name) for r in rungs_in(persona, [(harm,)] * 30)]
        assert reached == sorted(reached), harm


def test_frustrated_calms_when_heard_and_flares_at_excuses(personas: dict[str, Persona]) -> None:
    frustrated = personas["frustrated"]
    assert shift(frustrated, "made_excuses", "distress") >= 1.0
    for signal in ("blamed_customer", "was_curt", "used_jargon"):
        assert shift(frustrated, signal, "distress") >= 1.0, signal
    for signal in ("acknowledged_feeling", "reflected_detail", "took_ownership"):
        assert shift(frustrated, signal, "distress") <= -0.8, signal
    assert shift(frustrated, "over_promised", "trust") > 0
    assert rung_for(frustrated, frustrated.start).name == "irritated"


def test_frustrated_asks_for_a_manager_before_hanging_up(personas: dict[str, Persona]) -> None:
    frustrated = personas["frustrated"]
    intents = [r.intent for r in rungs_in(frustrated, [("was_curt",)] * TURN_LIMIT)]
    assert "ask_manager" in intents
    assert intents.index("ask_manager") < intents.index("end")


def test_exhausted_runs_out_of_patience_on_its_own(personas: dict[str, Persona]) -> None:
    exhausted = personas["exhausted"]
    assert exhausted.drift.patience < 0
    assert exhausted.start.patience < min(p.start.patience for p in others(personas, exhausted))
    neutral = rungs_in(exhausted, [()] * TURN_LIMIT)
    assert neutral and neutral[-1].intent == "end"


def test_exhausted_is_drained_by_repeats_and_jargon_and_restored_by_ownership(
    personas: dict[str, Persona],
) -> None:
    exhausted = personas["exhausted"]
    drains = sorted(SIGNALS, key=lambda s: shift(exhausted, s, "patience"))
    assert set(drains[:2]) == {"repeated_question", "used_jargon"}
    assert shift(exhausted, "took_ownership", "patience") > -exhausted.drift.patience
    repeated = rungs_in(exhausted, [("repeated_question",)] * TURN_LIMIT)
    assert len(repeated) <= 3 and repeated[-1].intent == "end"


def test_exhausted_speaks_in_fewer_words(personas: dict[str, Persona]) -> None:
    exhausted = personas["exhausted"]
    assert exhausted.style.fewer_words_when_tired
    assert all(exhausted.style.max_words < p.style.max_words for p in others(personas, exhausted))
    bank = exhausted.lines["en"]

    def mean_words(band: str) -> float:
        lines = [line for intent in BANKED_INTENTS for line in bank[intent][band]]
        return sum(len(line.split()) for line in lines) / len(lines)

    assert mean_words("high") < mean_words("mid") < mean_words("low")


def test_grieving_is_overwhelmed_by_pace_more_than_frustrated(personas: dict[str, Persona]) -> None:
    grieving, frustrated = personas["grieving"], personas["frustrated"]
    for signal in ("rushed_solution", "was_curt", "used_jargon", "repeated_question"):
        assert shift(grieving, signal, "distress") > shift(frustrated, signal, "distress"), signal
        assert shift(grieving, signal, "distress") >= 1.4, signal
    for signal in ("acknowledged_feeling", "useful_question"):
        assert shift(grieving, signal, "distress") < shift(frustrated, signal, "distress"), signal
    assert 0 < shift(grieving, "over_apologised", "distress") < 1.0
    rushed = rungs_in(grieving, [("rushed_solution",)] * TURN_LIMIT)
    assert [r.name for r in rushed][0] == "overwhelmed" and rushed[-1].intent == "end"


def test_anxious_is_calmed_by_ownership_and_detail_and_worried_by_haste(
    personas: dict[str, Persona],
) -> None:
    anxious = personas["anxious"]
    calmest = sorted(SIGNALS, key=lambda s: shift(anxious, s, "distress"))
    assert set(calmest[:2]) == {"took_ownership", "reflected_detail"}
    assert shift(anxious, "rushed_solution", "distress") >= 1.0
    assert anxious.drift.distress > 0
    intents = [r.intent for r in rungs_in(anxious, [("rushed_solution",)] * 30)]
    assert "ask_manager" in intents and intents.index("ask_manager") < intents.index("end")


def test_distrustful_starts_lowest_and_is_crashed_by_promises(personas: dict[str, Persona]) -> None:
    distrustful = personas["distrustful"]
    assert distrustful.start.trust < min(p.start.trust for p in others(personas, distrustful))
    assert rung_for(distrustful, distrustful.start).name == "sceptical"
    crashes = sorted(SIGNALS, key=lambda s: shift(distrustful, s, "trust"))
    assert "over_promised" in crashes[:2] and "made_excuses" in crashes[:3]
    assert shift(distrustful, "over_promised", "trust") < 0
    assert shift(personas["frustrated"], "over_promised", "trust") > 0
    warm_words = shift(distrustful, "acknowledged_feeling", "trust")
    for signal in ("reflected_detail", "took_ownership"):
        assert shift(distrustful, signal, "trust") > warm_words, signal
    promised = rungs_in(distrustful, [("over_promised",)] * TURN_LIMIT)
    assert "ask_manager" in [r.intent for r in promised]


def test_shipped_english_scenarios_fit_their_archetype_voice(personas: dict[str, Persona]) -> None:
    library = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))
    english = [library.scenarios[scenario_id] for scenario_id in ENGLISH_SCENARIOS]
    assert {s.archetype for s in english} == set(ARCHETYPES)
    for scenario in english:
        limit = personas[scenario.archetype].style.max_words
        lines = list(scenario.opening_lines)
        lines += [ln for need in scenario.hidden_needs for ln in need.lines]
        lines += [ln for bank in scenario.lines.values() for grp in bank.values() for ln in grp]
        for line in lines:
            assert len(line.split()) <= limit, (scenario.id, line)
