"""Answering: a direct question about a scenario fact gets the fact in the next line.

Played through real sessions on every shipped scenario with the scripted backend (authored
lines), in all four languages; plus what the customer does not know, and "I already told you"
only for what was really said in this call.
"""

from __future__ import annotations

import re

import pytest

from evaluation.models import ReplySignals
from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files
from scenarios.matching import find_keywords
from scenarios.model import Fact, Scenario
from simulator.backends.scripted import ScriptedBackend
from simulator.customer.director import Director
from simulator.customer.director.questions import asked_facts
from simulator.customer.phrases import phrases_for
from simulator.session import PracticeSession

SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))


def question_for(scenario: Scenario, fact: Fact) -> str | None:
    """A trainee question that asks for this fact alone and touches no hidden need, as the
    session's reader hears it."""
    practice = PracticeSession(scenario, SHIPPED.personas[scenario.archetype], ScriptedBackend())
    for phrase in fact.asked_by:
        question = f"{phrase[0].upper()}{phrase[1:]}?"
        signals = practice.assess(question)[1]
        read = list(getattr(signals, "asked_facts", []) or asked_facts(question, scenario))
        if read[:1] == [fact.id] and not signals.needs_touched and not signals.forbidden_promises:
            return question
    return None


def answerable() -> list[tuple[str, str]]:
    """(scenario id, fact id) for every fact the customer knows and can be asked for."""
    return [
        (sid, fact.id)
        for sid, scenario in sorted(SHIPPED.scenarios.items())
        for fact in scenario.facts
        if fact.customer_knows and fact.answers and question_for(scenario, fact)
    ]


def session_on(scenario: Scenario, seed: int = 0) -> PracticeSession:
    """A started session on a shipped scenario with authored lines only."""
    practice = PracticeSession(
        scenario, SHIPPED.personas[scenario.archetype], ScriptedBackend(), seed=seed
    )
    list(practice.start())
    return practice


def test_every_language_has_answerable_scenarios() -> None:
    languages = {SHIPPED.scenarios[sid].language for sid, _ in answerable()}
    assert languages == {"en", "sv", "nl", "pl"}


@pytest.mark.parametrize(("scenario_id", "fact_id"), answerable())
def test_a_direct_question_gets_the_fact_in_the_next_line(scenario_id: str, fact_id: str) -> None:
    scenario = SHIPPED.scenarios[scenario_id]
    fact = next(f for f in scenario.facts if f.id == fact_id)
    practice = session_on(scenario)
    list(practice.respond(question_for(scenario, fact) or ""))
    line = practice.turns[-1]
    assert line.intent == "answer", line
    answers = [a for band in fact.answers.values() for a in band]
    assert any(line.text.endswith(a) for a in answers), line.text


def asked_with_a_need(scenario: Scenario) -> tuple[str, Fact, str] | None:
    """A trainee question that asks for a fact the customer knows and, in the same reply,
    names one of the scenario's hidden needs outright, as the session's reader hears it."""
    practice = PracticeSession(scenario, SHIPPED.personas[scenario.archetype], ScriptedBackend())
    for fact in scenario.facts:
        question = question_for(scenario, fact)
        if not (fact.customer_knows and fact.answers and question):
            continue
        for need in scenario.hidden_needs:
            for words in need.reveal_keywords:
                reply = f"I hear you about the {words}. {question}"
                signals = practice.assess(reply)[1]
                read = list(signals.asked_facts or asked_facts(reply, scenario))
                if read[:1] == [fact.id] and need.id in signals.needs_touched:
                    return reply, fact, need.id
    return None


def with_a_need() -> list[str]:
    """English scenarios where one reply can both ask for a fact and name a hidden need."""
    return [
        sid for sid, scenario in sorted(SHIPPED.scenarios.items())
        if scenario.language == "en" and asked_with_a_need(scenario)
    ]


def test_several_scenarios_can_ask_and_name_a_need_at_once() -> None:
    assert len(with_a_need()) >= 3


