"""Per-language phrase tables of the customer pipeline, read from `phrases/{language}.toml`.

The guard's lists (agent-speak, role reversals, teasers, mood words, ...) and the few words
the line choice needs (thanks, "I've told you this already") are data, validated here.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError

from personas.strict import StrictModel
from personas.vocabulary import Band

PHRASES_DIR = Path(__file__).parent / "phrases"
"""Where the per-language files live."""


class PhraseError(ValueError):
    """A phrase file is missing or malformed; the message names the file and field."""


class Phrases(StrictModel):
    """One language's phrase tables (lower-case phrases matched as whole words)."""

    agent_speak: list[str] = Field(min_length=1)
    """Phrases only the agent says."""
    role_reversal: list[str] = Field(min_length=1)
    """What the agent would say to a customer: thanks for *your* patience, you're welcome."""
    solved: list[str] = Field(min_length=1)
    """Phrases that close the case (only for intent `accept`)."""
    teasers: list[str] = Field(min_length=1)
    """A sentence announcing more without saying it."""
    cheerful: list[str] = Field(min_length=1)
    """Bright words that contradict an upset customer."""
    furious: list[str] = Field(min_length=1)
    """Furious words that contradict a customer who is settling."""
    thanks: list[str] = Field(min_length=1)
    """Words of thanks."""
    speech_verbs: list[str] = Field(min_length=1)
    """Verbs a narrator puts after a speaker's name."""
    titles: list[str] = Field(default_factory=list)
    """Forms of address before a surname (Mrs, fru, mevrouw, pani)."""
    greetings: list[str] = Field(default_factory=list)
    """Greetings before a name."""
    common_capitals: list[str] = Field(default_factory=list)
    """Capitalised words that are never a name (lower-case here)."""
    again: list[str] = Field(min_length=1)
    """A sentence said before an answer already given in this call."""
    requests: list[str] = Field(default_factory=list)
    """Phrases that make a sentence without a question mark a request for information."""
    again_gentle: list[str] = Field(min_length=1)
    """The same, gentler, for a customer who is upset but not at the edge (mid band)."""
    not_known: list[str] = Field(min_length=1)
    """Last-resort lines for a question the customer cannot answer."""
    on_file: dict[Band, list[str]] = Field(default_factory=dict)
    """Lines per band for a request for a personal detail the scenario does not hold: the
    customer points to the account instead of inventing a number (intent `on_file`)."""
    many_times: list[str] = Field(default_factory=list)
    """Phrases claiming something was said many times ("for the last time")."""
    hedges: list[str] = Field(default_factory=list)
    """Hedges and vague filler a small model adds ("sometimes", "things like that"): not in a
    line continuing an authored one unless the authored line says them too."""
    first_person: list[str] = Field(default_factory=list)
    """Words of the first person (I, me, my): who speaks."""
    second_person: list[str] = Field(default_factory=list)
    """Words of the second person (you, your): who is spoken to."""
    letters: str = ""
    """Letters beyond a-z that the language's lines may use."""


@cache
def phrases_for(language: str) -> Phrases:
    """The phrase tables of `language` (English when the language has no file)."""
    path = PHRASES_DIR / f"{language}.toml"
    if not path.exists():
        path = PHRASES_DIR / "en.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Phrases.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise PhraseError(f"{path}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise PhraseError(f"{path}: {field}: {first['msg']}") from None
