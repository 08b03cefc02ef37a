"""One concrete tip per weak dimension: what to change, and a better phrasing built from this
customer's own words, in the reply's language.

Templates live in the cue files (`[tips.<dimension>]`), keyed by the problem the tip is about:
a harmful finding (`blame`, `excuse`...), else the most valuable thing the reply left out
(`no_detail`, `no_acknowledgement`, `no_next_step`...), else `default`. A key holds one
template or a list of variants; the variant is chosen from a hash of the reply, so the same
reply always gets the same tip and different replies get different wordings.

Placeholders: a slot says which customer details may fill it, by its name.
`{detail}` and `{other}` are slots for the matter itself, what the agent sorts out or the
customer feels about (`sort out {detail}`, `especially with {detail}`): only the customer's own
things in their words (`your parcel`, `din resa`), never a code, number, amount, date or name,
nor a person. `{record}` is a slot for something the agent looks up, has in front of them or
mentions back (`I'll check {record}`, `You mentioned {record}`): an amount, a reference, a
counted thing or one of their things. `{said}` is the verbatim words of the detail the
template's other slot uses, for the coach's own sentence. `{feeling}` names the customer's
feeling (voiced, else the scenario's archetype), `{name_}` is `, Gary` or empty,
`{offer}` a next step from the scenario's `policy.may_offer`, and for Polish `{pan}`,
`{pana}`, `{panu}`, `{pania}` (Pan / Pani in each case, `Pan/Pani` when the gender is
unknown) and `{past_a}` (a past-tense verb's ending for her). A variant whose placeholder has
no value is skipped.

A key may have a version for the customer's mood, `<key>_<mood>` (`no_courtesy_grief`), used
instead of it when the customer grieves, is exhausted, worried or frustrated: a widow is not
thanked for her patience.
"""

from __future__ import annotations

import re
import string
import zlib

from evaluation.context import ReplyContext
from evaluation.cues import NEVER, CueSet, load_cues
from evaluation.details import sentences, stem, tokens
from evaluation.fitted import load_weights
from evaluation.models import Scores
from evaluation.policy import match_policy
from evaluation.quotes import SPAN, Quote, ranked_quotes
from evaluation.rubric import Rubric
from evaluation.scorer import WEAK, effective
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
OPTIONAL = ("other", "offer", "detail", "said", "record")
"""Placeholders that may have no value (variants using them are then skipped)."""
MATTER_KINDS: dict[str, frozenset[str]] = {
    "en": frozenset({"stake"}),
    "sv": frozenset({"stake"}),
    "nl": frozenset({"stake"}),
    "pl": frozenset(),
}
"""Kinds of customer detail that can be the matter itself (`{detail}`, `{other}`: what the
agent sorts out, what the customer feels about): their own things (`your parcel`). A code,
a number, an amount, a date or a name is something to look up, never `the thing I'll sort
out`; in Polish, where the slot's case would need the word inflected, nothing is."""
OTHER_KINDS: dict[str, frozenset[str]] = {"en": frozenset({"stake", "span"})}
"""Kinds that may also be the second matter (`with your money and a callback within 48
hours`): in English a span naming the thing promised. Other languages: MATTER_KINDS."""
RECORD_KINDS: dict[str, frozenset[str]] = {
    "en": frozenset({"amount", "reference", "stake", "span"}),
    "sv": frozenset({"amount", "reference", "stake"}),
    "nl": frozenset({"amount", "reference", "stake"}),
    "pl": frozenset({"amount", "reference"}),
}
"""Kinds of customer detail that fit a slot for something looked up or mentioned back
(`{record}`: `I'll check the £64.99`, `Jag har 'SR-448217' här`). Not a counted thing: the
word after a number is as often a preposition or a verb (`7 till`, `betala 399`) as a noun."""
MOODS: dict[str, str] = {
    "grieving": "grief", "exhausted": "exhaustion", "anxious": "worry",
    "frustrated": "frustration", "distrustful": "frustration",
}
"""The feeling a scenario's archetype brings to the call, when the customer has not voiced
one (grief stays grief whatever else is voiced)."""
STICKY_MOODS = frozenset({"grief"})
"""Moods that the customer's other feelings do not replace: a widow who is cross is still
a widow."""
YEAR = re.compile(r"(?:19|20)\d\d")
TIMES = re.compile(r"(?<!\w)(?:times|gånger|gång|keer|razy|raz)(?!\w)", re.IGNORECASE)
"""A span that counts how often (`the surgery three times`), which names no thing promised."""
EXAMPLE = re.compile(r",\s*(?:e\.g\.|till exempel:|bijvoorbeeld:|na przykład:)\s*[\"”“„].*$")
"""Where a template's example phrasing starts (it is replaced when it needs a missing detail)."""
POLISH_ADDRESS = {
    "f": {"pan": "Pani", "pana": "Pani", "panu": "Pani", "pania": "Panią", "past_a": "a"},
    "m": {"pan": "Pan", "pana": "Pana", "panu": "Panu", "pania": "Pana", "past_a": ""},
    None: {"pan": "Pan/Pani", "pana": "Pana/Pani", "panu": "Panu/Pani", "pania": "Pana/Panią",
           "past_a": "(a)"},
}
"""Polish formal address by the customer's gender (unknown: both forms), and the ending of a
past-tense verb that agrees with it (`musiał{past_a}`: musiała / musiał / musiał(a))."""
SPOKEN: dict[str, dict[str, str]] = {
    "en": {"my": "your"},
    "sv": {"min": "din", "mitt": "ditt", "mina": "dina"},
    "nl": {"mijn": "uw"},
    "pl": {w: "" for w in ["mój", "moja", "moje", "mojej", "mojego", "moją", "moim"]},
}
"""The customer's first person turned to the agent's second person (Polish drops it)."""
PERSON_SWAP = {"his": "your", "him": "you", "he": "you", "she": "you", "hers": "yours"}
"""Third person in English policy texts turned to the customer (`to his bank` -> `to your`)."""


