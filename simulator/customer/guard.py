"""The guard: keeps a model's customer line in character, or says why it does not.

Pure functions. `check_partial` runs on the text streamed so far (cheap, catches role labels
and agent-speak early so generation can stop); `check_line` runs on the finished line. Both
return a short reason, or None when the line may be shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from os.path import commonprefix
from typing import TYPE_CHECKING

from evaluation.language import PROFILES, detect_language
from personas.model import Persona
from scenarios.matching import find_keywords, normalise
from scenarios.model import Scenario
from scenarios.plaintext import has_controls
from simulator.customer.phrases import Phrases, phrases_for

if TYPE_CHECKING:
    from simulator.customer.director.director import Decision

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+")

ROLE_LABEL = re.compile(
    r"(?im)^\s*[\[(*]*\s*(customer|agent|assistant|user|system|operator|representative|"
    r"kund|handläggare|klant|medewerker|klient|konsultant|stage direction)\s*[\])*]*\s*:"
)
"""A line (or any line of it) that starts with a speaker label."""

STAGE_DIRECTION = re.compile(r"[(\[]\s*[^\W\d_]|\*\s*[^\W\d_]+[^*]*\*")
"""An action written out instead of spoken: "(sighs)", "[pauses]", "*looks around*"."""

OFF_TOPIC_MIN_WORDS = 12
"""Shorter lines ("Fine.", "Okay, thank you") are never judged off topic."""

ON_TOPIC_MIN_SHARED = 2
"""A long line must share at least this many content words with the scenario or the call
(one shared word is often incidental: "team", "three")."""

REPEAT_MIN_WORDS = 4
"""Shorter lines may recur naturally ("Okay.")."""


@dataclass(frozen=True)
class HiddenWords:
    """What would give away a hidden need the director has not released yet."""

    need: str
    """The hidden need's id."""
    phrases: tuple[str, ...] = ()
    """Its reveal keywords that the public scenario text does not already contain."""
    stems: frozenset[str] = frozenset()
    """Distinctive word stems of its description and lines (two of them give it away)."""


@dataclass(frozen=True)
class GuardContext:
    """Everything the guard needs to judge one customer line."""

    language: str
    """The scenario's language code."""
    max_words: int
    """The longest acceptable line now."""
    intent: str
    """The director's intent for this line."""
    earlier_lines: tuple[str, ...] = ()
    """The customer's earlier lines in this session."""
    topic: frozenset[str] = frozenset()
    """Word stems of the scenario, its line banks and the conversation so far."""
    hidden: tuple[HiddenWords, ...] = ()
    """Hidden needs that must not come out in this line."""
    names: tuple[str, ...] = field(default_factory=tuple)
    """Speaker names that count as role labels (the customer's own name)."""
    reveal: frozenset[str] = frozenset()
    """Word stems of the hidden need this line must reveal (intent reveal_need), if any."""
    band: str = "mid"
    """The customer's distress band for this line: low, mid or high."""
    intended: str = ""
    """The authored line the director chose: the meaning the model's line must keep."""
    start: str = ""
    """The authored line's first words, handed to the model to continue (if any)."""
    free: bool = False
    """The model writes freely (capable-model mode) instead of continuing the authored line."""
    numbers: frozenset[str] = frozenset()
    """Every number the scenario and the conversation know (empty: numbers not checked)."""
    heard_numbers: frozenset[str] = frozenset()
    """Numbers in the trainee's last reply (the customer may repeat them)."""
    must_say: tuple[str, ...] = ()
    """Numbers of the fact this line answers with: the line must keep them."""
    vocabulary: frozenset[str] = frozenset()
    """Lower-case words the scenario and the conversation use (empty: names not checked)."""
    thanks_ok: bool = True
    """The trainee's reply gave something worth thanking for."""
    surname: str = ""
    """The customer's surname: she never calls herself "Mrs Ellis"."""


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
"""A number as written: 1,146.38, 48213, 14."""

SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
"""One sentence of a line."""

CAPITALISED = re.compile(r"(?<![.!?…]\s)(?<!^)\b([A-ZÅÄÖÉŁŚŻŹĆŃ][\w'’-]*)")
"""A capitalised word that does not start a sentence (a name, in these four languages)."""

