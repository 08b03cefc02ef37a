"""The director: hears each graded reply, moves the mood, and decides what the customer means."""

from __future__ import annotations

import random
from dataclasses import dataclass

from evaluation.models import ReplySignals
from personas.model import Persona
from personas.vocabulary import band_for
from scenarios.matching import find_keywords
from scenarios.model import Fact, Scenario
from simulator.customer.director.intents import WARM_SIGNALS, mood_intent, need_to_reveal
from simulator.customer.director.ledger import Ledger
from simulator.customer.director.questions import facts_asked
from simulator.customer.director.state import (
    Mood,
    after_reply,
    current_rung,
    forced_intent,
    signal_shift,
)
from simulator.records import CustomerState

CAUGHT_PROMISE = (1.0, -2.0, -0.5)
"""(distress, trust, patience) change when the customer catches a forbidden promise."""

HONEST_SIGNALS = frozenset({"took_ownership"})
"""Behaviours that, after a caught promise, count as the trainee setting the record straight."""


@dataclass(frozen=True)
class Decision:
    """What the customer does next and in what state: the realizer's brief for one line."""

    intent: str
    """One of personas.vocabulary.INTENTS."""
    band: str
    """low, mid or high distress."""
    state: CustomerState
    """The customer's state when saying this line."""
    max_words: int
    """The longest line this customer would say now."""
    need: str | None = None
    """The hidden need to reveal in this line (intent reveal_need)."""
    caught: tuple[str, ...] = ()
    """Forbidden promises the customer calls out in this line (intent reject_overpromise)."""
    outcome: str | None = None
    """Set when this line ends the session: resolved, escalated, customer_left or turn_limit."""
    fact: str | None = None
    """The fact this line carries: the one asked for (answer, not_known) or a detail the
    customer volunteers (add_detail)."""
    again: bool = False
    """The fact was already said in this conversation: the customer says so."""
    thanks: bool = True
    """The trainee's reply gave something worth thanking for (an offer, ownership, a met
    need, an acknowledgement, an answer): only then may the line thank the agent."""


