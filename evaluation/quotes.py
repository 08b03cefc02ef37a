"""The customer's words a tip should quote: whole details, most important first.

A detail is quoted whole: an amount with its currency (`£64.99`), a date (`3 March`,
`the 3rd`), a number with its unit or noun (`within 48 hours`, `parcel 88214`), a deadline
with what was promised (`a callback within 48 hours`), a name (`Leeds depot`). Money, deadlines
and dates come before references and names, and those before single words; a lone number
(`48`), function word or month name is never quoted when a fuller phrase exists.

Only tips use this; the detectors keep using `evaluation.details`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from evaluation.cues import CueSet
from evaluation.details import is_feeling, sentences
from evaluation.values import MONTH, values


def _alternation(text: str) -> str:
    """A regex alternation of whitespace-separated phrases (`_` stands for a space)."""
    phrases = sorted((p.replace("_", " ") for p in text.split()), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


UNITS = _alternation(
    """
    hours hour hrs days day weeks week fortnight months month years year minutes minute mins
    times working_days business_days calls payments
    timmar timme dagar dag dygn veckor vecka månader månad år minuter gånger gång arbetsdagar
    uur uren dagen weken week maanden maand jaar jaren minuten keer werkdagen
    godzin godziny godzinę dni dzień tygodni tygodnie tydzień miesięcy miesiące miesiąc lat
    lata rok roku minut razy raz dni_roboczych
    """
)
"""Units and counted nouns a number belongs with (`48 hours`, `tre veckor`, `3 razy`)."""
NUMBER_WORDS = _alternation(
    """
    a an one two three four five six seven eight nine ten eleven twelve a_couple_of
    en ett två tre fyra fem sex sju åtta nio tio elva tolv
    een twee drie vier vijf zes zeven acht negen tien elf twaalf
    jeden jedną jedna dwa dwie trzy cztery pięć sześć siedem osiem dziewięć dziesięć
    """
)
LEADS = _alternation(
    """
    within over for after in about almost nearly more_than less_than by up_to
    inom över i efter på om nästan mer_än
    binnen al na over ruim bijna meer_dan sinds
    w_ciągu od przez po ponad prawie za do
    """
)
"""Words that make a span a deadline or a wait (`within 48 hours`, `binnen 10 werkdagen`)."""
AGO = r"ago|geleden|temu"
SPAN = re.compile(
    rf"(?<![\w£€$])(?:(?:{LEADS})\s+)?(?:\d+(?:[.,]\d+)?|{NUMBER_WORDS})\s+(?:{UNITS})"
    rf"(?:\s+(?:{AGO}))?(?!\w)",
    re.IGNORECASE,
)
PREVIOUS_WORD = re.compile(r"([^\W\d_]{4,})\s+$")
"""The content word right before a position (four letters or more)."""
TWICE = re.compile(r"(?<!\w)(?:twice|två gånger|twee keer|dwa razy)(?!\w)", re.IGNORECASE)
ORDINAL = re.compile(r"(?<!\w)(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th|:e)(?!\w)", re.IGNORECASE)
WEEKDAYS = _alternation(
    """
    monday tuesday wednesday thursday friday saturday sunday
    måndag tisdag onsdag torsdag fredag fredags lördag söndag
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    poniedziałek wtorek środa środę czwartek piątek sobota sobotę niedziela niedzielę
    """
)
WHEN = re.compile(
    rf"(?<!\w)(?:(?:on|in|by|since|last|next|i|på|op|in|sinds|vorige|w|we|do|od|na)\s+)?"
    rf"(?:{WEEKDAYS}|{MONTH})(?!\w)",
    re.IGNORECASE,
)
LONG_NUMBER = re.compile(r"(?<![\w£€$.,])\d{4,}(?:[ -]\d{3,})*(?![\d.,]*\d)")
SHORT_NUMBER = re.compile(r"(?<![\w£€$.,:/])\d{1,3}(?![\w.,:/]*\d)(?!\s*(?:%|£|€|\$))")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
POSSESSIVE = re.compile(
    r"(?<!\w)(?:my|mijn|min|mitt|mina|moja|moje|mojej|mojego|mój|mojej)\s+", re.IGNORECASE
)
DECIMALS = re.compile(r"(?:[.,]\d+)*")
LEADING = frozenset(["first", "second", "third", "last", "next", "other", "own", "new", "old"])
"""Words that need the noun after them."""
ARTICLES = frozenset(["a", "an", "the", "en", "ett", "een", "de", "het"])

RANK = {
    "amount": 0, "span": 1, "date": 2, "reference": 3, "time": 4, "count": 5, "repeat": 5,
    "name": 6,
    "stake": 7, "when": 8, "word": 9,
}
"""What a customer cares about most comes first: money, waits and deadlines, dates."""


@dataclass(frozen=True)
class Quote:
    """A whole detail in the customer's own words."""

    words: str
    """The words, verbatim."""
    kind: str
    """`amount`, `span`, `date`, `reference`, `time`, `count`, `repeat` (what happened twice:
    `charged twice`, a verb phrase that fits no slot meant for a thing), `name`, `stake`,
    `when`, `word`."""
    age: int = 0
    """0 for the customer's latest line, 1 for the one before, and so on."""

    @property
    def rank(self) -> tuple[int, int, int]:
        """Sort key: kind first, then the most recent, then the fullest wording."""
        return (RANK[self.kind], self.age, -len(self.words))


