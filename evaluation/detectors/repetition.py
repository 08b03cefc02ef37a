"""Tricks that must not pay: keyword stuffing, parroting the customer, the same canned line,
the same promise again after the customer came back.

Seed 003: routine kills empathy; seed 000: short, mechanical answers feel cold; seed 001: stay
honest.
"""

from __future__ import annotations

from collections import Counter

from evaluation.context import WARM_GROUPS, ReplyContext, clip
from evaluation.details import copied_coverage, copied_share, tokens
from evaluation.reader.again import repeated_commitments, turned_down
from scenarios.matching import normalise


def detect(ctx: ReplyContext) -> None:
    """Record stuffing, parroting and canned repetition."""
    stuffing(ctx)
    parroting(ctx)
    canned(ctx)
    promised_again(ctx)


def stuffing(ctx: ReplyContext) -> None:
    """Warm words repeated, or warm words with almost nothing else said."""
    hits = [hit for group in WARM_GROUPS for hit in ctx.cues.find(group, ctx.plain)]
    if len(hits) < 2:
        return
    most = max(Counter(hits).values())
    cue_words = sum(len(tokens(hit)) for hit in hits)
    substance = len(ctx.words) - cue_words
    if most >= 3 or (most == 2 and substance < 15) or (len(hits) >= 3 and substance < 6):
        ctx.add("stuffing", len(hits), clip(ctx.text))


def parroting(ctx: ReplyContext) -> None:
    """Most of the reply is the customer's own sentence handed back (at least half its words
    sit in wording copied from the customer's last two turns) and nothing is added to it: a
    reply that says their details back in their words (natural in Swedish: `du har redan
    ringt två gånger`) and then acts on them or asks what is still missing is not parroting."""
    if len(ctx.words) < 6 or not ctx.customer_turns:
        return
    if ctx.acts.ownership or ctx.acts.questions_open:
        return
    source = " ".join(ctx.customer_turns[-2:])
    if copied_coverage(ctx.text, source) >= 0.5:
        ctx.add("parroting", 1, clip(ctx.text))


def canned(ctx: ReplyContext) -> None:
    """Sentences already used in earlier replies, word for word."""
    if not ctx.earlier_replies:
        return
    repeats = [s for s in ctx.sentences
               if len(tokens(s)) >= 4 and normalise(s) in ctx.said_before]
    if repeats:
        ctx.add("canned_repeat", len(repeats), clip(repeats[0]))
    elif any(copied_share(ctx.text, earlier) >= 0.7 for earlier in ctx.earlier_replies):
        ctx.add("canned_repeat", 1, clip(ctx.text))


def promised_again(ctx: ReplyContext) -> None:
    """A step or fix an earlier reply already committed to, offered again once the customer has
    come back to say it has not happened or turned it down (`I'll pass it to the warehouse and
    call you tomorrow` after `Nobody called`; `You can return it free` after `Free? The form
    charges €39`); not after a calm `OK, thanks`, nor when they answer a question and wait for
    the check the agent is still making."""
    if not ctx.earlier_replies or ctx.calm or not turned_down(
            ctx.last_customer, ctx.earlier_replies[-1], ctx.cues):
        return
    repeats = repeated_commitments(ctx.text, ctx.earlier_replies, ctx.cues)
    if repeats:
        ctx.add("promise_again", len(repeats), clip(repeats[0]))
