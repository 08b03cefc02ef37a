"""The same promise again: a customer comes back to say the callback, the engineer or the refund
an agent promised never came, and the agent promises it once more (`I'll look into it and get
back to you`). Blind coaches graded such replies 1 for honesty; the grader gave them 4, because
a step is a step. A repeated commitment now costs honesty, listening and understanding and
earns no credit as a step; doing what was promised, a calm 'OK, thanks', and a customer who
simply answers a question while the agent is still checking are no repeat."""

from __future__ import annotations

import pytest
from grading_support import found, last_reply, notes

from evaluation.rubric import load_rubric

RUBRIC = load_rubric()
AGAIN = RUBRIC.criteria["promise_again"].note

# (language, first complaint, first reply, customer back: it did not happen, the same promise,
#  something new instead)
BROKEN = [
    ("en", "You charged me £40 for a gutter clean on Monday. Nobody came.",
     "Sorry about that. I'll check with the crew and ring you back tomorrow.",
     "That was a week ago. Nobody rang me and I've been charged again.",
     "Sorry about that. I'll check with the crew and ring you back as soon as I can.",
     "You're right, that call should have come a week ago. I've refunded both £40 "
     "charges just now; you'll see them within three working days."),
    ("sv", "Jag har betalat för en ny router men den har inte kommit. Det har gått två veckor.",
     "Jag förstår. Jag kontaktar lagret och återkommer i morgon.",
     "Det var i tisdags. Ingen har hört av sig och jag har fortfarande inget internet.",
     "Jag förstår. Jag kontaktar lagret och återkommer till dig så snart jag kan.",
     "Du har rätt, du skulle ha fått svar i onsdags. Jag har skickat en ny router med "
     "expressbud nu; den är hos dig i morgon före klockan 12."),
    ("nl", "Mijn wasmachine is kapot en de monteur zou dinsdag komen. Hij is niet gekomen.",
     "Excuses! Ik plan de monteur opnieuw in voor donderdag.",
     "Donderdag is er ook niemand gekomen. Ik heb twee dagen vrij genomen voor niets.",
     "Excuses! Ik plan de monteur opnieuw in voor volgende week.",
     "Dat is twee keer misgegaan en dat ligt bij ons. Ik heb de monteur van het "
     "spoedteam voor morgen om 8.00 uur bevestigd gekregen en uw voorrijkosten kwijtgescholden."),
    ("pl", "Zamówiłam lodówkę, przyszła z wgniecionymi drzwiami. Co teraz?",
     "Przepraszam. Przekażę zgłoszenie do magazynu i oddzwonię jutro.",
     "Minęło pięć dni i nikt nie oddzwonił. Lodówka dalej stoi w przedpokoju.",
     "Przepraszam. Przekażę zgłoszenie do magazynu i ktoś do Pani oddzwoni.",
     "Ma Pani rację, powinnam była oddzwonić pięć dni temu. Zleciłam już wymianę: "
     "nowa lodówka przyjedzie w czwartek, a kurier zabierze uszkodzoną."),
]


