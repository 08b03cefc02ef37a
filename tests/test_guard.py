"""The guard: each way a model's line breaks character is rejected; natural lines pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.loader import load_persona, load_scenario
from simulator.customer.guard import GuardContext, build_context, check_line, check_partial

FIXTURES = Path(__file__).parent / "fixtures" / "session"
SCENARIO = load_scenario(FIXTURES / "router.toml")
PERSONA = load_persona(FIXTURES / "frustrated.toml")
EARLIER = "Yes, hello. Order R-4471. Two missed deliveries and still no router."


def context(intent: str = "push_back", allowed: list[str] | None = None, **kw: int) -> GuardContext:
    """The guard context for the next line of the fixture scenario."""
    return build_context(
        SCENARIO,
        PERSONA,
        intent=intent,
        max_words=kw.get("max_words", 30),
        allowed_needs=allowed or [],
        earlier_lines=[EARLIER],
        conversation=[EARLIER, "I'm sorry the router hasn't arrived. Let me check the order."],
    )


@pytest.mark.parametrize(
    "line",
    [
        "Fine.",
        "Okay, thank you.",
        "No.",
        "Hm. I'm not sure that really fixes it.",
        "Two weeks I've waited for this router, and nobody called me about the missed slots.",
        "Look, I just want to know when the replacement will actually arrive at my door.",
    ],
)
def test_accepts_natural_customer_lines(line: str) -> None:
    assert check_line(line, context()) is None


@pytest.mark.parametrize(
    "line",
    [
        "How can I help you today?",
        "I'll look into that for you right away.",
        "Our policy says couriers never give an exact hour.",
        "As your agent, I understand completely.",
        "We apologise for the inconvenience with your router.",
        "I am looking forward to helping you with the router.",
        "Let me help you get that replacement sorted.",
    ],
)
def test_rejects_speaking_as_the_agent(line: str) -> None:
    assert check_line(line, context()) == "speaks as the agent"


@pytest.mark.parametrize("line", ["Alex, I am sorry about the router.", "Hi Alex! Let me see."])
def test_rejects_addressing_the_customer_by_name(line: str) -> None:
    assert check_line(line, context()) == "speaks as the agent (addresses the customer by name)"


def test_customer_may_ask_for_help() -> None:
    assert check_line("Can you help me get the router here this week?", context()) is None


@pytest.mark.parametrize(
    "line",
    [
        "Customer: Where is my router?",
        "Agent: I can help with that.",
        "Assistant: Where is the router?",
        "User: The router still isn't here.",
        "Where is it?\nAgent: Let me check.",
        "Alex: Where is my router?",
    ],
)
def test_rejects_role_labels(line: str) -> None:
    assert check_line(line, context()) == "role label"


@pytest.mark.parametrize(
    "line",
    [
        "Alex says, 'Where is my router?'",
        "Alex thinks the router is lost.",
        "Where is it, the customer asks.",
    ],
)
def test_rejects_narrating_about_the_customer(line: str) -> None:
    assert check_line(line, context()) == "narrates instead of speaking"


def test_quoting_the_agent_is_not_narration() -> None:
    assert check_line('You said "two days" last time. Two days!', context()) is None


def test_role_label_is_caught_early_while_streaming() -> None:
    assert check_partial("Agent:", context()) == "role label"
    assert check_partial("How can I help", context()) == "speaks as the agent"
    assert check_partial("I ordered it on", context()) is None


def test_rejects_a_long_line_off_topic() -> None:
    line = "The weather in Spain was lovely last summer, we swam in the sea every afternoon."
    assert check_line(line, context()) == "off topic"


def test_rejects_wrong_language() -> None:
    line = "Jag har väntat i två veckor och det är inte okej att ingen ringer mig."
    assert check_line(line, context()) == "wrong language (sv)"


@pytest.mark.parametrize("line", ["", "   ", "...", "\n"])
def test_rejects_empty(line: str) -> None:
    assert check_line(line, context()) == "empty"


def test_rejects_too_long_and_checks_while_streaming() -> None:
    line = " ".join(["router"] * 12) + "."
    assert check_line(line, context(max_words=10)) == "too long (12 words > 10)"
    assert check_partial(line, context(max_words=10)) == "too long (12 words > 10)"


def test_rejects_near_repeat_of_an_earlier_line() -> None:
    line = "Yes hello. Order R-4471. Two missed deliveries, and still no router!"
    assert check_line(line, context()) == "repeats an earlier line"


def test_rejects_revealing_a_hidden_need_before_it_is_allowed() -> None:
    line = "I work from home, you know, so this really matters to me."
    assert check_line(line, context()) == "reveals a hidden need too early (work_from_home)"
    assert check_line(line, context(intent="reveal_need", allowed=["work_from_home"])) is None


def test_rejects_closing_the_case_unless_accepting() -> None:
    line = "Perfect, thank you, that solves it."
    assert check_line(line, context(intent="calm_down")) == "says the problem is solved"
    assert check_line(line, context(intent="accept")) is None