OFFER_PERSON: dict[str, tuple[tuple[str, str], ...]] = {
    "en": ((r"\bNAME['’]s\b", "your"), (r"\bNAME\b", "you")),
    "sv": ((r"\bNAMEs\b", "din"), (r"\b(?:honom|henne|NAME)\b", "dig")),
    "nl": ((r"\bNAME\b", "u"),),
}
"""The customer named in the third person in a policy text, turned to the agent speaking to
them (`Gary's own monthly readings` -> `your own`, `ringa tillbaka till honom` -> `dig`)."""


def tip_cues(ctx: ReplyContext) -> CueSet:
    """The cue set whose templates are used (English when the language is unsupported)."""
    return ctx.cues if ctx.cues.language else load_cues("en")


def tips(ctx: ReplyContext, scores: Scores, rubric: Rubric) -> list[str]:
    """One tip per dimension scored below 4, addressing the reply's weakest point on it, in
    the version that fits the customer's mood when the cue file has one; the weakest dimension
    first (the chat shows only the first tip)."""
    templates = tip_cues(ctx).tips
    values = placeholder_values(ctx, templates)
    feeling = mood(ctx)
    repeat = said_before(ctx)
    result = []
    for dimension in sorted(DIMENSIONS, key=lambda d: getattr(scores, d)):
        if getattr(scores, dimension) >= WEAK:
            continue
        if "formality" in ctx.found and dimension != "tone":
            continue  # a greeting or goodbye has no place for empathy, a fix or a question
        options = templates.get(dimension, {})
        problem = formality_key(ctx, options) or worst(ctx, dimension, rubric, options)
        harms = {"closing", "greeting", *(alias(c, options) for c in ctx.found)}
        if dimension != "honesty" and ctx.calm and problem not in harms:
            continue  # `Dobrze. Dziękuję.` needs an answer, not a lesson in empathy (seed 000)
        avoid = NEVER if problem in ("closing", "greeting") else repeat
        plain = plain_example(templates.get("plain", {}), dimension, problem, feeling, avoid)
        text = pick(for_mood(options, problem, feeling) or for_mood(options, "default", feeling),
                    values, f"{dimension}:{problem}:{ctx.text}", plain, avoid) or pick(
            for_mood(options, "default", feeling), values, f"{dimension}:default:{ctx.text}",
            plain, avoid)
        if text:
            result.append(text)
    return result


