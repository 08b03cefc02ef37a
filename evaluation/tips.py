"""One concrete tip per weak dimension: what to change, and a better phrasing built from this
customer's own words, in the reply's language.

Templates live in the cue files (`[tips.<dimension>]`), keyed by the problem the tip is about:
a harmful finding (`blame`, `excuse`...), else the most valuable thing the reply left out
(`no_detail`, `no_acknowledgement`, `no_next_step`...), else `default`. A key holds one
template or a list of variants; the variant is chosen from a hash of the reply, so the same
reply always gets the same tip and different replies get different wordings.

Placeholders: `{detail}` and `{other}` (the customer's two most important details, whole and
as the agent would say them back: `the £64.99`, `a callback within 48 hours`, `your money`),
`{said}` (the first one verbatim, for the coach's own sentence), `{feeling}`,
`{name_}` (`, Gary` or empty),
`{offer}` (a next step from the scenario's `policy.may_offer`), and for Polish `{pan}`,
`{pana}`, `{panu}`, `{pania}` (Pan / Pani in each case, `Pan/Pani` when the gender is unknown).
A variant whose placeholder has no value is skipped.
"""

from __future__ import annotations

import re
import string
import zlib

from evaluation.context import ReplyContext
from evaluation.cues import CueSet, load_cues
from evaluation.models import Scores
from evaluation.policy import match_policy
from evaluation.quotes import Quote, ranked_quotes
from evaluation.rubric import Rubric
from evaluation.scorer import WEAK
from personas.vocabulary import DIMENSIONS
from scenarios.matching import normalise

GAPS: dict[str, dict[str, tuple[str, ...]]] = {
    "listening": {
        "no_detail": ("reflected_detail",),
        "no_acknowledgement": ("acknowledgement",),
        "no_question": ("open_question",),
    },
    "tone": {"no_courtesy": ("thanks", "please", "greeting", "apology", "offer_help")},
    "honesty": {
        "no_ownership": ("ownership",),
        "no_next_step": ("next_step",),
        "no_offer": ("offer",),
    },
    "understanding": {"no_feeling": ("feeling_named",), "no_impact": ("impact",)},
}
"""What a reply can leave out, per dimension: tip key -> the criteria any of which fills it."""
ALIASES: dict[str, tuple[str, ...]] = {
    "unacknowledged": ("no_acknowledgement",),
    "deflection": ("sidetracked", "no_ownership"),
    "explanation": ("excuse",),
    "vague_promise": ("no_next_step",),
    "scripted": ("canned_phrase", "no_courtesy", "no_feeling", "no_detail"),
}
"""Harmful findings that share the tip of another problem (the first one the dimension has)."""
OPTIONAL = ("other", "offer", "detail", "said")
"""Placeholders that may have no value (variants using them are then skipped)."""
SAFE_KINDS: dict[str, frozenset[str]] = {
    "en": frozenset({"amount", "reference", "count", "stake", "span"}),
    "sv": frozenset({"amount", "reference", "count", "stake"}),
    "nl": frozenset({"amount", "reference", "count", "stake"}),
    "pl": frozenset({"amount", "reference", "count"}),
}
"""Kinds of customer detail that read as a thing the agent can act on, in any slot of a
template (`the £64.99`, `order 4471`, `your money`). Never a name (it may be a person: the
deceased, the customer), a lone word (`delivered`), a date or a time; and in Polish, where
the slot's case would need the word inflected, only numbers."""
EXAMPLE = re.compile(r",\s*(?:e\.g\.|till exempel:|bijvoorbeeld:|na przykład:)\s*[\"”“„].*$")
"""Where a template's example phrasing starts (it is replaced when it needs a missing detail)."""
POLISH_ADDRESS = {
    "f": {"pan": "Pani", "pana": "Pani", "panu": "Pani", "pania": "Panią"},
    "m": {"pan": "Pan", "pana": "Pana", "panu": "Panu", "pania": "Pana"},
    None: {"pan": "Pan/Pani", "pana": "Pana/Pani", "panu": "Panu/Pani", "pania": "Pana/Panią"},
}
"""Polish formal address by the customer's gender (unknown: both forms)."""
TIME_KINDS = frozenset({"span", "date", "when", "time"})
"""Details that say when or how long, which fit no slot meant for a thing (`sort out ...`)."""
SPOKEN: dict[str, dict[str, str]] = {
    "en": {"my": "your"},
    "sv": {"min": "din", "mitt": "ditt", "mina": "dina"},
    "nl": {"mijn": "uw"},
    "pl": {w: "" for w in ["mój", "moja", "moje", "mojej", "mojego", "moją", "moim"]},
}
"""The customer's first person turned to the agent's second person (Polish drops it)."""
PERSON_SWAP = {"his": "your", "him": "you", "he": "you", "she": "you", "hers": "yours"}
"""Third person in English policy texts turned to the customer (`to his bank` -> `to your`)."""


