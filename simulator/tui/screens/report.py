"""The end of a session: outcome, scores, balance, a chart, best and weakest reply, needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from evaluation.models import GradeSummary, ReplyGrade
from personas.vocabulary import DIMENSIONS
from scenarios.model import Scenario
from simulator.realism import turns_realism
from simulator.records import CustomerState, TurnRecord
from simulator.store import Flag, StoreError
from simulator.tui.context import SessionPlan
from simulator.tui.screens.base import LagomScreen
from simulator.tui.text import clean
from simulator.tui.widgets.score_chart import ScoreChart

if TYPE_CHECKING:
    from simulator.session import PracticeSession

OUTCOME_TITLES = {
    "resolved": "Resolved: the customer's needs were met inside policy",
    "escalated": "Escalated: the customer asked for a manager",
    "customer_left": "The customer hung up",
    "turn_limit": "Out of time: the turn limit was reached",
}

BALANCE_WORDS = {
    "too_little": "Too little empathy: short, mechanical or cold",
    "lagom": "Lagom: just the right amount of empathy",
    "too_much": "Too much empathy: the call lost direction or promised too much",
}
"""The empathy-balance verdict in words (seed 000)."""


def mean_score(grade: ReplyGrade) -> float:
    """The average of a reply's four scores."""
    return sum(getattr(grade.scores, d) for d in DIMENSIONS) / len(DIMENSIONS)


def graded(turns: list[TurnRecord]) -> list[TurnRecord]:
    """The trainee turns that carry a grade, in order."""
    return [t for t in turns if t.role == "trainee" and t.grade is not None]


def final_state(turns: list[TurnRecord]) -> CustomerState | None:
    """The customer's state after the last turn that recorded one."""
    states = [t.state for t in turns if t.state is not None]
    return states[-1] if states else None


def scores_text(summary: GradeSummary | None) -> Text:
    """The four scores, the overall score and the balance verdict."""
    if summary is None:
        return Text("No replies were graded.", style="dim")
    text = Text()
    for dimension in DIMENSIONS:
        text.append(f"{dimension} ", style="bold")
        text.append(f"{getattr(summary.scores, dimension):.1f}   ")
    text.append(f"\nOverall {summary.overall:.1f} / 5", style="bold")
    replies = "reply" if summary.replies == 1 else "replies"
    text.append(f" over {summary.replies} {replies}\n")
    text.append(BALANCE_WORDS.get(summary.balance, summary.balance))
    for notice in summary.notices:
        text.append(f"\n{clean(notice)}", style="dim")
    return text


def reply_text(label: str, turn: TurnRecord, *, strengths: bool, advice: bool) -> Text:
    """A quoted reply with its mean score, what worked and a better phrasing."""
    assert turn.grade is not None
    grade = turn.grade
    text = Text(f"{label} ({mean_score(grade):.1f}): ", style="bold")
    text.append(f"“{clean(turn.text)}”\n", style="italic")
    if strengths:
        # Evidence carries no polarity: what backs a score of 4 or more is what worked.
        good = [e for e in grade.evidence if getattr(grade.scores, e.dimension) >= 4]
        for evidence in good[:2]:
            text.append(f"  Worked: {evidence.dimension}: {clean(evidence.note)}\n", style="green")
    if advice:
        for tip in grade.tips[:2]:
            text.append(f"  Try: {clean(tip)}\n")
    text.rstrip()
    return text


def best_and_weakest(turns: list[TurnRecord]) -> Text:
    """The best and the weakest graded reply."""
    replies = graded(turns)
    if not replies:
        return Text("No replies were graded.", style="dim")
    ranked = sorted(replies, key=lambda t: mean_score(t.grade))  # type: ignore[arg-type]
    if len(ranked) == 1:
        return reply_text("Your reply", ranked[0], strengths=True, advice=True)
    text = reply_text("Best reply", ranked[-1], strengths=True, advice=False)
    text.append("\n\n")
    text.append(reply_text("Weakest reply", ranked[0], strengths=False, advice=True))
    return text


