"""Listening: acknowledges, reflects the customer's details, answers what was asked, asks useful
questions, never re-asks, does not sell or redirect instead.

Seed 001 (listen well, acknowledgement words), 002 (listen without interrupting or judging;
know your customer), 003 (answer the question).
"""

from __future__ import annotations

import re

from evaluation.context import HEARD_GROUPS, WARM_GROUPS, ReplyContext, clip
from evaluation.cues import NEVER
from evaluation.details import Detail, reflected, same_word, sentences, stem, tokens
from evaluation.policy import clauses, negated, said_matches
from evaluation.reader.done import reports_done
from evaluation.values import MONTH, values
from scenarios.matching import find_keywords, normalise

VALUES: dict[str, re.Pattern[str]] = {
    "reference": re.compile(r"\b[A-Za-z]{0,4}[-#]?\d{4,}\b"),
    "address": re.compile(
        r"\b\w+(?:straat|laan|weg|gracht|plein|singel|kade|gatan|vägen|gränd|street|road|"
        r"avenue|lane)\s+\d+\w*|\bul\.\s*\w+\s+\d+", re.IGNORECASE),
    "email": re.compile(r"\b\S+@\S+\.\w+\b"),
    "birth_date": re.compile(r"\b\d{6}(?:\d{2})?[-+]\d{4}\b|\b\d{11}\b"),
    "phone": re.compile(r"\+?\d[\d ()-]{6,}\d"),
    "date": re.compile(
        r"\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b"
        r"|\b\d{1,2}(?:st|nd|rd|th|e|:e|\.)(?!\w)"
        rf"|(?<!\w)(?:{MONTH})(?!\w)",
        re.IGNORECASE,
    ),
}
"""Values that show a customer already gave a slot, whatever the language."""


def detect(ctx: ReplyContext) -> None:
    """Record acknowledgement, reflection, questions (useful or repeated), redo requests,
    upselling or redirecting, and what was ignored or taken up."""
    tricked = ctx.has("stuffing", "parroting")
    if not tricked:
        ctx.add("acknowledgement", len(ctx.cues.find("acknowledge", ctx.plain)),
                ctx.quote("acknowledge"))
        reflection(ctx)
    questions(ctx)
    redo(ctx)
    sidetracked(ctx)
    ignored(ctx)


def reflection(ctx: ReplyContext) -> None:
    """The customer's numbers, names and words (and scenario facts) used in the reply."""
    warm = frozenset(t for g in WARM_GROUPS for hit in ctx.cues.find(g, ctx.plain)
                     for t in tokens(hit))
    hits = reflected(ctx.text, ctx.details, warm)
    weight = sum(1.0 if d.kind != "word" else 0.5 for d in hits)
    restated = same_values(ctx, hits)
    weight += len(restated)
    hits += [Detail(words, "number") for words in restated]
    if ctx.scenario:
        keywords = [k for fact in ctx.scenario.facts for k in fact.keywords]
        weight += len(find_keywords(ctx.text, keywords)) * 0.5
    if weight >= 1:
        ctx.add("reflected_detail", int(weight), ", ".join(d.words for d in hits[:3]))


def same_values(ctx: ReplyContext, hits: list[Detail]) -> list[str]:
    """The customer's amounts, dates and times that the reply restates in another format
    (`£2,000` as `2000 pounds`, `4 March` as `4/3`, `2pm` as `14:00`), not already counted."""
    said = {(v.kind, v.key) for turn in ctx.customer_turns for v in values(turn)}
    if not said:
        return []
    counted = {digits(d.words) for d in hits}
    restated: dict[tuple[str, str], str] = {}
    for value in values(ctx.text):
        if (value.kind, value.key) in said and digits(value.words) not in counted:
            restated.setdefault((value.kind, value.key), value.words)
    return list(restated.values())


def digits(text: str) -> str:
    """The digits of a text (`order 4471` -> `4471`), to tell whether a value was counted."""
    return "".join(ch for ch in text if ch.isdigit())