def tip_cues(ctx: ReplyContext) -> CueSet:
    """The cue set whose templates are used (English when the language is unsupported)."""
    return ctx.cues if ctx.cues.language else load_cues("en")


def tips(ctx: ReplyContext, scores: Scores, rubric: Rubric) -> list[str]:
    """One tip per dimension scored below 4, addressing the reply's weakest point on it."""
    templates = tip_cues(ctx).tips
    values = placeholder_values(ctx, templates)
    result = []
    for dimension in DIMENSIONS:
        if getattr(scores, dimension) >= WEAK:
            continue
        if "formality" in ctx.found and dimension != "tone":
            continue  # a greeting or goodbye has no place for empathy, a fix or a question
        options = templates.get(dimension, {})
        problem = worst(ctx, dimension, rubric, options)
        plains = templates.get("plain", {})
        plain = plains.get(f"{dimension}_{problem}") or plains.get(dimension, "")
        text = pick(options.get(problem) or options.get("default"), values,
                    f"{dimension}:{problem}:{ctx.text}", plain) or pick(
            options.get("default"), values, f"{dimension}:default:{ctx.text}", plain)
        if text:
            result.append(text)
    return result


def worst(ctx: ReplyContext, dimension: str, rubric: Rubric, options: dict) -> str:
    """The most damaging finding on a dimension that has its own tip; else the most valuable
    thing left out that has one; else `default`. Never a gap the reply already filled."""
    harms = [
        (rubric.criteria[c].weights.get(dimension, 0.0), alias(c, options)) for c in ctx.found
    ]
    harms = [h for h in harms if h[0] < 0 and h[1] in options]
    if harms:
        return min(harms)[1]
    gaps = []
    for key, criteria in GAPS.get(dimension, {}).items():
        if key not in options or any(c in ctx.found for c in criteria):
            continue
        if key == "no_offer" and not ctx.scenario:
            continue
        value = max(rubric.criteria[c].weights.get(dimension, 0.0) for c in criteria)
        gaps.append((value, key))
    return max(gaps)[1] if gaps else "default"


def alias(criterion: str, options: dict) -> str:
    """The tip key a harmful finding uses on a dimension (its own, else a shared one)."""
    if criterion in options:
        return criterion
    return next((a for a in ALIASES.get(criterion, ()) if a in options), criterion)


def pick(template: str | list[str] | None, values: dict[str, str], seed: str,
         plain: str = "") -> str:
    """One variant, chosen by a stable hash of the reply, filled in. Variants that need a
    missing value are skipped; those naming a scenario offer are preferred when there is one.
    When every variant needs a detail the conversation does not offer, the advice of one is
    kept and its example replaced by `plain` (a phrasing that needs no detail): a slot is never
    filled with a word that does not fit it."""
    if not template:
        return ""
    variants = [template] if isinstance(template, str) else list(template)
    usable = [v for v in variants if all(values.get(n) for n in OPTIONAL if n in fields(v))]
    if values.get("offer"):
        usable = [v for v in usable if "offer" in fields(v)] or usable
    if not usable:
        advice = [EXAMPLE.sub("", v) for v in variants]
        usable = [f"{a}, {plain}" if plain else a for a in advice
                  if a != "" and not fields(a) & set(OPTIONAL)]
        if not usable:
            return ""
    chosen = usable[zlib.crc32(seed.encode("utf-8")) % len(usable)]
    return chosen.format_map(values | {n: values.get(n) or "" for n in fields(chosen)})


