"""What the conversation has settled so far: offers, needs, forbidden promises, manager requests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from scenarios.model import Scenario

BELIEVES_AT_TRUST = 5.0
"""A customer trusting at least this much believes a forbidden promise at first."""


@dataclass
class Promise:
    """A forbidden promise the trainee made, and whether the customer has caught it yet."""

    catch_at: int
    """The trainee reply on which the customer catches it."""
    caught: bool = False
    """The customer has called it out."""
    retracted: bool = False
    """After being caught, the trainee answered honestly without repeating it."""


@dataclass
class Ledger:
    """The facts of the conversation the director needs beyond the mood."""

    replies: int = 0
    """Trainee replies heard so far."""
    revealed: list[str] = field(default_factory=list)
    """Hidden needs the customer has revealed, in order."""
    met: list[str] = field(default_factory=list)
    """Hidden needs the trainee has addressed (met_by words), in order."""
    offers: list[str] = field(default_factory=list)
    """Policy offers the trainee has made, in order."""
    promises: dict[str, Promise] = field(default_factory=dict)
    """Forbidden promises by id."""
    manager_asks: int = 0
    """How often the customer has asked for a manager."""
    intents: list[str] = field(default_factory=list)
    """The intents of the customer's lines after the opening, in order."""
    said: list[str] = field(default_factory=list)
    """Fact ids the customer has actually said in this conversation (opening line, answers,
    details): only these can be "I already told you"."""

    def note(self, offers: list[str], addressed: list[str]) -> list[str]:
        """Record offers and addressed needs; return the offers that are new this reply."""
        new = [o for o in offers if o not in self.offers]
        self.offers.extend(new)
        self.met.extend(n for n in addressed if n not in self.met)
        return new

    def hear_promises(self, promised: list[str], trust: float, rng: random.Random) -> None:
        """Track forbidden promises: believed for a turn or two when trusting, else caught now."""
        for pid in promised:
            known = self.promises.get(pid)
            if known is not None and known.caught and not known.retracted:
                known.caught = False  # repeated after being called out: caught again at once
                known.catch_at = self.replies
            elif known is None or known.retracted:
                delay = rng.choice((1, 2)) if trust >= BELIEVES_AT_TRUST else 0
                self.promises[pid] = Promise(catch_at=self.replies + delay)

    def retract_if_honest(self, promised: list[str], honest: bool) -> None:
        """A caught promise counts as retracted once the trainee answers honestly after it."""
        for pid, promise in self.promises.items():
            if promise.caught and pid not in promised and honest:
                promise.retracted = True

    def due_promises(self) -> list[str]:
        """Forbidden promises the customer catches on this reply."""
        return [
            pid for pid, p in self.promises.items() if not p.caught and p.catch_at <= self.replies
        ]

    def broken(self) -> list[str]:
        """Forbidden promises not (yet) retracted."""
        return [pid for pid, p in self.promises.items() if not p.retracted]

    def missing_offers(self, scenario: Scenario) -> list[str]:
        """Required offers not made yet."""
        return [o for o in scenario.resolution.requires_offers if o not in self.offers]

    def missing_needs(self, scenario: Scenario) -> list[str]:
        """Required needs not yet both revealed and addressed."""
        return [
            n
            for n in scenario.resolution.requires_needs
            if n not in self.revealed or n not in self.met
        ]

    def settled(self, scenario: Scenario) -> bool:
        """Every required offer made, every required need revealed and met, no broken promise."""
        return not (self.missing_offers(scenario) or self.missing_needs(scenario) or self.broken())
