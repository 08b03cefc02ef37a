"""Function: what the reply does for this customer, read from its acts (`evaluation.reader.acts`).

A concrete fix, instructions or information the customer can use, a reflection in the agent's
own words and an exploring question earn credit; deflecting ("send us a private message"), a
stock apology with nothing done and long explanations cost it. A reply that is only a greeting
or a closing is marked as such, so it is graded for what it is.

Seed 001 (stay honest: customers want it fixed, not apologies or explanations; listen well;
show understanding), seed 003 (happy makers: the question answered, the problem solved;
routine kills empathy), seed 000 (too little empathy: short, mechanical answers).
"""

from __future__ import annotations

from evaluation.context import ReplyContext
from evaluation.reader.again import commitments
from scenarios.matching import normalise

NOT_FROM_A_REPEAT = ("ownership", "next_step")
"""Credit a step said again after it failed does not earn."""
NOT_FOR_FORMALITIES = ("ignored_emotion", "unacknowledged", "ignored_question", "curt")
"""Findings about what a greeting or closing leaves out, which it has no place for."""
EXPLANATION_SENTENCES = 2
"""Explanatory sentences from which an explanation counts as long."""


def detect(ctx: ReplyContext) -> None:
    """Record the findings that come from the reply's acts."""
    acts = ctx.acts
    quotes = acts.quotes
    if acts.formality_only and not (acts.customer_asked and ctx.customer_upset):
        ctx.add("formality", 1, quotes.get("closing") or quotes.get("greeting", ""))
        for missing in NOT_FOR_FORMALITIES:
            ctx.found.pop(missing, None)
        return
    if helps_nothing(ctx):
        ctx.add("no_help", 1, "")
    repeat = ctx.has("promise_again") and ctx.found["promise_again"].count == len(
        commitments(ctx.text, ctx.cues))  # every commitment is a repeat: nothing new offered
    for credit in NOT_FROM_A_REPEAT if repeat else ():
        ctx.found.pop(credit, None)
    if acts.fixes and not only_deflecting(ctx) and not repeat:
        quote = (quotes.get("instructions") or quotes.get("informs")
                 or quotes.get("next_step", ""))
        ctx.add("concrete_help", acts.fixes, quote)
    if acts.instructions:
        ctx.add("instructions", acts.instructions, quotes.get("instructions", ""))
    if acts.asks_details and not acts.fixes and not ctx.has("repeated_question"):
        ctx.add("details_first", acts.asks_details, quotes.get("asks_details", ""))
    if acts.vague_promises:
        ctx.add("vague_promise", acts.vague_promises, quotes.get("vague_promises", ""))
    if acts.deflects:
        ctx.add("deflection", acts.deflects, quotes.get("deflects", ""))
    if acts.stock_apology and not ctx.has("stuffing"):
        ctx.add("stock_apology", 1, quotes.get("stock_apology", ""))
    if acts.explains and not acts.answers_question and (
            acts.explains >= EXPLANATION_SENTENCES or not acts.fixes):
        ctx.add("explanation", acts.explains, quotes.get("explains", ""))
    if scripted(ctx):
        ctx.add("scripted", 1, quotes.get("stock_apology") or quotes.get("deflects")
                or quotes.get("vague_promises", ""))
    if acts.reflects_content and not ctx.has("parroting", "stuffing"):
        ctx.add("reflection", acts.reflects_content, quotes.get("reflects_content", ""))
    if exploring(ctx) and not ctx.has("repeated_question", "parroting"):
        ctx.found.pop("ignored_emotion", None)  # exploring their situation is hearing them
    if acts.questions_open and not ctx.has("open_question", "repeated_question", "parroting"):
        ctx.add("open_question", acts.questions_open, quotes.get("questions_open", ""))
    if acts.questions_closed and not ctx.has("repeated_question"):
        ctx.add("closed_question", acts.questions_closed, quotes.get("questions_closed", ""))
    if acts.answers_question and not repeat and not ctx.has(
            "answered_question", "sidetracked", "repeated_question", "parroting"):
        ctx.add("answered_question", 1, quotes.get("answers_question", ""))


def helps_nothing(ctx: ReplyContext) -> bool:
    """True when the customer brought something to deal with and the reply does nothing about
    it: no fix, information, instruction, step, commitment, offer or question (warm words,
    sympathy, thanks or a stock line alone; seed 001: customers want it fixed). A reply to
    `OK, thanks` owes nothing."""
    acts = ctx.acts
    acting = (acts.fixes or acts.questions or acts.ownership or acts.next_step
              or acts.asks_details or acts.answers_question
              or ctx.has("offer", "answered_question"))
    return bool(ctx.customer_turns) and not acting and not ctx.calm


def only_deflecting(ctx: ReplyContext) -> bool:
    """True when every helpful-looking sentence of the reply is a deflection."""
    acts = ctx.acts
    return acts.deflects > 0 and acts.instructions == 0 and acts.informs == 0 and not (
        acts.ownership and acts.next_step and acts.ownership > acts.deflects)


def scripted(ctx: ReplyContext) -> bool:
    """True when the reply is courtesies around a brush-off: a stock apology, a deflection or a
    vague promise, with no fix, information, question or reflection of this customer's case."""
    acts = ctx.acts
    brush_off = acts.stock_apology or acts.deflects or acts.vague_promises
    engaged = acts.instructions or acts.informs or acts.questions or acts.reflects_feeling
    courteous = acts.apologises or acts.gratitude or acts.greeting or acts.please
    return bool(brush_off and courteous and not engaged)


def exploring(ctx: ReplyContext) -> int:
    """Open questions about the customer's situation, not requests for a detail of the case
    (`How did this come about?`, not `What is the account number?`)."""
    if not ctx.acts.questions_open:
        return 0
    asked = [normalise(s) for s in ctx.sentences if "?" in s]
    return sum(
        1 for q in asked
        if ctx.cues.has("open_question", q)
        and not any(slot.search(q) for slot in ctx.cues.slots.values())
    )