def fields(template: str) -> set[str]:
    """The placeholder names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def placeholder_values(ctx: ReplyContext, templates: dict) -> dict[str, str]:
    """What the placeholders stand for in this conversation."""
    fallback = templates.get("fallback", {})
    detail, other = two_details(ctx)
    feeling = ctx.cues.feelings[ctx.feeling].say if ctx.feeling else None
    name = customer_name(ctx)
    values = {
        "detail": spoken(detail, ctx.cues.language) if detail else "",
        "said": detail.words if detail else "",
        "other": spoken(other, ctx.cues.language) if other else "",
        "feeling": feeling or fallback.get("feeling", ""),
        "name_": f", {name}" if name else "",
        "offer": next_offer(ctx),
    }
    return values | POLISH_ADDRESS[polish_gender(ctx)]


def two_details(ctx: ReplyContext) -> tuple[Quote | None, Quote | None]:
    """The detail a phrasing is built on and a second one to go with it. The first is a thing
    the agent can act on (an amount, a reference, a counted thing, a name, their stake) when
    there is one; the second, a different detail, preferably a wait, deadline or date. In
    English, where quotes are woven into the sentence unquoted, the second must read as a noun
    phrase (`a callback within 48 hours`, not `over a week ago`)."""
    safe = SAFE_KINDS.get(ctx.cues.language or "en", SAFE_KINDS["en"])
    quotes = [q for q in ranked_quotes(ctx.customer_turns[-RECENT_TURNS:], ctx.cues)
              if q.kind in safe and (q.kind != "span" or article_first(q))
              and not ctx.cues.has("people", normalise(q.words))
              and (q.kind != "stake" or whole_phrase(q, ctx))]
    full = quotes
    if not full:
        return None, None
    things = [q for q in full if q.kind not in TIME_KINDS]
    words: list[Quote] = []
    first = (things or words or full)[0]
    rest = [q for q in full if q is not first and q.kind != "word"]
    timed = [q for q in rest if q.kind in TIME_KINDS]
    if ctx.cues.language in (None, "en"):
        rest = [q for q in rest if q.kind not in TIME_KINDS or q.words.split()[0].casefold()
                in ("a", "an", "the")]
        timed = [q for q in timed if q in rest]
    second = (timed or rest or [None])[0]
    return first, second


RECENT_TURNS = 4
"""Customer turns a tip draws its details from (the latest; quoting stays linear)."""


def whole_phrase(quote: Quote, ctx: ReplyContext) -> bool:
    """True when the customer's words end where the quote ends (`my money.`), not in the middle
    of a longer phrase (`my broken` of `my broken router`), which would fit no slot."""
    text = " ".join(ctx.customer_turns[-RECENT_TURNS:])
    for match in re.finditer(re.escape(quote.words), text):
        after = re.match(r"\s+([^\W\d_]+)", text[match.end():])
        if after and after.group(1).casefold() not in ctx.cues.stopwords:
            return False
    return True


def article_first(quote: Quote) -> bool:
    """True for a span naming the thing promised (`a callback within 48 hours`), not a bare
    wait (`over a week ago`), which fits no slot meant for a thing."""
    return quote.words.split()[0].casefold() in ("a", "an", "the")


def spoken(quote: Quote, language: str | None) -> str:
    """The customer's words as the agent would say them back: `my money` -> `your money`,
    `mijn dochter` -> `uw dochter`, `mojej córki` -> `córki`; `£64.99` -> `the £64.99`."""
    words = quote.words
    swap = SPOKEN.get(language or "en", {})
    words = re.sub(
        r"(?<!\w)(\w+)(?!\w)",
        lambda m: swap.get(m.group(1).casefold(), m.group(1)), words, count=1,
    ).strip()
    if (language in (None, "en")) and quote.kind == "amount":
        words = f"the {words}"
    return words


def customer_name(ctx: ReplyContext) -> str:
    """How the reply should address the customer by name: as the trainee did, else from the
    scenario where the language allows it without knowing more (first name in English and
    Swedish, `mevrouw`/`meneer` + surname in Dutch when the scenario shows the gender)."""
    language = ctx.cues.language
    if language == "pl":
        used = re.search(r"\b(?:Pani|Panie) [A-ZĄĆĘŁŃÓŚŹŻ]\w+", ctx.text)
        return used.group(0) if used else ""
    if language == "nl":
        used = re.search(r"\b(?:mevrouw|meneer) [A-Z]\w+", ctx.text)
        if used:
            return used.group(0)
        gender = scenario_gender(ctx)
        if gender and ctx.scenario:
            surname = ctx.scenario.customer.name.split()[-1]
            return f"{'mevrouw' if gender == 'f' else 'meneer'} {surname}"
        return ""
    if not ctx.scenario:
        return ""
    return ctx.scenario.customer.name.split()[0]


def scenario_gender(ctx: ReplyContext) -> str | None:
    """`f` or `m` from the pronouns of the scenario's situation text, None when unclear."""
    if not ctx.scenario:
        return None
    words = re.findall(r"\w+", ctx.scenario.customer.situation.casefold())
    she = sum(w in {"she", "her", "hon", "henne", "ze", "zij", "haar"} for w in words)
    he = sum(w in {"he", "his", "him", "han", "honom", "hij", "hem"} for w in words)
    return "f" if she > he else "m" if he > she else None


