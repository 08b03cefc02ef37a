"""Tone: calm, assured and polite; formal address where expected; no blame, sarcasm or shouting.

Seed 001 (mind your tone: calm and sure, not over-enthusiastic), seed 000 (too little empathy:
short, mechanical, cold), seed 003 (friendliness and politeness top the happy makers).
"""

from __future__ import annotations

import re

from evaluation.context import ReplyContext, clip
from evaluation.cues import NEVER
from evaluation.details import tokens
from evaluation.detectors.listening import content
from evaluation.policy import clauses, said_matches
from scenarios.matching import normalise

CAPS = re.compile(r"\b[A-ZÅÄÖĄĆĘŁŃÓŚŹŻ]{2,}\b")
BANGS = re.compile(r"!{2,}|\?{2,}|[!?]{3,}")
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
ALLOWED_CAPS = frozenset(
    {"OK", "ID", "PIN", "IBAN", "BSN", "PESEL", "SMS", "PDF", "EU", "AM", "PM"}
)

FORMULAS = ("canned_phrase", "please_start", "imperative")
COURTESIES = ("thanks", "please", "offer_help", "plural_we", "praise", "hedge", "indirect_request")
"""Politeness findings that do not lift tone around a brush-off (seed 003: routine kills
empathy; a stock apology or a "please send us a private message" is no kinder for its
thanks and please)."""
BRUSH_OFF = ("scripted", "stock_apology", "deflection")
"""Findings of a reply that puts the customer off instead of helping."""
"""Tone findings a greeting or closing is not marked down for."""
SIMPLE = {
    "thanks": "thanks",
    "greeting": "greeting",
    "hedge": "hedge",
    "calm_down": "calm_down",
    "sarcasm": "sarcasm",
    "factuality": "factuality",
    "rude": "rude",
    "jargon": "jargon",
    "canned_phrase": "canned_phrase",
    "offer_help": "offer_help",
    "praise": "praise",
    "plural_we": "plural_we",
    "indirect": "indirect_request",
    "by_the_way": "by_the_way",
}
"""Cue groups that map one-to-one onto a tone criterion."""


def detect(ctx: ReplyContext) -> None:
    """Record politeness, address, blame, sarcasm, shouting, jargon and curtness."""
    for group, criterion in SIMPLE.items():
        ctx.add(criterion, len(ctx.cues.find(group, ctx.plain)), ctx.quote(group))
    scare_quotes(ctx)
    owned = ctx.plain
    for group in ("owns_fault", "exonerate"):  # `det är vårt fel` owns it; it is not harsh
        owned = ctx.cues.groups.get(group, NEVER).sub(" ", owned)
    ctx.add("negative_word", len(ctx.cues.find("negative_word", owned)),
            ctx.quote("negative_word"))
    offered = list(said_matches(ctx.text, ctx.cues.groups.get("offer_help", NEVER), ctx.cues))
    ctx.found.pop("offer_help", None)  # `I can't help you with that` offers no help
    ctx.add("offer_help", len(offered), ctx.quote("offer_help") if offered else "")
    own_thanks(ctx)
    negation(ctx)
    blame(ctx)
    sentence_starts(ctx)
    please(ctx)
    address(ctx)
    shouting(ctx)
    if ctx.customer_upset:
        ctx.add("enthusiasm", len(ctx.cues.find("enthusiasm", ctx.plain)) + has_emoji(ctx),
                ctx.quote("enthusiasm"))
    melodrama(ctx)
    curt(ctx)
    if ctx.has(*BRUSH_OFF) and not ctx.has("concrete_help"):
        for courtesy in COURTESIES:
            ctx.found.pop(courtesy, None)
    if ctx.has("formality"):
        for stock in FORMULAS:
            ctx.found.pop(stock, None)  # a goodbye is a formula by nature, and `please` starts it


def melodrama(ctx: ReplyContext) -> None:
    """Dramatic sympathy: cries of shock (`oh my god`, `herregud`), heartbreak words, a breezy
    `don't worry!`, or, to an upset customer, two or more sentences ending in `!` (seed 001:
    calm and sure; seed 000: too much empathy). A cheerful goodbye is not drama."""
    cries = ctx.cues.find("melodrama", ctx.plain)
    exclaimed = [s for s in ctx.sentences if s.rstrip().endswith("!")]
    count = len(cries) + (ctx.customer_upset and len(exclaimed) >= 2)
    quote = ctx.quote("melodrama") or (clip(exclaimed[0]) if exclaimed else "")
    ctx.add("melodrama", count, quote)


