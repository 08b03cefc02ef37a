"""`lagom lint` checks what the reader needs: examples for every offer and forbidden promise,
heard by the reader as that item, and lower-case question words."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.checks import check_scenario
from scenarios.loader import load_scenario
from scenarios.model import Scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def scenario() -> Scenario:
    return load_scenario(SCENARIOS / "en_parcel_lost_again.toml")


def with_offer(sc: Scenario, index: int, **changes: object) -> Scenario:
    offers = list(sc.policy.may_offer)
    offers[index] = offers[index].model_copy(update=changes)
    return sc.model_copy(update={"policy": sc.policy.model_copy(update={"may_offer": offers})})


def problems(sc: Scenario) -> list[tuple[str, str]]:
    return list(check_scenario(sc, None))


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_scenarios_have_examples_the_reader_hears(path: Path) -> None:
    found = [p for p in problems(load_scenario(path))
             if ".examples" in p[0] or ".asked_by" in p[0]]
    assert found == []


def test_an_offer_with_one_example_is_flagged() -> None:
    sc = scenario()
    found = problems(with_offer(sc, 0, examples=sc.policy.may_offer[0].examples[:1]))
    flagged = [m for f, m in found if f == "policy.may_offer.0.examples"]
    assert flagged == ["'open_claim' needs at least 2 example sentences (has 1): "
                       "whole sentences an agent would say"]


def test_a_hedged_promise_example_is_flagged() -> None:
    sc = scenario()
    promises = list(sc.policy.must_not_promise)
    promises[0] = promises[0].model_copy(
        update={"examples": [*promises[0].examples, "Hopefully it won't happen again."]})
    found = problems(sc.model_copy(
        update={"policy": sc.policy.model_copy(update={"must_not_promise": promises})}))
    where = f"policy.must_not_promise.0.examples.{len(promises[0].examples) - 1}"
    assert [f for f, _ in found if f.startswith("policy.must_not_promise")] == [where]


def test_an_example_the_reader_does_not_hear_as_its_offer_is_flagged() -> None:
    sc = scenario()
    wrong = [*sc.policy.may_offer[0].examples, "Sure, I can do that for you."]
    found = problems(with_offer(sc, 0, examples=wrong))
    where = f"policy.may_offer.0.examples.{len(wrong) - 1}"
    assert [m for f, m in found if f == where] == [
        "the reader does not hear this example as 'open_claim' (reword it, or add a keyword)"]


def test_upper_case_question_words_are_flagged() -> None:
    sc = scenario()
    facts = list(sc.facts)
    facts[0] = facts[0].model_copy(update={"asked_by": ["Parcel Number"]})
    found = problems(sc.model_copy(update={"facts": facts}))
    assert ("facts.0.asked_by.0", "'Parcel Number' must be lower-case") in found


def test_an_older_scenario_without_any_examples_still_lints_clean() -> None:
    """A coach's file written before `examples` existed keeps loading: keywords only."""
    sc = scenario()
    policy = sc.policy.model_copy(update={
        "may_offer": [o.model_copy(update={"examples": []}) for o in sc.policy.may_offer],
        "must_not_promise": [
            o.model_copy(update={"examples": []}) for o in sc.policy.must_not_promise],
    })
    found = problems(sc.model_copy(update={"policy": policy}))
    assert [f for f, _ in found if ".examples" in f] == []
