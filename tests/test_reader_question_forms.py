"""Forms of a question or a reflection the reader tells apart by their shape, each beside a
near miss: a question word at the end of a statement or after a comma asks (`You've waited how
long?`, `..., but what would suit you?`); a stammered word (`the-the`) does not cut a question
in two; a rising statement after a bare `yeah` asks, after a summing-up `so` it checks what they
said; suggestions, check-ins and questions asked for effect ask nothing; saying what one gathers
or what they mentioned, or repeating how they ended, reflects; greetings, thanks and facts
about their account do not."""

from __future__ import annotations

import pytest

from evaluation.reader.acts import read_acts

CUSTOMER = {
    "en": ["The boiler broke on Friday and I've been boiling kettles all weekend to wash the "
           "kids."],
    "sv": ["Pannan gick sönder i fredags och jag har kokat vatten hela helgen för att tvätta "
           "barnen."],
    "nl": ["De ketel ging vrijdag kapot en ik sta het hele weekend water te koken om de "
           "kinderen te wassen."],
    "pl": ["Piec zepsuł się w piątek i cały weekend grzałam wodę w czajniku, żeby umyć "
           "dzieci."],
}


@pytest.mark.parametrize(("language", "asking", "saying_back"), [
    ("en", "So you've been boiling kettles for how long?",
     "So you've been boiling kettles for a long time?"),
    ("en", "You've had that boiler since when?", "You've had that boiler since 2010?"),
    ("sv", "Du har kokat vatten hur länge?", "Du har kokat vatten hela helgen?"),
    ("nl", "Dus u zit al zonder warm water sinds wanneer?",
     "Dus u zit al zonder warm water sinds vrijdag?"),
    ("pl", "Grzeje pani wodę od jak dawna?", "Grzeje pani wodę od piątku?"),
])
def test_a_question_word_at_the_end_asks(language: str, asking: str, saying_back: str) -> None:
    asked = read_acts(asking, CUSTOMER[language], language)
    assert asked.questions_open == 1
    assert not asked.reflects
    checked = read_acts(saying_back, CUSTOMER[language], language)
    assert checked.questions_open == 0


def test_a_stammered_word_does_not_cut_the_question_off() -> None:
    acts = read_acts("So you've been-- how long have you had the-the boiler?",
                     CUSTOMER["en"], "en")
    assert acts.questions_open == 1
    assert not acts.reflects


def test_a_dash_between_clauses_still_parts_them() -> None:
    acts = read_acts("You mentioned the kids - are they warm enough tonight?", CUSTOMER["en"],
                     "en")
    assert acts.questions_closed == 1


@pytest.mark.parametrize(("language", "reflection", "near_miss"), [
    ("en", "I get the impression the weekend wore you out.",
     "I get the engineer out to you on Monday."),
    ("sv", "Jag får intrycket att helgen tog hårt på dig.",
     "Jag får tillbaka pengarna från banken på måndag."),
    ("nl", "Ik krijg de indruk dat het weekend u heeft uitgeput.",
     "Ik krijg de onderdelen maandag binnen."),
    ("pl", "Odnoszę wrażenie, że ten weekend panią wykończył.",
     "Odbieram części w poniedziałek."),
])
def test_saying_what_one_gathers_reflects(language: str, reflection: str,
                                          near_miss: str) -> None:
    assert read_acts(reflection, CUSTOMER[language], language).reflects
    assert not read_acts(near_miss, CUSTOMER[language], language).reflects


@pytest.mark.parametrize(("language", "assent", "told", "reply"), [
    ("en", "Yeah.", "The boiler broke on Friday and I've been boiling kettles all weekend.",
     "So you've still got the old boiler?"),
    ("en", "Mm-hmm.", "I moved house in May and the bills kept coming.",
     "You're still on the old tariff?"),
    ("sv", "Ja.", "Pannan gick sönder i fredags och jag har kokat vatten hela helgen.",
     "Så du har fortfarande den gamla pannan?"),
    ("nl", "Ja.", "De ketel ging vrijdag kapot en ik kook al het hele weekend water.",
     "Dus u heeft de oude ketel nog?"),
    ("pl", "Tak.", "Piec zepsuł się w piątek i cały weekend grzałam wodę.",
     "Czyli pani ma jeszcze stary piec?"),
])
def test_a_rising_statement_after_a_bare_yes_asks(language: str, assent: str, told: str,
                                                  reply: str) -> None:
    asked = read_acts(reply, [assent], language)
    assert asked.questions_closed == 1
    assert not asked.reflects
    said_back = read_acts(reply, [told], language)
    assert said_back.reflects_content == 1
    assert not said_back.questions


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "That might suit the landlord, but what would suit you?"),
    ("en", "And, you know, what made you pick that tariff?"),
    ("sv", "Det passar kanske hyresvärden, men hur passar det dig?"),
    ("nl", "Dat past de verhuurder misschien, maar hoe zit het met u?"),
    ("pl", "To może pasuje właścicielowi, ale dlaczego pani ma czekać?"),
])
def test_a_question_word_after_a_comma_asks(language: str, reply: str) -> None:
    acts = read_acts(reply, CUSTOMER[language], language)
    assert acts.questions_open == 1
    assert not acts.reflects


