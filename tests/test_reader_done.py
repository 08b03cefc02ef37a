"""A reply that reports a fix already made ("I've closed the account and removed the fee") is
heard as help in all four languages, not as an apology with nothing done."""

from __future__ import annotations

import pytest

from evaluation import Transcript, grade_transcript
from evaluation.cues import load_cues
from evaluation.reader.acts import read_acts
from evaluation.reader.done import DoneError, parse_forms, reports_done
from scenarios.matching import normalise

DONE = [
    ("en", "I've closed the account and removed the £25 late fee."),
    ("en", "I cancelled the second payment this morning."),
    ("sv", "Jag har tagit bort avgiften och stängt kontot."),
    ("nl", "Ik heb het abonnement stopgezet en de bedragen teruggestort."),
    ("pl", "Anulowałam drugie obciążenie z Pani konta."),
    ("en", "We charged you twice, and I've refunded the second payment."),
    ("pl", "Pobraliśmy opłatę dwa razy, ale zwróciłam już drugą."),
]
NOT_DONE = [
    ("en", "We have received your complaint."),
    ("en", "I haven't cancelled it yet."),
    ("en", "I wanted to say how sorry I am."),
    ("sv", "Jag har noterat ditt ärende."),
    ("sv", "Jag har inte stängt kontot."),
    ("nl", "Ik heb uw bericht ontvangen."),
    ("nl", "Ik heb het niet gecorrigeerd."),
    ("pl", "Nie anulowałem tego."),
    ("pl", "Zrozumiałem, że to trudne."),
    ("pl", "Pani zapłaciła dwa razy."),
    # owning what went wrong is not fixing it
    ("en", "We've charged you twice for the same trip."),
    ("en", "I'm afraid we lost your documents."),
    ("sv", "Vi har debiterat dig två gånger."),
    ("nl", "We hebben het bedrag twee keer afgeschreven."),
    ("pl", "Pobraliśmy opłatę dwa razy."),
    ("pl", "Pomyliliśmy zamówienia."),
]


@pytest.mark.parametrize(("language", "sentence"), DONE)
def test_a_reported_fix_is_heard(language: str, sentence: str) -> None:
    assert reports_done(normalise(sentence), load_cues(language))
    assert read_acts(sentence, ["You charged me twice."], language).fixes >= 1


@pytest.mark.parametrize(("language", "sentence"), NOT_DONE)
def test_receiving_noting_or_a_negated_act_is_no_fix(language: str, sentence: str) -> None:
    assert not reports_done(normalise(sentence), load_cues(language))


def test_a_condolence_with_the_fix_done_is_not_a_stock_apology() -> None:
    transcript = Transcript.model_validate({"language": "en", "turns": [
        {"role": "customer", "text": "My mum died three weeks ago and you're still sending her "
                                     "bills. Now there's a late fee of £25 on her account."},
        {"role": "trainee", "text": "I'm so sorry for your loss. I've closed her account as of "
                                    "the date she died and removed the £25 late fee."},
    ]})
    reply = grade_transcript(transcript).replies[0]
    notes = " ".join(e.note for e in reply.evidence)
    assert "apologises but does nothing" not in notes
    assert reply.scores.honesty >= 4.0
    assert reply.balance == "lagom"


def test_a_malformed_forms_file_names_the_language_and_field() -> None:
    with pytest.raises(DoneError, match=r"\[en\] participle: not a regex"):
        parse_forms('[en]\nparticiple = "([a-z"\n')
    with pytest.raises(DoneError, match=r"\[sv\] within"):
        parse_forms('[sv]\nwithin = 40\n')
    with pytest.raises(DoneError, match=r"\[nl\] colour"):
        parse_forms('[nl]\ncolour = "red"\n')


def test_a_bare_topic_noun_is_no_reflection_and_stays_curt() -> None:
    acts = read_acts("Okay, the router. Give me a second.",
                     ["Two weeks and still no router. I took two days off for it."], "en")
    assert acts.reflects_content == 0
    assert read_acts("A real ordeal, then.", ["I took two days off and nobody came."],
                     "en").reflects_content == 1