def polish_gender(ctx: ReplyContext) -> str | None:
    """The Polish customer's gender: from the trainee's address (`Pani`/`Pan`), the customer's
    own past-tense verbs (`zamówiłam`/`zamówiłem`), or the scenario's first name; else None."""
    if ctx.cues.language != "pl":
        return None
    if re.search(r"\bPani(?:ą)?\b", ctx.text):
        return "f"
    if re.search(r"\bPan(?:a|u|em)?\b", ctx.text):
        return "m"
    said = " ".join(ctx.customer_turns)
    female = len(re.findall(r"\w+łam\b|\w+łabym\b", said))
    male = len(re.findall(r"\w+łem\b|\w+łbym\b", said))
    if female != male:
        return "f" if female > male else "m"
    if ctx.scenario:
        return "f" if ctx.scenario.customer.name.split()[0].endswith("a") else "m"
    return None


EARLIER_REPLIES = 8
"""Earlier replies whose offers a tip will not suggest again (the latest; linear time)."""


def next_offer(ctx: ReplyContext) -> str:
    """A next step the scenario's policy allows and the reply did not offer yet (one the
    resolution requires first), worded to follow a colon; empty without a scenario."""
    if not ctx.scenario:
        return ""
    offered = set(match_policy(ctx.text, ctx.scenario, ctx.cues).offers)
    for earlier in ctx.earlier_replies[-EARLIER_REPLIES:]:
        offered |= set(match_policy(earlier, ctx.scenario, ctx.cues).offers)
    policy = ctx.scenario.policy
    required = set(ctx.scenario.resolution.requires_offers)
    open_offers = [o for o in policy.may_offer if o.id not in offered]
    if not open_offers:
        return ""
    offer = min(open_offers, key=lambda o: o.id not in required)
    text = offer.text.strip().rstrip(".")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    if ctx.cues.language in (None, "en"):
        text = re.sub(r"\b(?:his|him|he|she|hers)\b", lambda m: PERSON_SWAP[m.group(0)], text)
        text = re.sub(r"\bher(?=\s+(?:a|an|the|one|today|when|if|back)\b)", "you", text)
        text = re.sub(r"\bher\b", "your", text)
    return text
