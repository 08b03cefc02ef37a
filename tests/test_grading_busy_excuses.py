"""Excuses about the organisation's own circumstances (busy, short of staff, someone off sick,
'it's not just you') are excuses in four languages, and a reply made of them is no help;
guarantees nobody can keep ('aldrig någonsin', 'alle schade volledig vergoed') are promises;
the agent's own 'I'll make sure that...' is no instruction to the customer."""

from __future__ import annotations

import pytest
from grading_support import last_reply, notes

from evaluation.reader.acts import read_acts

EXCUSE = "excuse"
PROMISE = "a guarantee or promise nobody can be sure to keep"


BUSY = [
    ("en", "I've waited six weeks for my deposit back and I need it for my new flat.",
     "Sorry about that. We're very busy at the moment and the team is short-staffed, so there "
     "is a backlog. It's not just you."),
    ("sv", "Jag har väntat i sex veckor på min handpenning och behöver den nu.",
     "Jag ber om ursäkt. Montören blev sjuk och vi har personalbrist, så det var inget vi "
     "kunde påverka."),
    ("nl", "Ik wacht al zes weken op mijn vergunning en krijg steeds boetes.",
     "Dat is vervelend. Het duurt momenteel wat langer door drukte, er is een achterstand."),
    ("nl", "Twee keer heb ik een dag vrij genomen en er kwam niemand.",
     "Onze monteurs hebben het erg druk door de storm van vorige week."),
    ("pl", "Od miesiąca czekam na zwrot 2 400 zł za odwołany kurs.",
     "Bardzo mi przykro. Mamy teraz dużo pracy i braki kadrowe, lektorka zachorowała, więc "
     "musieliśmy zamknąć kilka grup."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), BUSY, ids=[b[0] for b in BUSY])
def test_the_organisations_own_troubles_are_an_excuse_and_no_help(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    found = {e.note for e in grade.evidence}
    assert any(EXCUSE in note for note in found), found
    assert grade.scores.honesty < 3.0
    assert not read_acts(reply, [customer], language).fixes


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Vi har varit utan kök i tre veckor och montören kom inte.",
     "Jag ska personligen se till att det här aldrig någonsin händer igen."),
    ("nl", "Er viel gisteren stucwerk op mijn bank door de lekkage.",
     "Alle schade aan uw plafond en uw bank wordt volledig door ons vergoed."),
    ("en", "Water came through the ceiling onto my sofa last night.",
     "All the damage to your ceiling and sofa will be fully reimbursed by us."),
    ("pl", "Okna przeciekają i na ścianie jest pleśń.",
     "Obiecuję, że nigdy więcej się to nie zdarzy, a wszystkie szkody pokryjemy."),
])
def test_a_guarantee_nobody_can_keep_is_a_promise(language: str, customer: str,
                                                 reply: str) -> None:
    assert PROMISE in notes(last_reply(language, customer, reply))


def test_i_will_make_sure_is_the_agents_promise_not_an_instruction() -> None:
    acts = read_acts("Jag ska se till att en elektriker hör av sig till dig så snart som möjligt.",
                     ["Varje gång lovar någon att en elektriker ska höra av sig."], "sv")
    assert not acts.instructions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "You've taken £312 from my salary; my employer says the instruction came from you.",
     "Salary deductions are handled by your employer's payroll, so you'll need to speak to "
     "them about this."),
    ("sv", "Jag har fått ett brev om 23 400 kronor i kvarskatt och förstår inte varför.",
     "Frågor om betalning hanteras inte av oss här, du får ringa Kronofogden."),
    ("pl", "Od miesiąca czekam na zwrot za kurs, napisałem trzy maile.",
     "Tym się nie zajmujemy, proszę się zwrócić do księgowości."),
])
def test_sending_the_customer_to_someone_else_is_deflection(
        language: str, customer: str, reply: str) -> None:
    grade = last_reply(language, customer, reply)
    assert grade.scores.listening < 3.0, grade.scores
    assert read_acts(reply, [customer], language).deflects


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I took the wrong dose for four days and my heart is racing.",
     "Please call your GP or 111 today about the palpitations. I'm sending the right pack now."),
    ("sv", "Jag har tagit fel dos i fyra dagar och hjärtat rusar.",
     "Ring 1177 redan i dag om hjärtklappningen. Jag skickar rätt förpackning med bud."),
    ("nl", "Ik heb vier dagen de verkeerde dosis genomen en mijn hart gaat tekeer.",
     "Belt u vandaag uw huisarts over de hartkloppingen. Ik stuur de juiste verpakking."),
    ("pl", "Wzięłam złą dawkę leku przez cztery dni i serce mi wali.",
     "Proszę zadzwonić do lekarza. Wyślę dziś kurierem właściwe opakowanie."),
])
def test_sending_someone_to_a_doctor_is_safety_advice_not_deflection(
        language: str, customer: str, reply: str) -> None:
    assert not read_acts(reply, [customer], language).deflects