def questions(ctx: ReplyContext) -> None:
    """Useful open questions, and questions asking again for what the customer already said."""
    asked = [s for s in ctx.sentences if "?" in s]
    requested = [s for s in ctx.sentences if "?" not in s and requests(ctx, s)]
    earlier = [s for r in ctx.earlier_replies for s in _questions(r)]
    repeats = [
        q for q in asked
        if not ctx.cues.has("priority", normalise(q)) and (
            asks_given(ctx, q) or asks_again(ctx, q) or repeats_question(q, earlier)
            or about_done(ctx, q) or asks_stated(ctx, q))
    ]  # `Is the date what matters most, or the place?` explores; it does not ask again
    repeats += [s for s in requested if asks_given(ctx, s) or about_done(ctx, s)]
    repeats += [s for s in asked + requested if s not in repeats and asks_earlier(ctx, s)]
    if repeats:
        ctx.add("repeated_question", len(repeats), clip(repeats[0]))
    useful = [q for q in asked if q not in repeats and ctx.cues.has("open_question", normalise(q))]
    if useful and not ctx.has("parroting"):
        ctx.add("open_question", len(useful), clip(useful[0]))


def requests(ctx: ReplyContext, sentence: str) -> bool:
    """True when a sentence without `?` asks the customer for something (`Please give me your
    account number`, `Proszę podać numer konta`, `behöver jag ditt ordernummer`)."""
    plain = normalise(sentence)
    asking = any(ctx.cues.has(g, plain) for g in ("please", "instruct", "need_from_you")) or (
        ctx.cues.groups.get("imperative", NEVER).match(plain))  # `Skicka ditt ordernummer`
    return bool(asking) and not ctx.cues.has("negation", plain) and not reports_done(
        plain, ctx.cues)


def _questions(text: str) -> list[str]:
    """Question sentences of an earlier reply."""
    return [s for s in sentences(text) if "?" in s]


def done_words(ctx: ReplyContext) -> set[str]:
    """Word starts of customer sentences saying they already did or said something, less the
    words of the case itself, which their other sentences use too (`I've been back to your
    shop twice about these glasses ... I just want glasses I can use`: `glasses` is the case,
    and a question about it asks nothing again)."""
    said, other = [], []
    for turn in ctx.customer_turns:
        for part in parts(ctx, turn):  # `The check is on Friday and I've already moved`
            theirs = ctx.cues.has("already_done", part) and not (  # not `you removed it twice`
                ctx.cues.has("second_person", part) and not ctx.cues.has("first_person", part))
            (said if theirs else other).append(part)
    case = {w for s in other for w in content(s, ctx)}
    return {w for s in said for w in content(s, ctx)} - case


def parts(ctx: ReplyContext, text: str) -> list[str]:
    """The text's clauses, also cut at `and` (`och`, `en`, `i`): what the customer says they
    already did is the part that says so, not the whole sentence."""
    joins = ctx.cues.groups.get("joins", NEVER)
    return [p.strip() for c in clauses(text) for p in joins.split(c) if p.strip()]


def content(sentence: str, ctx: ReplyContext) -> set[str]:
    """Word starts (5 letters) of the sentence's content words."""
    return {
        t[:5] for t in tokens(sentence)
        if len(t) >= 4 and not t[0].isdigit() and t not in ctx.cues.stopwords
    }


def about_done(ctx: ReplyContext, sentence: str) -> bool:
    """True when the sentence is about something the customer says they already did or gave."""
    done = done_words(ctx)
    return bool(done and content(sentence, ctx) & done)


def redo(ctx: ReplyContext) -> None:
    """Telling the customer to do what they say they already did (fill in the form again...)."""
    told = [s for s in ctx.sentences if "?" not in s and instructs_done(ctx, s)]
    if told:
        ctx.add("redo_request", len(told), clip(told[0]))


def instructs_done(ctx: ReplyContext, sentence: str) -> bool:
    """True when an instruction that no negation cancels is followed, in its own clause, by
    something the customer says they already did, or tells them to try again, once they said
    they already tried (`You need to fill in the form again`, `I'd suggest calling again
    tomorrow`; not `I won't ask you to call again`, nor `you can pick it up at the depot`)."""
    instruct = ctx.cues.groups.get("instruct", NEVER)
    done = done_words(ctx)
    if not done:
        return False
    for clause in clauses(sentence):
        for match in instruct.finditer(clause):
            if negated(clause, match, ctx.cues):
                continue
            rest = clause[match.end():]
            if content(rest, ctx) & done or ctx.cues.has("retry", clause):
                return True
    return False


