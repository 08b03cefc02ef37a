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

from evaluation.language import PROFILES, detect_language
from personas.model import Persona
from scenarios.matching import find_keywords, normalise
from scenarios.model import Scenario
from scenarios.plaintext import has_controls

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+")

ROLE_LABEL = re.compile(
    r"(?im)^\s*[\[(*]*\s*(customer|agent|assistant|user|system|operator|representative|"
    r"kund|handläggare|klant|medewerker|klient|konsultant|stage direction)\s*[\])*]*\s*:"
)
"""A line (or any line of it) that starts with a speaker label."""

STAGE_DIRECTION = re.compile(r"[(\[]\s*[^\W\d_]|\*\s*[^\W\d_]+[^*]*\*")
"""An action written out instead of spoken: "(sighs)", "[pauses]", "*looks around*"."""

LETTERS: dict[str, str] = {
    "en": "éèêëáàâíïóôöúüçñ",
    "sv": "åäöéü",
    "nl": "éëèêïíöóôüúáàç",
    "pl": "ąćęłńóśźż",
}
"""Letters beyond a-z that each language's lines may use (loanwords and names included); a
letter outside them ("fráttinheið", "gøre") is a small model writing another language or none."""

AGENT_SPEAK: dict[str, tuple[str, ...]] = {
    "en": (
        "how can i help",
        "how may i help",
        "how can i assist",
        "what can i do for you",
        "i'll look into that",
        "i will look into that",
        "let me look into that",
        "let me check that for you",
        "let me check your account",
        "our policy",
        "company policy",
        "as your agent",
        "as an agent",
        "as an ai",
        "language model",
        "we apologize",
        "we apologise",
        "we're sorry for",
        "we are sorry for",
        "sorry for the inconvenience",
        "sorry for any inconvenience",
        "apologies for the inconvenience",
        "apologize for the inconvenience",
        "apologise for the inconvenience",
        "on behalf of the company",
        "on behalf of our",
        "thank you for calling",
        "thanks for calling",
        "thank you for contacting",
        "is there anything else i can",
        "anything else i can help",
        "i understand your frustration",
        "i'd be happy to help",
        "i would be happy to help",
        "happy to assist",
        "dear customer",
        "valued customer",
        "i can offer you",
        "we can offer you",
        "i'll transfer you",
        "please hold",
        "to assist you",
        "assist you further",
        "any concerns you may have",
        "could you please provide",
        "please provide more details",
        "we can work together",
        "our customers",
        "helping you",
        "help you with",
        "i can help you",
        "let me help you",
        "glad to help",
        "i'm here to help",
        "here to help you",
        "assist you",
        "your account number please",
        "happy to arrange",
        "i'd be happy to assist",
        "let me arrange",
    ),
    "sv": (
        "hur kan jag hjälpa",
        "vad kan jag hjälpa",
        "vår policy",
        "enligt våra regler",
        "vi ber om ursäkt",
        "ber om ursäkt för besväret",
        "tack för att du ringde",
        "tack för att ni ringde",
        "på företagets vägnar",
        "jag ska kolla upp det åt dig",
        "finns det något mer jag kan hjälpa",
        "jag förstår din frustration",
        "som din handläggare",
        "jag kan erbjuda dig",
    ),
    "nl": (
        "hoe kan ik u helpen",
        "waarmee kan ik u helpen",
        "hoe kan ik je helpen",
        "ons beleid",
        "onze excuses",
        "excuses voor het ongemak",
        "bedankt voor het bellen",
        "bedankt dat u belt",
        "namens het bedrijf",
        "ik zoek het voor u uit",
        "kan ik u nog ergens mee helpen",
        "ik begrijp uw frustratie",
        "ik kan u aanbieden",
    ),
    "pl": (
        "w czym mogę pomóc",
        "jak mogę pomóc",
        "w czym mogę panu pomóc",
        "w czym mogę pani pomóc",
        "nasza polityka",
        "zgodnie z polityką",
        "przepraszamy za",
        "dziękujemy za telefon",
        "dziękuję za telefon",
        "w imieniu firmy",
        "sprawdzę to dla pana",
        "sprawdzę to dla pani",
        "czy mogę jeszcze w czymś pomóc",
        "rozumiem pana frustrację",
        "rozumiem pani frustrację",
        "mogę zaproponować",
    ),
}
"""Phrases only the agent says: the model has slipped into the assistant's role."""

