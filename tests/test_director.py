"""The director: state moves, the ladder, intents and outcomes, from hand-built signals."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.models import ReplySignals
from personas.model import Persona
from scenarios.loader import load_persona, load_scenario
from scenarios.model import Scenario
from simulator.customer.director import Director
from simulator.customer.director.state import count_weight

FIXTURES = Path(__file__).parent / "fixtures" / "session"

WARM = {"acknowledged_feeling": 1, "reflected_detail": 1, "took_ownership": 1}
COLD = {"was_curt": 1, "blamed_customer": 1}


def persona(name: str) -> Persona:
    """One of the fixture archetypes: frustrated, exhausted or grieving."""
    return load_persona(FIXTURES / f"{name}.toml")


@pytest.fixture
def scenario() -> Scenario:
    """The fixture scenario: router missing, two hidden needs, one required offer."""
    return load_scenario(FIXTURES / "router.toml")


def reply(signals: dict[str, int] | None = None, **fields: list[str]) -> ReplySignals:
    """Signals as the evaluator would report them for one reply."""
    return ReplySignals(signals=signals or {}, **fields)


def test_warm_reply_calms_and_builds_trust(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    start = director.state
    director.hear(reply(WARM))
    assert director.state.distress < start.distress
    assert director.state.trust > start.trust


def test_repeated_cues_count_with_diminishing_returns(scenario: Scenario) -> None:
    once, twice, thrice = (Director(scenario, persona("frustrated")) for _ in range(3))
    once.hear(reply({"acknowledged_feeling": 1}))
    twice.hear(reply({"acknowledged_feeling": 2}))
    thrice.hear(reply({"acknowledged_feeling": 3}))
    drops = [6.5 - d.state.distress for d in (once, twice, thrice)]
    assert drops[0] < drops[1] < drops[2] < 3 * drops[0]
    assert count_weight(2) - count_weight(1) > count_weight(3) - count_weight(2)


def test_frustrated_climbs_the_ladder_and_escalates(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    rungs, intents = [director.state.rung], []
    while director.outcome is None:
        decision = director.hear(reply({"made_excuses": 1}))
        rungs.append(decision.state.rung)
        intents.append(decision.intent)
    assert rungs[:4] == ["irritated", "angry", "wants_manager", "wants_manager"]
    assert intents.count("ask_manager") == 2
    assert director.outcome == "escalated"


def test_frustrated_comes_down_when_heard(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    director.hear(reply({"was_curt": 1}))
    assert director.state.rung == "angry"
    decision = director.hear(reply(WARM))
    assert decision.state.rung is None
    assert decision.band == "mid"
    assert decision.intent in ("calm_down", "add_detail", "reveal_need")


def test_exhausted_gets_shorter_and_gives_up(scenario: Scenario) -> None:
    long_call = scenario.model_copy(update={"max_turns": 30})
    director = Director(long_call, persona("exhausted"))
    lengths = [director.opening().max_words]
    while director.outcome is None:
        lengths.append(director.hear(reply({"useful_question": 1})).max_words)
    assert lengths == sorted(lengths, reverse=True) and lengths[-1] < lengths[0]
    assert director.outcome == "customer_left"
    assert director.ledger.intents[-1] == "end"


def test_exhausted_gives_up_sooner_when_made_to_repeat(scenario: Scenario) -> None:
    def replies_until_end(signals: dict[str, int]) -> int:
        director = Director(scenario.model_copy(update={"max_turns": 30}), persona("exhausted"))
        while director.outcome is None:
            director.hear(reply(signals))
        return director.ledger.replies

    assert replies_until_end({"repeated_question": 1}) < replies_until_end({})


def test_grieving_is_overwhelmed_by_pace_and_procedure(scenario: Scenario) -> None:
    director = Director(scenario, persona("grieving"))
    director.hear(reply({"rushed_solution": 1, "used_jargon": 1}))
    assert director.state.rung == "overwhelmed"
    decision = director.hear(reply({"rushed_solution": 1, "used_jargon": 1}))
    assert decision.intent == "end" and director.outcome == "customer_left"


def test_grieving_opens_up_when_given_room(scenario: Scenario) -> None:
    director = Director(scenario, persona("grieving"))
    decision = director.hear(reply({"acknowledged_feeling": 1, "useful_question": 1}))
    assert decision.intent == "reveal_need"
    assert decision.need == "work_from_home"
    assert decision.state.revealed_needs == ["work_from_home"]


def test_hidden_needs_come_out_one_per_reply_in_order(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    both = {"useful_question": 1, "took_ownership": 1}
    first = director.hear(reply(both))
    second = director.hear(reply(both))
    assert (first.need, second.need) == ("work_from_home", "be_kept_informed")


def test_touching_a_need_reveals_it_even_when_upset(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    decision = director.hear(reply({"was_curt": 1}, needs_touched=["be_kept_informed"]))
    assert decision.intent == "reveal_need" and decision.need == "be_kept_informed"


def test_sympathy_alone_never_resolves(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    decisions = []
    while director.outcome is None:
        decisions.append(director.hear(reply(WARM | {"useful_question": 1})))
    assert "accept" not in [d.intent for d in decisions]
    assert director.outcome == "turn_limit"
    assert director.ledger.replies == scenario.max_turns


def test_offer_without_the_hidden_need_is_not_enough(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    decision = director.hear(reply({"took_ownership": 1}, offers=["priority_dispatch"]))
    assert decision.intent != "accept"
    assert director.outcome is None


def test_resolves_when_offers_made_and_needs_revealed_and_met(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    first = director.hear(reply({"useful_question": 1, "acknowledged_feeling": 1}))
    assert first.need == "work_from_home"
    director.hear(reply({"took_ownership": 1}, offers=["priority_dispatch"]))
    final = director.hear(reply(WARM, offers=["data_bundle"], needs_addressed=["work_from_home"]))
    assert final.intent == "accept"
    assert final.outcome == "resolved" == director.outcome


def test_no_acceptance_while_at_the_edge(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    director.ledger.revealed.append("work_from_home")
    director.hear(reply({"blamed_customer": 1}))
    assert director.state.band == "high"
    settles_it = reply(
        {"useful_question": 1}, offers=["priority_dispatch"], needs_addressed=["work_from_home"]
    )
    decision = director.hear(settles_it)
    assert decision.band == "high" and decision.intent != "accept"


def test_distrustful_catches_a_forbidden_promise_at_once(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))  # trust 3.5: does not believe it
    before = director.state.trust
    decision = director.hear(reply({"took_ownership": 1}, forbidden_promises=["exact_time"]))
    assert decision.intent == "reject_overpromise"
    assert decision.caught == ("exact_time",)
    assert director.state.trust < before


def test_trusting_customer_believes_a_promise_then_catches_it(scenario: Scenario) -> None:
    director = Director(scenario, persona("grieving"), seed=3)  # trust 5.0: believes at first
    first = director.hear(reply({"acknowledged_feeling": 1}, forbidden_promises=["exact_time"]))
    assert first.intent != "reject_overpromise"
    later = [director.hear(reply({"useful_question": 1})).intent for _ in range(2)]
    assert "reject_overpromise" in later
    assert director.state.broken_promises == ["exact_time"]


def test_a_caught_promise_blocks_resolution_until_set_straight(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    director.hear(reply({"useful_question": 1}))  # reveals work_from_home
    caught = director.hear(
        reply(
            {},
            offers=["priority_dispatch"],
            needs_addressed=["work_from_home"],
            forbidden_promises=["exact_time"],
        )
    )
    assert caught.intent == "reject_overpromise" and director.outcome is None
    honest = director.hear(reply({"took_ownership": 1, "acknowledged_feeling": 1}))
    assert honest.state.broken_promises == []
    assert honest.intent == "accept" and director.outcome == "resolved"


def test_turn_limit_ends_the_session(scenario: Scenario) -> None:
    short = scenario.model_copy(update={"max_turns": 2})
    director = Director(short, persona("frustrated"))
    assert director.hear(reply({})).outcome is None
    assert director.hear(reply({})).outcome == "turn_limit"
    with pytest.raises(RuntimeError):
        director.hear(reply({}))


def test_same_seed_same_decisions(scenario: Scenario) -> None:
    replies = [reply({"was_curt": 1, "made_excuses": 1}), reply(WARM), reply({}), reply(COLD)]

    def run(seed: int) -> list:
        director = Director(scenario, persona("frustrated"), seed=seed)
        return [director.hear(r) for r in replies]

    assert run(7) == run(7)


def test_customer_settles_slowly_even_for_a_perfect_trainee() -> None:
    """No caving: three flawless replies calm a frustrated customer, but not to zero."""
    from simulator.customer.director.state import Mood, after_reply

    frustrated = load_persona(FIXTURES / "frustrated.toml")
    perfect = {"acknowledged_feeling": 2, "reflected_detail": 2, "took_ownership": 2}
    mood = Mood.start_of(frustrated)
    steps = []
    for _ in range(3):
        before, mood = mood, after_reply(mood, frustrated, perfect)
        steps.append(before.distress - mood.distress)
    assert mood.distress < frustrated.start.distress - 2.5
    assert mood.distress > 1.0 and mood.trust < 9.0
    assert steps[0] > steps[1] > steps[2] > 0, "each further step of calm is harder to win"


def test_harm_lands_in_full_on_a_calm_customer() -> None:
    from simulator.customer.director.state import Mood, after_reply

    frustrated = load_persona(FIXTURES / "frustrated.toml")
    calm = Mood(1.0, 8.0, 8.0)
    hurt = after_reply(calm, frustrated, {"blamed_customer": 1})
    shift = frustrated.sensitivities["blamed_customer"]
    assert hurt.distress == pytest.approx(
        1.0 + min(shift.distress, 2.5) + frustrated.drift.distress
    )


# Believable state: cold replies never calm, thanks only when earned, "again" from the ledger.

SHIPPED_LIBRARY = None


def shipped():
    """The shipped scenarios and archetypes (loaded once)."""
    global SHIPPED_LIBRARY
    if SHIPPED_LIBRARY is None:
        from scenarios.library import (
            load_files,
            shipped_personas_dir,
            shipped_scenarios_dir,
            toml_files,
        )

        SHIPPED_LIBRARY = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))
    return SHIPPED_LIBRARY


def test_naming_the_details_without_helping_calms_no_one(scenario: Scenario) -> None:
    cold = Director(scenario, persona("frustrated"))
    warm = Director(scenario, persona("frustrated"))
    start = cold.state.distress
    cold.hear(reply({"reflected_detail": 1}))
    warm.hear(reply({"reflected_detail": 1, "acknowledged_feeling": 1}))
    assert cold.state.distress >= start
    assert warm.state.distress < start


@pytest.mark.parametrize("seed", range(4))
def test_a_cold_statement_never_gets_a_calming_line(seed: int) -> None:
    from simulator.backends.scripted import ScriptedBackend
    from simulator.session import PracticeSession

    library = shipped()
    estimated = library.scenarios["en_utilities_estimated_bill"]
    practice = PracticeSession(
        estimated, library.personas["frustrated"], ScriptedBackend(), seed=seed
    )
    list(practice.start())
    before = practice.state.distress
    list(practice.respond("The bill is correct based on the estimates."))
    line = practice.turns[-1]
    calming = library.personas["frustrated"].lines["en"]["calm_down"]
    assert line.intent != "calm_down" and practice.state.distress >= before
    assert line.text not in [x for band in calming.values() for x in band]
    assert line.text != "Alright. That's a bit more like it."


@pytest.mark.parametrize("seed", range(4))
def test_no_thanks_for_being_told_to_wait(seed: int) -> None:
    from simulator.backends.scripted import ScriptedBackend
    from simulator.customer.guard import has_phrase
    from simulator.customer.phrases import phrases_for
    from simulator.session import PracticeSession

    library = shipped()
    parcel = library.scenarios["pl_kurier_zagubiona_paczka"]
    practice = PracticeSession(
        parcel, library.personas[parcel.archetype], ScriptedBackend(), seed=seed
    )
    list(practice.start())
    for _ in range(2):
        list(practice.respond("Trzeba czekać."))
        assert not has_phrase(practice.turns[-1].text, tuple(phrases_for("pl").thanks))


def test_thanks_follow_only_a_reply_worth_thanking(scenario: Scenario) -> None:
    director = Director(scenario, persona("frustrated"))
    assert director.hear(reply({"was_curt": 1})).thanks is False
    assert director.hear(reply({"took_ownership": 1}, offers=["priority_dispatch"])).thanks


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_calming_lines_without_thanks_exist_and_are_chosen(language: str) -> None:
    from simulator.customer.director import LineBook
    from simulator.customer.guard import has_phrase
    from simulator.customer.phrases import phrases_for

    library = shipped()
    thanks = tuple(phrases_for(language).thanks)
    for scenario_id, shipped_scenario in library.scenarios.items():
        if shipped_scenario.language != language:
            continue
        for seed in range(3):
            book = LineBook(shipped_scenario, library.personas[shipped_scenario.archetype], seed)
            for band in ("low", "mid", "high"):
                line = book.pick("calm_down", band, thanks=False)
                assert not has_phrase(line, thanks), (scenario_id, band, line)


def test_early_in_the_call_no_line_claims_it_was_said_many_times(scenario: Scenario) -> None:
    from simulator.customer.director import LineBook
    from simulator.customer.guard import has_phrase
    from simulator.customer.phrases import phrases_for

    many = tuple(phrases_for("en").many_times)
    for seed in range(6):
        book = LineBook(scenario, persona("frustrated"), seed)
        book.opening()
        assert not has_phrase(book.pick("repeat_complaint", "high"), many)
