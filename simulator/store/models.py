"""What the store hands back: saved sessions, coach notes and score overrides."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from evaluation.models import GradeSummary
from simulator.records import TurnRecord
from simulator.store.flags import Flag

Mode = Literal["practice", "exam"]
"""Practice shows a tip after every graded reply; exam shows nothing until the end."""

Status = Literal["running", "finished", "interrupted"]
"""running: turns may still come (or the process died); interrupted: left on purpose."""


class SessionInfo(BaseModel):
    """One row of the session list: who practised what, when, and how it went."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    id: str
    """Id like `20261123-0412-k3x9q2m7ab` (start minute, 50 random bits); a prefix may name it."""
    trainee: str
    """Who practised."""
    scenario_id: str
    """The scenario played."""
    scenario_title: str = ""
    """The scenario's title when the session started (empty if not given)."""
    language: str = ""
    """The scenario's language code."""
    archetype: str = ""
    """The customer's archetype (persona id)."""
    seed: int = 0
    """The seed, so the same session can be tried again."""
    mode: Mode = "practice"
    """practice or exam."""
    backend: str = ""
    """Who wrote the customer's lines: transformers, openai or scripted."""
    model: str | None = None
    """The model id or path, when one was used."""
    started_at: str
    """When the session started (UTC, ISO 8601)."""
    ended_at: str | None = None
    """When it finished; None while unfinished."""
    outcome: str | None = None
    """resolved, escalated, customer_left or turn_limit; None while unfinished."""
    overall: float | None = None
    """The overall score of the finished session, if any reply was graded."""
    summary: GradeSummary | None = None
    """The grade summary of the finished session."""
    status: Status = "running"
    """running, finished or interrupted."""
    turn_count: int = 0
    """How many turns are saved."""

    @property
    def finished(self) -> bool:
        """Whether the session reached an outcome."""
        return self.status == "finished"


class Note(BaseModel):
    """A coach's note on a turn (or on the whole session when `turn_index` is None)."""

    turn_index: int | None
    """The turn the note is about."""
    text: str
    """What the coach wrote, verbatim."""
    author: str = ""
    """Who wrote it."""
    created_at: str
    """When (UTC, ISO 8601)."""


class Override(BaseModel):
    """A coach's score for one dimension of one reply, kept beside the automatic score."""

    turn_index: int
    """The trainee turn overridden."""
    dimension: str
    """listening, tone, honesty or understanding."""
    score: float
    """The coach's 1-5 score."""
    automatic: float | None = None
    """The evaluator's score it was given against (never changed by the override)."""
    reason: str
    """Why the coach disagrees."""
    author: str = ""
    """Who overrode it."""
    created_at: str
    """When (UTC, ISO 8601)."""


class Agreement(BaseModel):
    """How often coaches agree with the evaluator: overridden scores within 1 point."""

    overrides: int
    """How many (latest) overrides were counted."""
    within_one: int
    """How many of them are within 1 point of the automatic score."""

    @property
    def share(self) -> float | None:
        """within_one / overrides, or None when there are no overrides."""
        return self.within_one / self.overrides if self.overrides else None


class SavedSession(BaseModel):
    """A whole saved session: its info, every saved turn, and the coach's notes and overrides."""

    info: SessionInfo
    """Who, what, when and how it ended."""
    turns: list[TurnRecord] = Field(default_factory=list)
    """Every saved turn in order."""
    notes: list[Note] = Field(default_factory=list)
    """Coach notes, oldest first."""
    overrides: list[Override] = Field(default_factory=list)
    """Coach score overrides, oldest first."""
    flags: list[Flag] = Field(default_factory=list)
    """Customer lines the trainee flagged as wrong, oldest first."""

    def notes_for(self, turn_index: int | None) -> list[Note]:
        """The notes on one turn."""
        return [n for n in self.notes if n.turn_index == turn_index]

    def overrides_for(self, turn_index: int) -> list[Override]:
        """The overrides of one turn, oldest first."""
        return [o for o in self.overrides if o.turn_index == turn_index]

    def flags_for(self, turn_index: int) -> list[Flag]:
        """The trainee's flags on one customer line, oldest first."""
        return [f for f in self.flags if f.turn_index == turn_index]
