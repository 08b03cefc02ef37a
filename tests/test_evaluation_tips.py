"""Tips a coach would sign: whole details in the customer's own words, aimed at the reply's real
weak point, worded differently for different replies, and using the scenario's own offers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation import Transcript, assess_reply
from evaluation.cues import load_cues
from scenarios.loader import load_scenario
from scenarios.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
TELECOM = ("I was promised a callback within 48 hours. That was over a week ago. You've still "
           "got £64.99 of my money.")
COURIER = ("Paczka z dyplomem miała być w Krakowie do 20 marca. Obiecali mi odpowiedź w ciągu "
           "48 godzin, a minął już tydzień. Zapłaciłam 24,99 zł za ekspres!")
ENERGIE = ("Ik moet ineens € 1.184,36 bijbetalen en er is mij beloofd dat het binnen 10 werkdagen "
           "zou worden nagekeken. Dat is nu drie weken geleden!")


def scenario(name: str) -> Scenario:
    """A shipped scenario file."""
    return load_scenario(ROOT / "scenarios" / f"{name}.toml")


def tips_for(customer: str, reply: str, language: str | None = None,
             with_scenario: Scenario | None = None) -> list[str]:
    """The tips for one reply to one customer line."""
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    grade, _ = assess_reply(transcript, 1, with_scenario)
    return grade.tips


def advice(language: str, dimension: str, *keys: str) -> list[str]:
    """The coach's opening words (before any placeholder) of the given tip kinds."""
    table = load_cues(language).tips[dimension]
    texts = [t for key in keys for t in ([table[key]] if isinstance(table[key], str)
                                         else table[key])]
    return [t.split("{")[0].split("'")[0].strip() for t in texts]


# --- 1. whole details: a number never loses its unit or currency ---------------------------

@pytest.mark.parametrize(("customer", "language", "whole", "number", "unit"), [
    (TELECOM, "en", "£64.99", "48", r"\s+hours"),
    (COURIER, "pl", "24,99 zł", "48", r"\s+godzin"),
    (ENERGIE, "nl", "€ 1.184,36", "10", r"\s+werkdagen"),
])
def test_tips_quote_whole_details_never_a_number_cut_from_its_unit(
    customer: str, language: str, whole: str, number: str, unit: str
) -> None:
    replies = {
        "en": ["Our system shows the payment was taken correctly.", "I understand.",
               "Calm down, these things happen."],
        "pl": ["To nie moja wina, system pokazuje status w sortowni.", "Rozumiem.",
               "Spokojnie, to się zdarza."],
        "nl": ["Dat komt door de slimme meter, daar kan ik niets aan doen.", "Duidelijk.",
               "Rustig maar, dat gebeurt wel vaker."],
    }[language]
    for reply in replies:
        tips = tips_for(customer, reply, language)
        assert tips, reply
        assert any(whole in tip for tip in tips), tips  # the money comes first
        for tip in tips:
            for match in re.finditer(rf"(?<![\d.,]){number}(?![\d.,])", tip):
                assert re.match(unit, tip[match.end():]), f"'{number}' cut from its unit: {tip}"


def test_a_lone_month_name_is_not_quoted_when_a_fuller_detail_exists() -> None:
    customer = "You took £64.99 twice in March and I've called three times already."
    tips = tips_for(customer, "Let me look into it.", "en")
    assert tips
    assert not any("'March'" in tip or " March." in tip for tip in tips), tips
    assert any("£64.99" in tip for tip in tips)


# --- 2. the tip addresses the reply's actual weak point -------------------------------------

def test_no_show_you_heard_tip_when_the_reply_reflected_a_detail_english() -> None:
    reply = ("I'll check the direct debit mandate and flag your account so only one payment "
             "is collected in April. I'll refund the £64.99 today.")
    tips = tips_for(TELECOM, reply, "en", scenario("en_telecom_double_billing"))
    reflect = advice("en", "listening", "no_detail", "default")
    assert not any(tip.startswith(a) for tip in tips for a in reflect), tips


def test_no_show_you_heard_tip_when_the_reply_reflected_a_detail_dutch() -> None:
    customer = ("Mijn pakket 55120 zou vrijdag komen voor de verjaardag van mijn dochter en het "
                "is er nog steeds niet. Ik ben echt boos!")
    tips = tips_for(customer, "Ik controleer pakket 55120 nu bij de koerier.", "nl")
    reflect = advice("nl", "listening", "no_detail", "default")
    assert not any(tip.startswith(a) for tip in tips for a in reflect), tips
    emotion = advice("nl", "listening", "ignored_emotion")
    assert any(tip.startswith(a) for tip in tips for a in emotion), tips


def test_a_reply_without_the_customers_details_is_told_to_reflect_them() -> None:
    tips = tips_for(TELECOM, "I understand. Let me look into it.", "en")
    reflect = advice("en", "listening", "no_detail")
    assert any(tip.startswith(a) for tip in tips for a in reflect), tips


