"""Per-language reading data (`lexicon_<lang>.toml`) and the words-to-keys step of the reader.

A *key* is what the reader compares: a word stemmed (Snowball, when `snowballstemmer` is
installed) and cut to `key_length` characters, so `ustawię` and `ustawić`, `aangehouden` and
`aanhouden`, `refunded` and `refund` meet. Synonym groups add one shared key (`=bill` for
`invoice`, `bill`); Dutch separable verbs are joined again (`houd ... aan` → `aanhoud`).
Everything here is linear in the text: one regex pass for tokens, one dict look-up per token.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import Field, ValidationError

from evaluation.cues import NEVER, compile_cues
from personas.strict import StrictModel
from scenarios.matching import normalise

TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*")
"""A word or number; keeps `64.99`, `6,200`, `jd-30915`, `tom's`, `sms-a` whole."""
SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
DIGIT = re.compile(r"\d")


class LexiconFile(StrictModel):
    """The reading data of one language (`evaluation/reader/lexicon_<lang>.toml`)."""

    language: str = Field(min_length=2)
    """Language code (`en`, `sv`, `nl`, `pl`)."""
    stemmer: str = ""
    """Snowball algorithm name (`english`, `swedish`, `dutch`, `polish`); empty for none."""
    key_length: int = Field(default=6, ge=3, le=20)
    """Stems are cut to this many characters, so inflected forms meet."""
    stopwords: list[str] = Field(default_factory=list)
    """Function words that carry no content (they never count as shared meaning)."""
    clause_breaks: list[str] = Field(default_factory=list)
    """Words that start a new clause (`but`, `maar`, `men`, `ale`): a negation stays in its own."""
    negation: list[str] = Field(default_factory=list)
    """Negation cues (cue syntax: a trailing `*` is a prefix)."""
    condition: list[str] = Field(default_factory=list)
    """Cues that make a sentence conditional (`if`, `om`, `als`, `jeśli`) or bound it in time
    while something is looked into (`until we've checked`, `do czasu wyjaśnienia`: nothing to
    pay until then holds a bill, it writes nothing off): no promise."""
    hedge: list[str] = Field(default_factory=list)
    """Cues that soften a statement into a possibility (`might`, `hopefully`): no promise."""
    reported: list[str] = Field(default_factory=list)
    """Cues of reported speech (`you were told`): quoting an old promise makes none."""
    commit: list[str] = Field(default_factory=list)
    """Verbs of promising or assuring (`promise`, `lova`, `beloven`, `obiecać`): negated,
    they cancel the clause they introduce (`nie mogę obiecać, że...`)."""
    request: list[str] = Field(default_factory=list)
    """Cues of a request for information without a question mark (`tell me`, `please give`)."""
    particles: list[str] = Field(default_factory=list)
    """Separable verb particles (Dutch `aan`, `op`, `uit`...): joined back to the verb."""
    synonyms: list[list[str]] = Field(default_factory=list)
    """Groups of words or phrases meaning the same here; each group adds one shared key."""
    reflect_phrase: list[str] = Field(default_factory=list)
    """Reflective-listening stems (cue syntax): a sentence with one says back what the other
    person said or feels (`am I hearing`, `you must be`, `that must have been`)."""
    summary: list[str] = Field(default_factory=list)
    """Announcements of a summary (`let me see if I've got this`, `to sum up`): the sentence
    and what follows it say back what the other person said."""
    question_words: list[str] = Field(default_factory=list)
    """Question words (`what`, `how`, `hur`, `hoe`, `jak`)."""
    clause_question_words: list[str] = Field(default_factory=list)
    """Question words that never open a relative clause (`what`, `how`, `why`; not `who`,
    `which`, `when`): after a comma or dash they start a question of its own (`That might
    suit him, but what would suit you?`)."""
    inverted: list[str] = Field(default_factory=list)
    """What follows a question word in a question's word order (`do you`, `are you`; `du`,
    `u`, `pan`), up to two words after it: such an opening asks, with or without a question
    mark (`How confident are you on a scale...`); `What you said is...` does not."""
    closed_inverted: list[str] = Field(default_factory=list)
    """Openings of a yes/no question (`do you`, `have you`, `kan du`, `heeft u`): a sentence
    opening with one asks, with or without a question mark."""
    asked_last: list[str] = Field(default_factory=list)
    """Question words that ask from the end of a sentence in statement word order (`You've
    been with them how long?`, `Du har väntat hur länge?`): such a sentence asks, it does not
    say back."""
    suggestion: list[str] = Field(default_factory=list)
    """Openings that make a question a suggestion (`why don't you`, `varför inte`, `waarom
    probeert u niet`): with a question mark it proposes what to do, it asks nothing."""
    addressee: list[str] = Field(default_factory=list)
    """The second person as a subject or object (`you`, `you're`, `du`, `u`, `pan`), not only
    as an owner (`your`): a sentence about their things alone (`Your balance is 42.`) with a
    date, amount or other fact informs, it says nothing back."""
    summing_up: list[str] = Field(default_factory=list)
    """Openings that sum up what the other person said (`so`, `så`, `dus`, `czyli`): a
    statement after one, with a question mark, checks the summary; it asks nothing new."""
    rhetorical: list[str] = Field(default_factory=list)
    """Questions asked for effect that nobody answers (`who knows?`, `vem vet?`): the whole
    clause with the question mark is one of these; no question."""
    consequence: list[str] = Field(default_factory=list)
    """The `then` of a condition in question word order, after a comma (`dan`: `Is het niet
    gevonden, dan...`; `så`: `Har du frågor, så...`): such a sentence asks nothing."""
    inverted_gap: int = Field(default=2, ge=0, le=4)
    """Most words between the question word and the inverted subject (`how confident are
    you`: 1); 1 where `wat erg dat u` would otherwise read as a question."""
    embedded_question: list[str] = Field(default_factory=list)
    """A question inside a statement, anywhere in it (`I'm wondering if`, `if you can tell
    me`): the sentence asks, with or without a question mark."""
    agreement_tag: list[str] = Field(default_factory=list)
    """Tags asking for agreement after a statement (`..., okay?`, `..., oké?`): a check-in,
    neither a question nor a reflection."""
    reflection_check: list[str] = Field(default_factory=list)
    """Questions that only check the statement before them (`Is that right?`, `Klopt dat?`):
    after a statement, they make it a checked reflection, not a question."""
    cleft: list[str] = Field(default_factory=list)
    """Openings that state what the other person said or wants, in frames (`what you ... is`):
    with a question mark they still check a reflection, they ask nothing."""
    reflect_frame: list[str] = Field(default_factory=list)
    """Frames with a gap, written `A ... B` (up to four words in the gap): a sentence with one
    names how something is for the other person (`it's ... for you`)."""
    not_advice: list[str] = Field(default_factory=list)
    """Phrases that look like advice, closing or general-fact cues but are none (`you must
    be` infers, `take care of` takes no leave); removed before those cues are looked for."""
    not_feeling: list[str] = Field(default_factory=list)
    """Feeling words in a condition, a purpose or an indirect question (`if you feel`, `so
    that you feel`, `how you're feeling`): they name no feeling the other person has; removed
    before feeling and reflective cues are looked for, up to the end of their clause."""
    open_condition: list[str] = Field(default_factory=list)
    """Openings of a condition about the other person (`if you`, `om du`, `als u`): unless it
    is hypothetical (`would`, `might`), such a sentence tells them what to do or what will
    happen (`If you feel dizzy, ring us.`); it says nothing back."""
    hypothetical: list[str] = Field(default_factory=list)
    """Modal words that make a condition hypothetical (`would`, `skulle`, `zou`, `by`): `If you
    had a job, it would change a lot` says back what they imagine."""
    approval: list[str] = Field(default_factory=list)
    """Approval of a plan or an idea, or agreement with a point (`sounds like a good idea`,
    `låter bra`, `you're right`): it affirms, it says nothing back; removed, up to the end of
    its clause, before reflective cues are looked for."""
    autonomy: list[str] = Field(default_factory=list)
    """Cues that hand the decision to the other person (`it's up to you`, `your choice`):
    supporting autonomy, not saying back what they said."""
    fragment_words: int = Field(default=0, ge=0, le=20)
    """A verbless phrase of 2 to this many words, with a content word, answering the other
    person (`A fresh start, then.`), reflects by continuing their sentence; 0: never."""
    finite: list[str] = Field(default_factory=list)
    """Auxiliary and copular verb forms (`is`, `have`, `can`): a phrase with one is a clause,
    not a fragment."""
    finite_endings: list[str] = Field(default_factory=list)
    """Contracted verb endings (`'s`, `'re`, `n't`) that make a word a clause too."""
    intensifiers: list[str] = Field(default_factory=list)
    """Intensifiers (`very`, `väldigt`, `heel`, `bardzo`): one before a word makes a short
    phrase describe how it is (`Very dull.`), a reflection even with one content word."""
    details: list[str] = Field(default_factory=list)
    """Words naming details one is asked to give (`name`, `address`, `number`): a short phrase
    with one is a curt request (`Name and address.`), not a reflection."""
    evaluative: list[str] = Field(default_factory=list)
    """Words of assent, praise, social ritual or hedging (`exactly`, `fantastic`, `maybe`,
    `nice to meet`): a short phrase with one affirms or hedges, it does not reflect."""


@dataclass(frozen=True)
class Lexicon:
    """A language's reading data, compiled."""

    language: str | None
    """The language code, or None for the language-independent fallback."""
    key_length: int
    """Stems are cut to this length."""
    stopwords: frozenset[str]
    """Stop-word keys (negation words included: negation is counted, not compared)."""
    clause_break: re.Pattern[str]
    """Splits a sentence into clauses."""
    negation: re.Pattern[str]
    """Negation cues."""
    condition: re.Pattern[str]
    """Condition cues."""
    hedge: re.Pattern[str]
    """Hedge cues."""
    reported: re.Pattern[str]
    """Reported-speech cues."""
    commit: re.Pattern[str]
    """Promise-verb cues."""
    request: re.Pattern[str]
    """Request cues."""
    particles: frozenset[str]
    """Separable particles (normalised words)."""
    synonyms: dict[tuple[str, ...], tuple[str, ...]]
    """Key sequence → the shared keys of the synonym groups it belongs to."""
    longest_synonym: int
    """The longest key sequence in `synonyms`."""
    stem_word: object
    """The stemming callable (word → stem)."""
    reflect_phrase: re.Pattern[str] = NEVER
    """Reflective-listening stems."""
    reflect_frame: re.Pattern[str] = NEVER
    """Gapped frames (`it's ... for you`)."""
    summary: re.Pattern[str] = NEVER
    """Summary announcements."""
    cleft: re.Pattern[str] = NEVER
    """Openings stating what the other person said (`what you ... is`)."""
    embedded_question: re.Pattern[str] = NEVER
    """Questions inside statements."""
    consequence: re.Pattern[str] = NEVER
    """The `then` of an inverted condition."""
    clause_question: re.Pattern[str] = NEVER
    """A clause question word (matched at the start of the asking clause)."""
    suggestion: re.Pattern[str] = NEVER
    """A suggestion put as a question (matched at the start)."""
    addressee: re.Pattern[str] = NEVER
    """The second person as subject or object (searched)."""
    summing_up: re.Pattern[str] = NEVER
    """A summing-up opening (matched at the start)."""
    rhetorical: re.Pattern[str] = NEVER
    """A question asked for effect (the whole asking clause)."""
    asked_last: re.Pattern[str] = NEVER
    """A question word closing a question in statement word order (searched in its clause)."""
    closed_inverted: re.Pattern[str] = NEVER
    """Openings of a yes/no question (matched at the start)."""
    inverted_question: re.Pattern[str] = NEVER
    """An opening in question word order (matched at the start)."""
    agreement_tag: re.Pattern[str] = NEVER
    """Agreement tags."""
    reflection_check: re.Pattern[str] = NEVER
    """Questions checking the statement before them."""
    not_advice: re.Pattern[str] = NEVER
    """Look-alikes of advice and closing cues, removed before those are looked for."""
    not_feeling: re.Pattern[str] = NEVER
    """Feeling words in a condition, purpose or indirect question, with the rest of their
    clause: removed before feeling cues are looked for."""
    open_condition: re.Pattern[str] = NEVER
    """Openings of a condition about the other person (matched at the start)."""
    hypothetical: re.Pattern[str] = NEVER
    """Modal words of a hypothetical condition."""
    approval: re.Pattern[str] = NEVER
    """Approval of a plan or idea, with the rest of its clause."""
    autonomy: re.Pattern[str] = NEVER
    """Autonomy-support cues."""
    fragment_words: int = 0
    """Longest verbless reflection (0: none)."""
    finite: frozenset[str] = frozenset()
    """Auxiliary and copular verb forms (normalised)."""
    finite_endings: tuple[str, ...] = ()
    """Contracted verb endings (normalised)."""
    evaluative: re.Pattern[str] = NEVER
    """Assent, praise, ritual and hedge words."""
    intensifier: re.Pattern[str] = NEVER
    """An intensifier followed by a word."""
    details: re.Pattern[str] = NEVER
    """Words naming details one is asked to give."""

    def key(self, word: str) -> str:
        """The comparison key of one normalised word."""
        return _key(self, word)

    def keys(self, text: str) -> list[str]:
        """The keys of a text in order, with Dutch particles joined to their verb."""
        return [k for k, _ in self.located_keys(text)]

    def word_keys(self, text: str) -> list[str]:
        """The keys of the text's words only, in order (no hyphen parts, no joined verbs)."""
        return [self.key(w) for w in TOKEN.findall(normalise(text))]

    def located_keys(self, text: str) -> list[tuple[str, int]]:
        """Each key with the offset in `normalise(text)` where its word ends: the words in
        order, then the parts of hyphenated words and joined separable verbs."""
        plain = normalise(text)
        words = [(m.group(0), m.end()) for m in TOKEN.finditer(plain)]
        out = [(self.key(w), end) for w, end in words]
        out.extend(
            (self.key(part), end) for w, end in words if "-" in w and not DIGIT.search(w)
            for part in w.split("-") if len(part) > 1
        )
        if self.particles:
            out.extend(self._separable(words))
        return out

    def content(self, keys: list[str]) -> list[str]:
        """The keys that carry content: a word with synonyms gives its groups' shared keys
        instead of its own, other words their own key unless they are stop words; synonym
        phrases of several words add their shared keys."""
        found: list[str] = []
        for k in keys:
            shared = self.synonyms.get((k,))
            if shared:
                found.extend(shared)
            elif k not in self.stopwords:
                found.append(k)
        found.extend(self.synonym_keys(keys))
        return found

    def synonym_keys(self, keys: list[str]) -> list[str]:
        """The shared keys of synonym phrases of two words or more (linear scan)."""
        if self.longest_synonym < 2:
            return []
        out = []
        n = len(keys)
        for i in range(n):
            for length in range(2, min(self.longest_synonym, n - i) + 1):
                out.extend(self.synonyms.get(tuple(keys[i : i + length]), ()))
        return out

    def _separable(self, words: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """`houd ... aan` → the key of `aanhoud` (at the particle): a particle joined to each
        of the few words before it that can be its verb (not a particle, number or stop word:
        `det har dragit ut` joins `ut` to `dragit` only)."""
        joined = []
        for i, (word, end) in enumerate(words):
            if word in self.particles and i:
                for verb, _ in words[max(0, i - 6) : i]:
                    if (verb not in self.particles and not DIGIT.search(verb) and len(verb) > 2
                            and self.key(verb) not in self.stopwords):
                        joined.append((self.key(word + verb), end))
        return joined


def _key(lexicon: Lexicon, word: str) -> str:
    if DIGIT.search(word):
        return word.replace(",", "").rstrip(".")
    return _stem_cut(lexicon.stem_word, lexicon.key_length, word)


_STEM_LOCK = threading.Lock()
"""Snowball stemmer objects keep state while they stem: one word at a time."""


@lru_cache(maxsize=65536)
def _stem_cut(stem_word: object, length: int, word: str) -> str:
    word = word.split("'")[0] if word.endswith(("'s", "'")) else word
    if not callable(stem_word):
        return word[:length]
    with _STEM_LOCK:  # only on a cache miss
        stem = stem_word(word)
    return stem[:length]


def _stemmer(name: str) -> object:
    """The Snowball stemmer called `name`, or the identity when unavailable."""
    if not name:
        return _identity
    try:
        import snowballstemmer  # small, pure Python
    except ImportError:
        return _identity
    return snowballstemmer.stemmer(name).stemWord


def _identity(word: str) -> str:
    return word


def _phrase_keys(stem_word: object, length: int, phrase: str) -> tuple[str, ...]:
    words = TOKEN.findall(normalise(phrase))
    return tuple(
        w.replace(",", "").rstrip(".") if DIGIT.search(w) else _stem_cut(stem_word, length, w)
        for w in words
    )


def compile_lexicon(data: LexiconFile) -> Lexicon:
    """Compile one language's reading data."""
    stem_word = _stemmer(data.stemmer)
    length = data.key_length
    synonyms: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in data.synonyms:
        shared = "=" + normalise(group[0])
        for phrase in group:
            keys = _phrase_keys(stem_word, length, phrase)
            if keys and shared not in synonyms.get(keys, ()):
                synonyms[keys] = (*synonyms.get(keys, ()), shared)
    breaks = "|".join(re.escape(normalise(w)) for w in data.clause_breaks)
    clause = r"[,;:()]+|\s[-–—]\s" + (rf"|\s(?:{breaks})\s" if breaks else "")
    return Lexicon(
        language=data.language,
        key_length=length,
        stopwords=frozenset(k for w in (*data.stopwords, *data.negation) if not w.endswith("*")
                            for k in _phrase_keys(stem_word, length, w)),
        clause_break=re.compile(clause),
        negation=compile_cues(data.negation),
        condition=compile_cues(data.condition),
        hedge=compile_cues(data.hedge),
        reported=compile_cues(data.reported),
        commit=compile_cues(data.commit),
        request=compile_cues(data.request),
        particles=frozenset(normalise(p) for p in data.particles),
        synonyms=synonyms,
        longest_synonym=max((len(k) for k in synonyms), default=0),
        stem_word=stem_word,
        reflect_phrase=compile_cues(data.reflect_phrase),
        reflect_frame=compile_frames(data.reflect_frame),
        summary=compile_cues(data.summary),
        cleft=compile_frames(data.cleft),
        reflection_check=compile_cues(data.reflection_check),
        agreement_tag=compile_cues(data.agreement_tag),
        embedded_question=compile_cues(data.embedded_question),
        closed_inverted=compile_cues(data.closed_inverted),
        consequence=compile_after_comma(data.consequence),
        asked_last=compile_last(data.asked_last),
        rhetorical=compile_cues(data.rhetorical),
        summing_up=compile_cues(data.summing_up),
        addressee=compile_cues(data.addressee),
        suggestion=compile_cues(data.suggestion),
        clause_question=compile_words(data.clause_question_words, data.clause_breaks),
        inverted_question=compile_inverted(data.question_words, data.inverted,
                                           data.inverted_gap),
        not_advice=compile_cues(data.not_advice),
        not_feeling=compile_clause(data.not_feeling),
        open_condition=compile_cues(data.open_condition),
        hypothetical=compile_cues(data.hypothetical),
        approval=compile_clause(data.approval),
        autonomy=compile_cues(data.autonomy),
        fragment_words=data.fragment_words,
        finite=frozenset(normalise(w) for w in data.finite),
        finite_endings=tuple(normalise(e) for e in data.finite_endings),
        evaluative=compile_cues(data.evaluative),
        details=compile_cues(data.details),
        intensifier=(re.compile(compile_cues(data.intensifiers).pattern + r"\s+\w")
                     if data.intensifiers else NEVER),
    )


def compile_clause(phrases: list[str]) -> re.Pattern[str]:
    """A cue and the rest of its clause, up to the next comma or sentence end (`if you feel
    dizzy, ...` -> `if you feel dizzy`)."""
    if not phrases:
        return NEVER
    return re.compile(compile_cues(phrases).pattern + r"[^,;:.!?]*")


def compile_words(words: list[str], leads: list[str] | None = None) -> re.Pattern[str]:
    """One of the words, whole or before a clitic (`what`, `what's`), after any one of the
    lead words (`but what`, `ale dlaczego`)."""
    if not words:
        return NEVER
    alternatives = "|".join(re.escape(normalise(w)) for w in words)
    before = "|".join(re.escape(normalise(w)).replace(r"\ ", r"\s+") for w in leads or ())
    lead = rf"(?:(?:{before})\s+)?" if before else ""
    return re.compile(rf"(?<![\w']){lead}(?:{alternatives})(?![\w-])")


def compile_last(phrases: list[str]) -> re.Pattern[str]:
    """One of the phrases closing the text, before its question mark (`... how long?`)."""
    if not phrases:
        return NEVER
    return re.compile(compile_cues(phrases).pattern + r"[\s?!.…-]*$")


def compile_after_comma(words: list[str]) -> re.Pattern[str]:
    """One of the words opening a clause after a comma or semicolon (`..., dan`)."""
    if not words:
        return NEVER
    alternatives = "|".join(re.escape(normalise(w)) for w in words)
    return re.compile(rf"[,;]\s+(?:{alternatives})(?![\w'])")


def compile_inverted(words: list[str], inverted: list[str], gap: int = 2) -> re.Pattern[str]:
    """A question word, up to `gap` words, then an inverted subject (`how confident are
    you`)."""
    if not words or not inverted:
        return NEVER
    alternatives = "|".join(re.escape(normalise(w)) for w in words)
    after = "|".join(re.escape(normalise(p)).replace(r"\ ", r"\s+")
                     for p in sorted(inverted, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?:\s+[\w'-]+){{0,{gap}}}?\s+(?:{after})(?![\w'])")


FRAME_GAP = 4
"""Most words a frame's `...` stands for."""


def compile_frames(frames: list[str]) -> re.Pattern[str]:
    """One pattern for frames written `A ... B`: A, then 1 to FRAME_GAP words, then B, at word
    boundaries (a frame without `...` is a plain phrase)."""
    if not frames:
        return NEVER
    parts = []
    for frame in sorted({normalise(f) for f in frames}, key=len, reverse=True):
        pieces = [re.escape(p.strip()).replace(r"\ ", r"\s+") for p in frame.split("...")]
        parts.append(rf"(?:\s+[\w'’-]+){{1,{FRAME_GAP}}}?\s+".join(pieces))
    return re.compile(rf"(?<![\w'])(?:{'|'.join(parts)})(?![\w'])")


PLAIN = Lexicon(
    language=None, key_length=6, stopwords=frozenset(), clause_break=re.compile(r"[,;:()]+"),
    negation=NEVER, condition=NEVER, hedge=NEVER, reported=NEVER, commit=NEVER, request=NEVER,
    particles=frozenset(), synonyms={}, longest_synonym=0, stem_word=_identity,
)
"""The fallback for languages without a lexicon: words cut to 6 characters, no cues."""


@lru_cache(maxsize=8)
def load_lexicon(language: str | None) -> Lexicon:
    """The compiled lexicon of a language (PLAIN when there is none); raises ValueError
    naming the file and field when a shipped file is invalid."""
    if not language:
        return PLAIN
    name = f"lexicon_{language}.toml"
    resource = resources.files("evaluation.reader").joinpath(name)
    if not resource.is_file():
        return PLAIN
    return parse_lexicon(resource.read_text(encoding="utf-8"), f"evaluation/reader/{name}")


def parse_lexicon(text: str, shown: str) -> Lexicon:
    """Validate and compile a lexicon file's text; a ValueError names the file and the field
    (`evaluation/reader/lexicon_sv.toml: key_length: Input should be...`)."""
    try:
        data = LexiconFile.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as err:
        raise ValueError(f"{shown}: {_first_error(err)}") from err
    return compile_lexicon(data)


def _first_error(err: Exception) -> str:
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}"
    return str(err)


def split_sentences(text: str) -> list[str]:
    """The text cut into sentences (on ., !, ?, … followed by space, and on new lines)."""
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def split_clauses(sentence: str, lexicon: Lexicon) -> list[str]:
    """A sentence cut into clauses, so a negation only covers its own clause."""
    plain = f" {normalise(sentence)} "
    return [c.strip() for c in lexicon.clause_break.split(plain) if c.strip()]