MEANING_MIN_SHARED = 0.3
"""A model line continuing an authored one keeps at least this share of the content words the
authored line still had to say (after the start handed to the model)."""

INVENTED_MAX = 2
"""A line continuing an authored one may add at most this many content words (stems) that
the scenario, its line banks and the call never use, minus one."""

CONTENT_INTENTS = frozenset({"answer", "add_detail", "reveal_need", "state_problem",
                             "not_known", "on_file", "reject_overpromise"})
"""Intents whose line carries content: the model must keep the authored line's meaning. For
the others (a feeling: pushing back, calming, repeating) staying on this case is enough."""

STRAY_MAX_NEW = 0
"""How many content words a small model continuing an authored line may add that the authored
line does not have: none. Read in the bench, its swaps were as often nonsense ("shattering"
for "shaking") as a fair rewording, and the authored line is always there instead."""

AKIN = 4
"""Two forms of one word share at least this many first letters ..."""

ENDING_MAX = 3
"""... and differ in at most this many last letters ("hear" and "hearing")."""

SAME_SENTENCE = 0.75
"""A model sentence this close (character similarity) to one of the authored line's is that
sentence, reworded a little ("What do I do now?" for "What do I do then?"); a sentence without
a content word is filler unless this share of its words are the authored line's."""

MOOD_UPSET_INTENTS = frozenset({"push_back", "repeat_complaint", "reject_overpromise",
                                "ask_manager", "not_known"})
"""Intents that are never said brightly, whatever the band."""

MOOD_SETTLING_INTENTS = frozenset({"calm_down", "accept"})
"""Intents that are never said furiously in the low band."""


def phrases(language: str) -> Phrases:
    """The language's phrase tables (English for a language without its own file)."""
    return phrases_for(language)


def plain_words(text: str) -> list[str]:
    """The words of a text, lower-cased."""
    return WORD.findall(normalise(text))


GENERIC_WORDS = (
    "last every after before again still just really never always some like well very much "
    "more most other even also only then than once time times here there where which while "
    "would could should been being into over under about from them they their what when "
    "everything anything anymore "
    "nog weer altijd nooit alla alltid aldrig igen även också jeszcze zawsze nigdy znowu"
)
GENERIC = frozenset(GENERIC_WORDS.split())
"""Common words that say nothing about the topic, beyond the function words."""


@cache
def function_words() -> frozenset[str]:
    """Function words of every profiled language: never evidence of a topic."""
    return frozenset().union(*PROFILES.values(), GENERIC)


def stems(text: str) -> set[str]:
    """Content-word stems (first six letters of words of four letters or more)."""
    skip = function_words()
    return {w[:6] for w in plain_words(text) if len(w) >= 4 and w not in skip}


def has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    """True when a phrase occurs as whole words, ignoring punctuation."""
    plain = " ".join(plain_words(text))
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", plain) for p in phrases)


def check_partial(text: str, ctx: GuardContext) -> str | None:
    """Early problems in the text streamed so far: labels, agent-speak, length, need leaks."""
    if has_controls(text):
        return "control characters"
    if ROLE_LABEL.search(text) or _name_label(text, ctx.names):
        return "role label"
    if _narrates(text, ctx.names):
        return "narrates instead of speaking"
    if STAGE_DIRECTION.search(text):
        return "stage direction"
    if _addresses_customer(text, ctx.names):
        return "speaks as the agent (addresses the customer by name)"
    table, english = phrases(ctx.language), phrases("en")
    if has_phrase(text, (*table.agent_speak, *english.agent_speak)):
        return "speaks as the agent"
    if has_phrase(text, (*table.role_reversal, *english.role_reversal)):
        return "role reversal (says what the agent would say)"
    if _own_name(text, ctx):
        return "calls herself or himself by name"
    count = len(plain_words(text))
    if count > ctx.max_words:
        return f"too long ({count} words > {ctx.max_words})"
    return _leaked_need(text, ctx)


def check_line(text: str, ctx: GuardContext) -> str | None:
    """Every check on a finished line, the cheapest first."""
    if not plain_words(text):
        return "empty"
    early = check_partial(text, ctx)
    if early:
        return early
    checks = (
        _wrong_language, _claims_solved, _repeats, _misses_need, _off_topic, _unknown_number,
        _drops_fact, _unknown_name, _teaser, _wrong_mood, _thanks_for_nothing, _far_from_intended,
        _invents, _hedges, _strays, _turns_around,
    )
    for check in checks:
        reason = check(text, ctx)
        if reason:
            return reason
    return None


