"""The persona archetype file format: a kind of customer, independent of any scenario."""

from __future__ import annotations

from pydantic import Field

from personas.strict import StrictModel
from personas.vocabulary import Band, Intent, Language, Signal

LineBank = dict[Intent, dict[Band, list[str]]]
"""Authored customer lines: intent -> emotional band -> variants."""


class EmotionalState(StrictModel):
    """Where the customer stands emotionally, each on a 0-10 scale."""

    distress: float = Field(ge=0, le=10)
    """How upset, overwhelmed or agitated the customer is (10 = at the edge)."""
    trust: float = Field(ge=0, le=10)
    """How much the customer believes the agent will really help (10 = full trust)."""
    patience: float = Field(ge=0, le=10)
    """How much longer the customer will stay in the conversation (0 = leaving)."""


class StateShift(StrictModel):
    """How one kind of trainee behaviour moves the emotional state (added per occurrence)."""

    distress: float = Field(default=0.0, ge=-10, le=10)
    """Change to distress; negative calms the customer."""
    trust: float = Field(default=0.0, ge=-10, le=10)
    """Change to trust."""
    patience: float = Field(default=0.0, ge=-10, le=10)
    """Change to patience."""


class Rung(StrictModel):
    """One step of the escalation ladder, reached when all of its thresholds hold."""

    name: str = Field(min_length=1)
    """Short id of the rung, e.g. `angry` or `wants_manager`."""
    label: str = Field(min_length=1)
    """What a coach sees, e.g. "Wants a manager"."""
    distress_at_least: float | None = Field(default=None, ge=0, le=10)
    """Reached when distress is at or above this."""
    trust_at_most: float | None = Field(default=None, ge=0, le=10)
    """Reached when trust is at or below this."""
    patience_at_most: float | None = Field(default=None, ge=0, le=10)
    """Reached when patience is at or below this."""
    intent: Intent | None = None
    """What the customer does on this rung (`ask_manager`, `end`), if it forces an intent."""


class Style(StrictModel):
    """How this kind of customer talks; used in the realizer's prompt and by the guard."""

    voice: str = Field(min_length=1)
    """A few sentences describing tone, pace and vocabulary, written to a model."""
    traits: list[str] = Field(default_factory=list)
    """Short traits, e.g. "interrupts", "sighs", "goes quiet"."""
    max_words: int = Field(default=45, ge=5, le=200)
    """Longest line the guard accepts from the model."""
    fewer_words_when_tired: bool = False
    """Lines get shorter as patience runs out (the exhausted customer)."""


class Persona(StrictModel):
    """An archetype file: a kind of customer and how it reacts to being treated well or badly."""

    id: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_-]*$")
    """Unique id that scenarios refer to in `archetype`."""
    name: str = Field(min_length=1)
    """Human-readable name, e.g. "Frustrated"."""
    description: str = Field(min_length=1)
    """What this customer is like, for coaches choosing a scenario."""
    start: EmotionalState
    """The emotional state the customer starts in."""
    drift: StateShift = Field(default_factory=StateShift)
    """Change applied every turn whatever the trainee does (e.g. patience wearing thin)."""
    sensitivities: dict[Signal, StateShift]
    """How each kind of trainee behaviour moves the state."""
    escalation: list[Rung] = Field(min_length=1)
    """The escalation ladder, from the first rung to the last."""
    style: Style
    """How this customer speaks."""
    lines: dict[Language, LineBank] = Field(default_factory=dict)
    """Generic authored lines per language, intent and band, used when a scenario has none."""
