"""A fix already made is graded as one: it owns the problem, it moves on from the feelings,
and what it means for the customer ('so you won't have to pay anything more') is its
consequence, not an empty promise. The same words with nothing done are still a promise."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes

PROMISE = "a guarantee or promise nobody can be sure to keep"

BACKED = [
    ("en", "What about the November invoice for £39?",
     "I've credited that too, so you won't have to pay anything more."),
    ("sv", "Men vad händer med fakturan för november, den på 399?",
     "Den har jag krediterat också, så du behöver inte betala något mer."),
    ("nl", "En de factuur van november, van € 39?",
     "Die heb ik ook gecrediteerd, dus u hoeft niets meer te betalen."),
    ("pl", "A co z fakturą za listopad na 39 zł?",
     "Anulowałam ją, więc nie musi Pani nic więcej płacić."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), BACKED,
                         ids=[case[0] for case in BACKED])
def test_what_a_fix_means_for_the_customer_is_no_empty_promise(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert PROMISE not in notes(grade)
    assert grade.scores.honesty >= 4.0


def test_the_same_words_with_nothing_done_are_still_a_promise() -> None:
    grade = last_reply("en", BACKED[0][1], "Don't worry, you won't have to pay anything more.")
    assert PROMISE in notes(grade)
    assert grade.scores.honesty < 2.5


def test_a_condolence_with_the_fix_made_does_not_dwell_on_feelings() -> None:
    grade = last_reply(
        "sv",
        "Min mamma gick bort i oktober och ni fortsätter att skicka fakturor för hennes "
        "bredband, nu med påminnelseavgift på 60 kronor. Jag har skickat dödsfallsintyget två "
        "gånger.",
        "Jag beklagar verkligen sorgen. Jag ser båda intygen här, så jag har avslutat "
        "abonnemanget från den 12 oktober och tagit bort påminnelseavgiften på 60 kronor.")
    assert "dwells on feelings" not in notes(grade)
    assert grade.balance == "lagom"
    assert grade.scores.honesty >= 4.0


def test_dont_worry_beside_a_fix_already_made_is_no_promise() -> None:
    grade = last_reply(
        "en", "I've had a letter about overdue books on my late husband's card, £14.60.",
        "I'm so sorry about your husband. Please don't worry about the books or the £14.60: "
        "I've cleared the fine and closed his card.")
    assert PROMISE not in notes(grade)


def test_dont_worry_beside_a_fix_only_promised_is_still_a_promise() -> None:
    grade = last_reply(
        "en", "The hotel is charging me because my card was blocked.",
        "Don't worry at all, Sophie! I'll make sure the hotel doesn't charge you anything.")
    assert PROMISE in notes(grade)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "My test was cancelled and I start a job that needs a licence.",
     "I know how you feel. When I failed my test I cried for a whole week."),
    ("pl", "Zgubiliście obrączkę po mamie, to jedyna pamiątka.",
     "Tak mi przykro. Ja też straciłam mamę i płakałam tygodniami."),
])
def test_the_agents_own_story_in_the_past_is_no_fix(language: str, customer: str,
                                                    reply: str) -> None:
    from evaluation.reader.acts import read_acts

    assert not read_acts(reply, [customer], language).fixes


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Tell me straight: where is my pension right now?",
     "I can assure you the money is there, we're a regulated company."),
    ("pl", "Mam wrażenie, że firma liczy na to, że odpuszczę.",
     "Zapewniam, że nikt na nic nie liczy."),
])
def test_an_assurance_instead_of_facts_is_marked(language: str, customer: str,
                                                 reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert "assurance" in notes(grade) or "honestly" in notes(grade), notes(grade)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("nl", "En die drie afschrijvingen van € 42,50?",
     "Die € 127,50 stort ik vandaag terug; het staat binnen drie werkdagen op de rekening."),
    ("sv", "Och fakturan för november, den på 399 kronor?",
     "Den krediterar jag i dag, och du får en bekräftelse på mejlen."),
])
def test_a_fix_with_the_object_first_owns_it(language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert "nobody takes ownership" not in notes(grade)
    assert grade.scores.honesty >= 4.0, grade.scores