@pytest.mark.parametrize("scenario_id", with_a_need())
def test_a_question_that_also_names_a_need_is_answered_first(scenario_id: str) -> None:
    """The answer comes in the next line even when the reply names a hidden need too; the
    need is revealed in the same line, and the fact is not said twice."""
    scenario = SHIPPED.scenarios[scenario_id]
    reply, fact, need_id = asked_with_a_need(scenario) or ("", fact_with_numbers(scenario), "")
    practice = session_on(scenario)
    list(practice.respond(reply))
    line = practice.turns[-1]
    assert line.intent == "answer", line
    need = next(n for n in scenario.hidden_needs if n.id == need_id)
    answers = [a for band in fact.answers.values() for a in band]
    reveal = [r for r in need.lines if line.text.endswith(r) or r.endswith(line.text[-40:])]
    assert any(line.text.startswith(a) for a in answers) or (
        reveal and find_keywords(line.text, fact.keywords)
    ), line.text
    assert need_id in line.state.revealed_needs
    sentences = [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", line.text) if s.strip()]
    assert len(sentences) == len(set(sentences)), line.text


def test_a_joined_line_does_not_say_the_same_sentence_twice() -> None:
    from simulator.customer.director.lines import without_echo

    answer = "I don't have email, sorry. Ray did all of that. Forty-eight years."
    reveal = "Ray did all of this. The forms, the post, everything."
    assert without_echo(reveal, answer) == "The forms, the post, everything."
    assert without_echo("Can you text me? My phone's dying.", "Card 0932.") == (
        "Can you text me? My phone's dying."
    )


def fact_with_numbers(scenario: Scenario) -> Fact:
    """The first answerable fact of a scenario."""
    return next(f for f in scenario.facts if f.customer_knows and question_for(scenario, f))


def test_what_the_customer_does_not_know_gets_not_known() -> None:
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    fact = fact_with_numbers(scenario)
    unknown = scenario.model_copy(
        update={"facts": [f.model_copy(update={"customer_knows": False}) if f is fact else f
                          for f in scenario.facts]}
    )
    practice = session_on(unknown)
    list(practice.respond(question_for(scenario, fact) or ""))
    line = practice.turns[-1]
    assert line.intent == "not_known"
    assert not find_keywords(line.text, fact.keywords)


def test_not_known_has_a_line_in_every_language() -> None:
    for language in ("en", "sv", "nl", "pl"):
        assert phrases_for(language).not_known


def test_already_told_only_for_what_was_said_in_this_call() -> None:
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    persona = SHIPPED.personas[scenario.archetype]
    director = Director(scenario, persona, seed=0)
    director.opening()
    director.said("Forty minutes on hold. I'm ringing about my catch-up bill. Again. Fourth time.")
    assert "readings" not in director.ledger.said  # in customer_said, but not said here
    first = director.hear(ReplySignals(), "What was your last meter reading?")
    assert (first.intent, first.fact, first.again) == ("answer", "readings", False)
    director.said("My last reading was 48213, on 31 January.", first)
    second = director.hear(ReplySignals(), "Sorry, what was your last meter reading?")
    assert (second.intent, second.fact, second.again) == ("answer", "readings", True)


def test_asking_for_an_unsaid_detail_is_not_a_repeated_question() -> None:
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    persona = SHIPPED.personas[scenario.archetype]
    asked, plain = Director(scenario, persona), Director(scenario, persona)
    for director in (asked, plain):
        director.opening()
        director.said(scenario.opening_lines[2])
    repeat = ReplySignals(signals={"repeated_question": 1})
    asked.hear(repeat, "What was your last meter reading?")
    plain.hear(ReplySignals(), "What was your last meter reading?")
    assert asked.state.distress == plain.state.distress


def test_again_is_said_in_the_session_line() -> None:
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    practice = session_on(scenario, seed=2)
    list(practice.respond("What was your last meter reading?"))
    first = practice.turns[-1]
    list(practice.respond("What was your last meter reading?"))
    second = practice.turns[-1]
    assert first.intent == second.intent == "answer"
    table = phrases_for("en")
    again = table.again if second.state.band == "high" else table.again_gentle
    assert not any(first.text.startswith(a) for a in [*table.again, *table.again_gentle])
    assert second.state.band != "low"
    assert any(second.text.startswith(a) for a in again), second.text


def test_a_detail_the_customer_adds_carries_a_fact() -> None:
    """add_detail volunteers an unsaid fact, never an empty teaser."""
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    director = Director(scenario, SHIPPED.personas[scenario.archetype])
    director.opening()
    fact = director.untold_fact()
    assert fact is not None
    director.ledger.said.append(fact)
    assert director.untold_fact() not in (None, fact)


def test_every_shipped_scenario_answers_every_fact_its_customer_knows() -> None:
    for scenario in SHIPPED.scenarios.values():
        for fact in scenario.facts:
            if fact.customer_knows:
                assert fact.asked_by, (scenario.id, fact.id)
                assert all(fact.answers.get(band) for band in ("low", "mid", "high")), (
                    scenario.id, fact.id
                )


def test_lint_names_facts_without_answers_or_question_words() -> None:
    from scenarios.checks import check_scenario

    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    persona = SHIPPED.personas[scenario.archetype]
    first = scenario.facts[0]
    broken = first.model_copy(
        update={"asked_by": [], "answers": {"low": ["Something unrelated."], "mid": []}}
    )
    thin = scenario.model_copy(update={"facts": [broken, *scenario.facts[1:]]})
    problems = dict(check_scenario(thin, persona))
    assert "facts.0.asked_by" in problems
    assert "facts.0.answers.mid" in problems and "facts.0.answers.high" in problems
    assert "key detail" in problems["facts.0.answers.low.0"]
    assert not [f for f in dict(check_scenario(scenario, persona)) if f.startswith("facts")]


def test_lint_wants_every_answer_to_a_reference_to_give_it() -> None:
    """Asked for the booking number, a customer whose line gives only the flight date has not
    answered: every answer line of a fact with a reference must carry its digits."""
    from scenarios.checks import check_scenario

    scenario = SHIPPED.scenarios["sv_resa_avbokning_dodsfall"]
    persona = SHIPPED.personas[scenario.archetype]
    index, fact = next((i, f) for i, f in enumerate(scenario.facts) if f.id == "resan")
    vague = {**fact.answers, "mid": ["Vi skulle flyga från Arlanda den 12 maj. Till Alcúdia."]}
    broken = scenario.model_copy(update={"facts": [
        fact.model_copy(update={"answers": vague}) if f is fact else f for f in scenario.facts]})
    problems = dict(check_scenario(broken, persona))
    assert "reference" in problems[f"facts.{index}.answers.mid.0"]
    assert not [f for f in dict(check_scenario(scenario, persona)) if f.startswith("facts")]


def test_lint_wants_a_not_known_line_in_the_language() -> None:
    from scenarios.checks import check_scenario

    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    persona = SHIPPED.personas[scenario.archetype]
    bank = {k: v for k, v in persona.lines["en"].items() if k != "not_known"}
    bare = persona.model_copy(update={"lines": {**persona.lines, "en": bank}})
    assert "lines.not_known" in dict(check_scenario(scenario, bare))


def test_a_reply_that_asks_nothing_gets_no_answer() -> None:
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    director = Director(scenario, SHIPPED.personas[scenario.archetype])
    director.opening()
    told = ReplySignals(asked_facts=["readings"])  # a reading that mistook a statement
    decision = director.hear(told, "Your readings went in every month through the app.")
    assert decision.intent not in ("answer", "not_known")


@pytest.mark.model
def test_the_embedded_model_answers_with_the_fact(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With the real embedded model the next line carries the fact, whether the model's own
    words passed the guard or the authored answer replaced them."""
    from simulator.backends.transformers_backend import TransformersBackend

    backend = TransformersBackend(None, tmp_path_factory.mktemp("weights"), int8=False)
    backend.warm_up()
    answered = 0
    try:
        for scenario_id in ("en_utilities_estimated_bill", "en_parcel_lost_again"):
            scenario = SHIPPED.scenarios[scenario_id]
            practice = PracticeSession(
                scenario, SHIPPED.personas[scenario.archetype], backend, seed=0
            )
            list(practice.start())
            for fact in [f for f in scenario.facts if question_for(scenario, f)][:2]:
                list(practice.respond(question_for(scenario, fact) or ""))
                line = practice.turns[-1]
                if line.intent != "answer":
                    continue  # a customer at the edge may leave or escalate instead
                answered += 1
                assert find_keywords(line.text, fact.keywords) or set(
                    re.findall(r"\d+", fact.text)
                ) & set(re.findall(r"\d+", line.text)), line
    finally:
        backend.close()
    assert answered >= 3


DETAIL_REQUESTS = {
    "en": ("en_parcel_lost_again", "Can I have your postcode, please?"),
    "sv": ("sv_resa_avbokning_dodsfall", "Kan jag få ditt personnummer?"),
    "nl": ("nl_webshop_wasmachine", "Mag ik uw postcode?"),
    "pl": ("pl_kurier_zagubiona_paczka", "Jaka jest Pani data urodzenia?"),
}


@pytest.mark.parametrize("language", sorted(DETAIL_REQUESTS))
def test_a_request_for_a_detail_the_case_lacks_points_to_the_account(language: str) -> None:
    """Asked for a personal detail the scenario does not hold, the customer says it is on the
    account (in the scenario's language, never an invented number), once; asked again, they
    do not say it again."""
    scenario_id, request = DETAIL_REQUESTS[language]
    scenario = SHIPPED.scenarios[scenario_id]
    practice = session_on(scenario)
    assert practice.assess(request)[1].asks_details
    list(practice.respond(request))
    line = practice.turns[-1]
    on_file = [x for band in phrases_for(language).on_file.values() for x in band]
    assert line.intent == "on_file" and line.text in on_file, line
    assert not re.search(r"\d", line.text)
    list(practice.respond(request))
    assert practice.turns[-1].intent != "on_file"


def test_a_detail_the_case_holds_is_answered_not_pointed_to() -> None:
    scenario = SHIPPED.scenarios["en_bank_card_blocked_abroad"]
    practice = session_on(scenario)
    list(practice.respond("What's your date of birth, please?"))
    line = practice.turns[-1]
    assert line.intent == "answer" and "1991" in line.text, line


@pytest.mark.parametrize("request_", ["Jaki jest Pani adres e-mail?",
                                      "Jaki jest Pani numer telefonu?"])
def test_a_contact_detail_is_not_heard_as_a_case_fact(request_: str) -> None:
    """"Adres e-mail" is not the parcel's address, "numer telefonu" not its number: the
    customer points to the account instead of answering with the parcel's details."""
    scenario = SHIPPED.scenarios["pl_kurier_zagubiona_paczka"]
    practice = session_on(scenario)
    assert practice.assess(request_)[1].asked_facts == []
    list(practice.respond(request_))
    assert practice.turns[-1].intent == "on_file"
