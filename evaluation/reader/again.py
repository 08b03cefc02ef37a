"""A step, fix or answer said again: the reply commits to, advises or excuses what an earlier
reply already did.

When the customer comes back after a promise (`I'll call you back tomorrow`, `I've cancelled
it`) or a piece of advice (`You can return it free with the form`) and the agent offers the same
thing once more, the customer has already seen it fail or turned it down: saying it again is
neither honest nor listening (seed 001: stay honest; seed 003: routine kills empathy). Read by
meaning, not by wording: the two sentences do the same (both promise, both report a fix done,
both advise, both excuse) and share most of what they are about, whatever the inflection
(`Umówiłam nowy termin` ~ `Umówię nowy termin`).
"""

from __future__ import annotations

from evaluation.cues import NEVER, CueSet
from evaluation.details import same_word, sentences, tokens
from evaluation.policy import said_matches
from evaluation.reader.done import reports_done
from scenarios.matching import normalise

COMMIT_GROUPS = ("next_step", "ownership")
"""Cue groups of a sentence in which the agent commits to doing something."""
ANSWER_GROUPS = ("instruction", "inform", "excuse")
"""Cue groups of a sentence that tells the customer what to do, what is so or why it happened."""
SHARED_MIN = 2
"""Words (content words and commitment phrases) two commitments must share to be the same."""
SHARED_OF_EARLIER = 0.5
"""...and the share of the earlier commitment's words they must share,"""
SHARED_OF_REPLY = 0.3
"""...and the share of the reply's: a sentence that reports much that is new (`I spoke to the
painter today: the extra hours were filling cracks...`) is no repeat."""


def commits(sentence: str, cues: CueSet) -> bool:
    """True when the sentence promises a step, reports a fix done, advises or excuses (not a
    question)."""
    if "?" in sentence:
        return False
    plain = normalise(sentence)
    if reports_done(plain, cues) or any(cues.has(g, plain) for g in ANSWER_GROUPS):
        return True
    return any(next(said_matches(sentence, cues.groups.get(g, NEVER), cues), None)
               for g in COMMIT_GROUPS)


def content_words(sentence: str, cues: CueSet) -> set[str]:
    """The sentence's content words: four letters or more, not a number, not a stopword."""
    return {t for t in tokens(normalise(sentence))
            if len(t) >= 4 and not t[0].isdigit() and t not in cues.stopwords}


def commitment_phrases(sentence: str, cues: CueSet) -> set[str]:
    """The commitment phrases the sentence says (`i'll look into`, `get back to you`)."""
    return {normalise(m) for g in COMMIT_GROUPS
            for m in said_matches(sentence, cues.groups.get(g, NEVER), cues)}


def same_commitment(one: str, other: str, cues: CueSet) -> bool:
    """True when two committing sentences commit to the same thing in the same way."""
    if reports_done(normalise(one), cues) and not reports_done(normalise(other), cues):
        return False  # promised before, reported done now: progress, not a repeat
    mine, theirs = content_words(one, cues), content_words(other, cues)
    phrases, their_phrases = commitment_phrases(one, cues), commitment_phrases(other, cues)
    shared = sum(any(same_word(w, t) for t in theirs) for w in mine) + len(
        phrases & their_phrases)
    return (shared >= SHARED_MIN
            and shared >= SHARED_OF_EARLIER * (len(theirs) + len(their_phrases))
            and shared >= SHARED_OF_REPLY * (len(mine) + len(phrases)))


def commitments(text: str, cues: CueSet) -> list[str]:
    """The text's committing sentences (promises, fixes reported, advice, excuses), in order."""
    return [s for s in sentences(text) if commits(s, cues)]


def repeated_commitments(reply: str, earlier_replies: list[str], cues: CueSet) -> list[str]:
    """The reply's committing sentences that an earlier reply already committed to, in order."""
    before = [s for r in earlier_replies for s in commitments(r, cues)]
    if not before:
        return []
    return [s for s in commitments(reply, cues)
            if any(same_commitment(s, b, cues) for b in before)]


def turned_down(customer_line: str, earlier_reply: str, cues: CueSet) -> bool:
    """True when the customer's line says what was promised has not happened (`Nobody rang
    me`, the `let_down` cues) or throws the agent's own word back as a question (`Free? The
    form charges €39.`, `Pass it on?`)."""
    if cues.has("let_down", normalise(customer_line)):
        return True
    opening = sentences(customer_line)[:1]
    if not opening or not opening[0].rstrip().endswith("?"):
        return False
    echoed = content_words(opening[0], cues)
    theirs = content_words(earlier_reply, cues)
    return bool(echoed) and len(echoed) <= 2 and all(
        any(same_word(w, t) for t in theirs) for w in echoed)
