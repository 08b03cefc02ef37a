"""Understanding: names the feeling, grasps the impact, meets hidden needs; lagom, not too much.

Seed 001 (show understanding: "In uw situatie zou ik me precies zo voelen"; make the customer
feel unique), seed 000 (empathy without mixing up who is who; too much: stuck in feelings,
unkeepable promises), seed 002 (sympathise; know your customer).
"""

from __future__ import annotations

from evaluation.context import HEARD_GROUPS, WARM_GROUPS, ReplyContext, clip
from evaluation.cues import NEVER
from evaluation.policy import match_policy
from scenarios.matching import find_keywords, normalise


def detect(ctx: ReplyContext) -> None:
    """Record feelings named, impact, needs, and the ways empathy is overdone or skipped."""
    if not ctx.has("stuffing", "parroting"):
        feeling(ctx)
        ctx.add("impact", len(ctx.cues.find("impact", ctx.plain)), ctx.quote("impact"))
    needs(ctx)
    overdone(ctx)
    rushed(ctx)


def feeling(ctx: ReplyContext) -> None:
    """The feeling named or validated, in general words or the customer's own, in sentences
    not said before: `Wat vervelend voor u.` said again word for word names nothing new. A
    feeling pinned on the customer that they never voiced names nothing they feel (seed 000:
    empathy without mixing up who is who)."""
    pinned = presumed(ctx)
    if pinned:
        ctx.add("wrong_feeling", len(pinned), clip(pinned[0]))
    fresh = [s for s in ctx.sentences if normalise(s) not in ctx.said_before and s not in pinned]
    named = [s for s in fresh if ctx.cues.has("feeling", normalise(s))]
    count = sum(len(ctx.cues.find("feeling", normalise(s))) for s in named)
    quote = clip(named[0]) if named else ""
    if ctx.feeling:
        own = ctx.cues.feelings[ctx.feeling].mirror
        mirrored = [s for s in fresh if own.search(normalise(s))]
        count += len(mirrored)
        quote = quote or (mirrored[0] if mirrored else "")
    ctx.add("feeling_named", count, quote)


def presumed(ctx: ReplyContext) -> list[str]:
    """Sentences telling the customer they feel what they never said (`I'm sorry you're
    feeling so embarrassed` to a parent fighting a rejection, `u voelt zich vast schuldig`):
    a feeling word the customer did not use, pinned on them by `you` before it."""
    if not ctx.customer_turns:
        return []
    said = ctx.customer_plain
    pattern = ctx.cues.groups.get("presumed_feeling", NEVER)
    pinned = []
    for sentence in ctx.sentences:
        plain = normalise(sentence)
        if any(match.group(0) not in said and whose(ctx, plain[: match.start()]) == "you"
               for match in pattern.finditer(plain)):
            pinned.append(sentence)
    return pinned


PINNED_WINDOW = 6
"""Words before a feeling word in which a person word says whose feeling it is."""


def whose(ctx: ReplyContext, before: str) -> str:
    """`you` or `me` by the person word nearest before a feeling word (`I'm sorry you're
    feeling so embarrassed`: you; `Ik schaam me`: me), '' when none is near."""
    for word in reversed(before.split()[-PINNED_WINDOW:]):
        if ctx.cues.has("negation", word):
            return ""  # `Maak je geen zorgen`, `don't worry`: no feeling pinned
        if ctx.cues.has("second_person", word):
            return "you"
        if ctx.cues.has("first_person", word) or ctx.cues.has("plural_we", word):
            return "me"
    return ""


def needs(ctx: ReplyContext) -> None:
    """Hidden needs of the scenario explored or addressed."""
    if not ctx.scenario:
        return
    policy = match_policy(ctx.text, ctx.scenario, ctx.cues)
    met_by = [
        k for n in ctx.scenario.hidden_needs if n.id in policy.needs_addressed for k in n.met_by
    ]
    quote = next((s for s in ctx.sentences if find_keywords(s, met_by)), "")
    ctx.add("need_addressed", len(policy.needs_addressed), clip(quote) if quote else "")
    ctx.add("need_explored", len(policy.needs_touched), ", ".join(policy.needs_touched))


def overdone(ctx: ReplyContext) -> None:
    """Stacked apologies, the agent's own feelings, and dwelling without moving on."""
    sorry = len(ctx.cues.find("sorry", ctx.plain))
    acts = ctx.acts
    helpless = not (acts.fixes or acts.next_step or acts.ownership or acts.questions)
    if sorry >= 3 or (sorry >= 2 and (len(ctx.words) <= 20 or helpless)):
        ctx.add("over_apologised", sorry, ctx.quote("sorry"))
    elif sorry and sincere(ctx) and not ctx.has("stuffing", "parroting", "stock_apology"):
        ctx.add("apology", 1, ctx.quote("sorry"))
    ctx.add("self_focus", len(ctx.cues.find("self_focus", ctx.plain)), ctx.quote("self_focus"))
    warm = sum(len(ctx.cues.find(g, ctx.plain)) for g in WARM_GROUPS)
    moving = ctx.has("ownership", "next_step", "open_question", "offer", "admits_limit",
                     "concrete_help")  # a fix already made moves on too
    if warm >= 3 and not moving and len(ctx.words) > 20:
        ctx.add("dwelling", 1, "")


def sincere(ctx: ReplyContext) -> bool:
    """True when an apology is more than a service formula (`sorry for the inconvenience`):
    seed 001 asks for one sincere apology; a formula is said to everyone."""
    return any(ctx.cues.has("sorry", p) and not ctx.cues.has("canned_phrase", p)
               for p in map(normalise, ctx.sentences))


def rushed(ctx: ReplyContext) -> None:
    """Straight to the fix while the customer is upset and nothing acknowledges it."""
    warm = any(ctx.cues.has(g, ctx.plain) for g in HEARD_GROUPS)
    acting = ctx.has("ownership", "next_step", "offer")
    if ctx.customer_upset and acting and not warm and not ctx.fixed_now \
            and not ctx.has("stuffing", "formality"):
        ctx.add("rushed_solution", 1, "")
