"""Reading slips found on a fresh blind set of coach-graded replies: a refund of `€104,85`
was read as two clauses and never counted as done; `I can only imagine how you feel` and a
bare `today` counted as taking a step; `Nej, du har inte gjort fel` read as blame; `vi står för
det` as an over-promise; a request for photos the customer says they sent was not heard as
asking again, and a question about next Friday's inspection was, because the customer had
'already moved' in the same sentence."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes

from evaluation.policy import clauses
from evaluation.rubric import load_rubric

RUBRIC = load_rubric()
OWNS, ASKS_AGAIN, BLAMES, PROMISES = (RUBRIC.criteria[c].note for c in (
    "ownership", "repeated_question", "blame", "over_promise"))


def named(grade) -> list[str]:
    """The evidence notes shown for a reply."""
    return [e.note for e in grade.evidence]


@pytest.mark.parametrize("text", ["Ik heb €104,85 teruggestort.", "Zwróciłam 1.250,50 zł.",
                                  "Jag har betalat tillbaka 14.320 kronor."])
def test_an_amount_with_a_decimal_comma_or_point_stays_in_its_clause(text: str) -> None:
    assert len(clauses(text)) == 1, clauses(text)


def test_a_refund_of_a_decimal_amount_counts_as_done() -> None:
    grade = last_reply(
        "nl", "Ik heb in augustus opgezegd, met bevestiging per mail. Toch is er drie keer "
              "€34,95 afgeschreven. Wanneer krijg ik mijn geld terug?",
        "Uw opzegging van augustus staat bij ons. Ik heb €104,85 teruggestort; het staat "
        "uiterlijk donderdag op uw rekening.")
    assert OWNS in named(grade)
    assert grade.scores.honesty >= 4.0


SYMPATHY_ONLY = [
    ("en", "My dog's ashes were due back ten days ago. Nobody calls back. Where is she?",
     "Oh, I'm so very sorry for your loss. I can only imagine how you're feeling right now. "
     "Please take care of yourself."),
    ("nl", "Mijn moeder is overleden en nu moet ik nog twee maanden huur betalen. Klopt dat?",
     "Wat verdrietig, gecondoleerd. Ik kan me voorstellen dat het veel is om dit allemaal te "
     "regelen. Neemt u vooral de tijd."),
    ("sv", "Min son har astma och mögel växer i badrummet. Jag orkar inte jaga er mer.",
     "Åh, vad hemskt. Jag kan inte ens föreställa mig hur trött du måste vara. Jag hoppas att "
     "allt ordnar sig för er."),
    ("pl", "Mąż zmarł, a wy dalej przysyłacie rachunki. Co mam zrobić?",
     "Bardzo mi przykro. Mogę sobie tylko wyobrazić, jak trudno jest to dziś wszystko "
     "załatwiać."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), SYMPATHY_ONLY,
                         ids=[case[0] for case in SYMPATHY_ONLY])
def test_imagining_how_they_feel_takes_no_step(language: str, customer: str,
                                                reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert OWNS not in named(grade)
    assert RUBRIC.criteria["next_step"].note not in named(grade)
    assert grade.scores.honesty < 4.0  # nothing done: not a good honesty grade


def test_a_busy_day_named_is_no_next_step() -> None:
    grade = last_reply(
        "nl", "Het huisje is smerig en we hebben vier uur gereden met twee kleine kinderen.",
        "Het is vandaag wisseldag en er zijn veel zieken. Soms glipt er dan iets doorheen.")
    assert RUBRIC.criteria["next_step"].note not in named(grade)
    assert grade.scores.honesty < 3.5


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Har jag gjort fel i ansökan? Jag är så rädd.",
     "Nej, du har inte gjort fel. Jag har lagt in kontot nu, så pengarna kommer på fredag."),
    ("pl", "Czy ja coś źle zrobiłam?",
     "To nie znaczy, że zrobiła Pani coś źle. Sprawdzę, skąd ta kwota, i oddzwonię dziś."),
])
def test_clearing_the_customer_is_no_blame(language: str, customer: str, reply: str) -> None:
    assert BLAMES not in named(last_reply(language, customer, reply))


def test_vi_står_för_det_owns_the_fault_and_promises_nothing() -> None:
    grade = last_reply(
        "sv", "Hyresvärden underkände flyttstädningen. Ny besiktning är på fredag och jag har "
              "redan flyttat till Umeå. Vad tänker ni göra?",
        "Det ska inte hända, och vi står för det. Ett städteam åker dit på torsdag och gör om "
        "allt i protokollet, utan kostnad. Kan du mejla besiktningsprotokollet till mig?")
    assert PROMISES not in named(grade)
    assert ASKS_AGAIN not in named(grade)  # the protocol was never sent; the move was
    assert grade.scores.honesty >= 4.0 and grade.scores.listening >= 3.5


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Jag skickade bilderna förra veckan. Min son hostar hela hösten.",
     "Tack! För att vi ska kunna gå vidare behöver jag bilder på skadan."),
    ("en", "I sent you the photos last week. My son has been coughing all autumn.",
     "Thanks! To take this further I need the photos of the damage."),
])
def test_asking_for_what_they_say_they_sent_is_asking_again(language: str, customer: str,
                                                              reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert ASKS_AGAIN in named(grade), notes(grade, quotes=True)
