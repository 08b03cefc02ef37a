"""The customer's own details (numbers, dates, names, content words) and how replies reuse them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from evaluation.cues import CueSet


def words(text: str) -> frozenset[str]:
    """A set of words from whitespace-separated text."""
    return frozenset(text.split())


TOKEN = re.compile(r"\d+(?:[.,:/-]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
PRONOUNS = words(
        """
        i me my mine you your yours ik mij me mijn u uw je jij jouw jag mig min mitt mina du
        dig din ditt dina ja mnie mój moja moje pan pani pana panu ty ciebie twój twoja
        i'm i've i'd i'll you're you've you'd you'll we us our ours we're we've we'd we'll
        wij ons onze jullie vi oss vår vårt våra ni er nas nam nasz nasza nasze
        """
    )
"""Person words folded together when comparing wordings, so `my order` = `your order` and
`I've been with you` = `you've been with us` (a customer's sentence handed back)."""


def tokens(text: str) -> list[str]:
    """Lower-case word and number tokens."""
    return list(_tokens(text))


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, ...]:
    """`tokens`, remembered: grading reads the same earlier turns for every reply."""
    return tuple(t.casefold() for t in TOKEN.findall(text))


def sentences(text: str) -> list[str]:
    """The text split into sentences (stripped, non-empty)."""
    return list(_sentences(text))


@lru_cache(maxsize=16384)
def _sentences(text: str) -> tuple[str, ...]:
    """`sentences`, remembered."""
    return tuple(s.strip() for s in SENTENCE_END.split(text) if s.strip())


def stem(token: str) -> str:
    """A crude stem that survives inflection in all four languages (`delivered` ~ `delivery`)."""
    return token if token[0].isdigit() else token[:6]


@dataclass(frozen=True)
class Detail:
    """One thing the customer said that a listening agent could reflect."""

    words: str
    """The customer's own words, verbatim."""
    kind: str
    """`number`, `name` or `word`."""


_SEEN: dict[tuple[int, str], tuple[CueSet, tuple[Detail, ...]]] = {}
"""Details already found per (cue set, sentence): a long transcript reads each sentence once."""


def customer_details(text: str, cues: CueSet) -> list[Detail]:
    """Numbers, names and content words in the customer's text, in order, without repeats."""
    found: dict[str, Detail] = {}
    for sentence in sentences(text):
        for key, detail in _sentence_details(sentence, cues):
            if key in found:
                continue
            if detail.kind == "number":
                # `order 4471` replaces a bare `order` seen earlier: one detail, not two.
                found.pop(stem(detail.words.split()[0].casefold()), None)
            found[key] = detail
    return list(found.values())


def _sentence_details(sentence: str, cues: CueSet) -> tuple[tuple[str, Detail], ...]:
    """(stem key, detail) for one sentence, first occurrences only; remembered per sentence."""
    seen = _SEEN.get((id(cues), sentence))
    if seen is not None and seen[0] is cues:
        return seen[1]  # type: ignore[return-value]
    if len(_SEEN) >= 20_000:
        _SEEN.clear()
    pairs = tuple(_details_in(sentence, cues))
    _SEEN[(id(cues), sentence)] = (cues, pairs)  # type: ignore[assignment]
    return pairs


def _details_in(sentence: str, cues: CueSet) -> list[tuple[str, Detail]]:
    """The details of one sentence with their stem keys, as `customer_details` reads them."""
    found: dict[str, Detail] = {}
    raw = TOKEN.findall(sentence)
    for position, word in enumerate(raw):
        key = stem(word.casefold())
        if key in found or word.casefold() in cues.stopwords:
            continue
        if word[0].isdigit():
            words = with_neighbour(raw, position, cues)
            found.pop(stem(words.split()[0].casefold()), None)
            found[key] = Detail(words, "number")
        elif word[0].isupper() and position > 0 and len(word) > 1:
            found[key] = Detail(word, "name")
        elif len(word) >= 4 and not is_feeling(word, cues):
            found[key] = Detail(word, "word")
    return list(found.items())


def with_neighbour(raw: list[str], position: int, cues: CueSet) -> str:
    """A number with the content word before it (`order 4471`), when there is one."""
    if position > 0 and raw[position - 1].casefold() not in cues.stopwords:
        return f"{raw[position - 1]} {raw[position]}"
    return raw[position]


def is_feeling(word: str, cues: CueSet) -> bool:
    """True when the word voices a feeling (those are named back, not reflected as details)."""
    plain = word.casefold()
    return any(f.mirror.match(plain) for f in cues.feelings.values())


def reflected(reply: str, details: list[Detail], skip: frozenset[str] = frozenset()
              ) -> list[Detail]:
    """The customer's details that the reply reuses (by word start, so inflection counts:
    `lock` ~ `locked`, `paczka` ~ `paczkę`), leaving out the reply's words in `skip` (its
    words of acknowledgement: `förstår` says nothing back about `förstört`)."""
    reply_tokens = [t for t in tokens(reply) if t not in skip]
    reply_stems = {stem(t) for t in reply_tokens}
    by_start: dict[str, list[str]] = {}  # same_word needs the first four letters alike
    for token in reply_tokens:
        by_start.setdefault(token[:4], []).append(token)
    hits = []
    for detail in details:
        word = tokens(detail.words)[-1]
        if stem(word) in reply_stems or (not word[0].isdigit() and any(
            same_word(word, t) for t in by_start.get(word[:4], ())
        )):
            hits.append(detail)
    return hits


def same_word(one: str, other: str) -> bool:
    """True when two words look like forms of one word: the shorter one (four letters or more)
    starts the longer one, give or take an ending of up to two letters, and they share at
    least four letters and at most five need to agree (`lock` ~ `locked`, `paczka` ~ `paczce`,
    `refund` ~ `refunded`, `tabletki` ~ `tabletek`)."""
    if other[:1].isdigit():
        return False
    short, long = sorted((one, other), key=len)
    if len(short) < 4:
        return False
    need = min(5, max(4, len(short) - 2))
    return long.startswith(short[:need])


def folded_grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams with person words folded, for spotting copied wording."""
    words = ["P" if t in PRONOUNS else t for t in tokens(text)]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def copied_share(reply: str, source: str) -> float:
    """Share of the reply's word trigrams that also occur in the source (0 when too short)."""
    grams = folded_grams(reply)
    if len(grams) < 4:
        return 0.0
    return len(grams & folded_grams(source)) / len(grams)


def copied_coverage(reply: str, source: str, n: int = 3) -> float:
    """Share of the reply's words that sit inside a word n-gram copied from the source (person
    words folded). Unlike `copied_share`, a word slipped in (`...15 years and never...`) costs
    one word, not three n-grams, so a lightly edited copy still counts as a copy."""
    words = ["P" if t in PRONOUNS else t for t in tokens(reply)]
    if len(words) < 8:
        return 0.0  # a short reply sharing one phrase (`the second charge`) is not a copy
    source_grams = folded_grams(source, n)
    covered: set[int] = set()
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) in source_grams:
            covered.update(range(i, i + n))
    return len(covered) / len(words)
