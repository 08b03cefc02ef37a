"""Exports of a saved session: the transcript is all there and user text stays literal."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from evaluation.models import Evidence, GradeSummary, ReplyGrade, Scores
from simulator.exports import FORMATS, export_session
from simulator.records import CustomerState, TurnRecord
from simulator.store import Flag, Note, Override, SavedSession, SessionInfo

HOSTILE = "<script>alert('x')</script> [bold]really[/bold] **loud** & <b>sure</b>"
"""A trainee line full of things that must not be read as markup."""

FLAG_REASON = "she [bold]thanks[/bold] me <i>for my</i> patience?"
"""The trainee's reason for flagging the model's line, full of markup to show literally."""


def graded(index: int, text: str, tone: float) -> TurnRecord:
    """A graded trainee reply."""
    grade = ReplyGrade(
        turn=index,
        scores=Scores(listening=4, tone=tone, honesty=2, understanding=5),
        balance="too_little",
        evidence=[Evidence(dimension="honesty", quote="<i>courier</i>", note="an excuse")],
        tips=["Say what you will do next: “I'll call the depot now.”"],
    )
    return TurnRecord(index=index, role="trainee", text=text, grade=grade)


def make_saved(finished: bool = True) -> SavedSession:
    """A session with a hostile trainee line, a multi-line reply, a note and an override."""
    state = CustomerState(distress=7.0, trust=2.5, patience=5.0, band="high")
    turns = [
        TurnRecord(
            index=0,
            role="customer",
            text="Where is my parcel?",
            source="script",
            intent="state_problem",
            state=state,
        ),
        graded(1, HOSTILE, tone=3),
        TurnRecord(
            index=2,
            role="customer",
            text="That is not good enough.",
            source="model",
            intent="push_back",
            state=state,
        ),
        graded(3, '=SUM(A1:A9), I see.\nLet me check, "right now".', tone=4),
        TurnRecord(
            index=4,
            role="customer",
            text="Fine. Do it now.",
            source="script",
            intent="push_back",
            rejection="role reversal (says what the agent would say)",
            state=state,
        ),
    ]
    summary = GradeSummary(
        scores=Scores(listening=4, tone=3.5, honesty=2, understanding=5),
        overall=3.62,
        balance="too_little",
        replies=2,
        language="en",
    )
    info = SessionInfo(
        id="20261123-0412-ab12",
        trainee="Ana <Lind>",
        scenario_id="late-parcel",
        scenario_title="The late parcel",
        language="en",
        archetype="frustrated",
        started_at="2026-11-23T04:12:00+00:00",
        turn_count=5,
        ended_at="2026-11-23T04:20:00+00:00" if finished else None,
        outcome="resolved" if finished else None,
        overall=3.62 if finished else None,
        summary=summary if finished else None,
        status="finished" if finished else "running",
    )
    return SavedSession(
        info=info,
        turns=turns,
        notes=[
            Note(
                turn_index=1,
                text="Coach says: <u>own it</u>",
                author="Eva",
                created_at="2026-11-24T10:00:00+00:00",
            )
        ],
        overrides=[
            Override(
                turn_index=1,
                dimension="tone",
                score=1,
                automatic=3,
                reason="Dismissive <voice>",
                author="Eva",
                created_at="2026-11-24T10:01:00+00:00",
            )
        ],
        flags=[Flag(turn_index=2, reason=FLAG_REASON, created_at="2026-11-23T04:15:00+00:00")],
    )


class _TextAndTags(HTMLParser):
    """Collects the visible text and the tag names of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> _TextAndTags:
    """Parse a page into its text and tags."""
    parser = _TextAndTags()
    parser.feed(page)
    return parser


def test_markdown_has_the_header_and_whole_transcript() -> None:
    text = export_session(make_saved(), "markdown")
    rendered = parse_html(MarkdownIt("commonmark").enable("table").render(text))
    visible = "".join(rendered.text)
    for needle in (
        "Ana <Lind>",
        "The late parcel",
        "2026-11-23 04:12 UTC",
        "resolved",
        "Where is my parcel?",
        "That is not good enough.",
        "listening 4",
        "honesty 2",
        "3.6",
        "Say what you will do next",
        "an excuse",
        "tone 1 (automatic 3): Dismissive <voice> — by Eva",
        "Coach says: <u>own it</u>",
        "0 of 1 overridden scores within 1 point",
    ):
        assert needle in visible, needle


def test_markdown_shows_user_text_literally() -> None:
    text = export_session(make_saved(), "markdown")
    rendered = parse_html(MarkdownIt("commonmark").enable("table").render(text))
    visible = "".join(rendered.text)
    assert HOSTILE in visible
    assert "=SUM(A1:A9), I see." in visible
    assert not {"script", "b", "u", "i"} & set(rendered.tags)
    assert rendered.tags.count("strong") == 0
    assert "br" in rendered.tags  # the reply's own line break is kept


