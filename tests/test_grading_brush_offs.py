"""Brush-offs a coach marks at once, in four languages: hiding behind the terms or the contract,
putting the duty on the customer, and 'it'll come through eventually'. And their look-alikes
that are fine: a short cause owned ('the system expected a delivery that never came; that
shouldn't happen') and 'I have also reported it' (no talk about the agent's own life)."""

from __future__ import annotations

import pytest
from grading_support import last_reply
from grading_support import notes as notes_of


def notes(language: str, *lines: str) -> str:
    """The evidence notes of the last reply, joined."""
    return notes_of(last_reply(language, *lines))


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
    ("en", "The app said 'sent' but the rent never arrived. Who pays the late fee?",
     "Our terms say customers should check that their payments have arrived."),
    ("nl", "De pinterminal is kapot op zaterdag. Komt er vandaag iemand?",
     "Volgens uw contract geldt 48 uur. Daar kan ik helaas niet van afwijken."),
    ("sv", "Vi satt utspridda fast vi betalat för platser bredvid varandra.",
     "Det kan hända vid byte av flygplan."),
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


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Sophie Marsh, 6612. Sorry doesn't help me, I need my card working now.",
     "Thank you, Sophie. I've unblocked the card ending 6612 just now, so you can pay the hotel."),
    ("pl", "PESEL 79051204562. Przepraszanie nic mi nie da, potrzebuję dostępu do pieniędzy.",
     "Dziękuję. Odblokowałam konto przed chwilą – może Pani już zapłacić czynsz dziś."),
])
def test_a_customer_who_turns_apologies_down_is_answered_by_action(
        language: str, customer: str, reply: str) -> None:
    said = notes(language, customer, reply)
    assert "jumps to the fix" not in said
    assert "not acknowledged at all" not in said


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I'm so sorry, poor boy. I remember when I cried because my mum cancelled my camp."),
    ("pl", "Och, biedny chłopiec! Ja sama pamiętam, jak płakałam, kiedy mama odwołała mi obóz."),
])
def test_the_agents_own_memories_make_it_about_the_agent(language: str, reply: str) -> None:
    customer = {"en": "The camp was cancelled a week before and my son cried all evening.",
                "pl": "Kolonie odwołano tydzień przed wyjazdem, syn płakał cały wieczór."}[language]
    assert "makes the conversation about the agent" in notes(language, customer, reply)


def test_asking_what_matters_most_explores_and_does_not_ask_again() -> None:
    said = notes("sv", "Vårt bröllop skulle vara hos er den 17 januari, 90 gäster. Nu avbokar ni!",
                 "Jag förstår att ni är arga. Är det datumet som är viktigast för er, eller "
                 "platsen? Då vet jag om jag ska leta sal på ett annat hotell samma dag.")
    assert "asks again" not in said


def test_asking_again_for_a_personal_number_just_given_is_a_repeat() -> None:
    said = notes("sv", "Tandläkaren dubbelbokade min tid kl. 14.",
                 "Kan jag få ditt personnummer så tittar jag på bokningen?",
                 "850312-4471. Och jag har ont nu.",
                 "Tack! Kan du bekräfta ditt personnummer?")
    assert "asks again" in said


def test_a_repeated_condolence_names_no_feeling_the_second_time() -> None:
    reply = last_reply("nl", "Mijn man is overleden. Ik wil zijn abonnement opzeggen.",
                       "Gecondoleerd met uw verlies. Ik zal kijken wat ik kan doen.",
                       "Dat zei uw collega ook. Nu kost het € 312.",
                       "Gecondoleerd met uw verlies. Kunt u de akte mailen?")
    assert not any(e.note == "names or validates the customer's feeling" for e in reply.evidence)
    assert reply.scores.understanding < 3.0


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "Well, you're not the only one with an outage this week. Shouting doesn't help."),
    ("nl", "Nou, meneer, u bent zeker niet de enige met een storing. Schreeuwen helpt niet echt."),
    ("sv", "Du är inte den enda med ett avbrott den här veckan. Att skrika hjälper inte."),
    ("pl", "Nie jest Pan jedyny z awarią w tym tygodniu. Krzyk nic nie da."),
])
def test_dismissing_the_customer_is_sarcasm(language: str, reply: str) -> None:
    customer = {"en": "Five days without internet and nobody came.",
                "nl": "Vijf dagen zonder internet en niemand kwam.",
                "sv": "Fem dagar utan internet och ingen kom.",
                "pl": "Pięć dni bez internetu i nikt nie przyszedł."}[language]
    assert "sarcas" in notes(language, customer, reply).lower()