def slots_asked(ctx: ReplyContext, plain: str) -> list[str]:
    """The slots a question asks for, the longest wording winning: "date of birth" asks for
    the birth date, not for the date something happened."""
    found = {
        slot: [m.span() for m in pattern.finditer(plain)]
        for slot, pattern in ctx.cues.slots.items()
        if not slot.endswith("_given")
    }
    spans = [(slot, span) for slot, each in found.items() for span in each]

    def inside(span: tuple[int, int], slot: str) -> bool:
        return any(
            other != slot and o[0] <= span[0] and span[1] <= o[1] and o != span
            for other, o in spans
        )

    return [slot for slot, each in found.items() if any(not inside(s, slot) for s in each)]


def asks_given(ctx: ReplyContext, question: str) -> bool:
    """True when the question asks for a slot the customer already filled."""
    plain = normalise(question)
    customer = " ".join(ctx.customer_turns)
    for slot in slots_asked(ctx, plain):
        if slot == "date" and ctx.cues.has("scheduling", plain):
            continue  # `Which day this week suits you for delivery?` plans, it does not ask again
        value = VALUES.get(slot)
        used = value.search(question) if value else None
        if used and normalise(used.group(0)) in normalise(customer):
            continue  # the reply states the customer's own value: it uses it, not asks for it
        given = ctx.cues.slots.get(f"{slot}_given")
        if (value and value.search(customer)) or (given and given.search(ctx.customer_plain)):
            return True
    return False


def asks_again(ctx: ReplyContext, question: str) -> bool:
    """True when the question asks for something *again* (`What was your order number again?`,
    `Vad var skadenumret igen?`): a repeat signal whatever the slot, once the customer spoke."""
    plain = normalise(question)
    if not ctx.customer_turns or not ctx.cues.has("ask_again", plain):
        return False
    return ctx.cues.has("open_question", plain) or any(
        pattern.search(plain) for pattern in ctx.cues.slots.values()
    )


def asks_earlier(ctx: ReplyContext, sentence: str) -> bool:
    """True when the sentence asks for what an earlier reply asked for and the customer has
    since given (a number, or words saying they did): `Please give me the contract number`
    after `Could you give me the contract number?` - `It's 2015/KH/44812.`"""
    mine = content(sentence, ctx)
    for reply, answer in zip(ctx.earlier_replies, ctx.customer_turns[1:], strict=False):
        gave = any(ch.isdigit() for ch in answer) or ctx.cues.has("already_done", normalise(
            answer))
        if not gave:
            continue
        for earlier in sentences(reply):
            if "?" not in earlier and not requests(ctx, earlier):
                continue
            theirs = content(earlier, ctx)
            shared = sum(any(same_word(w, t) for t in mine) for w in theirs)
            if theirs and shared >= min(2, len(theirs)) and shared >= len(theirs) / 2:
                return True
    return False


def asks_stated(ctx: ReplyContext, question: str) -> bool:
    """True for a question about what the customer plainly stated: every content word of it
    (two at least) is in one customer statement (`Was the parcel left behind the bins?`
    after `Your driver left my parcel behind the bins`)."""
    mine = content(question, ctx)
    if len(mine) < 2:
        return False
    statements = [s for turn in ctx.customer_turns for s in sentences(turn) if "?" not in s]
    return any(
        all(any(same_word(word, theirs) for theirs in content(s, ctx)) for word in mine)
        for s in statements
    )


def repeats_question(question: str, earlier: list[str]) -> bool:
    """True when an earlier reply asked (nearly) the same question."""
    mine = {stem(t) for t in tokens(question)}
    for other in earlier:
        theirs = {stem(t) for t in tokens(other)}
        if mine and len(mine & theirs) / len(mine | theirs) >= 0.6:
            return True
    return False


def asked_about(text: str, ctx: ReplyContext) -> set[str]:
    """Stems of the content words of a question (or, when it has none, such as `What is going
    on?`, of the whole customer turn)."""
    return {stem(t) for t in tokens(text) if t not in ctx.cues.stopwords and len(t) > 3}