def _name_label(text: str, names: tuple[str, ...]) -> bool:
    """The line starts with a speaker's name and a colon ("Alex:")."""
    head = normalise(text)[:40]
    return any(head.startswith(normalise(n) + ":") for n in names if n)


def _narrates(text: str, names: tuple[str, ...]) -> bool:
    """The line is about the customer, not by them: it opens with their name ("Gary thinks"),
    or a speech verb follows their name or "the customer" ("..., Gary says")."""
    who = "|".join(re.escape(n) for n in (*names, "the customer") if n)
    opens = re.match(rf"\s*(?:{who})\b(?!,| here)", text, re.I)
    verbs = "|".join(re.escape(v) for v in phrases_for("en").speech_verbs + _verbs(text))
    speaks = re.search(rf"\b(?:{who})\s+(?:{verbs})\b", text, re.I)
    return bool(opens or speaks)


def _verbs(text: str) -> list[str]:
    """Speech verbs of every language (a narrating small model mixes them)."""
    return [v for code in ("sv", "nl", "pl") for v in phrases_for(code).speech_verbs]


def _addresses_customer(text: str, names: tuple[str, ...]) -> bool:
    """The line calls the customer by name ("Gary, I am ...", "..., Gary."): the agent's voice."""
    who = "|".join(re.escape(n) for n in names if n)
    if not who:
        return False
    greetings = "|".join(
        re.escape(g) for code in ("en", "sv", "nl", "pl") for g in phrases_for(code).greetings
    )
    opens = re.match(rf"\s*(?:{greetings})?\s*,?\s*(?:{who})\s*[,!]", text, re.I)
    vocative = re.search(rf",\s*(?:{who})\s*[.!?]", text, re.I)
    return bool(opens or vocative)


def _own_name(text: str, ctx: GuardContext) -> bool:
    """The customer names herself: her first name or title + surname ("Mrs Ellis")."""
    first = ctx.names[-1] if ctx.names else ""
    if first and re.search(rf"\b{re.escape(first)}\b", text, re.I):
        return True
    if not ctx.surname:
        return False
    titles = "|".join(re.escape(t) for t in phrases(ctx.language).titles + phrases("en").titles)
    return bool(re.search(rf"\b(?:{titles})\.?\s+{re.escape(ctx.surname)}\b", text, re.I))


def _leaked_need(text: str, ctx: GuardContext) -> str | None:
    """A hidden need's own words before the director allows revealing it."""
    words = stems(text)
    for hidden in ctx.hidden:
        if find_keywords(text, hidden.phrases) or len(words & hidden.stems) >= 2:
            return f"reveals a hidden need too early ({hidden.need})"
    return None


def _wrong_language(text: str, ctx: GuardContext) -> str | None:
    """A line of four words or more detected as another language, or letters the language
    does not use."""
    found = detect_language(text) if len(plain_words(text)) >= 4 else None
    if found is not None and found != ctx.language:
        return f"wrong language ({found})"
    allowed = phrases(ctx.language).letters if ctx.language in ("en", "sv", "nl", "pl") else None
    if allowed is not None:
        foreign = {c for c in text.lower() if c.isalpha() and not c.isascii() and c not in allowed}
        if foreign:
            return f"wrong language (letters {''.join(sorted(foreign))})"
    return None


def _claims_solved(text: str, ctx: GuardContext) -> str | None:
    """Closing the case while the director has not accepted anything."""
    if ctx.intent != "accept" and has_phrase(text, tuple(phrases(ctx.language).solved)):
        return "says the problem is solved"
    return None


def _repeats(text: str, ctx: GuardContext) -> str | None:
    """A near-duplicate of one of the customer's earlier lines."""
    words = plain_words(text)
    if len(words) < REPEAT_MIN_WORDS:
        return None
    line = " ".join(words)
    for earlier in ctx.earlier_lines:
        other = " ".join(plain_words(earlier))
        if SequenceMatcher(None, line, other).ratio() >= 0.85:
            return "repeats an earlier line"
    return None