def plain_example(plains: dict, dimension: str, problem: str, feeling: str | None,
                  avoid: re.Pattern[str] = NEVER) -> str:
    """The detail-free example for a tip: the problem's in the customer's mood, the problem's,
    the dimension's in the mood, else the dimension's ('' when none); one that would say
    again what the trainee already said (`avoid`) only when there is no other."""
    keys = [f"{dimension}_{problem}", dimension]
    if feeling:
        keys = [f"{keys[0]}_{feeling}", keys[0], f"{dimension}_{feeling}", dimension]
    examples = [plains[k] for k in keys if plains.get(k)]
    fresh = [e for e in examples if not avoid.search(normalise(e))]
    return (fresh or examples or [""])[0]


def said_before(ctx: ReplyContext) -> re.Pattern[str]:
    """What the tips should not have the trainee say again: condolences, once this reply or an
    earlier one offered them (`I'm so sorry for your loss` two replies ago is not repeated;
    the tip acknowledges what the customer says now instead). Matches nothing otherwise."""
    condolence = ctx.cues.groups.get("condolence", NEVER)
    said = [*ctx.earlier_replies[-EARLIER_REPLIES:], ctx.text]  # this reply's own, too
    return condolence if any(condolence.search(normalise(r)) for r in said) else NEVER


def formality_key(ctx: ReplyContext, options: dict) -> str:
    """`closing` or `greeting` for a reply that is only a goodbye or a greeting (graded for
    what it is: its tip is about a warmer close or opening, not the missing facts), when the
    dimension has that tip; else ''."""
    if "formality" not in ctx.found:
        return ""
    key = "closing" if ctx.acts.closing else "greeting"
    return key if key in options else ""


def for_mood(options: dict, key: str, feeling: str | None) -> str | list[str] | None:
    """The templates of a key in the version for the customer's mood, else the plain one."""
    if feeling and options.get(f"{key}_{feeling}"):
        return options[f"{key}_{feeling}"]
    return options.get(key)


def mood(ctx: ReplyContext) -> str | None:
    """The customer's mood: grief when the scenario's customer grieves (without a scenario,
    when they voice it), else the feeling they voiced last, else the one their archetype
    brings; None when unknown."""
    if not ctx.scenario:
        if voiced_grief(ctx):
            return "grief"
        return None if ctx.feeling in STICKY_MOODS else ctx.feeling  # sad, but nobody died
    brought = MOODS.get(ctx.scenario.archetype)
    if brought in STICKY_MOODS or ctx.feeling in STICKY_MOODS:
        return brought  # a death voiced in passing (`my father died at 60`) is not a loss now
    return ctx.feeling or brought


def voiced_grief(ctx: ReplyContext) -> bool:
    """True when the customer said, in any of the recent lines, that someone died or that they
    are in mourning (`My mum died three weeks ago`): without a scenario that is what the call
    is about, and it stays a loss when their later lines are about the bill. Sadness alone
    (`jag är så ledsen` about a cancelled wedding) is no bereavement: no condolences."""
    grief = ctx.cues.feelings.get("grief")
    return grief is not None and any(
        grief.events.search(normalise(turn)) for turn in ctx.customer_turns[-RECENT_TURNS:])