@pytest.mark.parametrize(("language", "first", "reply", "back", "again", "new"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_a_promise_made_again_after_it_failed_costs_honesty_and_earns_no_step(
        language: str, first: str, reply: str, back: str, again: str, new: str) -> None:
    criteria = found(language, first, reply, back, again)
    assert "promise_again" in criteria, criteria
    assert not criteria & {"next_step", "ownership", "concrete_help"}, criteria
    repeated = last_reply(language, first, reply, back, again)
    assert AGAIN in notes(repeated)
    assert repeated.scores.honesty <= 2.0, repeated.scores
    fixed = last_reply(language, first, reply, back, new)
    assert "promise_again" not in found(language, first, reply, back, new)
    assert fixed.scores.honesty - repeated.scores.honesty >= 1.5, (fixed.scores, repeated.scores)
    assert fixed.scores.listening > repeated.scores.listening


@pytest.mark.parametrize(("language", "first", "reply", "back", "again", "new"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_the_tip_for_a_repeated_promise_says_to_own_it_in_the_reply_language(
        language: str, first: str, reply: str, back: str, again: str, new: str) -> None:
    tips = last_reply(language, first, reply, back, again).tips
    words = {"en": "promise", "sv": "löfte", "nl": "belofte", "pl": "obietnic"}[language]
    assert any(words in tip.lower() for tip in tips), tips
    assert not any("{" in tip or "}" in tip for tip in tips), tips


def test_doing_what_was_promised_is_progress_not_a_repeat() -> None:
    lines = ("My parcel says delivered but it isn't here.",
             "I'm sorry. I'll contact the courier and check where it is.",
             "Any news? I still haven't got it.",
             "I've contacted the courier: it was left at number 14 by mistake, and they're "
             "bringing it to you before 6 pm today.")
    assert "promise_again" not in found("en", *lines)
    assert last_reply("en", *lines).scores.honesty >= 3.5


def test_a_customer_who_answers_and_waits_is_not_let_down() -> None:
    lines = ("Dostałam pismo z urzędu, że mam zaległość 900 zł. Zawsze płacę w terminie.",
             "Przykro mi, że to Panią zaniepokoiło. Zaraz to sprawdzę.",
             "Dziękuję. Pismo ma numer 44/2026. Czy ja coś źle zrobiłam?",
             "Nie, nie zrobiła Pani nic złego. Zaraz sprawdzę, skąd ta kwota.")
    assert "promise_again" not in found("pl", *lines)


def test_a_calm_thanks_after_a_promise_is_no_complaint() -> None:
    lines = ("The app won't let me log in since the update.",
             "I'll reset your login and send you a new link.",
             "OK, thanks.",
             "I'll reset your login and send you a new link within five minutes.")
    assert "promise_again" not in found("en", *lines)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Nobody rang me back.", "You should have had a call on Monday. I've refunded you now."),
    ("sv", "Ingen har hört av sig.",
     "Du skulle ha fått svar i onsdags. Jag har betalat tillbaka nu."),
    ("nl", "Niemand belde terug.",
     "U had allang antwoord moeten krijgen. Ik heb het teruggestort."),
    ("pl", "Nikt nie oddzwonił.",
     "Powinna Pani dostać odpowiedź w poniedziałek. Zwróciłam już pieniądze."),
], ids=["en", "sv", "nl", "pl"])
def test_saying_they_should_have_had_an_answer_owns_the_delay_and_blames_nobody(
        language: str, customer: str, reply: str) -> None:
    assert "blame" not in found(language, customer, reply)


def test_telling_them_what_they_should_have_done_is_still_blame() -> None:
    assert "blame" in found("en", "It stopped working.", "You should have checked the fuse first.")


@pytest.mark.parametrize(("language", "lines"), [
    ("nl", ("Er is een verkeerde stofzuiger geleverd.",
            "Vervelend! U kunt de stofzuiger kosteloos terugsturen via het formulier op de site.",
            "Kosteloos? Het formulier rekent €25 verzendkosten. Waarom moet ik betalen voor "
            "uw fout?",
            "Excuses voor het ongemak. U kunt de stofzuiger terugsturen via het formulier op "
            "de site.")),
    ("sv", ("Vi betalade för platser bredvid varandra men satt utspridda på flyget.",
            "Vad tråkigt. Det kan hända vid byte av flygplan.",
            "'Det kan hända' är inget svar. Ni tog betalt för något ni inte levererade.",
            "Som sagt kan det hända vid byte av flygplan.")),
], ids=["advice", "excuse"])
def test_advice_or_an_excuse_the_customer_just_turned_down_said_again_is_a_repeat(
        language: str, lines: tuple[str, ...]) -> None:
    assert "promise_again" in found(language, *lines)


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "Like I said, the form is on our website."),
    ("sv", "Som sagt finns formuläret på vår webbplats."),
    ("nl", "Dat staat er toch duidelijk bij op het formulier?"),
    ("pl", "Jak już mówiłam, formularz jest na stronie."),
], ids=["en", "sv", "nl", "pl"])
def test_as_i_said_talks_down_to_the_customer(language: str, reply: str) -> None:
    assert "blame" in found(language, "I asked you twice already. Where is the refund?", reply)


def test_the_summary_puts_the_costliest_weak_point_first() -> None:
    """A promise repeated after it failed, on three low scores, is the first thing to practise,
    before a politeness word missing from two otherwise decent replies."""
    from evaluation import Transcript, grade_transcript
    from evaluation.markdown import render_markdown

    language, first, reply, back, again, _ = BROKEN[3]
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": role, "text": text} for role, text in zip(
            ("customer", "trainee", "customer", "trainee"), (first, reply, back, again),
            strict=True)]})
    text = render_markdown(grade_transcript(transcript), transcript)
    summary = text.split("## Top three things to practise", 1)[1].split("## Turn", 1)[0]
    assert AGAIN in summary, summary
    polite = RUBRIC.criteria["please"].missing
    assert polite not in summary or summary.index(AGAIN) < summary.index(polite), summary