def ranked_quotes(customer_turns: list[str], cues: CueSet) -> list[Quote]:
    """Every quotable detail in what the customer said, best first, without repeats."""
    found: dict[str, Quote] = {}
    for age, turn in enumerate(reversed(customer_turns)):
        for sentence in sentences(turn):
            for quote in sentence_quotes(sentence, cues, age):
                found.setdefault(quote.words.casefold(), quote)
    return sorted(found.values(), key=lambda q: q.rank)


_SEEN: dict[tuple[int, str], tuple[CueSet, tuple[Quote, ...]]] = {}
"""Quotes already found per (cue set, sentence): a long transcript reads each sentence once."""

_SEEN_MAX = 20_000
"""Entries kept before the memory of sentences is cleared."""


def sentence_quotes(sentence: str, cues: CueSet, age: int = 0) -> list[Quote]:
    """The details in one sentence, each span of text used by the fullest detail only."""
    seen = _SEEN.get((id(cues), sentence))
    if seen is None or seen[0] is not cues:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        seen = (cues, tuple(_sentence_quotes(sentence, cues)))
        _SEEN[(id(cues), sentence)] = seen
    return [quote if age == 0 else replace(quote, age=age) for quote in seen[1]]


def _sentence_quotes(sentence: str, cues: CueSet, age: int = 0) -> list[Quote]:
    """`sentence_quotes`, worked out."""
    taken: list[tuple[int, int]] = []
    quotes: list[Quote] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        words = " ".join(sentence[start:end].split()).strip(" ,;:")
        if words:
            taken.append((start, end))
            quotes.append(Quote(words, kind, age))

    for value in sorted(values(sentence), key=lambda v: v.kind != "amount"):
        end = value.start + len(value.words)
        if value.kind == "amount":
            end += len(DECIMALS.match(sentence, end).group(0))  # `€ 1.184` + `,36`
        add(value.start, end, value.kind if value.kind != "reference" else "reference")
    for match in SPAN.finditer(sentence):
        add(*promised(sentence, match.start(), match.end(), cues), "span")
    for match in TWICE.finditer(sentence):
        # "twice" alone says nothing: quote what happened twice ("charged twice").
        before = PREVIOUS_WORD.search(sentence, 0, match.start())
        if before:
            add(before.start(1), match.end(), "repeat")
    for match in ORDINAL.finditer(sentence):
        add(match.start(), match.end(), "date")
    for match in LONG_NUMBER.finditer(sentence):
        start, end = with_noun(sentence, match.start(), match.end(), cues)
        start = with_noun(sentence, start, start, cues)[0] if start < match.start() else start
        add(start, end, "reference")  # `numer przesyłki 6200 4471 9083`, `order 4471`
    for match in SHORT_NUMBER.finditer(sentence):
        start, end = with_noun(sentence, match.start(), match.end(), cues)
        if (start, end) != (match.start(), match.end()):
            add(start, end, "count")  # a short number is quoted only with its noun
    for match in POSSESSIVE.finditer(sentence):
        end = content_run(sentence, match.end(), cues)
        if end > match.end():
            add(match.start(), end, "stake")
    for match in WHEN.finditer(sentence):
        add(match.start(), match.end(), "when")
    names(sentence, add)
    longest = longest_word(sentence, cues, taken)
    if longest:
        add(*longest, "word")
    return quotes


