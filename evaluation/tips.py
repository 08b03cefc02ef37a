"""One concrete tip per weak dimension, with a better phrasing built from the customer's words.

Templates live in the cue files (`[tips.<dimension>]`, keyed by the problem found or
`default`), so every tip is written in the reply's language.
"""

from __future__ import annotations

from evaluation.context import ReplyContext
from evaluation.cues import CueSet, load_cues
from evaluation.details import Detail, customer_details
from evaluation.models import Scores
from evaluation.rubric import Rubric
from evaluation.scorer import WEAK
from personas.vocabulary import DIMENSIONS

RANK = {"number": 0, "name": 1, "word": 2}


def salient_detail(ctx: ReplyContext) -> str:
    """The customer's most specific words: a number, else a name, else the longest content word."""
    for turn in reversed(ctx.customer_turns):
        details = customer_details(turn, ctx.cues)
        if details:
            return best(details).words
    return tip_cues(ctx).tips.get("fallback", {}).get("detail", "")


def best(details: list[Detail]) -> Detail:
    """The most specific detail (numbers beat names beat words; longer words beat shorter)."""
    return min(details, key=lambda d: (RANK[d.kind], -len(d.words)))


def tip_cues(ctx: ReplyContext) -> CueSet:
    """The cue set whose templates are used (English when the language is unsupported)."""
    return ctx.cues if ctx.cues.language else load_cues("en")


def tips(ctx: ReplyContext, scores: Scores, rubric: Rubric) -> list[str]:
    """One tip per dimension scored below 4, addressing its worst problem."""
    templates = tip_cues(ctx).tips
    feeling = ctx.cues.feelings[ctx.feeling].say if ctx.feeling else None
    values = {
        "detail": salient_detail(ctx),
        "feeling": feeling or templates.get("fallback", {}).get("feeling", ""),
    }
    result = []
    for dimension in DIMENSIONS:
        if getattr(scores, dimension) >= WEAK:
            continue
        options = templates.get(dimension, {})
        problem = worst(ctx, dimension, rubric, options)
        text = options.get(problem) or options.get("default")
        if text:
            result.append(text.format(**values))
    return result


def worst(ctx: ReplyContext, dimension: str, rubric: Rubric, options: dict[str, str]) -> str:
    """The most damaging finding on a dimension that has its own tip, else `default`."""
    harms = [
        (rubric.criteria[c].weights.get(dimension, 0.0), c) for c in ctx.found if c in options
    ]
    harms = [h for h in harms if h[0] < 0]
    return min(harms)[1] if harms else "default"
