"""Brush-offs a coach marks at once, in four languages: hiding behind the terms or the contract,
putting the duty on the customer, and 'it'll come through eventually'. And their look-alikes
that are fine: a short cause owned ('the system expected a delivery that never came; that
shouldn't happen') and 'I have also reported it' (no talk about the agent's own life)."""

from __future__ import annotations

import pytest

from evaluation import Transcript, grade_transcript


def notes(language: str, customer: str, reply: str) -> str:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    return " ".join(e.note for e in grade_transcript(transcript).replies[0].evidence)


EXCUSES = [
    ("en", "You charged my trip twice, £680 gone a week before rent.",
     "Refunds are processed within 5-10 working days as stated in our terms and conditions."),
    ("en", "My mother died and you sent a £4,200 invoice.",
     "Our contract states a notice period of 28 days. The invoice is therefore correct."),
    ("sv", "Ni har ställt in vårt bröllop sex veckor innan!",
     "Enligt våra villkor har vi rätt att avboka vid force majeure."),
    ("nl", "Waarom krijg ik een boete terwijl ik een abonnement heb?",
     "Volgens de algemene voorwaarden is de boete terecht."),
    ("pl", "Lekarz odwołał wizytę godzinę przed, a tata jest po zawale.",
     "Choroba lekarza to sytuacja losowa, na którą nie mamy wpływu."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), EXCUSES)
def test_hiding_behind_terms_or_chance_is_an_excuse(language: str, customer: str,
                                                    reply: str) -> None:
    assert "an excuse" in notes(language, customer, reply)


BLAME = [
    ("en", "The box had the wrong strength in it.", "The customer is responsible for checking "
     "the parcel on delivery."),
    ("sv", "Det var fel styrka i paketet.", "Kunden ansvarar för att kontrollera paketet."),
    ("nl", "Er zat de verkeerde sterkte in het pakket.", "De klant is verplicht het pakket te "
     "controleren."),
    ("pl", "W paczce była zła dawka.", "Klient ma obowiązek sprawdzić zawartość paczki."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), BLAME)
def test_putting_the_duty_on_the_customer_is_blame(language: str, customer: str,
                                                   reply: str) -> None:
    assert "blame" in notes(language, customer, reply).lower()


def test_an_owned_cause_is_no_excuse_and_reporting_it_too_is_no_self_focus() -> None:
    said = notes("sv", "Ni skickade sms om att medicinen var klar, men den är slut överallt!",
                 "Jag har reserverat en förpackning på Drottninggatan till i morgon kl. 18. "
                 "Smset gick ut för att systemet räknade med en leverans som inte kom, och det "
                 "ska inte hända. Jag har också anmält felet.")
    assert "an excuse" not in said
    assert "makes the conversation about the agent" not in said


def test_it_will_come_through_eventually_is_a_vague_promise() -> None:
    assert "vague promise" in notes("en", "The £500 deposit is still on my card after 3 weeks.",
                                    "It'll come through eventually.")