def test_you_know_before_a_statement_asks_nothing() -> None:
    acts = read_acts("You know, it's been a cold weekend for the kids.", CUSTOMER["en"], "en")
    assert not acts.questions
    assert acts.reflects


@pytest.mark.parametrize(("language", "rhetorical", "asking"), [
    ("en", "You wanted the kids warm, and who could blame you?",
     "Who knows the password to the account?"),
    ("en", "Who knows?", "Who knows the engineer's name?"),
    ("sv", "Vem vet?", "Vem vet lösenordet till kontot?"),
    ("nl", "Wie weet?", "Wie weet het wachtwoord van het account?"),
    ("pl", "Kto wie?", "Kto zna hasło do konta?"),
])
def test_a_question_asked_for_effect_is_none(language: str, rhetorical: str,
                                             asking: str) -> None:
    assert not read_acts(rhetorical, CUSTOMER[language], language).questions
    assert read_acts(asking, CUSTOMER[language], language).questions_open == 1


FIXED = {
    "en": ["The engineer finally came this morning and the heating works again."],
    "sv": ["Teknikern kom äntligen i morse och värmen fungerar igen."],
    "nl": ["De monteur kwam eindelijk vanochtend en de verwarming doet het weer."],
}


@pytest.mark.parametrize(("language", "ritual", "reflection"), [
    ("en", "Always happy to hear that.", "A long wait for heating, then."),
    ("en", "That makes a lot of sense.", "A long wait for heating, then."),
    ("sv", "Alltid skönt att höra.", "En lång väntan på värme, alltså."),
    ("nl", "Altijd fijn om te horen.", "Een lange wachttijd voor de verwarming, dus."),
])
def test_glad_to_hear_it_says_nothing_back(language: str, ritual: str,
                                           reflection: str) -> None:
    assert not read_acts(ritual, FIXED[language], language).reflects
    assert read_acts(reflection, FIXED[language], language).reflects


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I rang three times and it's still not fixed.", "Still not fixed."),
    ("en", "Have they sent the part? No, not yet. [sighs]", "Not yet."),
    ("sv", "Jag har ringt tre gånger och det är fortfarande inte lagat.",
     "Fortfarande inte lagat."),
    ("nl", "Ik heb drie keer gebeld en het is nog steeds niet gemaakt.",
     "Nog steeds niet gemaakt."),
    ("pl", "Dzwoniłam trzy razy i dalej nie jest naprawione.", "Dalej nie jest naprawione."),
])
def test_repeating_how_they_ended_reflects(language: str, customer: str, reply: str) -> None:
    acts = read_acts(reply, [customer], language)
    assert acts.reflects_content == 1
    assert not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Thank you.", "Thank you."),
    ("en", "Good morning.", "Good morning."),
    ("en", "The account number is 4471.", "4471."),
    ("en", "I rang three times and it's still not fixed.", "Fixed."),
    ("sv", "Tack så mycket.", "Tack så mycket."),
    ("nl", "Dank u wel.", "Dank u wel."),
    ("pl", "Dziękuję bardzo.", "Dziękuję bardzo."),
])
def test_repeating_thanks_a_greeting_or_a_number_is_no_reflection(
        language: str, customer: str, reply: str) -> None:
    assert not read_acts(reply, [customer], language).reflects


PHONE = {
    "en": "My phone keeps dropping calls.",
    "sv": "Min telefon tappar samtal hela tiden.",
    "nl": "Mijn telefoon verbreekt steeds de verbinding.",
    "pl": "Mój telefon ciągle zrywa połączenia.",
}


@pytest.mark.parametrize(("language", "check_in", "asking"), [
    ("en", "I'll ring you back at three, does that work?",
     "I'll ring you back at three, does the landline work?"),
    ("sv", "Jag ringer upp dig klockan tre, funkar det?",
     "Jag ringer upp dig klockan tre, funkar fasta telefonen?"),
    ("nl", "Ik bel u om drie uur terug, werkt dat?",
     "Ik bel u om drie uur terug, werkt de vaste lijn?"),
    ("pl", "Oddzwonię o trzeciej, pasuje?",
     "Oddzwonię o trzeciej, czy telefon stacjonarny działa?"),
])
def test_asking_if_a_plan_suits_them_is_a_check_in(language: str, check_in: str,
                                                   asking: str) -> None:
    plan = read_acts(check_in, [PHONE[language]], language)
    assert not plan.questions and not plan.reflects
    assert read_acts(asking, [PHONE[language]], language).questions_closed == 1


