"""Grade one reply or a whole transcript: detectors, then the scorer, then tips."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from evaluation.context import ReplyContext
from evaluation.cues import load_cues
from evaluation.detectors import run_detectors
from evaluation.language import detect_language, supported
from evaluation.models import (
    GradeReport,
    GradeSummary,
    ReplyGrade,
    ReplySignals,
    Scores,
    Transcript,
    Turn,
)
from evaluation.reader import read_reply
from evaluation.rubric import load_rubric
from evaluation.scorer import balance, evidence, score, signals
from evaluation.tips import tips
from personas.vocabulary import DIMENSIONS, LANGUAGES
from scenarios.model import Scenario


def transcript_language(transcript: Transcript, scenario: Scenario | None = None) -> str | None:
    """The declared language (transcript, then scenario), else the detected one."""
    declared = transcript.language or (scenario.language if scenario else None)
    if declared:
        return declared.strip().lower().replace("_", "-").split("-")[0]
    replies = _sample(t.text for t in transcript.turns if t.role == "trainee")
    return detect_language(replies) or detect_language(_sample(t.text for t in transcript.turns))


def _sample(texts: Iterable[str]) -> str:
    """The texts joined, up to about LANGUAGE_SAMPLE_CHARS characters."""
    taken: list[str] = []
    size = 0
    for text in texts:
        taken.append(text[:LANGUAGE_SAMPLE_CHARS])
        size += len(taken[-1]) + 1
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
    return " ".join(taken)


def reply_language(text: str, transcript: Transcript, scenario: Scenario | None) -> str | None:
    """The language of one reply: declared, else detected on the reply, else the transcript's."""
    if transcript.language or scenario:
        return transcript_language(transcript, scenario)
    own = detect_language(text) if len(text.split()) >= 4 else None
    return own if own in LANGUAGES else transcript_language(transcript, scenario)


CONTEXT_TURNS = 20
"""A reply is graded against at most this many turns before it (10 customer lines): a
conversation's details live there, and grading stays linear in the transcript's length."""

LANGUAGE_SAMPLE_CHARS = 4000
"""Text enough to detect a transcript's language; more only costs time."""


def context_for(transcript: Transcript, index: int, scenario: Scenario | None) -> ReplyContext:
    """The context of the trainee turn at `index`."""
    if not 0 <= index < len(transcript.turns) or transcript.turns[index].role != "trainee":
        raise ValueError(f"turn {index} is not a trainee reply")
    before = transcript.turns[max(0, index - CONTEXT_TURNS):index]
    text = transcript.turns[index].text
    return ReplyContext(
        text=text,
        customer_turns=[t.text for t in before if t.role == "customer"],
        earlier_replies=[t.text for t in before if t.role == "trainee"],
        cues=load_cues(supported(reply_language(text, transcript, scenario))),
        scenario=scenario,
    )


def assess_reply(
    transcript: Transcript, index: int, scenario: Scenario | None = None
) -> tuple[ReplyGrade, ReplySignals]:
    """Grade the trainee turn at `index` against the turns before it, plus its signals."""
    ctx = context_for(transcript, index, scenario)
    run_detectors(ctx)
    rubric = load_rubric()
    scores = score(ctx.found, rubric)
    found_signals = signals(ctx.found, rubric)
    grade = ReplyGrade(
        turn=index,
        scores=scores,
        balance=balance(ctx.found, scores, rubric, upset=ctx.customer_upset),
        evidence=evidence(ctx.found, scores, rubric),
        tips=tips(ctx, scores, rubric),
        signals=sorted(found_signals),
    )
    reading = read_reply(ctx.text, customer_turns=ctx.customer_turns,
                         earlier_replies=ctx.earlier_replies, scenario=scenario,
                         language=ctx.cues.language, acts=ctx.acts)
    return grade, ReplySignals(
        signals=found_signals, offers=reading.offers, forbidden_promises=reading.promises,
        needs_touched=reading.needs_touched, needs_addressed=reading.needs_addressed,
        asked_facts=reading.asked_facts, questions=reading.questions,
        asks_details=ctx.acts.asks_details, language=ctx.cues.language,
    )


def grade_transcript(transcript: Transcript, scenario: Scenario | None = None) -> GradeReport:
    """Grade every trainee reply; raises ValueError when there is none."""
    replies = [
        assess_reply(transcript, i, scenario)[0]
        for i, turn in enumerate(transcript.turns) if turn.role == "trainee"
    ]
    if not replies:
        raise ValueError("the transcript has no trainee replies to grade")
    return GradeReport(replies=replies, summary=summarise(replies, transcript, scenario))


def summarise(
    replies: list[ReplyGrade], transcript: Transcript, scenario: Scenario | None = None
) -> GradeSummary:
    """Mean scores, overall, the most common balance, language and notices."""
    means = {d: round(sum(getattr(r.scores, d) for r in replies) / len(replies), 2)
             for d in DIMENSIONS}
    language = transcript_language(transcript, scenario) or "unknown"
    notices = []
    if language not in LANGUAGES:
        notices.append(
            f"language '{language}' is not supported (supported: {', '.join(LANGUAGES)}); "
            "only language-independent signals were graded"
        )
    return GradeSummary(
        scores=Scores(**means),
        overall=round(sum(means.values()) / len(means), 2),
        balance=Counter(r.balance for r in replies).most_common(1)[0][0],
        replies=len(replies),
        language=language,
        notices=notices,
    )


def prepare(language: str | None = None) -> None:
    """Load and compile what grading a reply in `language` needs (cue files, rubric, fitted
    weights), so the first graded reply costs what every later one does. Call it in the
    background when a session starts: compiling a language's cues takes a few hundred ms."""
    code = supported(language)
    sample = Transcript(language=code, turns=[
        Turn(role="customer", text="Hello? It still does not work."),
        Turn(role="trainee", text="I understand. I'll check it now and call you back today."),
    ])
    assess_reply(sample, 1)  # loads cues, rubric, weights and the reader's lexicon once
