"""The guard holds a small model that continues an authored line to that line's meaning.

The embedded model is handed an authored line's first words and writes the rest. Read in the
realism bench, its kept lines went wrong in a few recurring ways: a word or a sentence of its
own that the authored line does not mean ("No return calls from me." for "Nobody called me
back.", "the letter's shattering" for "shaking"), a sentence with nothing in it ("Like
that."), a hedge that turns a line into nonsense ("That can't happen sometimes."), a sentence
turned around ("Yes, I will block again tomorrow." for "Will it block again tomorrow?"),
thanks after a cold reply, brightness from a grieving customer. Each rule rejects such a line
and keeps a close rewording (function words changed, words or sentences left out); a capable
model writing freely (`free`) is judged by the other checks only.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from scenarios.library import load_files, shipped_personas_dir, shipped_scenarios_dir, toml_files
from simulator.backends.base import ChatMessage
from simulator.backends.scripted import ScriptedBackend
from simulator.customer.guard import GuardContext, build_context, check_line
from simulator.customer.realizer import Realizer, opening_words
from simulator.events import CustomerReplaced

SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))


def continuing(
    scenario_id: str, intent: str, authored: str, *, band: str = "mid", free: bool = False,
    reply: str = "", thanks_ok: bool = True,
) -> GuardContext:
    """The guard's context for a line continuing `authored` (or written freely)."""
    scenario = SHIPPED.scenarios[scenario_id]
    ctx = build_context(
        scenario, SHIPPED.personas[scenario.archetype], intent=intent, max_words=45,
        allowed_needs=[n.id for n in scenario.hidden_needs], earlier_lines=[],
        conversation=[scenario.opening_lines[0], reply or "Go on."], authored=authored,
    )
    start = "" if free else opening_words(authored)
    return replace(ctx, start=start, free=free, band=band, thanks_ok=thanks_ok)


STRAYS = [
    # (scenario, intent, authored line, a line that means something else, a close rewording)
    (
        "en_parcel_lost_again", "answer",
        "As I said before. Last time was 18 September, parcel JD-28114. Nobody called me back.",
        "As I said before. Last time was 18 September, parcel JD-28114. No return calls from me.",
        "As I said before. Last time was 18 September, JD-28114. Nobody called me back then.",
    ),
    (
        "en_parcel_lost_again", "answer",
        "40 parcels a month, business account since 2019. I'm not a one-off.",
        "40 parcels a month, business account since 2019. That's just my story.",
        "40 parcels a month, business account since 2019. I'm not some one-off.",
    ),
    (
        "en_telecom_double_billing", "reveal_need",
        "And the worst bit? That second payment put me into my overdraft. My bank charged me £25 "
        "for it.",
        "And the worst bit? That second payment put me into my overdraft. And it's only happened "
        "once before!",
        "And the worst bit? That second payment put me into my overdraft. My bank charged me a "
        "£25 fee for it.",
    ),
    (
        "en_bank_bereavement_account", "push_back",
        "I don't understand. What do I actually have to do?",
        "I don't understand. What do I get paid if I can't use my savings?",
        "I don't understand. What do I have to do, then?",
    ),
    (
        "en_utilities_estimated_bill", "answer",
        "Like I said already. Four calls! Since 20 January! Two callbacks, never came!",
        "Like I said already. Four calls! Since 20 January! And my direct debit went up.",
        "Like I said already. Four calls! Since 20 January! Two callbacks, and they never came!",
    ),
]


@pytest.mark.parametrize(("scenario_id", "intent", "authored", "bad", "good"), STRAYS,
                         ids=[s[3][-30:] for s in STRAYS])
def test_words_the_authored_line_does_not_have_are_rejected(
    scenario_id: str, intent: str, authored: str, bad: str, good: str
) -> None:
    ctx = continuing(scenario_id, intent, authored)
    assert (check_line(bad, ctx) or "").startswith("strays from the intended line")
    assert check_line(good, ctx) is None
    assert check_line(authored, ctx) is None


def test_a_swapped_word_is_rejected_a_dropped_one_is_not() -> None:
    authored = "FP-20418... sorry, the letter's shaking. Up to £4,000."
    ctx = continuing("en_insurance_funeral_claim", "answer", authored, band="high")
    swapped = "FP-20418... sorry, the letter's shattering. Up to £4,000."
    assert check_line(swapped, ctx) == "strays from the intended line (shattering)"
    assert check_line("FP-20418... sorry, the letter is shaking. Up to £4,000.", ctx) is None
    assert check_line("FP-20418... sorry. Up to £4,000.", ctx) is None