def test_no_feeling_tip_when_the_reply_already_named_the_feeling() -> None:
    reply = "I'm sorry, that's really frustrating. The billing team will look at it."
    tips = tips_for(TELECOM, reply, "en")
    naming = advice("en", "understanding", "no_feeling", "default")
    assert not any(tip.startswith(a) for tip in tips for a in naming), tips


# --- 3. varied wording, stable for the same reply -------------------------------------------

@pytest.mark.parametrize(("language", "customer", "replies"), [
    ("en", TELECOM, ["I'll look into it.", "Let me check that.", "I will check your account.",
                     "I'll have a look now.", "I can check that for you.",
                     "Let me see what happened."]),
    ("sv", "Mitt paket 55120 skulle komma i fredags och det har fortfarande inte kommit. "
           "Jag är så arg!",
     ["Jag kollar det.", "Jag tittar på det nu.", "Jag ska kolla ärendet.",
      "Jag undersöker saken.", "Jag kontrollerar det direkt.", "Jag ser över det."]),
])
def test_tips_vary_across_replies_but_not_for_the_same_reply(
    language: str, customer: str, replies: list[str]
) -> None:
    first = [tuple(tips_for(customer, r, language)) for r in replies]
    again = [tuple(tips_for(customer, r, language)) for r in replies]
    assert first == again
    wordings = {tip for tips in first for tip in tips}
    assert len(wordings) >= len(first[0]) + 2, wordings  # not one fixed sentence per kind
    openers = {re.sub(r"\W", "", tip)[:30] for tips in first for tip in tips}
    assert len(openers) >= 4


# --- 4. a scenario's own offer and name in the better phrasing ------------------------------

@pytest.mark.parametrize(("name", "customer", "reply", "language"), [
    ("en_telecom_double_billing", TELECOM,
     "Our system shows the payment was taken correctly, it was a system error.", "en"),
    ("pl_kurier_zagubiona_paczka", COURIER,
     "To nie moja wina, system pokazuje status w sortowni.", "pl"),
    ("nl_energie_jaarafrekening", ENERGIE,
     "Dat komt door de slimme meter, daar kan ik niets aan doen.", "nl"),
])
def test_honesty_tip_names_a_next_step_the_policy_allows(
    name: str, customer: str, reply: str, language: str
) -> None:
    story = scenario(name)
    tips = tips_for(customer, reply, language, story)
    honesty = advice(language, "honesty", "excuse", "no_ownership", "default")
    tip = next(t for t in tips if any(t.startswith(a) for a in honesty))
    offers = [" ".join(o.text.split()[1:4]) for o in story.policy.may_offer]
    assert any(words in tip for words in offers), (tip, offers)
    without = tips_for(customer, reply, language)
    assert not any(words in t for t in without for words in offers)


def test_english_phrasings_use_the_customers_name_from_the_scenario() -> None:
    tips = tips_for(TELECOM, "Our system shows it was taken correctly.", "en",
                    scenario("en_telecom_double_billing"))
    assert any("Gary" in tip for tip in tips), tips
    assert not any("Gary" in tip for tip in tips_for(TELECOM, "Our system shows it.", "en"))


def test_polish_tips_address_a_woman_as_pani_not_both_forms() -> None:
    tips = tips_for(COURIER, "Spokojnie, to nie moja wina.", "pl")
    assert tips
    text = " ".join(tips)
    assert "Pan/Pani" not in text and "Pana/Pani" not in text and "Panu/Pani" not in text
    assert re.search(r"\bPani\b|\bPanią\b", text), text
    assert "{" not in text and "}" not in text


def test_dutch_phrasings_address_the_customer_with_u() -> None:
    tips = tips_for(ENERGIE, "Dat komt door de slimme meter.", "nl",
                    scenario("nl_energie_jaarafrekening"))
    phrasings = [t.split("“", 1)[1] for t in tips if "“" in t]
    assert phrasings
    for phrasing in phrasings:
        assert not re.search(r"\b(je|jij|jou|jouw)\b", phrasing, re.IGNORECASE), phrasing


def test_twice_is_quoted_with_what_happened_twice() -> None:
    from evaluation import grade_transcript
    from evaluation.models import Transcript, Turn

    transcript = Transcript(
        turns=[
            Turn(role="customer", text="Hello... I think I've been charged twice. For March."),
            Turn(role="trainee", text="Our system shows it was correct, not our mistake."),
        ]
    )
    tips = " ".join(grade_transcript(transcript).replies[0].tips)
    assert tips  # a tip is given, but "twice" is never spliced into a slot, alone or with
    # its verb ("sorting out charged twice" is no English: see test_grading_function_tips)
    assert "twice" not in tips
