"""Answering the question, read by what the reply does, not by the question's words coming
back: a long warm reply that names the customer's daughter, the money and the deadline but never
says whether the money is safe does not answer; `No. It's in a trust account in her name, so it
isn't part of the estate.` does, with no empathy words at all. Found on a blind development set
whose coach graded the first listening 1 and the second 5 (the grader had them the other way
round)."""

from __future__ import annotations

import pytest
from grading_support import found, last_reply

# (language, customer's question, warm reply that never answers, short direct answer)
QUESTIONS = [
    ("en", "My dad left £3,000 in a savings account for my son. The branch says it's frozen "
           "with the estate. Does my son lose that money?",
     "I'm so sorry about your dad. Saving for your son like that was such a loving thing to "
     "do, and I can hear how much it means to you. Please take all the time you need.",
     "No. The account is in your son's name, so it isn't part of the estate. He can use it "
     "from his 18th birthday."),
    ("sv", "Min mamma dog i maj och hennes pension betalades ut igen i juni. Måste jag betala "
           "tillbaka den nu?",
     "Jag beklagar verkligen att din mamma har gått bort. Det är så mycket att ta hand om "
     "när man sörjer, och jag förstår att pensionen känns som ännu en börda.",
     "Nej. Vi drar tillbaka juni-utbetalningen direkt från hennes konto, du behöver inte "
     "göra något."),
    ("nl", "Mijn pensioenoverzicht mist de jaren bij de provincie. Ben ik die jaren nu kwijt?",
     "Wat vervelend dat u dit ziet, dat geeft natuurlijk veel onrust. Uw pensioen is iets "
     "waar u uw hele leven voor gewerkt hebt, dus ik snap dat dit u raakt.",
     "Nee. De jaren staan bij ons geregistreerd, ze ontbreken alleen op het overzicht. "
     "Volgende week staat er een gecorrigeerd overzicht in uw online omgeving."),
    ("pl", "Mama zmarła, zapłaciłam za pogrzeb 8 000 zł z własnych pieniędzy. Czy bank zwróci "
           "mi to z jej konta?",
     "Bardzo mi przykro z powodu śmierci mamy. To ogromna strata, a do tego wszystkie "
     "formalności i pieniądze, które Pani wyłożyła. Proszę na siebie uważać.",
     "Tak. Zwrot kosztów pogrzebu z konta mamy jest zlecony, pieniądze będą u Pani w ciągu "
     "dwóch dni roboczych."),
]


@pytest.mark.parametrize(("language", "customer", "warm", "answer"), QUESTIONS,
                         ids=[case[0] for case in QUESTIONS])
def test_a_direct_answer_outranks_warm_words_that_never_answer(
        language: str, customer: str, warm: str, answer: str) -> None:
    unanswered = found(language, customer, warm)
    assert "ignored_question" in unanswered and "answered_question" not in unanswered
    answered = found(language, customer, answer)
    assert "ignored_question" not in answered and "no_help" not in answered, answered
    assert (last_reply(language, customer, answer).scores.listening
            > last_reply(language, customer, warm).scores.listening)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I retire on Friday and still have no figures. Will I get them before then?",
     "Please try not to panic. Lots of people feel nervous before retiring."),
    ("nl", "De pinautomaat in mijn winkel is kapot, op zaterdag. Komt er vandaag iemand?",
     "Wat een pech, en dat op zaterdag! Ik kan me voorstellen hoe stressvol dat is."),
    ("pl", "Karta nie przyszła, a mam na koncie całą emeryturę. Jak mam wypłacić pieniądze?",
     "Bardzo mi przykro. Jestem pewna, że nowa karta niedługo dotrze."),
    ("sv", "Min pension har inte kommit till nya kontot. Var är pengarna?",
     "Jag förstår att du är trött. Ta det lugnt nu, det här ska vi nog lösa tillsammans."),
], ids=["calm-down", "exclamation", "sure-it-will", "we-will-probably"])
def test_soothing_exclamations_and_guesses_are_no_answer(language: str, customer: str,
                                                         reply: str) -> None:
    criteria = found(language, customer, reply)
    assert "ignored_question" in criteria, criteria
    assert not criteria & {"answered_question", "concrete_help", "instructions"}, criteria


def test_a_step_in_progress_answers_the_question() -> None:
    customer = "I paid the wrong account. Can you get the money back?"
    criteria = found("en", customer, "I'm asking the receiving bank to return it now.")
    assert "answered_question" in criteria and "ignored_question" not in criteria, criteria


def test_a_question_back_about_the_case_does_not_ignore_the_question() -> None:
    customer = "My parcel says delivered but it isn't here. Where is it?"
    criteria = found("en", customer, "Which address did you give for the delivery?")
    assert "ignored_question" not in criteria, criteria


def test_a_plain_statement_about_what_was_asked_answers_it() -> None:
    """An answer in words the reader has no cue for still answers: a plain statement about
    the matter asked, not sympathy repeating its words."""
    customer = "Why can't the selfie stick that came with my X5 Pro be used with it?"
    criteria = found("en", customer, "The selfie stick is incompatible with the X5 Pro, as it "
                                     "runs an older Android version.")
    assert "answered_question" in criteria and not criteria & {"ignored_question", "no_help"}
