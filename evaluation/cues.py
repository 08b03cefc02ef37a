"""Load the per-language cue files (`evaluation/cues/*.toml`) into compiled matchers, once.

A cue is a phrase matched on normalised text at word boundaries; a trailing `*` makes it a
prefix (`frustrat*` also finds `frustrating`). Every group compiles to one regex, so a
reply is scanned once per group whatever the number of phrases.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from scenarios.matching import normalise

NEVER = re.compile(r"(?!x)x")
"""A pattern that matches nothing (groups missing from a language's file)."""


def compile_cues(phrases: list[str]) -> re.Pattern[str]:
    """One alternation for a list of cue phrases (longest first, so the fullest phrase wins)."""
    if not phrases:
        return NEVER
    parts = []
    for phrase in sorted({normalise(p) for p in phrases}, key=len, reverse=True):
        prefix = phrase.endswith("*")
        body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body if prefix else rf"{body}(?![\w'])")
    return re.compile(rf"(?<![\w']){'(?:' + '|'.join(parts) + ')'}")


@dataclass(frozen=True)
class Feeling:
    """A kind of feeling a customer voices, and how to name it back in this language."""

    cues: re.Pattern[str]
    """Customer words that show the feeling (feeling words and the events behind them)."""
    say: str
    """The word an agent would use to name it (`frustrating`, `frustrerend`)."""
    mirror: re.Pattern[str] = NEVER
    """The feeling words alone: echoing these names the feeling, echoing an event
    (`died`, `funeral`) does not."""
    events: re.Pattern[str] = NEVER
    """The events alone (`died`, `funeral`): for grief, what makes sadness a loss."""


@dataclass(frozen=True)
class CueSet:
    """Everything language-specific the detectors and tips need, compiled."""

    language: str | None
    """The language code, or None for the language-independent fallback."""
    groups: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """Compiled cue groups by name (`acknowledge`, `blame`, ...)."""
    stopwords: frozenset[str] = frozenset()
    """Words that carry no detail (function words and service small talk)."""
    feelings: dict[str, Feeling] = field(default_factory=dict)
    """Feelings customers voice, by kind."""
    slots: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """Ways of asking for one piece of information (order number, name...), by slot."""
    tips: dict[str, dict[str, str | list[str]]] = field(default_factory=dict)
    """Tip templates: dimension -> problem (or `default`) -> a text, or a list of variants,
    with placeholders (see `evaluation.tips`)."""

    def find(self, group: str, plain: str) -> list[str]:
        """The cue phrases of a group found in normalised text, in order."""
        return self.groups.get(group, NEVER).findall(plain)

    def has(self, group: str, plain: str) -> bool:
        """True when any cue of the group occurs in normalised text."""
        return self.groups.get(group, NEVER).search(plain) is not None


def cue_text(language: str) -> str:
    """The raw TOML of a language's cue file."""
    return resources.files("evaluation").joinpath("cues", f"{language}.toml").read_text("utf-8")


@lru_cache(maxsize=8)
def load_cues(language: str | None) -> CueSet:
    """The compiled cue set for a supported language, or the empty language-independent one."""
    if language is None:
        return CueSet(language=None)
    data = tomllib.loads(cue_text(language))
    feelings = {
        kind: Feeling(
            cues=compile_cues(spec["cues"] + spec.get("events", [])),
            say=spec["say"],
            mirror=compile_cues(spec["cues"]),
            events=compile_cues(spec.get("events", [])),
        )
        for kind, spec in data.get("feelings", {}).items()
    }
    return CueSet(
        language=language,
        groups={name: compile_cues(phrases) for name, phrases in data["cues"].items()},
        stopwords=frozenset(normalise(data.get("stopwords", "")).split()),
        feelings=feelings,
        slots={name: compile_cues(phrases) for name, phrases in data.get("slots", {}).items()},
        tips=data.get("tips", {}),
    )