def test_a_serious_objection_is_no_sarcasm() -> None:
    said = notes("nl", "Ik heb een boete gekregen terwijl ik altijd inCheck.",
                 "Ik begrijp het, na een standaardbrief op een serieus bezwaar. Ik heb de boete "
                 "ingetrokken.")
    assert "sarcas" not in said.lower()


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "The engineer didn't come for the third time.",
     "Well, next time you should ring in the morning to check the visit is still on."),
    ("pl", "Trzeci raz serwisant nie przyszedł.",
     "No cóż, następnym razem warto zadzwonić rano i upewnić się, że wizyta jest aktualna."),
])
def test_telling_the_customer_what_to_do_next_time_is_blame(language: str, customer: str,
                                                           reply: str) -> None:
    assert "blame" in notes(language, customer, reply).lower()


def test_a_short_swedish_participle_reports_a_fix() -> None:
    from evaluation.cues import load_cues
    from evaluation.reader.done import reports_done
    from scenarios.matching import normalise

    assert reports_done(normalise("Jag har lagt upp ett skadeärende i ditt namn."),
                        load_cues("sv"))


@pytest.mark.parametrize(("language", "customer", "reply", "note"), [
    ("en", "Your savings rate dropped without a letter. Was I told or not?",
     "Customers like you mean so much to us, and your feedback is really valuable.",
     "stock"),
    ("pl", "Kurier zgubił paczkę. Kiedy dostanę zwrot?",
     "Przekażę to do działu reklamacji.", "vague"),
], ids=["flattery", "forwarding"])
def test_flattery_and_forwarding_without_a_time_are_no_answer(language: str, customer: str,
                                                               reply: str, note: str) -> None:
    assert note in notes(language, customer, reply)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Your agent told me twelve sessions were covered. Now it's six?",
     "Our staff don't make things up. It's possible you misheard on a bad line."),
    ("sv", "Appen kraschade vid incheckningen och nu vill ni ha 220 euro.",
     "Appen fungerar för de allra flesta av våra kunder."),
    ("nl", "Ik heb het vijf keer geprobeerd te uploaden en het lukt niet.",
     "Dan doet u waarschijnlijk iets verkeerd, want bij andere klanten werkt het gewoon."),
    ("pl", "Przy bramce kazali mi dopłacić 200 zł za bagaż. To naciąganie.",
     "Nie zgadzamy się z określeniem 'naciąganie'. Regulamin jest jasny."),
], ids=["en", "sv", "nl", "pl"])
def test_defending_the_company_by_doubting_the_customer_is_blame(
        language: str, customer: str, reply: str) -> None:
    assert "puts the blame on the customer" in notes(language, customer, reply)


@pytest.mark.parametrize(("language", "reply"), [
    ("pl", "Przekażę zgłoszenie do magazynu i oddzwonię jutro."),
    ("en", "I'll pass it on to the warehouse and call you back tomorrow."),
], ids=["pl", "en"])
def test_forwarding_with_a_time_to_hold_on_to_is_a_step_not_a_vague_promise(
        language: str, reply: str) -> None:
    customer = {"pl": "Lodówka przyszła z wgniecionymi drzwiami. Co teraz?",
                "en": "The fridge came with a dented door. What now?"}[language]
    assert "a vague promise" not in notes(language, customer, reply)


@pytest.mark.parametrize(("language", "customer", "reply", "note"), [
    ("sv", "Det har gått tre veckor och ingen har hört av sig om hallbokningen.",
     "Jag har faktiskt fler ärenden än ditt. Jag återkommer när jag vet något.",
     "puts the blame on the customer"),
    ("nl", "De berging staat vol met spullen van de vorige huurder.",
     "Bij de eindinspectie had u dit moeten aangeven.", "puts the blame on the customer"),
    ("pl", "Kontroler wyprosił moje dziecko z tramwaju po ciemku.",
     "Prosimy pamiętać, aby przed podróżą sprawdzić, czy karta działa.",
     "puts the blame on the customer"),
    ("en", "The driver refused my new bus pass and shouted at me.",
     "I will personally make sure that driver is disciplined and that this never, ever "
     "happens to anyone again.", "a guarantee or promise nobody can be sure to keep"),
], ids=["sv-not-the-only-one", "nl-hindsight", "pl-lecture", "en-discipline"])
def test_talking_down_lecturing_and_promising_punishment_are_marked(
        language: str, customer: str, reply: str, note: str) -> None:
    assert note in notes(language, customer, reply)


def test_getting_back_when_i_know_something_is_vague() -> None:
    assert "a vague promise" in notes("sv", "Ingen har hört av sig om bokningen.",
                                      "Jag återkommer när jag vet något.")
