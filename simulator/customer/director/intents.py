"""Choosing what the customer means to do next, once the mood and the ledger are updated."""

from __future__ import annotations

import random

from personas.vocabulary import POSITIVE_SIGNALS
from scenarios.model import Scenario
from simulator.customer.director.ledger import Ledger

NOT_HEARD = frozenset({"was_curt", "repeated_question", "self_focused"})
"""Behaviours that make the customer say it all again (repeat_complaint)."""

WARM_SIGNALS = frozenset({"acknowledged_feeling", "took_ownership"})
"""Behaviours that make a reply more than a statement: without one of them (or an offer, or a
met need) a reply never calms the customer."""

FOLLOWS_PROMISE = "over_promised"
"""Not harm in the moment: the customer is pleased now and catches it later (see Ledger)."""


def harmful(signals: dict[str, int]) -> dict[str, int]:
    """The signals a customer experiences as harm, with their counts."""
    ignored = POSITIVE_SIGNALS | {FOLLOWS_PROMISE}
    return {s: c for s, c in signals.items() if c > 0 and s not in ignored}


def need_to_reveal(
    scenario: Scenario, ledger: Ledger, signals: dict[str, int], touched: list[str], heard: bool
) -> str | None:
    """The next hidden need the trainee's exploring opens up (one per reply, in file order).

    Touching a need's own words (reveal or met_by keywords) always opens it; a behaviour in
    its `revealed_by` opens it only when the reply as a whole made the customer feel heard.
    """
    for need in scenario.hidden_needs:
        if need.id in ledger.revealed:
            continue
        by_signal = heard and any(signals.get(s, 0) > 0 for s in need.revealed_by)
        if need.id in touched or by_signal:
            return need.id
    return None


def after_harm(signals: dict[str, int], rng: random.Random) -> str:
    """push_back for being brushed off, repeat_complaint for not being heard at all."""
    hurt = harmful(signals)
    not_heard = sum(c for s, c in hurt.items() if s in NOT_HEARD)
    brushed = sum(c for s, c in hurt.items() if s not in NOT_HEARD)
    if not_heard == brushed:
        return rng.choice(("push_back", "repeat_complaint"))
    return "repeat_complaint" if not_heard > brushed else "push_back"


def after_offer(scenario: Scenario, ledger: Ledger) -> str:
    """A partial solution gets pushed back on; a full one with needs unmet gets a new detail."""
    return "push_back" if ledger.missing_offers(scenario) else "add_detail"


def after_being_heard(scenario: Scenario, ledger: Ledger, band: str, rng: random.Random) -> str:
    """Settling down, but nudging the conversation on instead of thanking forever."""
    calmed_last = ledger.intents[-1:] == ["calm_down"]
    if band == "low" and not calmed_last:
        return "calm_down"
    if calmed_last:
        return "repeat_complaint" if ledger.missing_offers(scenario) else "add_detail"
    return rng.choice(("calm_down", "add_detail"))


def mood_intent(
    scenario: Scenario,
    ledger: Ledger,
    signals: dict[str, int],
    distress_change: float,
    band: str,
    new_offers: list[str],
    rng: random.Random,
    warm: bool = True,
) -> str:
    """The intent when nothing forces one: driven by how this reply landed.

    Only a warm reply (an acknowledgement, ownership, an offer or a met need) settles the
    customer; a cold statement that happens to calm nothing gets pushed back on.
    """
    if distress_change > 0 and harmful(signals):
        return after_harm(signals, rng)
    if new_offers:
        return after_offer(scenario, ledger)
    if distress_change < 0 and warm:
        return after_being_heard(scenario, ledger, band, rng)
    if not warm and ledger.replies > 1:
        return "push_back" if band != "low" else "add_detail"
    if ledger.replies == 1:
        return "state_problem"
    return "repeat_complaint" if band != "low" else "add_detail"
