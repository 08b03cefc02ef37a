"""Find authored keywords in free text, the same way everywhere (director, evaluator, guard)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Lower-case, unify quotes and collapse whitespace; keeps letters such as å, ł, ë.

    Remembered: grading reads the same earlier turns again for every reply."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A pattern matching the keyword at word starts (so `refund` also finds `refunded`)."""
    escaped = re.escape(normalise(keyword))
    return re.compile(rf"(?<!\w){escaped}")


def find_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """Return the keywords that occur in the text, in the order given."""
    plain = normalise(text)
    return [k for k in keywords if keyword_pattern(k).search(plain)]


def mentions_any(text: str, keywords: Iterable[str]) -> bool:
    """True when at least one keyword occurs in the text."""
    return bool(find_keywords(text, keywords))