@pytest.mark.parametrize(
    ("authored", "line", "kept"),
    [
        ("I'd rather hear what's realistic, honestly.", "I'd rather hear what's real, honestly.",
         False),
        ("Promised a callback. Nobody called!", "Promised a callback. Nobody calls!", True),
        ("Like I said earlier. Up since four.", "Like I said earlier. Up since four years.",
         False),
    ],
)
def test_another_form_of_the_same_word_is_kept_another_word_is_not(
    authored: str, line: str, kept: bool
) -> None:
    ctx = continuing("en_telecom_double_billing", "answer", authored)
    assert (check_line(line, ctx) is None) is kept


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Like I said earlier. 40 minutes. On hold. At midnight. Yes, I will block again "
         "tomorrow.", "turns the line around (who does what)"),
        ("Like I said earlier. 40 minutes. On hold. At midnight. It will block again tomorrow.",
         "turns the line around (a question said as a statement)"),
        ("Like I said earlier. 40 minutes. On hold. At midnight. Will it block again tomorrow.",
         "turns the line around (a question said as a statement)"),
    ],
)
def test_a_sentence_turned_around_is_rejected(line: str, reason: str) -> None:
    authored = ("Like I said earlier. 40 minutes. On hold. At midnight. Will it block again "
                "tomorrow? I'm here until Sunday.")
    ctx = continuing("en_bank_card_blocked_abroad", "answer", authored)
    assert check_line(line, ctx) == reason
    kept = "Like I said earlier. 40 minutes. On hold. At midnight. Will it block again tomorrow?"
    assert check_line(kept, ctx) is None


def test_a_sentence_with_nothing_in_it_is_rejected() -> None:
    authored = "Like I said already. Four calls! Since 20 January! Two callbacks, never came!"
    ctx = continuing("en_utilities_estimated_bill", "answer", authored, band="high")
    filler = "Like I said already. Four calls! Since 20 January! Like that."
    assert check_line(filler, ctx) == "filler sentence (Like that.)"
    assert check_line("Like I said already. Four calls! Since 20 January!", ctx) is None
    thanked = continuing("en_parcel_lost_again", "accept", "Good. That's fair. Thank you.",
                         band="low")
    assert check_line("Good. That's fair. Thanks.", thanked) is None


def test_a_short_sentence_of_the_authored_line_may_be_reworded_a_little() -> None:
    authored = "I keep thinking, what if it's Thursday and there's nothing? What do I do then?"
    ctx = continuing("en_pharmacy_prescription_delay", "answer", authored)
    line = "I keep thinking, what if it's Thursday and there's nothing? What do I do now?"
    assert check_line(line, ctx) is None


def test_a_hedge_the_authored_line_does_not_have_is_rejected() -> None:
    authored = ("I've been on hold forty minutes. I'm here till Sunday. For work. This can't "
                "happen every day.")
    ctx = continuing("en_bank_card_blocked_abroad", "answer", authored)
    hedged = ("I've been on hold forty minutes. I'm here till Sunday. For work. That can't "
              "happen sometimes.")
    assert check_line(hedged, ctx) == "hedged or vague filler (sometimes)"
    vague = ("I've been on hold forty minutes. I'm here till Sunday. For work. This can't "
             "happen every day, or something.")
    assert check_line(vague, ctx) == "hedged or vague filler (or something)"


def test_a_hedge_the_authored_line_says_itself_is_kept() -> None:
    authored = ("As I said before. Since Sunday evening. The DSL light's red. If I miss "
                "Thursday's delivery, I probably lose that client.")
    ctx = continuing("en_telecom_broadband_outage_homeworker", "answer", authored)
    line = ("As I said before. Since Sunday evening. The DSL light's red. If I miss Thursday's "
            "delivery, I probably lose the client.")
    assert check_line(line, ctx) is None


def test_no_thanks_when_leaving_after_a_cold_reply() -> None:
    authored = "I'm sorry... I can't. Goodbye."
    ctx = continuing("en_bank_bereavement_account", "end", authored, band="high",
                     reply="That's the process. There's nothing I can do.", thanks_ok=False)
    assert check_line("I'm sorry... I can't. Thank you.", ctx) == "thanks for nothing"
    assert check_line(authored, ctx) is None