def worst(ctx: ReplyContext, dimension: str, rubric: Rubric, options: dict) -> str:
    """The most damaging finding on a dimension that has its own tip; else the most valuable
    thing left out that has one; else `default`. Never a gap the reply already filled."""
    fitted = load_weights()
    harms = [(effective(rubric, fitted, dimension, c), alias(c, options)) for c in ctx.found]
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
         plain: str = "", avoid: re.Pattern[str] = NEVER) -> str:
    """One variant, chosen by a stable hash of the reply, filled in. Variants that need a
    missing value are skipped; those naming a scenario offer are preferred when there is one,
    then those quoting the customer's most important detail (`top_slot`), then any detail.
    When every variant needs a detail the conversation does not offer, the advice of one is
    kept and its example replaced by `plain` (a phrasing that needs no detail): a slot is
    never filled with a word that does not fit it. Variants whose example says again what
    `avoid` matches (condolences the trainee already offered) are not used.
    """
    if not template:
        return ""
    variants = [template] if isinstance(template, str) else list(template)
    usable = [v for v in variants if all(values.get(n) for n in OPTIONAL if n in fields(v))
              and ("said" not in fields(v) or said(v, values))
              and not avoid.search(normalise(v.replace("{name_}", "")))]
    if values.get("offer"):
        usable = [v for v in usable if "offer" in fields(v)] or usable
    top = values.get("top_slot", "")
    usable = ([v for v in usable if top in fields(v)]
              or [v for v in usable if fields(v) & {"detail", "record"}] or usable)
    if not usable:
        advice = [EXAMPLE.sub("", v) for v in variants]
        usable = [f"{a}, {plain}" if plain else a for a in advice
                  if a != "" and not fields(a) & set(OPTIONAL)]
        if not usable:
            return ""
    chosen = usable[zlib.crc32(seed.encode("utf-8")) % len(usable)]
    filled = values | {"said": said(chosen, values)}
    return chosen.format_map(filled | {n: filled.get(n) or "" for n in fields(chosen)})


def said(template: str, values: dict[str, str]) -> str:
    """The customer's verbatim words of the detail the template's slot quotes (the matter's,
    else the record's)."""
    if "detail" in fields(template) or "record" not in fields(template):
        return values.get("said", "")
    return values.get("said_record", "")


def fields(template: str) -> set[str]:
    """The placeholder names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def placeholder_values(ctx: ReplyContext, templates: dict) -> dict[str, str]:
    """What the placeholders stand for in this conversation."""
    fallback = templates.get("fallback", {})
    detail, other, record = slot_details(ctx)
    feeling = ctx.feeling or mood(ctx)
    name = customer_name(ctx)
    language = ctx.cues.language
    values = {
        "detail": spoken(detail, language) if detail else "",
        "said": detail.words if detail else "",
        "other": spoken(other, language) if other else "",
        "record": spoken(record, language) if record else "",
        "said_record": record.words if record else "",
        "top_slot": top_slot(detail, record),
        "feeling": (ctx.cues.feelings[feeling].say if feeling in ctx.cues.feelings
                    else fallback.get("feeling", "")),
        "name_": f", {name}" if name else "",
        "offer": next_offer(ctx),
    }
    return values | POLISH_ADDRESS[polish_gender(ctx)]


def top_slot(detail: Quote | None, record: Quote | None) -> str:
    """The slot holding the customer's most important detail (money before their things)."""
    if record and (not detail or record.rank < detail.rank):
        return "record"
    return "detail" if detail else ""


def slot_details(ctx: ReplyContext) -> tuple[Quote | None, Quote | None, Quote | None]:
    """The customer's details for each kind of slot: the matter (`{detail}`), a second matter
    that does not repeat it (`{other}`), and something to look up or mention back
    (`{record}`), each the most important of the kinds its slot allows, or None."""
    language = ctx.cues.language or "en"
    quotes = [q for q in ranked_quotes(ctx.customer_turns[-RECENT_TURNS:], ctx.cues)
              if fits(q, ctx) and not settled(q, ctx)]
    fresh = new_turns(ctx)
    quotes.sort(key=lambda q: q.age >= fresh)  # what they raised since the last reply first
    matter = MATTER_KINDS.get(language, MATTER_KINDS["en"])
    seconds = OTHER_KINDS.get(language, matter)
    record_kinds = RECORD_KINDS.get(language, RECORD_KINDS["en"])
    detail = next((q for q in quotes if q.kind in matter), None)
    other = next((q for q in quotes if q.kind in seconds and not overlaps(q, detail)), None)
    record = next((q for q in quotes if q.kind in record_kinds), None)
    return detail, other if detail else None, record