BROADBAND = {
    "en": "My broadband keeps dropping out.",
    "sv": "Mitt bredband slutar fungera hela tiden.",
    "nl": "Mijn internet valt steeds weg.",
    "pl": "Internet ciągle mi się rozłącza.",
}


@pytest.mark.parametrize(("language", "suggestion", "asking"), [
    ("en", "Why don't you try restarting the router?", "Why don't you have a router from us?"),
    ("en", "Why don't we book an engineer for Monday?", "Why don't you tell me when it started?"),
    ("sv", "Varför inte prova att starta om routern?", "Varför har du inte en router från oss?"),
    ("nl", "Waarom probeert u niet de router opnieuw op te starten?",
     "Waarom heeft u geen router van ons?"),
    ("pl", "Może by pani spróbowała zrestartować router?",
     "Dlaczego nie ma pani routera od nas?"),
])
def test_a_suggestion_put_as_a_question_asks_nothing(language: str, suggestion: str,
                                                     asking: str) -> None:
    assert not read_acts(suggestion, [BROADBAND[language]], language).questions
    assert read_acts(asking, [BROADBAND[language]], language).questions == 1


@pytest.mark.parametrize(("language", "reported", "own"), [
    ("en", "Earlier you mentioned the kids, and we can send an engineer today.",
     "We mentioned the engineer visit in our letter, and we can send one today."),
    ("sv", "Du nämnde barnen, och vi kan skicka en tekniker i dag.",
     "Vi nämnde teknikerns besök i brevet, och vi kan skicka en i dag."),
    ("nl", "U noemde de kinderen, en we kunnen vandaag een monteur sturen.",
     "We noemden het bezoek in onze brief, en we kunnen vandaag een monteur sturen."),
    ("pl", "Wspomniała pani o dzieciach, a my możemy dziś wysłać technika.",
     "Wspomnieliśmy o wizycie w liście, a dziś możemy wysłać technika."),
])
def test_saying_what_they_mentioned_reflects_beside_an_offer(language: str, reported: str,
                                                             own: str) -> None:
    assert read_acts(reported, CUSTOMER[language], language).reflects_content == 1
    assert not read_acts(own, CUSTOMER[language], language).reflects


CHARGED = {
    "en": "You charged me twice this month.",
    "sv": "Ni har dragit pengarna två gånger den här månaden.",
    "nl": "U heeft dit maand twee keer afgeschreven.",
}


@pytest.mark.parametrize(("language", "fact", "said_back"), [
    ("en", "Your balance is 42 pounds.", "You've paid 42 pounds twice."),
    ("en", "Your account shows two payments on the 3rd.", "You've been charged twice."),
    ("sv", "Ditt saldo är 42 kronor.", "Du har betalat 42 kronor två gånger."),
    ("nl", "Uw saldo is 42 euro.", "U heeft twee keer 42 euro betaald."),
])
def test_a_fact_about_their_account_informs_it_does_not_reflect(language: str, fact: str,
                                                                said_back: str) -> None:
    assert not read_acts(fact, [CHARGED[language]], language).reflects
    assert read_acts(said_back, [CHARGED[language]], language).reflects_content == 1


OLD_CARD = {
    "en": "The refund went to my old card and I can't get at it.",
    "sv": "Återbetalningen gick till mitt gamla kort och jag kommer inte åt det.",
    "nl": "De terugbetaling ging naar mijn oude kaart en daar kan ik niet bij.",
    "pl": "Zwrot poszedł na moją starą kartę i nie mam do niej dostępu.",
}
ASSENT = {"en": "Yes.", "sv": "Ja.", "nl": "Ja.", "pl": "Tak."}


@pytest.mark.parametrize(("language", "summary"), [
    ("en", "So, a refund to a card you no longer have?"),
    ("sv", "Så, en återbetalning till ett kort du inte har längre?"),
    ("nl", "Dus, een terugbetaling naar een kaart die u niet meer heeft?"),
    ("pl", "Czyli zwrot na kartę, której pani już nie ma?"),
])
def test_a_summary_with_a_rising_tone_checks_what_they_said(language: str,
                                                            summary: str) -> None:
    checked = read_acts(summary, [OLD_CARD[language]], language)
    assert checked.reflects_content == 1 and not checked.questions
    asked = read_acts(summary, [ASSENT[language]], language)  # nothing of theirs to sum up
    assert asked.questions_closed == 1 and not asked.reflects


@pytest.mark.parametrize("reply", [
    "So, for the refund to reach you, a new card number?",
    "So, the refund, where would you like it sent now?",
    "So, we've found the payment, could you confirm the last four digits?",
])
def test_a_so_before_a_request_or_a_question_word_still_asks(reply: str) -> None:
    acts = read_acts(reply, [OLD_CARD["en"]], "en")
    assert acts.questions == 1 and not acts.reflects