def test_html_is_self_contained_and_escapes_everything() -> None:
    page = export_session(make_saved(), "html")
    assert "<script" not in page and "<b>sure" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    for external in ("src=", "href=", "@import", "url("):
        assert external not in page
    assert "@media print" in page and "<style>" in page
    parsed = parse_html(page)
    visible = "".join(parsed.text)
    assert HOSTILE in visible and "[bold]really[/bold]" in visible
    assert "Ana <Lind>" in visible and "Coach says: <u>own it</u>" in visible
    transcript = visible[visible.index("Transcript"):]  # the realism section quotes a line
    assert transcript.index("Where is my parcel?") < transcript.index(HOSTILE)
    assert transcript.index(HOSTILE) < transcript.index("That is not good enough.")
    assert "intent push_back" in visible  # coaches see the customer's hidden intent
    assert not {"script", "u", "i", "voice"} & set(parsed.tags)


def test_json_is_the_saved_session() -> None:
    saved = make_saved()
    data = json.loads(export_session(saved, "json"))
    assert list(data) == ["info", "turns", "notes", "overrides", "flags", "realism"]
    assert SavedSession.model_validate(data) == saved  # the realism part is derived
    assert data["turns"][1]["text"] == HOSTILE


def test_csv_has_one_row_per_reply_and_parses() -> None:
    rows = list(csv.DictReader(io.StringIO(export_session(make_saved(), "csv"))))
    assert [r["turn"] for r in rows] == ["1", "3"]
    first, second = rows
    assert first["text"] == HOSTILE
    assert (first["listening"], first["tone"], first["honesty"], first["understanding"]) == (
        "4.0",
        "3.0",
        "2.0",
        "5.0",
    )
    assert first["balance"] == "too_little"
    assert first["overrides"] == "tone 1 (automatic 3): Dismissive <voice> — by Eva"
    assert first["notes"] == "Coach says: <u>own it</u>"
    # a spreadsheet must not run the trainee's text as a formula
    assert second["text"] == '\'=SUM(A1:A9), I see.\nLet me check, "right now".'


def test_an_unfinished_session_says_so() -> None:
    saved = make_saved(finished=False)
    assert "unfinished" in export_session(saved, "markdown")
    assert "unfinished" in export_session(saved, "html")


def test_every_format_exports_and_an_unknown_one_is_named() -> None:
    saved = make_saved()
    assert all(export_session(saved, fmt).strip() for fmt in FORMATS)
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export_session(saved, "pdf")


REALISM_SUMMARY = (
    "3 customer lines: 1 from the model, 1 authored, 1 replaced by the guard "
    "(role reversal 1); 1 flagged by the trainee"
)
"""The realism line of `make_saved()`: the opening is authored, #2 from the model (flagged),
#4 an authored line the guard put in place of a role reversal."""

FLAGGED = f"Flagged #2 (model line) “That is not good enough.” — reason: {FLAG_REASON}"
"""How the flagged line reads in the realism section."""


def test_markdown_and_html_have_the_realism_section_with_the_flag_literal() -> None:
    for fmt in ("markdown", "html"):
        text = export_session(make_saved(), fmt)
        page = MarkdownIt("commonmark").enable("table").render(text) if fmt == "markdown" else text
        parsed = parse_html(page)
        visible = "".join(parsed.text)
        assert "Realism" in visible, fmt
        assert REALISM_SUMMARY in visible, fmt
        assert "Replaced: role reversal (1)" in visible, fmt
        assert FLAGGED in visible, fmt  # [bold] and <i> stay as typed
        assert f"trainee flagged: {FLAG_REASON}" in visible, fmt  # beside the line itself
        assert "model line rejected: role reversal" in visible, fmt
        assert not {"i", "script"} & set(parsed.tags), fmt
        assert visible.index("Realism") < visible.index("Where is my parcel?"), fmt


def test_json_has_the_realism_report() -> None:
    realism = json.loads(export_session(make_saved(), "json"))["realism"]
    assert (realism["model"], realism["authored"], realism["replaced"]) == (1, 1, 1)
    assert realism["model_share"] == pytest.approx(1 / 3)
    assert realism["replaced_by_reason"] == {"role reversal": 1}
    assert realism["flagged"] == [
        {
            "turn": 2,
            "text": "That is not good enough.",
            "origin": "model",
            "reason": FLAG_REASON,
            "session": "20261123-0412-ab12",
        }
    ]


def test_csv_says_where_the_answered_customer_line_came_from_and_its_flags() -> None:
    rows = list(csv.DictReader(io.StringIO(export_session(make_saved(), "csv"))))
    assert [(r["turn"], r["customer_line"], r["customer_flags"]) for r in rows] == [
        ("1", "authored", ""),
        ("3", "model", f"flagged: {FLAG_REASON}"),
    ]


def test_a_session_without_flags_or_replacements_says_none_flagged() -> None:
    saved = make_saved()
    plain_session = saved.model_copy(update={"flags": [], "turns": saved.turns[:4]})
    text = export_session(plain_session, "markdown")
    assert "2 customer lines: 1 from the model, 1 authored, 0 replaced by the guard" in text
    assert "none flagged" in text and "Flagged #" not in text