def new_turns(ctx: ReplyContext) -> int:
    """How many of the customer's latest lines came after the trainee's last reply (turns
    alternate; at least the latest line, all of them before the first reply)."""
    return max(1, len(ctx.customer_turns) - len(ctx.earlier_replies))


def settled(quote: Quote, ctx: ReplyContext) -> bool:
    """True when an earlier reply of the trainee already took this detail up in a statement
    (`I've ... removed the £25 late fee`) after the customer last mentioned it: a tip that
    names it again (`Let me look at the £25 now`) sends the trainee back to what is done.
    A detail the customer raises again after that reply is open again; a question about it
    (`Is that the £25?`) settles nothing; nor does a wait with the same number (`within 5
    working days` is not the £5)."""
    keys = key_tokens(quote, ctx)
    later = quote.age - new_turns(ctx) + 1  # earlier replies after their last mention of it
    if not keys or later <= 0:
        return False
    for reply in ctx.earlier_replies[-later:]:
        for sentence in sentences(reply):
            if "?" in sentence:
                continue
            words = tokens(SPAN.sub(" ", sentence))
            if keys <= {number(t) for t in words} | {stem(t) for t in words}:
                return True
    return False


def key_tokens(quote: Quote, ctx: ReplyContext) -> set[str]:
    """The words that show a reply names the detail: its numbers (`25` of `£25`, `448217` of
    `SR-448217`), else the stem of its last content word (`parcel` of `my parcels`)."""
    words = tokens(quote.words)
    numbers = {number(t) for t in words if any(c.isdigit() for c in t)}
    if numbers:
        return numbers
    content = [t for t in words if t not in ctx.cues.stopwords]
    return {stem(content[-1])} if content else set()


def number(token: str) -> str:
    """A number as written either way (`41,20` and `41.20` are the same amount)."""
    return token.replace(",", ".") if token[:1].isdigit() else token


def fits(quote: Quote, ctx: ReplyContext) -> bool:
    """True when a detail can fill some slot as the customer's words stand: never a person
    or a part of one (`my heart`);
    a span only naming the thing promised (`a callback within 48 hours`, not `a month` or
    `the surgery three times`); a reference, never a year (`SR-448217`, `parcel 88214`, not
    `1991`); one of their things whole, a thing of this case (not `your hopes`) and not an
    identifier (`uw klantnummer` is asked for, not sorted out)."""
    plain = normalise(quote.words)
    if any(ctx.cues.has("people", word) or ctx.cues.has("body", word)
           for word in person_forms(plain)):
        return False  # `your daughter`, `your heart`: a person or their body is not a task
    if quote.kind == "span":
        return article_first(quote) and len(quote.words.split()) >= 4 and not TIMES.search(
            quote.words)
    if quote.kind == "reference":
        return not YEAR.fullmatch(re.sub(r"\D", "", quote.words))
    if quote.kind == "stake":
        identifier = any(p.search(plain) for p in ctx.cues.slots.values())
        someone_elses = re.search(r"\w['’]s\s", quote.words)  # `my customer's door`
        return (whole_phrase(quote, ctx) and not identifier and not someone_elses
                and of_this_case(quote, ctx))
    return quote.kind == "amount"


def person_forms(plain: str) -> list[str]:
    """Each word of a detail as a person would be named, without a possessive ending
    (`dotters` -> `dotter`, `daughter's` -> `daughter`): `your daughter's birthday` is about
    a person, never a thing to sort out."""
    forms = []
    for word in plain.split():
        forms += [word, re.sub(r"['’]s$", "", word), re.sub(r"s$", "", word)]
    return forms