def test_thanks_the_authored_line_itself_says_is_kept() -> None:
    authored = "Fine. Thanks anyway. Bye."
    ctx = continuing("en_telecom_double_billing", "end", authored, band="high",
                     reply="There's nothing I can do.", thanks_ok=False)
    assert check_line(authored, ctx) is None


def test_a_settled_customer_may_accept_brightly_an_upset_one_may_not() -> None:
    settled = continuing("en_bank_card_blocked_abroad", "accept",
                         "Yes, please. That would be great.", band="low")
    assert check_line("Yes, please. That would be wonderful.", settled) is None
    grieving = continuing("en_bank_bereavement_account", "accept",
                          "Yes. Thank you. I think that's fine.", band="mid")
    for bright in ("Yes. Thank you. That's brilliant.", "Yes. Thank you. That's wonderful."):
        assert (check_line(bright, grieving) or "").startswith("strays from the intended line")
    assert check_line("Yes. Thank you. I think that's fine, yes.", grieving) is None


@pytest.mark.parametrize(
    ("scenario_id", "intent", "authored", "free_line"),
    [
        (
            "en_parcel_lost_again", "answer",
            "As I said before. Last time was 18 September, parcel JD-28114. Nobody called me "
            "back.",
            "It happened on 18 September too, parcel JD-28114, and I never heard a word after.",
        ),
        (
            "en_bank_card_blocked_abroad", "answer",
            "I've been on hold forty minutes. I'm here till Sunday. For work. This can't happen "
            "every day.",
            "Forty minutes on hold, and maybe it's just bad luck, but I'm here for work till "
            "Sunday.",
        ),
        (
            "en_telecom_double_billing", "reveal_need",
            "And the worst bit? That second payment put me into my overdraft. My bank charged "
            "me £25 for it.",
            "What really hurts is the overdraft that second payment caused. That cost me £25.",
        ),
    ],
)
def test_a_capable_model_writing_freely_is_not_held_to_the_authored_words(
    scenario_id: str, intent: str, authored: str, free_line: str
) -> None:
    assert check_line(free_line, continuing(scenario_id, intent, authored, free=True)) is None
    assert check_line(free_line, continuing(scenario_id, intent, authored)) is not None


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_every_language_lists_its_hedges(language: str) -> None:
    from simulator.customer.phrases import phrases_for

    assert len(phrases_for(language).hedges) >= 8


def test_a_swedish_hedge_in_a_continuation_is_rejected() -> None:
    authored = ("Färjan till Åland, 14 juli. Telefonen hittade fartygets sjönät. "
                "3 480 kronor.")
    ctx = continuing("sv_mobil_sjonat_faktura", "answer", authored, band="low")
    hedged = ("Färjan till Åland, 14 juli. Telefonen hittade kanske fartygets sjönät. "
              "3 480 kronor.")
    assert check_line(hedged, ctx) == "hedged or vague filler (kanske)"
    assert check_line(authored, ctx) is None


class Continuing(ScriptedBackend):
    """A fake small model that goes on from the authored line's first words."""

    continues_lines = True


@pytest.mark.parametrize(
    ("ending", "kept"),
    [
        ("Nobody called me back.", True),
        ("Nobody called me back then.", True),
        ("No return calls from me.", False),
        ("Nobody shattered me back.", False),
        ("Like that.", False),
    ],
)
def test_the_realizer_shows_the_authored_line_for_a_continuation_that_strays(
    ending: str, kept: bool
) -> None:
    authored = ("As I said before. Last time was 18 September, parcel JD-28114. Nobody called me "
                "back.")
    start = opening_words(authored)
    rest = authored[len(start):].replace("Nobody called me back.", ending)
    backend = Continuing([rest])
    guard = continuing("en_parcel_lost_again", "answer", authored)
    speech = Realizer(backend).speak(
        [ChatMessage(role="system", content="You are the customer.")], authored,
        replace(guard, start=""), threading.Event(),
    )
    events = []
    try:
        while True:
            events.append(next(speech))
    except StopIteration as done:
        line = done.value
    assert backend.calls[0][-1]["content"] == start  # the model was handed the start
    if kept:
        assert (line.source, line.text) == ("model", start + rest)
    else:
        assert (line.source, line.text) == ("script", authored)
        assert any(isinstance(e, CustomerReplaced) for e in events)
