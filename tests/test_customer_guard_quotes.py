"""Each bad customer line quoted in issue 9, fed as the model's output, is replaced.

The lines were read in sessions played with the embedded model; a reader would flag every
one of them. Each goes through a real session on the shipped scenario it came from, with a
scripted fake model writing it, and must not reach the trainee.
"""

from __future__ import annotations

import pytest

from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files
from simulator.backends.scripted import ScriptedBackend
from simulator.customer.guard import build_context, check_line
from simulator.records import TurnRecord
from simulator.session import PracticeSession

SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))


def played(scenario_id: str, model_line: str, reply: str) -> TurnRecord:
    """The customer's answer to `reply` when the fake model writes `model_line`."""
    scenario = SHIPPED.scenarios[scenario_id]
    session = PracticeSession(
        scenario, SHIPPED.personas[scenario.archetype], ScriptedBackend([model_line]), seed=0
    )
    list(session.start())
    list(session.respond(reply))
    return session.turns[-1]


QUOTED = [
    # (scenario, the model's line, the trainee's reply, what the guard must call it)
    (
        "en_bank_bereavement_account",
        "The electric bill cuts down to just £8 per month. That's fantastic news!",
        "I'm so sorry about Tom. Which bills come out of his account?",
        "number not in the scenario (8)",
    ),
    (
        "en_telecom_double_billing",
        "You're welcome to talk to me again if you'd like.",
        "I can see the two payments of £64.99. I'll refund the second one today.",
        "role reversal",
    ),
    (
        "en_telecom_double_billing",
        "I appreciate your patience.",
        "I'm sorry, that sounds really frustrating. Let me look at the account.",
        "role reversal",
    ),
    (
        "en_utilities_estimated_bill",
        "Thanks for asking, and I appreciate your patience.",
        "Can you tell me your last meter reading?",
        "role reversal",
    ),
    (
        "en_bank_bereavement_account",
        "Mrs Ellis here, I just need to sort out Tom's account.",
        "I'm so sorry for your loss. Take your time.",
        "calls herself or himself by name",
    ),
    (
        "en_utilities_estimated_bill",
        "There's another bit you should probably know about.",
        "Okay. I understand, that's a lot of money to find. Go on.",
        "teaser without content",
    ),
]


@pytest.mark.parametrize(("scenario_id", "bad", "reply", "reason"), QUOTED,
                         ids=[q[1][:40] for q in QUOTED])
def test_quoted_bad_line_never_reaches_the_trainee(
    scenario_id: str, bad: str, reply: str, reason: str
) -> None:
    turn = played(scenario_id, bad, reply)
    assert turn.source == "script" and turn.text != bad
    assert turn.rejection is not None


@pytest.mark.parametrize(("scenario_id", "bad", "reply", "reason"), QUOTED,
                         ids=[q[1][:40] for q in QUOTED])
def test_quoted_bad_line_is_named_for_what_is_wrong(
    scenario_id: str, bad: str, reply: str, reason: str
) -> None:
    scenario = SHIPPED.scenarios[scenario_id]
    ctx = build_context(
        scenario, SHIPPED.personas[scenario.archetype], intent="add_detail", max_words=40,
        allowed_needs=[], earlier_lines=[], conversation=[scenario.opening_lines[0], reply],
    )
    assert (check_line(bad, ctx) or "").startswith(reason)


def test_cheerful_line_from_an_upset_customer_is_rejected() -> None:
    scenario = SHIPPED.scenarios["en_bank_bereavement_account"]
    ctx = build_context(
        scenario, SHIPPED.personas["grieving"], intent="add_detail", max_words=40,
        allowed_needs=[], earlier_lines=[], conversation=[],
    )
    line = "The electricity is £74 a month. That's fantastic news!"
    assert check_line(line, ctx) == "mood contradicts the band (mid, too cheerful)"


def test_a_number_from_another_fact_is_not_put_into_an_answer() -> None:
    """Read in a bench session: the meter-reading answer picked up the bill's date."""
    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    persona = SHIPPED.personas[scenario.archetype]
    practice = PracticeSession(
        scenario, persona, ScriptedBackend(["48213 on the 31st of January. Dated 14th February."]),
        seed=0,
    )
    list(practice.start())
    list(practice.respond("What was your last meter reading?"))
    turn = practice.turns[-1]
    assert turn.intent == "answer" and turn.source == "script"
    assert turn.rejection == "number from elsewhere in the scenario (14)"
    assert "48213" in turn.text


def test_an_answer_said_again_hands_the_model_some_of_the_answer() -> None:
    from simulator.customer.realizer import opening_words

    again = "I've told you this already. £1,146.38. Dated 14 February. June to January."
    start = opening_words(again)
    assert start.startswith("I've told you this already. £1,146.38.")


@pytest.mark.parametrize(
    ("intended", "start", "line"),
    [
        (
            "Right. Re-bill on my readings, the debit stays at £96, and I hear from you by the "
            "date you said. That'll do.",
            "Right. Re-bill on my readings,",
            "Right. Re-bill on my readings, the debit stays at £96, and I've just received a "
            "refunded order from the company. Thank you for being honest.",
        ),
        (
            "Every time I ring it's a different person and a different story. Two callbacks "
            "promised. Not one came. I want a name.",
            "Every time I ring it's a",
            "Every time I ring it's a different person and a different story. Two callsback "
            "promises. One day later, I get another surprise. My plan changed again.",
        ),
    ],
)
def test_made_up_content_read_in_a_bench_session_is_rejected(
    intended: str, start: str, line: str
) -> None:
    import dataclasses

    scenario = SHIPPED.scenarios["en_utilities_estimated_bill"]
    ctx = build_context(
        scenario, SHIPPED.personas[scenario.archetype], intent="accept", max_words=40,
        allowed_needs=["cash_flow", "one_owner"], earlier_lines=[],
        conversation=["I'll raise a re-bill and hold the debit at £96."], authored=intended,
    )
    ctx = dataclasses.replace(ctx, start=start)
    assert (check_line(line, ctx) or "").startswith("invents content")
    assert check_line(intended, ctx) is None


def test_the_scenarios_own_dates_and_times_count_as_on_topic() -> None:
    """Read in a Gemma 3 270M session: a right answer was rejected as off topic."""
    scenario = SHIPPED.scenarios["nl_webshop_wasmachine"]
    ctx = build_context(
        scenario, SHIPPED.personas[scenario.archetype], intent="answer", max_words=40,
        allowed_needs=[], earlier_lines=[], conversation=["Op welke dagen zou hij komen?"],
    )
    assert check_line("Op 8 mei en op 13 mei, tussen 8 en 13 uur.", ctx) is None