def about_their_case(ctx: ReplyContext) -> bool:
    """True when the reply takes up a content word of the customer's latest line (`phone` of
    `my SIM stopped working in my new phone`), not only a formula (`Anything else?`)."""
    return bool(content(ctx.text, ctx) & content(ctx.last_customer, ctx))


def own_thanks(ctx: ReplyContext) -> None:
    """Thanks that are the reply's own: a stock line (`thank you for your understanding`)
    is a script, not gratitude."""
    own = [s for s in ctx.sentences if ctx.cues.has("thanks", normalise(s))
           and not ctx.cues.has("canned_phrase", normalise(s))]
    ctx.found.pop("thanks", None)
    ctx.add("thanks", len(own), clip(own[0]) if own else "")


def sentence_starts(ctx: ReplyContext) -> None:
    """Questions opening with `why` or a bare `what/how...`, bare commands, `you...` and `so...`
    openings (politeness)."""
    for group, criterion in (("you_start", "you_start"), ("direct_start", "direct_start"),
                             ("first_person", "first_person_start"), ("praise", "deference")):
        hits = opening_with(ctx, group)
        ctx.add(criterion, len(hits), clip(hits[0]) if hits else "")
    commands = [s for s in opening_with(ctx, "imperative") if "?" not in s]
    ctx.add("imperative", len(commands), clip(commands[0]) if commands else "")
    why = [s for s in ctx.sentences if "?" in s and ctx.cues.has("why", normalise(s))]
    why += [s for s in opening_with(ctx, "why") if s not in why]
    ctx.add("why_question", len(why), clip(why[0]) if why else "")
    direct = [
        q for q in opening_with(ctx, "open_question")
        if "?" in q and not any(ctx.cues.has(g, normalise(q)) for g in ("hedge", "please"))
    ]
    ctx.add("direct_question", len(direct), clip(direct[0]) if direct else "")
    if ctx.text.count("?") >= 2:
        ctx.add("many_questions", ctx.text.count("?"), clip(ctx.text))


def negation(ctx: ReplyContext) -> None:
    """Negative phrasing, except a negation that takes a burden off the customer (`it can
    come from her estate, not from you`, `you don't need to do anything`: the `relief` cues)
    or clears them (`it's not your fault`: `exonerate`): that reassures, it is not defensive."""
    lifted = [ctx.cues.groups.get(g, NEVER) for g in ("relief", "exonerate")]
    hits = []
    for sentence in ctx.sentences:
        plain = normalise(sentence)
        for pattern in lifted:
            plain = pattern.sub(" ", plain)
        hits += [sentence for _ in ctx.cues.find("negation", plain)]
    ctx.add("negation", len(hits), clip(hits[0]) if hits else "")


QUOTED = re.compile(r"(?:^|(?<=\s))[\"'„“‘«]([^\"„“”‘’«»]{2,40}?)[\"'”’»](?!\w)")
"""A short span in quotation marks, opening after a space (not the `'` of `hasn't`)."""
DENIAL_WORDS = 3
"""How close before the quotation mark a negation must stand to deny the quoted words."""


def scare_quotes(ctx: ReplyContext) -> None:
    """The customer's own word thrown back in quotation marks right after a denial (`The money
    hasn't 'gone missing'`, `Nikt tu niczego nie „liczy”`): sarcasm. Quoting them to agree
    (`You're right that 'always genuine' was no answer`), or rejecting words the customer
    quoted from someone else (`it's not 'just a dresser'`), is not."""
    theirs = {t[:4] for t in tokens(ctx.customer_plain) if len(t) >= 4}
    cited = {t[:4] for turn in ctx.customer_turns for span in QUOTED.findall(turn)
             for t in tokens(span)}  # what the customer quoted someone else saying
    thrown = [
        sentence for sentence in ctx.sentences
        for match in QUOTED.finditer(sentence)
        if ctx.cues.has("negation", " ".join(tokens(sentence[: match.start()])[-DENIAL_WORDS:]))
        and any(t[:4] in theirs - cited for t in tokens(match.group(1)) if len(t) >= 4)
    ]
    if thrown:
        ctx.found.pop("sarcasm", None)
        ctx.add("sarcasm", len(ctx.cues.find("sarcasm", ctx.plain)) + len(thrown),
                ctx.quote("sarcasm") or clip(thrown[0]))