def needs_text(scenario: Scenario, state: CustomerState | None) -> Text:
    """Each hidden need: what it was, whether it came out and whether it was met."""
    revealed = set(state.revealed_needs) if state else set()
    met = set(state.met_needs) if state else set()
    text = Text()
    for need in scenario.hidden_needs:
        if need.id in met:
            text.append(" ✓ met       ", style="green")
        elif need.id in revealed:
            text.append(" ~ revealed  ", style="yellow")
        else:
            text.append(" ✗ missed    ", style="red")
        text.append(clean(need.description) + "\n")
    text.append(f"A good end: {clean(scenario.resolution.description)}", style="dim")
    return text


class ReportScreen(LagomScreen[None]):
    """The graded result of one session, with "try again" on the same seed."""

    BINDINGS = [
        Binding("r", "try_again", "Try again", id="try-again"),
        Binding("n", "another", "Another scenario", id="another"),
    ]

    def __init__(self, plan: SessionPlan, scenario: Scenario, turns: list[TurnRecord],
                 outcome: str | None, summary: GradeSummary | None,
                 session_id: str | None = None) -> None:
        """The report of a finished session (`session_id`: where its flags are saved)."""
        super().__init__()
        self.plan = plan
        self.scenario = scenario
        self.turns = turns
        self.outcome = outcome
        self.summary = summary
        self.session_id = session_id

    @classmethod
    def for_session(cls, plan: SessionPlan, scenario: Scenario,
                    session: PracticeSession, session_id: str | None = None) -> ReportScreen:
        """The report of a session that just ended."""
        return cls(plan, scenario, list(session.turns), session.outcome, session.summary(),
                   session_id)

    def saved_flags(self) -> list[Flag]:
        """The trainee's flags on this session's lines (none when unsaved or unreadable)."""
        if self.session_id is None:
            return []
        try:
            return self.context.store.load_session(self.session_id).flags
        except StoreError:
            return []

    def compose(self) -> ComposeResult:
        """Sections top to bottom, buttons below."""
        title = OUTCOME_TITLES.get(self.outcome or "", "Unfinished session")
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(Text(title, style="bold"), id="report-outcome")
            yield Static(scores_text(self.summary), id="report-scores")
            yield Static(Text("Scores reply by reply", style="bold underline"))
            yield ScoreChart([t.grade for t in graded(self.turns) if t.grade], id="score-chart")
            yield Static(best_and_weakest(self.turns), id="report-replies")
            yield Static(Text("What the customer needed", style="bold underline"))
            yield Static(needs_text(self.scenario, final_state(self.turns)), id="report-needs")
            realism = turns_realism(self.turns, self.saved_flags())
            yield Static(Text(f"Realism: {realism.summary('you')}", style="dim"),
                         id="report-realism")
        with Horizontal(id="report-buttons"):
            yield Button("Try again (same customer)", variant="primary", id="try-again")
            yield Button("Another scenario", id="another")
        yield Footer()

    def on_mount(self) -> None:
        """Start on "try again"."""
        self.query_one("#try-again", Button).focus()

    @on(Button.Pressed, "#try-again")
    def action_try_again(self) -> None:
        """A new session of the same scenario, mode and seed."""
        from simulator.tui.screens.chat import ChatScreen

        plan = SessionPlan(self.plan.scenario_id, self.plan.trainee, self.plan.mode, self.plan.seed)
        self.app.switch_screen(ChatScreen(plan))

    @on(Button.Pressed, "#another")
    def action_another(self) -> None:
        """Back to the scenario picker."""
        from simulator.tui.screens.scenario_picker import ScenarioPickerScreen

        pickers = [s for s in self.app.screen_stack if isinstance(s, ScenarioPickerScreen)]
        if pickers:
            pickers[-1].pop_until_active()
        else:
            self.app.switch_screen(ScenarioPickerScreen(self.plan.trainee))
