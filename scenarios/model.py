"""The scenario file format: one situation, one customer, one language."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from personas.model import LineBank
from personas.strict import StrictModel
from personas.vocabulary import Band, Difficulty, Language, Signal

SeedId = Literal["000", "001", "002", "003", "004"]
"""The source articles in shared/seeds/ that learning objectives trace back to."""

Domain = Literal[
    "telecom",
    "banking",
    "insurance",
    "healthcare",
    "pharmacy",
    "parcel_delivery",
    "utilities",
    "travel",
    "retail",
    "public_services",
]
"""The kinds of contact centre a scenario belongs to."""


class Customer(StrictModel):
    """Who is on the line."""

    name: str = Field(min_length=1)
    """The customer's name, as the agent would see it."""
    age: int = Field(ge=16, le=110)
    """The customer's age."""
    situation: str = Field(min_length=1)
    """What happened and where they are now, in a few sentences (shown in the briefing)."""


class Fact(StrictModel):
    """Something true in this scenario that the trainee can reflect or must not contradict."""

    id: str = Field(min_length=1)
    """Unique id within the scenario."""
    text: str = Field(min_length=1)
    """The fact, in the scenario's language."""
    keywords: list[str] = Field(default_factory=list)
    """Details a listening trainee would reflect back (numbers, dates, names), lower-case."""
    asked_by: list[str] = Field(default_factory=list)
    """Words or short phrases by which a trainee's question asks for this fact, lower-case,
    in the scenario's language (e.g. "parcel number", "tracking", "when did")."""
    customer_knows: bool = True
    """False when the customer would not know this (they answer "I haven't got that to hand")."""
    answers: dict[Band, list[str]] = Field(default_factory=dict)
    """Customer-voiced lines that carry this fact, per distress band, in the scenario's language:
    what the customer says when the trainee asks for it."""


class HiddenNeed(StrictModel):
    """A need the customer does not say until the trainee explores it."""

    id: str = Field(min_length=1)
    """Unique id within the scenario."""
    description: str = Field(min_length=1)
    """What the customer really needs (for coaches and the report)."""
    revealed_by: list[Signal] = Field(min_length=1)
    """Trainee behaviours that make the customer open up about it."""
    reveal_keywords: list[str] = Field(default_factory=list)
    """Trainee words that touch this need directly and reveal it, lower-case."""
    met_by: list[str] = Field(min_length=1)
    """Trainee words that show the need is being addressed, lower-case."""
    lines: list[str] = Field(min_length=1)
    """Authored lines in which the customer reveals this need."""


class Offer(StrictModel):
    """Something the agent may offer, or must not promise."""

    id: str = Field(min_length=1)
    """Unique id within the scenario."""
    text: str = Field(min_length=1)
    """What it is, in the scenario's language."""
    keywords: list[str] = Field(min_length=1)
    """Trainee words that show it was offered or promised, lower-case."""
    examples: list[str] = Field(default_factory=list)
    """Whole sentences an agent might say to offer (or promise) this, in different wordings,
    in the scenario's language; the reader recognises paraphrases of them."""


class Policy(StrictModel):
    """The limits the trainee must stay inside."""

    may_offer: list[Offer] = Field(min_length=1)
    """What the agent is allowed to offer."""
    limits: list[str] = Field(min_length=1)
    """Limits the trainee must respect (shown in the briefing)."""
    must_not_promise: list[Offer] = Field(min_length=1)
    """Tempting promises the policy forbids; making one is caught by the customer later."""


class Resolution(StrictModel):
    """What counts as resolved: sympathy alone never does."""

    description: str = Field(min_length=1)
    """What a good end looks like, for the briefing and the report."""
    requires_offers: list[str] = Field(min_length=1)
    """Ids from `policy.may_offer` that must have been offered."""
    requires_needs: list[str] = Field(default_factory=list)
    """Ids from `hidden_needs` that must have been revealed and addressed."""


class Objective(StrictModel):
    """A learning objective, tied to an idea from the seed articles."""

    text: str = Field(min_length=1)
    """What the trainee practises, in English for coaches."""
    seed: SeedId
    """The seed article the idea comes from."""
    idea: str = Field(min_length=1)
    """The seed idea, e.g. "stay honest: fix it, no excuses"."""


class Scenario(StrictModel):
    """A scenario file: the customer, the facts, the hidden needs, the policy and the lines."""

    id: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_-]*$")
    """Unique id, used by `lagom play ID`."""
    title: str = Field(min_length=1)
    """A short title for the picker."""
    language: Language
    """The language the whole conversation is held in."""
    difficulty: Difficulty
    """gentle, moderate or hard."""
    domain: Domain
    """The kind of contact centre."""
    archetype: str = Field(min_length=1)
    """Id of the persona archetype file this customer is built on."""
    customer: Customer
    """Who is on the line."""
    facts: list[Fact] = Field(min_length=3)
    """What is true in this scenario."""
    customer_said: list[str] = Field(min_length=1)
    """What the customer already said or knows before the conversation (briefing, no re-asking)."""
    wants: str = Field(min_length=1)
    """What the customer asks for out loud."""
    hidden_needs: list[HiddenNeed] = Field(min_length=2)
    """Needs that only come out when the trainee explores."""
    policy: Policy
    """What the agent may offer and must not promise."""
    resolution: Resolution
    """What counts as resolved."""
    opening_lines: list[str] = Field(min_length=1)
    """The customer's first line (one is chosen by the seed)."""
    lines: LineBank = Field(default_factory=dict)
    """Scenario-specific authored lines per intent and band, in the scenario's language."""
    objectives: list[Objective] = Field(min_length=1)
    """What the trainee practises, each tied to a seed idea."""
    max_turns: int = Field(default=14, ge=4, le=40)
    """Trainee replies before the session ends with `turn_limit`."""
