"""Honesty: ownership and a concrete next step, limits admitted, no excuses, no empty promises.

Seed 001 (stay honest: fix it, no excuses or long explanations; "Ik ga u helpen om dit op te
lossen"), seed 000 (too much empathy: promises that cannot be kept).
"""

from __future__ import annotations

from evaluation.context import ReplyContext, clip
from evaluation.cues import NEVER
from evaluation.policy import (
    agent_matches,
    clauses,
    match_policy,
    negated_matches,
    said_matches,
)
from evaluation.reader.acts import takes_no_action
from evaluation.reader.done import reports_done
from scenarios.matching import normalise


def detect(ctx: ReplyContext) -> None:
    """Record ownership, next steps, admitted limits, excuses, promises and honesty markers."""
    cues = ctx.cues
    plains = [(s, p, reports_done(p, cues)) for s, p in ((s, normalise(s)) for s in ctx.sentences)
              if not takes_no_action(p, cues)  # `I'll need your number` asks, it owns nothing
              and not cues.has("need_from_you", p)]
    owning = cues.groups.get("ownership", NEVER)
    owned = [m for s, p, _ in plains if not ("?" in s and cues.has("closing", p))
             for m in said_matches(s, owning, cues)]  # `Anything else I can do?` owns nothing
    done = [s for s, _, fixed in plains if "?" not in s and fixed]
    ctx.add("ownership", len(owned) + len(done),  # `I've cancelled it` owns it by doing it
            quote_of(ctx, owned) or (clip(done[0]) if done else ""))
    stepping = cues.groups.get("next_step", NEVER)
    steps = [m for s, p, fixed in plains if fixed or cues.has("acting", p)
             for m in agent_matches(s, stepping, cues)]  # a date or a refund named is no step
    ctx.add("next_step", len(steps), quote_of(ctx, steps))
    promising = [cues.groups.get(g, NEVER) for g in ("over_promise", "firm_promise")]
    negated_promise = any(negated_matches(ctx.text, p, cues) for p in promising)
    ctx.add("admits_limit", len(cues.find("limit", ctx.plain)) + negated_promise,
            ctx.quote("limit") or ctx.quote("over_promise"))
    ctx.add("excuse", len(cues.find("excuse", ctx.plain)), ctx.quote("excuse"))
    ctx.add("honesty_marker", len(cues.find("honesty_marker", ctx.plain)),
            ctx.quote("honesty_marker"))
    promised = unbacked(ctx, [m for p in promising for m in said_matches(ctx.text, p, cues)],
                        fixed=bool(done))
    if ctx.scenario:
        policy = match_policy(ctx.text, ctx.scenario, cues)
        ctx.add("offer", len(policy.offers), ", ".join(policy.offers))
        if policy.forbidden_promises:
            ctx.add("forbidden_promise", len(policy.forbidden_promises),
                    ", ".join(policy.forbidden_promises))
    ctx.add("over_promise", len(promised), quote_of(ctx, promised))


def unbacked(ctx: ReplyContext, promised: list[str], fixed: bool) -> list[str]:
    """The promises no fix in the reply backs. `Den krediterar jag, så du behöver inte betala
    något mer` says what the fix means for the customer, and `Please don't worry about the
    fine: I've cleared it` reassures when the reply reports the fix made (`fixed`); a fix only
    promised backs no `don't worry`, and `Don't worry, you won't have to pay` with nothing done
    is still a promise."""
    if not ctx.acts.fixes:
        return promised
    backed = [ctx.cues.groups.get(g, NEVER) for g in ("relief", "reassure")[: 1 + fixed]]
    done = " . ".join(c for c in clauses(ctx.text) if reports_done(c, ctx.cues))
    kept = []
    for phrase in promised:
        if phrase in done:
            continue  # `I've refunded the full amount` reports a fact, it promises nothing
        at = ctx.plain.find(phrase)
        around = ctx.plain[max(0, at - 16): at + len(phrase)] if at >= 0 else ""
        if not any(group.search(around) for group in backed):
            kept.append(phrase)
    return kept


def quote_of(ctx: ReplyContext, phrases: list[str]) -> str:
    """The first reply sentence containing one of the (normalised) phrases."""
    for sentence in ctx.sentences:
        plain = normalise(sentence)
        if any(phrase in plain for phrase in phrases):
            return clip(sentence)
    return ""
