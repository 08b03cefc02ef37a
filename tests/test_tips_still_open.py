"""Tips a coach would sign (issue 8 item 4), seen by hand on a bereavement call: a tip names
only what is still open (never the £25 an earlier reply already removed; what the customer
raised since the last reply first); a customer who said someone died gets the grief wording
without a scenario; a curt reply to a grieving or exhausted customer gets a tip for that
customer, not a generic one; and a reassurance that takes a burden off the customer ('not
from you') is not graded as negative phrasing. All four languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation import Transcript, assess_reply
from evaluation.detectors import run_detectors
from evaluation.grader import context_for
from scenarios.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]

BEREAVEMENT = {
    "en": [
        "My mum died three weeks ago and you're still sending her bills. I've sent the death "
        "certificate twice. Now there's a late fee of £25 on her account.",
        "I'm so sorry for your loss. I can see both copies of the certificate on the account, "
        "so I've closed it as of the date she died and removed the £25 late fee. You won't get "
        "any more bills for her.",
        "Thank you. Will I have to pay the final balance?",
        "We apologise for any inconvenience caused. Please send us a private message with your "
        "details.",
        "I've already given you everything!",
        "The final balance is £41.20 and it can come from her estate, not from you. I'll send "
        "you a letter that says so, so you can give it to the solicitor.",
    ],
    "sv": [
        "Min mamma dog för tre veckor sedan och ni skickar fortfarande räkningar till henne. "
        "Jag har skickat dödsbeviset två gånger. Nu finns det en förseningsavgift på 250 kr "
        "på hennes konto.",
        "Jag beklagar sorgen. Jag ser båda kopiorna av dödsbeviset, så jag har avslutat kontot "
        "från dagen hon dog och tagit bort avgiften på 250 kr. Du får inga fler räkningar.",
        "Tack. Måste jag betala slutsumman?",
        "Vi ber om ursäkt för besväret. Skicka ett privat meddelande med dina uppgifter.",
        "Jag har redan gett er allt!",
        "Slutsumman är 412 kr och den kan betalas från dödsboet, inte av dig. Jag skickar ett "
        "brev om det som du kan ge till er jurist.",
    ],
    "nl": [
        "Mijn moeder is drie weken geleden overleden en u stuurt haar nog steeds rekeningen. "
        "Ik heb de overlijdensakte twee keer gestuurd. Nu staat er een boete van € 25 op haar "
        "rekening.",
        "Gecondoleerd met uw verlies. Ik zie beide kopieën van de akte, dus ik heb de rekening "
        "gesloten per de datum van overlijden en de boete van € 25 geschrapt. U krijgt geen "
        "rekeningen meer.",
        "Dank u. Moet ik het eindbedrag betalen?",
        "Excuses voor het ongemak. Stuur ons een privébericht met uw gegevens.",
        "Ik heb u alles al gegeven!",
        "Het eindbedrag is € 41,20 en dat kan uit de nalatenschap komen, niet van u. Ik stuur "
        "u een brief daarover die u aan de notaris kunt geven.",
    ],
    "pl": [
        "Moja mama zmarła trzy tygodnie temu, a wy nadal wysyłacie jej rachunki. Dwa razy "
        "wysłałam akt zgonu. Teraz na jej koncie jest opłata za zwłokę 25 zł.",
        "Bardzo mi przykro z powodu Pani straty. Widzę oba akty zgonu, więc zamknęłam konto z "
        "datą śmierci i usunęłam opłatę 25 zł. Nie dostanie Pani więcej rachunków.",
        "Dziękuję. Czy muszę zapłacić końcowe saldo?",
        "Przepraszamy za niedogodności. Proszę wysłać nam prywatną wiadomość ze swoimi danymi.",
        "Już wszystko wam podałam!",
        "Końcowe saldo to 41,20 zł i może zostać pokryte ze spadku, nie przez Panią. Wyślę "
        "Pani list z tą informacją, który może Pani przekazać notariuszowi.",
    ],
}
"""The call seen by hand: the first reply removes the late fee, the last two do not touch it."""
FEE = {"en": "25", "sv": "250", "nl": "25", "pl": "25"}
"""The late fee's number in each language's version of the call."""
GRIEF = re.compile(r"your loss|so sorry|hard time|sorgen|beklagar verkligen|tung tid|gecondoleerd|"
                   r"wat erg voor u|moeilijke tijd|współczucia|bardzo mi przykro|trudny czas",
                   re.IGNORECASE)
"""Words of the grief variants (condolence before anything else)."""
FRUSTRATION = re.compile(r"frustrat", re.IGNORECASE)


def transcript(language: str, turns: list[str]) -> Transcript:
    """Customer and trainee lines, alternating, customer first."""
    return Transcript.model_validate({"language": language, "turns": [
        {"role": "customer" if i % 2 == 0 else "trainee", "text": text}
        for i, text in enumerate(turns)]})


def tips_at(language: str, turns: list[str], sc=None) -> list[str]:
    """The tips of the last reply."""
    return assess_reply(transcript(language, turns), len(turns) - 1, sc)[0].tips


def mentions(number: str, tips: list[str]) -> bool:
    """True when a tip names the number (`£25`, `'250 kr'`, `€ 25`), not a longer one."""
    return any(re.search(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", tip) for tip in tips)


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
@pytest.mark.parametrize("upto", [4, 6])
def test_a_tip_never_names_a_detail_an_earlier_reply_already_dealt_with(
        language: str, upto: int) -> None:
    tips = tips_at(language, BEREAVEMENT[language][:upto])
    assert tips
    assert not mentions(FEE[language], tips), tips


@pytest.mark.parametrize(("language", "lines", "number"), [
    ("en", ["I was charged £64.99 twice this month.", "I've refunded the second £64.99 to your "
            "card today.", "The £64.99 still isn't back on my card!", "OK."], "64.99"),
    ("sv", ["Jag har dragits 649 kr två gånger den här månaden.", "Jag har betalat tillbaka "
            "de andra 649 kr till ditt kort i dag.", "De 649 kr har fortfarande inte kommit "
            "tillbaka!", "Okej."], "649"),
    ("nl", ["Er is deze maand twee keer € 64,99 afgeschreven.", "Ik heb de tweede € 64,99 "
            "vandaag teruggestort.", "Die € 64,99 staat nog steeds niet terug op mijn "
            "rekening!", "Oké."], "64,99"),
    ("pl", ["W tym miesiącu pobrano ode mnie dwa razy 649 zł.", "Zwróciłam dziś drugie 649 zł "
            "na Pani kartę.", "Tych 649 zł nadal nie ma na moim koncie!", "Dobrze."], "649"),
])
def test_a_detail_the_customer_raises_again_after_the_reply_is_open_again(
        language: str, lines: list[str], number: str) -> None:
    assert mentions(number, tips_at(language, lines))


@pytest.mark.parametrize(("language", "lines", "number"), [
    ("en", ["I was charged £64.99 twice this month.", "Is that the £64.99 for May?",
            "Yes, and I want it back.", "OK."], "64.99"),
    ("sv", ["Jag har dragits 649 kr två gånger den här månaden.", "Gäller det de 649 kr för "
            "maj?", "Ja, och jag vill ha tillbaka dem.", "Okej."], "649"),
    ("nl", ["Er is deze maand twee keer € 64,99 afgeschreven.", "Gaat het om de € 64,99 van "
            "mei?", "Ja, en ik wil het terug.", "Oké."], "64,99"),
    ("pl", ["W tym miesiącu pobrano ode mnie dwa razy 649 zł.", "Chodzi o te 649 zł za maj?",
            "Tak, i chcę je odzyskać.", "Dobrze."], "649"),
])
def test_a_question_about_a_detail_does_not_settle_it(
        language: str, lines: list[str], number: str) -> None:
    assert mentions(number, tips_at(language, lines))


@pytest.mark.parametrize(("language", "lines", "new"), [
    ("en", ["I was charged £64.99 twice this month.", "I've refunded the second £64.99 to your "
            "card today.", "Thanks. But my parcel still hasn't arrived.", "OK."], "parcel"),
    ("sv", ["Jag har dragits 649 kr två gånger den här månaden.", "Jag har betalat tillbaka "
            "de andra 649 kr till ditt kort i dag.", "Tack. Men mitt paket har fortfarande inte "
            "kommit.", "Okej."], "paket"),
    ("nl", ["Er is deze maand twee keer € 64,99 afgeschreven.", "Ik heb de tweede € 64,99 "
            "vandaag teruggestort.", "Dank u. Maar mijn pakket is nog steeds niet bezorgd.",
            "Oké."], "pakket"),
])
def test_what_the_customer_raised_since_the_last_reply_comes_first(
        language: str, lines: list[str], new: str) -> None:
    tips = tips_at(language, lines)
    assert any(new in tip for tip in tips), tips
    assert not mentions("649", tips) and not mentions("64.99", tips), tips


NOD = {"en": "OK.", "sv": "Okej.", "nl": "Oké.", "pl": "Dobrze."}
CONDOLENCE = re.compile(r"sorry for your loss|beklagar (?:verkligen )?sorgen|gecondoleerd|"
                        r"współczucia", re.IGNORECASE)


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_a_customer_who_said_someone_died_gets_grief_tips_without_a_scenario(
        language: str) -> None:
    call = BEREAVEMENT[language]
    tips = tips_at(language, [call[0], NOD[language], call[2], NOD[language], call[4], call[5]])
    assert any(GRIEF.search(tip) for tip in tips), tips
    assert not any(FRUSTRATION.search(tip) for tip in tips), tips


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_condolences_an_earlier_reply_offered_are_not_suggested_again(language: str) -> None:
    tips = tips_at(language, BEREAVEMENT[language])
    assert len(tips) >= 2, tips
    assert not any(CONDOLENCE.search(tip) for tip in tips), tips
    assert not any(FRUSTRATION.search(tip) for tip in tips), tips


@pytest.mark.parametrize(("name", "reply", "generic"), [
    ("en_bank_bereavement_account", "OK.", "still isn't sorted"),
    ("sv_resa_avbokning_dodsfall", "Okej.", "fortfarande inte är löst"),
    ("nl_telecom_opzeggen_overleden", "Oké.", "nog steeds niet is opgelost"),
    ("pl_prad_po_smierci_ojca", "Dobrze.", "nadal nie jest załatwiona"),
])
def test_a_curt_reply_to_a_widow_gets_a_tip_for_someone_grieving(
        name: str, reply: str, generic: str) -> None:
    sc = load_scenario(ROOT / "scenarios" / f"{name}.toml")
    tips = tips_at(sc.language, [sc.opening_lines[0], reply], sc)
    assert len(tips) >= 2, tips
    assert not any(generic in tip for tip in tips), tips
    assert sum(bool(GRIEF.search(tip)) for tip in tips) >= 2, tips


@pytest.mark.parametrize(("name", "reply"), [
    ("en_bank_card_blocked_abroad", "OK."),
    ("sv_forsakring_vattenskada", "Okej."),
    ("nl_zorgverzekering_declaratie", "Oké."),
])
def test_a_curt_reply_to_an_exhausted_customer_takes_the_load_off(name: str, reply: str) -> None:
    sc = load_scenario(ROOT / "scenarios" / f"{name}.toml")
    tips = tips_at(sc.language, [sc.opening_lines[0], reply], sc)
    assert tips
    assert not any(re.search(r"still isn't sorted|fortfarande inte är löst|nog steeds niet is "
                             r"opgelost|expected|väntade dig|verwacht", tip) for tip in tips), tips


def tone_findings(language: str, customer: str, reply: str) -> set[str]:
    """What the detectors found in one reply after one customer line."""
    ctx = context_for(transcript(language, [customer, reply]), 1, None)
    run_detectors(ctx)
    return set(ctx.found)


@pytest.mark.parametrize(("language", "customer", "relief", "negative"), [
    ("en", "Will I have to pay the final balance?",
     "The final balance is £41.20 and it can come from her estate, not from you.",
     "The final balance is £41.20 and I can't change that."),
    ("en", "Do I need to send anything else?",
     "You don't need to send anything else; I have all I need.",
     "We don't accept anything else by post."),
    ("sv", "Måste jag betala slutsumman?",
     "Slutsumman är 412 kr och den kan betalas från dödsboet, inte av dig.",
     "Slutsumman är 412 kr och det kan jag inte ändra."),
    ("sv", "Måste jag skicka något mer?",
     "Du behöver inte skicka något mer; jag har allt jag behöver.",
     "Vi tar inte emot något mer per post."),
    ("nl", "Moet ik het eindbedrag betalen?",
     "Het eindbedrag is € 41,20 en dat kan uit de nalatenschap komen, niet van u.",
     "Het eindbedrag is € 41,20 en dat kan ik niet veranderen."),
    ("nl", "Moet ik nog iets opsturen?",
     "U hoeft niets meer op te sturen; ik heb alles wat ik nodig heb.",
     "Wij accepteren niets meer per post."),
    ("pl", "Czy muszę zapłacić końcowe saldo?",
     "Końcowe saldo to 41,20 zł i może zostać pokryte ze spadku, nie przez Panią.",
     "Końcowe saldo to 41,20 zł i nie mogę tego zmienić."),
    ("pl", "Czy muszę coś jeszcze wysłać?",
     "Nie musi Pani nic więcej wysyłać; mam wszystko, czego potrzebuję.",
     "Nie przyjmujemy niczego więcej pocztą."),
])
def test_a_reassurance_that_lifts_a_burden_is_not_negative_phrasing(
        language: str, customer: str, relief: str, negative: str) -> None:
    assert "negation" not in tone_findings(language, customer, relief)
    assert "negation" in tone_findings(language, customer, negative)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "My husband passed on in May and the direct debit is still in his name.", "OK."),
    ("sv", "Min pappa är avliden sedan maj och autogirot står fortfarande på honom.", "Okej."),
    ("nl", "Mijn vader overleed in mei en de incasso staat nog op zijn naam.", "Oké."),
    ("pl", "Po śmierci ojca rachunki nadal przychodzą na jego nazwisko.", "Dobrze."),
    ("pl", "Mój tata nie żyje od maja, a rachunki nadal przychodzą.", "Dobrze."),
])
def test_a_death_told_in_other_words_is_heard_as_a_loss(
        language: str, customer: str, reply: str) -> None:
    tips = tips_at(language, [customer, reply])
    assert sum(bool(GRIEF.search(tip)) for tip in tips) >= 2, tips
    assert not any(FRUSTRATION.search(tip) for tip in tips), tips


@pytest.mark.parametrize(("language", "lines", "number"), [
    ("en", ["There's a £5 fee on my account I never agreed to.",
            "The refund will reach you within 5 working days."], "5"),
    ("sv", ["Det ligger en avgift på 5 kr på mitt konto som jag aldrig har godkänt.",
            "Återbetalningen kommer inom 5 arbetsdagar."], "5"),
    ("nl", ["Er staat een boete van € 5 op mijn rekening waar ik nooit mee akkoord ben gegaan.",
            "De terugbetaling komt binnen 5 werkdagen."], "5"),
    ("pl", ["Na moim koncie jest opłata 5 zł, na którą nigdy się nie zgodziłam.",
            "Zwrot dotrze w ciągu 5 dni roboczych."], "5"),
])
def test_a_wait_with_the_same_number_does_not_settle_the_amount(
        language: str, lines: list[str], number: str) -> None:
    assert mentions(number, tips_at(language, lines))


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I lost my card yesterday and now I'm so sad, the holiday is ruined.", "OK."),
    ("sv", "Ni har ställt in vårt bröllop och jag är så ledsen och förtvivlad.", "Okej."),
    ("nl", "Ik ben mijn pas verloren en heb er veel verdriet van, de vakantie is verpest.", "Oké."),
    ("pl", "Straciłam kartę i jest mi smutno, wakacje zepsute.", "Dobrze."),
])
def test_sadness_or_a_lost_card_is_no_bereavement(language: str, customer: str, reply: str) -> None:
    tips = tips_at(language, [customer, reply])
    assert not any(GRIEF.search(tip) for tip in tips), tips