def blame(ctx: ReplyContext) -> None:
    """Blaming words, except where the reply reports what someone else said (`a rejection
    saying you didn't lock it` quotes the blame, it does not make it) or clears the customer
    (`it's not your fault`, `you didn't do anything wrong`: the `exonerate` cues)."""
    pattern = ctx.cues.groups.get("blame")
    if pattern is None:
        return
    clearing = ctx.cues.groups.get("exonerate", NEVER)
    own = [
        match.group(0) for clause in clauses(ctx.text)
        for match in pattern.finditer(clearing.sub(" ", clause))
        if not ctx.cues.has("reported", clearing.sub(" ", clause)[: match.start()])
    ]
    ctx.add("blame", len(own), ctx.quote("blame") if own else "")


def please(ctx: ReplyContext) -> None:
    """`please` inside a request softens it; opening a sentence with it makes an order."""
    opening = [s for s in opening_with(ctx, "please")
               if not ctx.cues.has("acknowledge", normalise(s))]  # `Proszę bardzo.` welcomes
    ctx.add("please_start", len(opening), clip(opening[0]) if opening else "")
    inside = len(ctx.cues.find("please", ctx.plain)) - len(opening)
    ctx.add("please", inside, ctx.quote("please"))


def opening_with(ctx: ReplyContext, group: str) -> list[str]:
    """The reply's sentences whose first words are a cue of the group."""
    pattern = ctx.cues.groups.get(group)
    if pattern is None:
        return []
    return [s for s in ctx.sentences if pattern.match(normalise(s))]


def address(ctx: ReplyContext) -> None:
    """Formal address where the language expects it (Dutch u, Polish Pan/Pani)."""
    informal = ctx.cues.find("informal", ctx.plain)
    if informal:
        ctx.add("informal_address", len(informal), ctx.quote("informal"))
    elif ctx.cues.has("formal", ctx.plain):
        ctx.add("formal_address", 1, ctx.quote("formal"))


def shouting(ctx: ReplyContext) -> None:
    """Shouted words and strings of `!`. A capitalised word is shouted when it is an ordinary
    word of the language (`NOT`, `ALREADY`), stands next to another capitalised word
    (`I TOLD YOU`) or is long (`UNACCEPTABLE`); a lone short one is an acronym (`NPOV`, `IBAN`)."""
    caps = [m for m in CAPS.finditer(ctx.text) if m.group(0) not in ALLOWED_CAPS]
    loud = [m.group(0) for i, m in enumerate(caps) if shouted(m, caps, i, ctx)]
    bangs = len(BANGS.findall(ctx.text))
    if loud or bangs:
        ctx.add("shouting", len(loud) + bangs, clip(ctx.text))


def shouted(match: re.Match[str], caps: list[re.Match[str]], i: int, ctx: ReplyContext) -> bool:
    """True when the capitalised word at position i of `caps` reads as shouting."""
    word = match.group(0)
    if len(word) >= 6 or (word.lower() in ctx.cues.stopwords and len(word) >= 3):
        return True
    touching = [
        other for j, other in enumerate(caps) if abs(j - i) == 1
        and not ctx.text[min(other.end(), match.end()):max(other.start(), match.start())].strip()
    ]
    return len(word) >= 3 and any(len(o.group(0)) >= 2 for o in touching)


def has_emoji(ctx: ReplyContext) -> int:
    """1 when the reply carries an emoji (cheerful with an upset customer)."""
    return int(bool(EMOJI.search(ctx.text)))


def curt(ctx: ReplyContext) -> None:
    """Very short replies with no warmth at all."""
    if not ctx.customer_turns or not ctx.cues.language and len(ctx.words) > 5:
        return
    if ctx.has("formality", "open_question", "concrete_help", "reflection"):
        return  # short is not curt when it greets, asks, helps or says back what was said
    if ctx.has("closed_question") and not ctx.acts.asks_details and about_their_case(ctx):
        return  # `Is the new phone locked to another network?` asks; `Account number?` demands
    groups = ("acknowledge", "feeling", "sorry", "please", "thanks", "greeting")
    warm = any(ctx.cues.has(g, ctx.plain) for g in groups)
    if len(ctx.words) <= 4 or (len(ctx.words) <= 10 and not warm):
        ctx.add("curt", 1, clip(ctx.text))
