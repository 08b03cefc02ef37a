"""Does a sentence report something the agent has already done for the customer?

`I've closed the account and removed the £25 fee` fixes the problem as surely as an
instruction does, but no fixed list of verbs covers every fix. This reads the form instead: a
first-person perfect or past (`I've … -ed`, `jag har … -at`, `ik heb … ge…d`, Polish
`-łem/-łam`) that is not negated and is not a verb of receiving, noting or passing on
(`we have received your complaint` fixes nothing). The per-language forms are data
(`evaluation/reader/done.toml`), validated when loaded.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from pydantic import Field, ValidationError

from evaluation.cues import NEVER, CueSet, compile_cues
from evaluation.policy import clauses
from personas.strict import StrictModel

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
DATA_FILE = "done.toml"


class DoneForms(StrictModel):
    """One language's forms of `I have done it` (see `done.toml`)."""

    subjects: list[str] = Field(default_factory=list)
    """First-person openings of a perfect or past (`i've`, `jag har`, `ik heb`)."""
    participle: str = ""
    """Regex a word after a subject must match in full to be a participle or past form."""
    within: int = Field(default=0, ge=0, le=12)
    """How many words after the subject the participle may stand."""
    not_done: list[str] = Field(default_factory=list)
    """Verbs that report receiving, noting, passing on or understanding: no fix."""
    first_person_past: str = ""
    """Regex for a verb form that says `I/we did` by itself (Polish `-łem`, `-łam`)."""
    mistakes: list[str] = Field(default_factory=list)
    """Verbs that report what went wrong (`we charged you twice`): the fault, not a fix."""


class DoneError(ValueError):
    """The done-forms file is malformed; the message names the file and field."""


class DoneReader:
    """Compiled forms of one language."""

    def __init__(self, forms: DoneForms) -> None:
        self.subjects = compile_cues(forms.subjects)
        self.participle = re.compile(forms.participle) if forms.participle else NEVER
        self.within = forms.within
        self.not_done = compile_cues(forms.not_done)
        self.past = re.compile(forms.first_person_past) if forms.first_person_past else NEVER
        self.mistakes = compile_cues(forms.mistakes)

    def reports_done(self, plain: str, cues: CueSet) -> bool:
        """True when a normalised sentence reports a fix the agent has made. A sentence about
        the agent's own life ("my dad died and I struggled for months") reports none."""
        if cues.has("self_focus", plain):
            return False
        return any(self._clause_done(clause, cues) for clause in clauses(plain))

    def _clause_done(self, clause: str, cues: CueSet) -> bool:
        if self.not_done.search(clause):
            return False
        words = WORD.findall(clause)
        if any(self.past.fullmatch(w) and not self.mistakes.match(w) for w in words):
            return not cues.has("negation", clause)
        for match in self.subjects.finditer(clause):
            rest = WORD.findall(clause[match.end():])[: self.within]
            for position, word in enumerate(rest):
                if self.participle.fullmatch(word):
                    if self.mistakes.match(word):
                        break  # `we've charged you twice` owns the fault; it fixes nothing
                    between = rest[:position]
                    return not (cues.has("negation", " ".join(between))
                                or any(w.endswith("n't") for w in between))
        return False


def parse_forms(text: str, source: str = DATA_FILE) -> dict[str, DoneReader]:
    """Readers by language from the TOML text; DoneError names the field that is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DoneError(f"{source}: {error}") from error
    readers = {}
    for language, table in data.items():
        try:
            forms = DoneForms.model_validate(table)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise DoneError(f"{source}: [{language}] {field}: {first['msg']}") from error
        for name in ("participle", "first_person_past"):
            try:
                re.compile(getattr(forms, name))
            except re.error as error:
                raise DoneError(f"{source}: [{language}] {name}: not a regex ({error})") from error
        readers[language] = DoneReader(forms)
    return readers


@lru_cache(maxsize=1)
def _readers() -> dict[str, DoneReader]:
    text = resources.files("evaluation.reader").joinpath(DATA_FILE).read_text("utf-8")
    return parse_forms(text)


def reports_done(plain: str, cues: CueSet) -> bool:
    """True when a normalised sentence of a reply in `cues.language` reports a done fix."""
    reader = _readers().get(cues.language or "")
    return bool(reader and reader.reports_done(plain, cues))