def _misses_need(text: str, ctx: GuardContext) -> str | None:
    """A line meant to reveal a hidden need that says nothing about it."""
    if ctx.reveal and not stems(text) & ctx.reveal:
        return "does not reveal the need"
    return None


def _off_topic(text: str, ctx: GuardContext) -> str | None:
    """A long line sharing (almost) no content word with the scenario or the conversation."""
    if not ctx.topic or len(plain_words(text)) < OFF_TOPIC_MIN_WORDS:
        return None
    shared = len(stems(text) & ctx.topic) + len(numbers_in(text) & ctx.numbers)
    return None if shared >= ON_TOPIC_MIN_SHARED else "off topic"


def numbers_in(text: str) -> set[str]:
    """The numbers of a text, normalised: "£1,146.38" -> {"1146.38", "1146"}, "96" -> {"96"}."""
    found: set[str] = set()
    for raw in NUMBER.findall(text):
        plain = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw) else raw
        plain = plain.replace(",", ".")
        found.add(plain)
        if "." in plain:
            found.add(plain.split(".")[0])
    return found


def _unknown_number(text: str, ctx: GuardContext) -> str | None:
    """A number neither the scenario nor the conversation knows ("£8 a month" for £74); and
    when the model continues an authored line that carries content, a number from elsewhere
    in the scenario (the bill's date in an answer about the meter reading)."""
    if not ctx.numbers:
        return None
    unknown = [n for n in sorted(numbers_in(text)) if n not in ctx.numbers]
    if unknown:
        return f"number not in the scenario ({unknown[0]})"
    if ctx.free or not ctx.intended or ctx.intent not in CONTENT_INTENTS:
        return None
    allowed = numbers_in(ctx.intended) | ctx.heard_numbers
    misplaced = [n for n in sorted(numbers_in(text)) if n not in allowed]
    return f"number from elsewhere in the scenario ({misplaced[0]})" if misplaced else None


def _drops_fact(text: str, ctx: GuardContext) -> str | None:
    """An answer that lost the fact's key number (its longest: 48213 rather than 31)."""
    if not ctx.must_say:
        return None
    key = max(ctx.must_say, key=len)
    return None if key in numbers_in(text) else f"drops the fact ({key})"


def _unknown_name(text: str, ctx: GuardContext) -> str | None:
    """A capitalised word mid-sentence that the scenario and the call never use: an invented
    name, place or company."""
    if not ctx.vocabulary:
        return None
    common = set(phrases(ctx.language).common_capitals) | set(phrases("en").common_capitals)
    for sentence in SENTENCE.findall(text):
        words = WORD.findall(sentence.strip())
        for word in words[1:]:
            low = word.lower()
            if word[0].isupper() and low not in common and low not in ctx.vocabulary:
                return f"name not in the scenario ({word})"
    return None


def _teaser(text: str, ctx: GuardContext) -> str | None:
    """A line that announces more without saying it ("There's another bit you should know")."""
    table = tuple(phrases(ctx.language).teasers)
    sentences = [s for s in SENTENCE.findall(text) if plain_words(s)]
    if not sentences or not all(has_phrase(s, table) for s in sentences):
        return None
    return "teaser without content"


def _wrong_mood(text: str, ctx: GuardContext) -> str | None:
    """Bright words from an upset customer, or fury from one who is settling."""
    table = phrases(ctx.language)
    upset = (ctx.band != "low" or ctx.intent in MOOD_UPSET_INTENTS) and ctx.intent != "accept"
    if upset and has_phrase(text, tuple(table.cheerful)):
        return f"mood contradicts the band ({ctx.band}, too cheerful)"
    settling = ctx.band == "low" and ctx.intent in MOOD_SETTLING_INTENTS
    if settling and has_phrase(text, tuple(table.furious)):
        return f"mood contradicts the band ({ctx.band}, too angry)"
    return None


def _thanks_for_nothing(text: str, ctx: GuardContext) -> str | None:
    """Thanks after a reply that gave nothing to thank for."""
    if ctx.thanks_ok or ctx.intent == "accept":
        return None
    thanks = tuple(phrases(ctx.language).thanks)
    if ctx.intended and has_phrase(ctx.intended, thanks):
        return None  # the authored line thanks here itself ("Thanks anyway. Bye.")
    return "thanks for nothing" if has_phrase(text, thanks) else None