class Director:
    """A seeded state machine per session: same scenario, persona, seed and replies, same path."""

    def __init__(self, scenario: Scenario, persona: Persona, seed: int = 0) -> None:
        """Start in the persona's starting mood with nothing settled."""
        self.scenario = scenario
        self.persona = persona
        self.mood = Mood.start_of(persona)
        self.ledger = Ledger()
        self.outcome: str | None = None
        self._rng = random.Random(f"director:{seed}")
        self._thanks = False
        self._named: list[str] = []
        self._details = False

    @property
    def state(self) -> CustomerState:
        """The hidden state a coach sees."""
        rung = current_rung(self.persona, self.mood)
        return CustomerState(
            distress=self.mood.distress,
            trust=self.mood.trust,
            patience=self.mood.patience,
            band=band_for(self.mood.distress),
            rung=rung.name if rung else None,
            revealed_needs=list(self.ledger.revealed),
            met_needs=list(self.ledger.met),
            offers_made=list(self.ledger.offers),
            broken_promises=self.ledger.broken(),
        )

    def opening(self) -> Decision:
        """The customer's first line: stating the problem in the starting mood."""
        return self._decision("state_problem")

    def said(self, text: str, decision: Decision | None = None) -> None:
        """Note the facts a customer line actually said (the ledger behind "I told you")."""
        carried = decision is not None and decision.fact and decision.intent != "not_known"
        found = [decision.fact] if carried and decision and decision.fact else []
        found += [f.id for f in self.scenario.facts if find_keywords(text, f.keywords)]
        self.ledger.said.extend(f for f in dict.fromkeys(found) if f not in self.ledger.said)

    def hear(self, reply: ReplySignals, text: str = "") -> Decision:
        """Move the state by one graded trainee reply and decide the customer's answer.

        `text` is the reply itself, used to find the facts it asks for when the reader's
        signals do not say.
        """
        if self.outcome is not None:
            raise RuntimeError(f"the conversation is over ({self.outcome})")
        ledger, signals = self.ledger, dict(reply.signals)
        asked = facts_asked(reply, text, self.scenario)
        if signals.get("repeated_question") and asked and not set(asked) & set(ledger.said):
            del signals["repeated_question"]  # asking for what was never said is no repeat
        warm = bool(reply.offers or reply.needs_addressed) or any(
            signals.get(s, 0) > 0 for s in WARM_SIGNALS
        )
        if not warm and not asked and not signals.get("useful_question"):
            signals.pop("reflected_detail", None)  # naming details without helping calms no one
        ledger.replies += 1
        distress_change = signal_shift(self.persona, signals)[0]
        trust_before = self.mood.trust
        self.mood = after_reply(self.mood, self.persona, signals)
        new_offers = ledger.note(reply.offers, reply.needs_addressed)
        honest = bool(reply.offers) or any(signals.get(s, 0) for s in HONEST_SIGNALS)
        ledger.retract_if_honest(reply.forbidden_promises, honest)
        ledger.hear_promises(reply.forbidden_promises, trust_before, self._rng)
        touched = [*reply.needs_touched, *reply.needs_addressed]
        self._named = list(reply.needs_touched)
        self._details = getattr(reply, "asks_details", 0) > 0
        self._thanks = bool(new_offers or reply.needs_addressed) or any(
            signals.get(s, 0) > 0 for s in WARM_SIGNALS
        )
        decision = self._choose(signals, distress_change, new_offers, touched, asked, warm)
        ledger.intents.append(decision.intent)
        if decision.outcome is None and ledger.replies >= self.scenario.max_turns:
            decision = self._decision(
                decision.intent, decision.need, decision.caught, "turn_limit",
                fact=decision.fact, again=decision.again,
            )
        self.outcome = decision.outcome
        return decision

    def _choose(
        self,
        signals: dict[str, int],
        distress_change: float,
        new_offers: list[str],
        touched: list[str],
        asked: list[str] | None = None,
        warm: bool = True,
    ) -> Decision:
        """Apply the rules by precedence: leave, catch a promise, accept, escalate, answer,
        explore."""
        ledger, band = self.ledger, band_for(self.mood.distress)
        forced = forced_intent(self.persona, self.mood)
        if forced == "end" or self.mood.patience <= 0:
            return self._decision("end", outcome="customer_left")
        due = ledger.due_promises()
        if due:
            for pid in due:
                ledger.promises[pid].caught = True
            self.mood = self.mood.shifted(*CAUGHT_PROMISE)
            return self._decision("reject_overpromise", caught=tuple(due))
        if ledger.settled(self.scenario) and band != "high":
            return self._decision("accept", outcome="resolved")
        if asked:
            # Even a customer who wants the manager answers a straight question (venting).
            fresh = [f for f in asked if f not in ledger.said]  # what they have not heard yet
            named = [
                n.id for n in self.scenario.hidden_needs
                if n.id in self._named and n.id not in ledger.revealed
            ]
            if named:  # a need the reply named outright comes out too, after the answer
                ledger.revealed.append(named[0])
            return self._answer((fresh or asked)[0], named[0] if named else None)
        if self._details and "on_file" not in ledger.intents:
            # a detail the case does not hold: the customer points to the account, once
            return self._decision("on_file")
        if forced == "ask_manager":
            ledger.manager_asks += 1
            escalated = "escalated" if ledger.manager_asks >= 2 else None
            return self._decision("ask_manager", outcome=escalated)
        if forced is not None:
            return self._decision(forced)
        need = need_to_reveal(self.scenario, ledger, signals, touched, heard=distress_change <= 0)
        if need is not None:
            ledger.revealed.append(need)
            return self._decision("reveal_need", need=need)
        if ledger.settled(self.scenario):
            return self._decision("calm_down")  # everything is done; they only need to settle
        intent = mood_intent(
            self.scenario, ledger, signals, distress_change, band, new_offers, self._rng,
            warm or signals.get("useful_question", 0) > 0,
        )
        if intent == "add_detail":
            return self._decision(intent, fact=self.untold_fact())
        return self._decision(intent)

    def _answer(self, fact_id: str, need: str | None = None) -> Decision:
        """Answer the question about a fact, or say it is not to hand; `need`: a hidden need
        the same reply named, revealed in the same line after the answer."""
        fact = self.fact(fact_id)
        if not fact.customer_knows:
            return self._decision("not_known", need=need, fact=fact.id)
        self._thanks = True  # being asked the right thing is worth a word of thanks
        again = fact.id in self.ledger.said
        return self._decision("answer", need=need, fact=fact.id, again=again)

    def fact(self, fact_id: str) -> Fact:
        """The scenario fact with this id."""
        return next(f for f in self.scenario.facts if f.id == fact_id)

    def untold_fact(self) -> str | None:
        """The first fact with answer lines the customer knows and has not said yet (a detail
        to volunteer), skipping facts that would give a hidden need away."""
        from simulator.customer.prompts import open_facts  # prompts imports this module

        for fact in open_facts(self.scenario):
            if fact.customer_knows and fact.answers and fact.id not in self.ledger.said:
                return fact.id
        return None

    def _decision(
        self,
        intent: str,
        need: str | None = None,
        caught: tuple[str, ...] = (),
        outcome: str | None = None,
        fact: str | None = None,
        again: bool = False,
    ) -> Decision:
        """Package the current state with an intent."""
        return Decision(
            fact=fact,
            again=again,
            thanks=self._thanks,
            intent=intent,
            band=band_for(self.mood.distress),
            state=self.state,
            max_words=self.max_words(),
            need=need,
            caught=caught,
            outcome=outcome,
        )

    def max_words(self) -> int:
        """The persona's longest line, shrinking with patience for a customer who tires."""
        style = self.persona.style
        if not style.fewer_words_when_tired:
            return style.max_words
        share = min(1.0, self.mood.patience / max(self.persona.start.patience, 0.1))
        return max(5, round(style.max_words * (0.4 + 0.6 * share)))