def overlaps(quote: Quote, other: Quote | None) -> bool:
    """True when two details share words (`118734` and `skadenummer 118734`)."""
    if other is None:
        return False
    a, b = quote.words.casefold(), other.words.casefold()
    return a in b or b in a


def of_this_case(quote: Quote, ctx: ReplyContext) -> bool:
    """True when the thing a possessive names (`my parcel`) is what the scenario is about:
    named in what the customer wants or in what the agent may offer (not `my overdraft`, a
    side remark); True without a scenario."""
    if not ctx.scenario:
        return True
    sc = ctx.scenario
    text = " ".join([sc.wants, *(o.text for o in sc.policy.may_offer)])
    known = {stem(t) for t in tokens(text) if not t[0].isdigit()}
    nouns = [t for t in tokens(quote.words)[1:] if t not in ctx.cues.stopwords]
    return bool(nouns) and stem(nouns[-1].removesuffix("'s")) in known


RECENT_TURNS = 4
"""Customer turns a tip draws its details from (the latest; quoting stays linear)."""


def whole_phrase(quote: Quote, ctx: ReplyContext) -> bool:
    """True when the customer's words end where the quote ends (`my money.`), not in the middle
    of a longer phrase (`my broken` of `my broken router`), which would fit no slot."""
    text = " ".join(ctx.customer_turns[-RECENT_TURNS:])
    for match in re.finditer(re.escape(quote.words), text):
        if re.match(r"[-‐'’]\w", text[match.end():]):
            return False  # `my catch` of `my catch-up bill`
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
    if quote.kind == "reference" and re.match(r"[A-ZÅÄÖŁŚŻ][a-zåäöąćęłńóśźż]", words):
        words = words[0].lower() + words[1:]  # `Bestelling 7719-2204` began her sentence
    if (language in (None, "en")) and quote.kind == "amount":
        words = f"the {words}"
    return words


DUTCH_ADDRESS = re.compile(
    r"\b(?:mevrouw|meneer)(?: (?:[Vv]an|[Dd]e[nr]?|[Tt]e[nr]?|[Ii]n|[Hh]et|'t))* [A-Z][\w'-]+")
"""`mevrouw`/`meneer` and a surname with its particles (`De Vries`, `van der Berg`)."""


def customer_name(ctx: ReplyContext) -> str:
    """How the reply should address the customer by name: as the trainee did, else from the
    scenario where the language allows it without knowing more (first name in English and
    Swedish, `mevrouw`/`meneer` + surname in Dutch when the scenario shows the gender)."""
    language = ctx.cues.language
    if language == "pl":
        used = re.search(r"\b(?:Pani|Panie) [A-ZĄĆĘŁŃÓŚŹŻ]\w+", ctx.text)
        return used.group(0) if used else ""
    if language == "nl":
        used = DUTCH_ADDRESS.search(ctx.text)  # `mevrouw De Vries`, not `mevrouw De`
        if used:
            return used.group(0)
        gender = scenario_gender(ctx)
        if gender and ctx.scenario:
            surname = " ".join(ctx.scenario.customer.name.split()[1:]) or ctx.scenario.customer.name
            surname = surname[:1].upper() + surname[1:]  # `de Vries` -> `mevrouw De Vries`
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
    text = re.sub(r"[.!]+(['’\"”]?)$", r"\1", offer.text.strip())  # the template ends it
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    first = ctx.scenario.customer.name.split()[0]
    for pattern, word in OFFER_PERSON.get(ctx.cues.language or "en", ()):
        text = re.sub(pattern.replace("NAME", re.escape(first)), word, text)
    if ctx.cues.language in (None, "en"):
        text = re.sub(r"\b(?:his|him|he|she|hers)\b", lambda m: PERSON_SWAP[m.group(0)], text)
        text = re.sub(r"\bher(?=\s+(?:a|an|the|one|today|when|if|back)\b)", "you", text)
        text = re.sub(r"\bher\b", "your", text)
    return text