def _far_from_intended(text: str, ctx: GuardContext) -> str | None:
    """A line continuing an authored one that lost what the authored line meant to say.

    Compared by content-word stems after the start handed to the model; in free mode the
    authored line is only an example, so the line need only stay on the scenario's topic.
    """
    if ctx.free or not ctx.intended:
        return None
    given = stems(ctx.start)
    wanted = stems(ctx.intended) - given
    if len(wanted) < 2:
        return None
    said = stems(text[len(ctx.start):] if text.startswith(ctx.start) else text) - given
    shared = len(said & wanted) + len(numbers_in(text) & numbers_in(ctx.intended))
    if shared / len(wanted) >= MEANING_MIN_SHARED:
        return None
    if ctx.intent not in CONTENT_INTENTS and len(said & ctx.topic) >= ON_TOPIC_MIN_SHARED:
        return None  # a feeling said in other words, about this very case
    return "far from the intended line"


def _invents(text: str, ctx: GuardContext) -> str | None:
    """A line continuing an authored one that adds content words found nowhere in the
    scenario, its line banks or the call ("a refunded order from the company", "my plan
    changed"): a small model making things up."""
    if ctx.free or not ctx.intended or not ctx.topic:
        return None
    said = stems(text[len(ctx.start):] if text.startswith(ctx.start) else text)
    invented = sorted(said - stems(ctx.intended) - ctx.topic)
    if len(invented) >= INVENTED_MAX:
        return f"invents content ({', '.join(invented[:3])})"
    return None


def _hedges(text: str, ctx: GuardContext) -> str | None:
    """A small model's hedge or vague filler that the authored line does not have ("That can't
    happen sometimes", "someone who knows how to handle things like that")."""
    if not _continues(ctx):
        return None
    table = tuple(p for p in phrases(ctx.language).hedges if not has_phrase(ctx.intended, (p,)))
    own = _own_part(text, ctx)
    for phrase in table:
        if has_phrase(own, (phrase,)):
            return f"hedged or vague filler ({phrase})"
    return None


def _strays(text: str, ctx: GuardContext) -> str | None:
    """A small model's own words that the authored line does not have: a swapped word turns
    a line into something else ("the letter's shattering" for "shaking", "up since four years",
    "No return calls from me." for "Nobody called me back."); or a sentence of its own with
    nothing in it ("Like that.")."""
    if not _continues(ctx):
        return None
    table = phrases(ctx.language)
    allowed = _content(ctx.intended)
    if ctx.intent == "accept" and ctx.band == "low":
        allowed |= _content(" ".join(table.cheerful))  # a settled customer may say it brightly
    hedges = _content(" ".join(table.hedges))
    own = _content(_own_part(text, ctx)) - hedges
    new = sorted(w for w in own if not any(same_word(w, a) for a in allowed))
    if len(new) > STRAY_MAX_NEW:
        return f"strays from the intended line ({', '.join(new[:3])})"
    said = _words(ctx.intended)
    for sentence in _new_sentences(text, ctx):
        empty = not _content(sentence) - hedges and not numbers_in(sentence)
        words = _words(sentence)
        known = sum(any(same_word(w, a) for a in said) for w in words) / len(words)
        if empty and known < SAME_SENTENCE:
            return f"filler sentence ({sentence.strip()})"
    return None


def _turns_around(text: str, ctx: GuardContext) -> str | None:
    """A sentence of the authored line, nearly word for word, that changes who does what
    ("Yes, I will block again tomorrow." for "Will it block again tomorrow?"), or says its
    question as a statement ("It will block again tomorrow.")."""
    if not _continues(ctx):
        return None
    table = phrases(ctx.language)
    authored = [s for s in SENTENCE.findall(ctx.intended) if plain_words(s)]
    begun = len(ctx.start) if text.startswith(ctx.start) else 0
    for match in SENTENCE.finditer(text):
        said = match.group()
        if match.end() <= begun or not plain_words(said):
            continue
        words = " ".join(plain_words(said))
        ratio, meant = max(
            ((SequenceMatcher(None, words, " ".join(plain_words(a))).ratio(), a) for a in authored),
            default=(0.0, ""),
        )
        if ratio < SAME_SENTENCE:
            continue
        for person in (table.first_person, table.second_person):
            if has_phrase(said, tuple(person)) and not has_phrase(meant, tuple(person)):
                return "turns the line around (who does what)"
        if meant.rstrip().endswith("?") and not said.rstrip().endswith("?"):
            return "turns the line around (a question said as a statement)"
    return None