def promised(sentence: str, start: int, end: int, cues: CueSet) -> tuple[int, int]:
    """A deadline with the thing promised before it (`a callback within 48 hours`)."""
    before = list(WORD.finditer(sentence[:start]))
    if (
        len(before) > 1 and plain_word(before[-1].group(0), cues)
        and before[-2].group(0).casefold() in ARTICLES
    ):
        return before[-2].start(), end
    return start, end


def with_noun(sentence: str, start: int, end: int, cues: CueSet) -> tuple[int, int]:
    """A number with the content word after it (`3 payments`) or before it (`order 4471`)."""
    after = WORD.match(sentence, end + 1) if sentence[end:end + 1] == " " else None
    if after and plain_word(after.group(0), cues) and len(after.group(0)) >= 3:
        return start, after.end()
    before = list(WORD.finditer(sentence[:start]))
    if before and before[-1].end() >= start - 1 and plain_word(before[-1].group(0), cues):
        return before[-1].start(), end
    return start, end


def content_run(sentence: str, position: int, cues: CueSet) -> int:
    """The end of the words a possessive governs (`money`, `daughter's birthday`, `March bill`,
    `second call`), or `position` when there is no content word there."""
    end = position
    for _ in range(3):
        word = WORD.match(sentence, end if end == position else end + 1)
        if end != position and sentence[end:end + 1] != " ":
            break
        text = word.group(0) if word else ""
        leading = text.casefold() in LEADING or bool(WHEN.fullmatch(text))
        if not word or not (plain_word(text, cues) or leading) or is_feeling(text, cues):
            break
        end = word.end()
        if not (leading or text.endswith(("'s", "’s", "s"))):
            break
    first = WORD.match(sentence, position)
    if first and end == first.end() and first.group(0).casefold() in LEADING:
        return position  # `my second` without its noun is a fragment
    return end


def names(sentence: str, add: Callable[[int, int, str], None]) -> None:
    """Capitalised words (joined when they follow each other) that do not start the sentence."""
    words = list(WORD.finditer(sentence))
    run: list[re.Match[str]] = []
    for index, word in enumerate([*words, None]):
        capital = word is not None and (
            index > 0 and word.group(0)[0].isupper()
            and len(word.group(0)) > 1 and not WHEN.fullmatch(word.group(0))
            and word.group(0) not in {"I'm", "I've", "I'd", "I'll"}
        )
        if capital:
            run.append(word)
            continue
        if run:
            add(run[0].start(), run[-1].end(), "name")
            run = []


def longest_word(
    sentence: str, cues: CueSet, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The longest content word (four letters or more, not a feeling) outside the details."""
    best: re.Match[str] | None = None
    for word in WORD.finditer(sentence):
        text = word.group(0)
        if any(word.start() < e and s < word.end() for s, e in taken):
            continue
        fits = len(text) >= 4 and plain_word(text, cues) and not is_feeling(text, cues)
        if fits and (best is None or len(text) > len(best.group(0))):
            best = word
    return (best.start(), best.end()) if best else None


def plain_word(word: str, cues: CueSet) -> bool:
    """True for a content word: not a stopword, not a month or weekday name."""
    folded = word.casefold()
    return folded not in cues.stopwords and not WHEN.fullmatch(word) and not folded.isdigit()
