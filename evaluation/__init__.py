"""The grader: listening, tone, honesty and understanding for every trainee reply.

Pure functions, no UI, no model. See `grade_transcript` and `assess_reply`.
"""

from evaluation.grader import assess_reply, grade_transcript, prepare
from evaluation.language import detect_language
from evaluation.models import (
    Evidence,
    GradeReport,
    GradeSummary,
    ReplyGrade,
    ReplySignals,
    Scores,
    Transcript,
    Turn,
)
from evaluation.textin import TranscriptError, parse_transcript, transcript_from_text

__all__ = [
    "Evidence",
    "GradeReport",
    "GradeSummary",
    "ReplyGrade",
    "ReplySignals",
    "Scores",
    "Transcript",
    "TranscriptError",
    "Turn",
    "assess_reply",
    "detect_language",
    "grade_transcript",
    "parse_transcript",
    "prepare",
    "transcript_from_text",
]