SOLVED: dict[str, tuple[str, ...]] = {
    "en": (
        "that solves it",
        "that solves everything",
        "that's solved",
        "problem solved",
        "that fixes it",
        "that's all i needed",
        "thank you that's all",
        "thanks that's all",
        "that's everything i needed",
        "all sorted",
        "that's sorted",
        "that settles it",
        "i'm happy with that",
        "perfect thank you",
        "perfect thanks",
        "you've solved",
        "you have solved",
        "that's resolved",
    ),
    "sv": (
        "det löser det",
        "det löste saken",
        "då är allt löst",
        "tack det var allt",
        "problemet är löst",
        "nu är allt ordnat",
        "perfekt tack",
    ),
    "nl": (
        "dat lost het op",
        "dat was alles",
        "probleem opgelost",
        "alles is opgelost",
        "dan is het geregeld",
        "perfect dank u",
        "perfect bedankt",
    ),
    "pl": (
        "to rozwiązuje sprawę",
        "to wszystko dziękuję",
        "problem rozwiązany",
        "sprawa załatwiona",
        "wszystko załatwione",
        "idealnie dziękuję",
    ),
}
"""Phrases that close the case: only allowed when the director's intent is `accept`."""

SPEECH_VERBS = (
    "says|said|replies|replied|asks|asked|sighs|säger|sa|svarar|zegt|zei|antwoordt|mówi|"
    "powiedział|powiedziała|odpowiada"
)
"""Verbs a narrator puts after the speaker's name ("Gary says, ...")."""

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


def plain_words(text: str) -> list[str]:
    """The words of a text, lower-cased."""
    return WORD.findall(normalise(text))


GENERIC_WORDS = (
    "last every after before again still just really never always some like well very much "
    "more most other even also only then than once time times here there where which while "
    "would could should been being into over under about from them they their what when "
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
    if has_phrase(text, AGENT_SPEAK.get(ctx.language, ()) + AGENT_SPEAK["en"]):
        return "speaks as the agent"
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
    for check in (_wrong_language, _claims_solved, _repeats, _misses_need, _off_topic):
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
    speaks = re.search(rf"\b(?:{who})\s+(?:{SPEECH_VERBS})\b", text, re.I)
    return bool(opens or speaks)


def _addresses_customer(text: str, names: tuple[str, ...]) -> bool:
    """The line opens by calling the customer by name ("Gary, I am ..."): the agent's voice."""
    who = "|".join(re.escape(n) for n in names if n)
    return bool(who) and bool(
        re.match(
            rf"\s*(?:hi|hello|dear|hej|hallo|dzień dobry)?\s*,?\s*(?:{who})\s*[,!]", text, re.I
        )
    )


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
    allowed = LETTERS.get(ctx.language)
    if allowed is not None:
        foreign = {c for c in text.lower() if c.isalpha() and not c.isascii() and c not in allowed}
        if foreign:
            return f"wrong language (letters {''.join(sorted(foreign))})"
    return None


def _claims_solved(text: str, ctx: GuardContext) -> str | None:
    """Closing the case while the director has not accepted anything."""
    if ctx.intent != "accept" and has_phrase(text, SOLVED.get(ctx.language, ())):
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
    return None if len(stems(text) & ctx.topic) >= ON_TOPIC_MIN_SHARED else "off topic"


def public_text(scenario: Scenario, persona: Persona) -> str:
    """Everything the customer may talk about from the first line on."""
    from simulator.customer.prompts import open_facts  # prompts imports the director, which is heavier

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

    @classmethod
    def of(cls, scenario: Scenario, persona: Persona) -> ScenarioWords:
        """Compute the vocabulary of a scenario played with an archetype."""
        public = public_text(scenario, persona)
        needs = {
            n.id: frozenset(stems(" ".join([n.description, *n.lines])))
            for n in scenario.hidden_needs
        }
        return cls(frozenset(stems(public)), hidden_words(scenario, public), needs)


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
) -> GuardContext:
    """The guard's view of one upcoming line: what is on topic and what is still hidden."""
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
    )