CONTRACTION = re.compile(r"'(?:s|ve|t|re|ll|d|m)$")
"""An English contraction or possessive ending: "that's", "can't", "Hartley's"."""


def _words(text: str) -> list[str]:
    """The words of a text, lower-cased, contractions and possessives reduced to their word."""
    return [CONTRACTION.sub("", w.replace("’", "'")) for w in plain_words(text)]


def _content(text: str) -> set[str]:
    """Content words, contractions and possessives first reduced to their word ("that's" is
    "that", a function word; "Hartley's" is "Hartley")."""
    skip = function_words()
    return {w for w in _words(text) if len(w) >= 4 and w not in skip}


def same_word(one: str, other: str) -> bool:
    """Two forms of one word: the same beginning (four letters or more) and endings of at most
    three letters ("call" and "called", "promised" and "promising", "faktura" and "fakturan");
    not "real" for "realistic", nor "ended" for "ending"."""
    if one == other:
        return True
    shared = len(commonprefix([one, other]))
    return shared >= AKIN and max(len(one), len(other)) - shared <= ENDING_MAX


def _continues(ctx: GuardContext) -> bool:
    """The line continues an authored one from its first words: a small model (see `mode.py`),
    held to the authored line's own words. A capable model writing freely is not."""
    return bool(ctx.start and ctx.intended) and not ctx.free


def _own_part(text: str, ctx: GuardContext) -> str:
    """What the model wrote itself: the line after the authored start handed to it."""
    return text[len(ctx.start):] if ctx.start and text.startswith(ctx.start) else text


def _new_sentences(text: str, ctx: GuardContext) -> list[str]:
    """The line's sentences that reach past the authored start and are not (nearly) one of the
    authored line's own sentences."""
    authored = [" ".join(plain_words(s)) for s in SENTENCE.findall(ctx.intended)]
    whole = " ".join(plain_words(ctx.intended))
    begun = len(ctx.start) if ctx.start and text.startswith(ctx.start) else 0
    found = []
    for match in SENTENCE.finditer(text):
        if match.end() <= begun or not plain_words(match.group()):
            continue
        words = " ".join(plain_words(match.group()))
        if words in whole or any(
            SequenceMatcher(None, words, other).ratio() >= SAME_SENTENCE for other in authored
        ):
            continue
        found.append(match.group())
    return found


def known_numbers(scenario: Scenario, persona: Persona, conversation: list[str]) -> frozenset[str]:
    """Every number the customer may say: the scenario's, the archetype's lines', the call's."""
    bank = persona.lines.get(scenario.language, {})  # type: ignore[call-overload]
    texts = [scenario.model_dump_json(), *_bank_lines(bank), *conversation]
    return frozenset(n for t in texts for n in numbers_in(t))


def known_vocabulary(
    scenario: Scenario, persona: Persona, conversation: list[str]
) -> frozenset[str]:
    """Every word the scenario, the archetype's lines and the call use, lower-cased."""
    bank = persona.lines.get(scenario.language, {})  # type: ignore[call-overload]
    texts = [scenario.model_dump_json(), *_bank_lines(bank), *conversation]
    return frozenset(w.lower() for t in texts for w in WORD.findall(t))


def public_text(scenario: Scenario, persona: Persona) -> str:
    """Everything the customer may talk about from the first line on."""
    from simulator.customer.prompts import (
        open_facts,  # prompts imports the director, which is heavier
    )

    bank = persona.lines.get(scenario.language, {})  # type: ignore[call-overload]
    parts = [
        scenario.title,
        scenario.customer.situation,
        scenario.wants,
        *scenario.customer_said,
        *scenario.opening_lines,
        *(f"{f.text} {' '.join(f.keywords)}" for f in open_facts(scenario)),
        *(o.text for o in scenario.policy.may_offer),
        *_bank_lines(scenario.lines),
        *_bank_lines(bank),
    ]
    return "\n".join(parts)