def sidetracked(ctx: ReplyContext) -> None:
    """Selling something else (`Did you know...`, `Before you go...`) or sending the customer
    to someone else (`You'll need to contact the seller`) instead of answering them."""
    if not ctx.customer_turns:
        return
    off = [
        s for s in ctx.sentences
        if ctx.cues.has("upsell", normalise(s))
        or next(said_matches(s, ctx.cues.groups.get("redirect", NEVER), ctx.cues), None)
    ]
    if off:
        ctx.add("sidetracked", len(off), clip(off[0]))


def ignored(ctx: ReplyContext) -> None:
    """A stated emotion with no acknowledgement (or nothing acknowledged at all: a fix to
    follow for what they told us takes it up, seed 003); a direct question the reply does not
    answer (no answer, fix, information, step or limit stated: a reply that only repeats the
    question's words in sympathy does not answer it), or does; a request it commits itself to."""
    warm = any(ctx.cues.has(g, ctx.plain) for g in HEARD_GROUPS)
    if ctx.customer_upset and not warm and ctx.cues.language and not ctx.fixed_now:
        ctx.add("ignored_emotion", 1, "")
    elif ctx.customer_turns and ctx.cues.language and not warm and not ctx.has("parroting") \
            and not ctx.cues.has("thanks", ctx.plain) and not ctx.acts.answers_question \
            and not ctx.acts.instructions:
        ctx.add("unacknowledged", 1, "")
    question = next((s for s in reversed(sentences(ctx.last_customer)) if "?" in s), "")
    if not question:
        if ctx.customer_turns and commits(ctx) and not ctx.has(*OFF_TRACK):
            ctx.add("answered_question", 1, "")
        return
    acts = ctx.acts
    content = asked_about(question, ctx) or asked_about(ctx.last_customer, ctx)
    answered = bool(acts.answers_question or acts.ownership or acts.next_step or acts.fixes
                    or ctx.cues.has("limit", ctx.plain) or states_about(ctx, content))
    if not answered and not acts.questions:  # naming their words (`Ellie`, `the money`) in
        ctx.add("ignored_question", 1, clip(question))  # sympathy answers nothing
    elif content and not ctx.has(*OFF_TRACK) and not refusing(ctx):
        ctx.add("answered_question", 1, "")


NOT_A_STATEMENT = ("feeling", "sorry", "acknowledge", "reaction", "imagine", "praise",
                   "canned_phrase", "calm_down", "self_focus", "thanks", "greeting", "closing",
                   "second_person", "deflect", "send_elsewhere", "vague")
"""Cues of a sentence that sympathises, thanks, talks about the customer or sends them on:
whatever words of the question it repeats, it states nothing about the matter."""


def states_about(ctx: ReplyContext, asked: set[str]) -> bool:
    """True when a plain statement of the reply is about what was asked (`The selfie stick
    may be incompatible with Android 5.2` to `Why can't the selfie stick be used?`): an
    answer in words the reader has no cue for. Sympathy that repeats the question's words
    (`Saving for your son like that was so loving`) states nothing about it."""
    for sentence in ctx.sentences:
        plain = normalise(sentence)
        if "?" in sentence or any(ctx.cues.has(g, plain) for g in NOT_A_STATEMENT):
            continue
        if asked & {stem(t) for t in tokens(sentence)}:
            return True
    return False


def refusing(ctx: ReplyContext) -> bool:
    """True when the reply only says what cannot be done (`I can't help you with that`):
    it does not ignore the question, but it does not answer it either."""
    return ctx.cues.has("limit", ctx.plain) and not (ctx.acts.fixes or commits(ctx))


OFF_TRACK = ("sidetracked", "repeated_question", "parroting", "stuffing")
"""Findings that mean a reply did not take up what the customer asked, whatever it says."""


def commits(ctx: ReplyContext) -> bool:
    """True when the reply commits itself to act on what the customer asked for (`I'll...`,
    a promise), no negation cancelling it."""
    return any(
        next(said_matches(ctx.text, ctx.cues.groups.get(g, NEVER), ctx.cues), None)
        for g in ("ownership", "over_promise", "firm_promise")
    )
