"""Typed inputs and outputs of the evaluator (the transcript and grade JSON of the design)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from personas.vocabulary import Balance, Dimension, Language, Signal

Role = Literal["customer", "trainee"]


class Turn(BaseModel):
    """One line of a conversation."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    role: Role
    """Who spoke: the customer or the trainee (agent)."""
    text: str
    """What was said, verbatim."""


class Transcript(BaseModel):
    """A conversation to grade: `{"scenario"?, "language"?, "turns": [...]}`."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    scenario: str | None = None
    """Scenario id, when the conversation comes from one (adds facts, needs and policy)."""
    language: str | None = None
    """Language code; detected from the text when absent."""
    turns: list[Turn]
    """The conversation in order."""


class Scores(BaseModel):
    """The four 1-5 scores (decimals allowed in summaries)."""

    listening: float = Field(ge=1, le=5)
    """Acknowledges, reflects details, answers the question, asks useful questions."""
    tone: float = Field(ge=1, le=5)
    """Calm, assured, polite; no blame, sarcasm, shouting or jargon."""
    honesty: float = Field(ge=1, le=5)
    """Ownership, a concrete next step, no excuses, no promises beyond policy."""
    understanding: float = Field(ge=1, le=5)
    """Names the feeling, grasps the impact, addresses hidden needs, personal."""


class Evidence(BaseModel):
    """Why a score is what it is: the quoted words, or what is missing."""

    dimension: Dimension
    """The dimension this evidence bears on."""
    quote: str
    """The trainee's own words, or empty when the point is something missing."""
    note: str
    """What the quote shows (or what was missing), in plain words."""


class ReplyGrade(BaseModel):
    """The grade of one trainee reply."""

    turn: int
    """Index in `turns` of the trainee reply graded."""
    scores: Scores
    """The four scores."""
    balance: Balance
    """too_little, lagom or too_much."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Evidence for every score below 4 (and notable strengths)."""
    tips: list[str] = Field(default_factory=list)
    """Concrete tips with a better phrasing, in the reply's language."""
    signals: list[Signal] = Field(default_factory=list)
    """The behaviours detected (what the customer's director reacts to)."""


class GradeSummary(BaseModel):
    """The grade of a whole conversation."""

    scores: Scores
    """Mean score per dimension over all graded replies."""
    overall: float
    """Mean of the four dimension scores."""
    balance: Balance
    """The most common balance verdict."""
    replies: int
    """How many trainee replies were graded."""
    language: str
    """The language graded in."""
    notices: list[str] = Field(default_factory=list)
    """Things the user should know (e.g. unsupported language: only universal signals used)."""


class GradeReport(BaseModel):
    """The grade JSON of the design: per-reply grades and a summary."""

    replies: list[ReplyGrade]
    """One grade per trainee reply, in order."""
    summary: GradeSummary
    """The whole conversation."""


class ReplySignals(BaseModel):
    """What the evaluator detected in one reply, for the director (no scores).

    Offers, promises, needs, facts and questions come from the reader
    (`evaluation.reader.read_reply`), by meaning, in the scenario's language."""

    signals: dict[Signal, int] = Field(default_factory=dict)
    """How strongly each behaviour occurred (count of cues, >= 1 when present)."""
    offers: list[str] = Field(default_factory=list)
    """Ids of the scenario's `policy.may_offer` items the reply offered, in any wording."""
    forbidden_promises: list[str] = Field(default_factory=list)
    """Ids of the scenario's `policy.must_not_promise` items the reply promised (negated,
    conditional, hedged or reported ones are not promises)."""
    needs_touched: list[str] = Field(default_factory=list)
    """Hidden-need ids whose reveal keywords the reply used."""
    needs_addressed: list[str] = Field(default_factory=list)
    """Hidden-need ids whose `met_by` words the reply used."""
    asked_facts: list[str] = Field(default_factory=list)
    """Ids of the scenario's facts the reply asks the customer for (questions and requests;
    a reply that states the detail itself does not ask for it)."""
    questions: int = 0
    """How many questions the reply asks."""
    asks_details: int = 0
    """How many sentences ask for the customer's own details (name, number, date of birth,
    postcode), whether or not the scenario holds them."""
    language: Language | None = None
    """The language the reply was judged in."""
