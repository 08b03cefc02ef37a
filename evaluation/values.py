"""Amounts, dates, times and references in text, normalised so two mentions can be compared.

Used to notice a reply that contradicts the scenario's facts (`£68` where the fact says
`£86`, `19 October` where it says `9 October`), in all four languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januari stycznia styczeń styczen",
        "february feb februari lutego luty",
        "march mar maart mars marca marzec",
        "april apr kwietnia kwiecień kwiecien",
        "may maj mei maja",
        "june jun juni czerwca czerwiec",
        "july jul juli lipca lipiec",
        "august aug augusti augustus sierpnia sierpień sierpien",
        "september sep sept septembre września wrzesień wrzesien",
        "october oct oktober okt października październik pazdziernika",
        "november nov listopada listopad",
        "december dec decem grudnia grudzień grudzien",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
CURRENCY_BEFORE = r"£|€|\$"
CURRENCY_AFTER = r"kr|kronor|sek|euro|eur|zł|złotych|złote|zloty|pln|pounds?|dollars?"
NUMBER = r"\d[\d ]*(?:[.,]\d+)?"

PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        rf"(?:{CURRENCY_BEFORE})\s?(?P<a>{NUMBER})|(?P<b>{NUMBER})\s?(?:{CURRENCY_AFTER})(?!\w)",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|e|:e|\.)?\s+(?P<m>{MONTH})(?!\w)"
        rf"|(?<!\w)(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)",
        re.IGNORECASE,
    ),
    "numeric_date": re.compile(
        r"(?<![\d.,/-])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?:\d{4}|\d{2}))?(?![\d/-])"
        r"|(?<![\d.,-])(?P<d2>\d{1,2})(?P<s>[.-])(?P<m2>\d{1,2})(?P=s)(?:\d{4}|\d{2})(?!\d)"
    ),
    "time": re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?!\d)"),
    "clock": re.compile(
        r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s?(?P<ap>am|pm)\b",
        re.IGNORECASE,
    ),
    "reference": re.compile(r"(?<![\w-])(?P<p>[A-Za-z]{1,4})[-#]?(?P<n>\d{4,})(?!\d)"),
}
"""One pattern per way of writing a value."""
KINDS = {"numeric_date": "date", "clock": "time"}
"""Patterns whose values are of another kind (`4/3` is a date, `2pm` a time)."""


@dataclass(frozen=True)
class Value:
    """One value found in a text."""

    kind: str
    """`amount`, `date` (written `4 March` or `4/3`), `time` (`14:00` or `2pm`) or
    `reference`."""
    key: str
    """The normalised value, comparable across wordings (`86`, `9/10`, `14:02`, `JD30915`)."""
    words: str
    """The text as written."""
    start: int
    """Where it starts in the text."""


def amount_key(number: str) -> str:
    """A number with spaces and thousand separators gone (`1 250,00` -> `1250`)."""
    number = number.replace(" ", "")
    if re.search(r"[.,]\d{2}$", number):
        whole, cents = number[:-3], number[-2:]
        whole = re.sub(r"[.,]", "", whole)
        return whole if cents == "00" else f"{whole}.{cents}"
    return re.sub(r"[.,]", "", number)


def values(text: str) -> list[Value]:
    """Every amount, date, time and reference in the text, in order of kind then position."""
    return list(_values(text))


@lru_cache(maxsize=8192)
def _values(text: str) -> tuple[Value, ...]:
    """`values`, remembered: grading a long transcript reads each customer turn once."""
    found: list[Value] = []
    for name, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            kind = KINDS.get(name, name)
            groups = match.groupdict()
            if name == "amount":
                key = amount_key((groups["a"] or groups["b"]).strip())
            elif name == "date":
                day = groups["d"] or groups["d2"]
                if groups["m2"] and groups["m2"].casefold() == "may":
                    continue  # "you may 2..." is not a date
                month = MONTHS[(groups["m"] or groups["m2"]).casefold()]
                if not 1 <= int(day) <= 31:
                    continue
                key = f"{int(day)}/{month}"
            elif name == "numeric_date":
                day = int(groups["d"] or groups["d2"])
                number = int(groups["m"] or groups["m2"])
                if not (1 <= day <= 31 and 1 <= number <= 12):
                    continue
                key = f"{day}/{number}"
            elif name == "time":
                key = f"{int(groups['h'])}:{groups['mi']}"
            elif name == "clock":
                hour = int(groups["h"]) % 12 + (12 if groups["ap"].casefold() == "pm" else 0)
                key = f"{hour}:{groups['mi'] or '00'}"
            else:
                key = f"{groups['p'].upper()}{groups['n']}"
            found.append(Value(kind, key, match.group(0).strip(), match.start()))
    return tuple(found)