def _bank_lines(bank: dict) -> list[str]:
    """Every line of an intent -> band -> lines bank."""
    return [line for bands in bank.values() for lines in bands.values() for line in lines]


def hidden_words(scenario: Scenario, public: str) -> dict[str, HiddenWords]:
    """Per hidden need, the words that would give it away (those not already public)."""
    known = stems(public)
    found = {}
    for need in scenario.hidden_needs:
        phrases = tuple(k for k in need.reveal_keywords if not find_keywords(public, [k]))
        own = stems(" ".join([need.description, *need.lines])) - known
        found[need.id] = HiddenWords(need.id, phrases, frozenset(own))
    return found


@dataclass(frozen=True)
class ScenarioWords:
    """The scenario's vocabulary, computed once per session: public stems and hidden needs."""

    public: frozenset[str]
    """Stems of everything the customer may talk about from the start."""
    hidden: dict[str, HiddenWords]
    """Per hidden need id, the words that would give it away."""
    need_stems: dict[str, frozenset[str]]
    """Per hidden need id, the stems of its description and lines."""
    numbers: frozenset[str] = frozenset()
    """Every number of the scenario and the archetype's lines."""
    vocabulary: frozenset[str] = frozenset()
    """Every word of the scenario and the archetype's lines, lower-cased."""

    @classmethod
    def of(cls, scenario: Scenario, persona: Persona) -> ScenarioWords:
        """Compute the vocabulary of a scenario played with an archetype."""
        public = public_text(scenario, persona)
        needs = {
            n.id: frozenset(stems(" ".join([n.description, *n.lines])))
            for n in scenario.hidden_needs
        }
        return cls(
            frozenset(stems(public)),
            hidden_words(scenario, public),
            needs,
            known_numbers(scenario, persona, []),
            known_vocabulary(scenario, persona, []),
        )


def build_context(
    scenario: Scenario,
    persona: Persona,
    *,
    intent: str,
    max_words: int,
    allowed_needs: list[str],
    earlier_lines: list[str],
    conversation: list[str],
    reveal: str | None = None,
    words: ScenarioWords | None = None,
    decision: Decision | None = None,
    authored: str = "",
) -> GuardContext:
    """The guard's view of one upcoming line: what is on topic and what is still hidden.

    With the director's `decision` and the `authored` line it chose, the guard also checks
    the mood against the band, thanks, the fact an answer must carry and the line's meaning.
    """
    words = words or ScenarioWords.of(scenario, persona)
    topic = set(words.public) | stems(" ".join(conversation))
    for need in allowed_needs:
        topic |= words.need_stems.get(need, frozenset())
    hidden = [w for nid, w in words.hidden.items() if nid not in allowed_needs]
    return GuardContext(
        language=scenario.language,
        max_words=max_words,
        intent=intent,
        earlier_lines=tuple(earlier_lines),
        topic=frozenset(topic),
        hidden=tuple(hidden),
        names=(scenario.customer.name, scenario.customer.name.split()[0]),
        reveal=words.need_stems.get(reveal, frozenset()) if reveal else frozenset(),
        band=decision.band if decision else "mid",
        intended=authored,
        numbers=words.numbers | {n for t in conversation for n in numbers_in(t)},
        must_say=_fact_numbers(scenario, decision, authored),
        heard_numbers=frozenset(numbers_in(conversation[-1])) if conversation else frozenset(),
        vocabulary=words.vocabulary | {w.lower() for t in conversation for w in WORD.findall(t)},
        thanks_ok=decision.thanks if decision else True,
        surname=scenario.customer.name.split()[-1] if " " in scenario.customer.name else "",
    )


def _fact_numbers(scenario: Scenario, decision: Decision | None, authored: str) -> tuple[str, ...]:
    """The numbers of the fact a line carries that its authored line says too."""
    if decision is None or decision.fact is None:
        return ()
    fact = next((f for f in scenario.facts if f.id == decision.fact), None)
    if fact is None:
        return ()
    own = numbers_in(" ".join([fact.text, *fact.keywords]))
    return tuple(sorted(n for n in numbers_in(authored) & own if "." not in n))
