"""Reading slips found on a fresh blind set of coach-graded replies: a refund of `€104,85`
was read as two clauses and never counted as done; `I can only imagine how you feel` and a
bare `today` counted as taking a step; `Nej, du har inte gjort fel` read as blame; `vi står för
det` as an over-promise; a request for photos the customer says they sent was not heard as
asking again, and a question about next Friday's inspection was, because the customer had
'already moved' in the same sentence."""

from __future__ import annotations

import pytest
from grading_support import found, last_reply, notes

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
    assert not found(language, customer, reply) & {"ownership", "next_step", "concrete_help"}
    assert grade.scores.honesty < 4.0  # nothing done: not a good honesty grade


def test_a_busy_day_named_is_no_next_step() -> None:
    lines = ("Het huisje is smerig en we hebben vier uur gereden met twee kleine kinderen.",
             "Het is vandaag wisseldag en er zijn veel zieken. Soms glipt er dan iets doorheen.")
    assert "next_step" not in found("nl", *lines)
    assert last_reply("nl", *lines).scores.honesty < 3.5


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
    assert grade.scores.honesty >= 4.0 and grade.scores.listening >= 3.0


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


BRUSH_OFFS = [
    ("en", "My surgery is on Monday and the hospital still hasn't got my blood results.",
     "Results take 5-7 working days. The lab work is done by a third party company, so it's "
     "not something we can control."),
    ("nl", "Het huisje is smerig en de kinderen moeten nu slapen. Is dit normaal?",
     "Het is vandaag wisseldag en er zijn veel uitvallers door de griep."),
    ("pl", "Rzeczoznawca miał przyjechać w ciągu 7 dni. Kiedy wreszcie ktoś obejrzy auto?",
     "Termin 7 dni jest orientacyjny. Zgodnie z ustawą mamy 30 dni, więc jesteśmy w terminie."),
    ("sv", "Flyttstädningen underkändes. Vad tänker ni göra?",
     "Städarna som var hos dig var nya, och alla hyresvärdar har olika krav."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), BRUSH_OFFS,
                         ids=[case[0] for case in BRUSH_OFFS])
def test_a_policy_or_busy_excuse_is_no_answer_and_no_help(language: str, customer: str,
                                                          reply: str) -> None:
    criteria = found(language, customer, reply)
    assert "excuse" in criteria
    assert not criteria & {"concrete_help", "answered_question", "next_step"}, criteria
    assert last_reply(language, customer, reply).scores.honesty < 3.0


def test_needing_the_number_they_just_gave_owns_nothing() -> None:
    lines = ("I sent it already: 4471-2290. Why should I believe anything you say this time?",
             "Thanks for getting in touch. To look into this I'll need your account number.")
    assert not found("en", *lines) & {"ownership", "next_step"}
    assert ASKS_AGAIN in named(last_reply("en", *lines))


def test_sending_it_back_once_more_after_a_third_repair_is_a_redo() -> None:
    criteria = found("en", "It came back yesterday and it flickers exactly like before. I don't "
                           "have the energy for a fourth round.",
                     "So sorry! Please send it back to us once more and it'll be fixed.")
    assert "redo_request" in criteria


def test_clearing_a_frightened_customer_takes_up_the_fear() -> None:
    criteria = found(
        "sv", "Föräldrapenningen har inte kommit. Har jag gjort fel i ansökan? Jag är så rädd "
              "att jag ska bli av med lägenheten.",
        "Nej, du har inte gjort fel. Jag har lagt in kontot nu, så pengarna kommer på fredag.")
    assert "ignored_emotion" not in criteria and "blame" not in criteria


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "3 400 kr gick till fel företag. Kan man få tillbaka dem? Jag har knappt sovit.",
     "Åh nej, jag skulle också ha fått panik! Jag har själv gjort samma sak flera gånger. Vi "
     "ska se vad vi kan göra, försök att inte tänka på det."),
])
def test_own_mistakes_a_vague_look_and_dont_think_about_it(language: str, customer: str,
                                                           reply: str) -> None:
    criteria = found(language, customer, reply)
    assert {"self_focus", "vague_promise", "calm_down"} <= criteria, criteria
    assert last_reply(language, customer, reply).scores.understanding < 3.0


def test_a_contact_form_and_fetch_it_yourself_is_deflection() -> None:
    criteria = found(
        "nl", "Er is weer een aanmaning op het oude adres beland. Ik kan dit er niet meer bij "
              "hebben.",
        "Voor vragen over de doorstuurservice kunt u het beste het contactformulier op onze "
        "website invullen. Post die bij het oude adres is bezorgd, moet u zelf ophalen.")
    assert "deflection" in criteria and "formality" not in criteria


def test_polish_waiting_named_is_no_vague_promise_and_a_transfer_is_owned() -> None:
    lines = ("Mąż zmarł w zeszłym tygodniu, pogrzeb jest w sobotę. W oddziale powiedziano mi, "
             "że nic nie mogę wypłacić bez postanowienia sądu. Jak mam go pochować?",
             "Bardzo mi przykro z powodu śmierci męża. Nie musi Pani czekać na postanowienie "
             "sądu: bank może zapłacić fakturę zakładu pogrzebowego z konta męża. Jeśli "
             "przyśle mi Pani dziś zdjęcie faktury, przeleję pieniądze jeszcze przed sobotą.")
    criteria = found("pl", *lines)
    assert "vague_promise" not in criteria and {"ownership", "next_step"} <= criteria
    assert last_reply("pl", *lines).scores.honesty >= 4.0


def test_waiting_for_my_own_assessor_is_the_agents_story_not_a_fix() -> None:
    criteria = found("pl", "Rzeczoznawca miał przyjechać w ciągu 7 dni i nikt się nie pojawił.",
                     "Oj, znam to. Mnie w zeszłym roku też ktoś stuknął i czekałem na "
                     "rzeczoznawcę półtora miesiąca.")
    assert "self_focus" in criteria and "ownership" not in criteria


def test_not_my_authority_book_another_visit_is_a_brush_off() -> None:
    criteria = found("pl", "Podałam PESEL już na początku rozmowy. Syn ma bóle głowy co noc.",
                     "Skierowania wystawia lekarz, ja nie mam do tego uprawnień. Proszę umówić "
                     "się na kolejną wizytę.")
    assert {"excuse", "deflection"} <= criteria, criteria


POLISHED_NOTHING = [
    ("en", "You charged £86 for the minibar. I don't even drink. So your system is never wrong?",
     "I completely understand how upsetting it is to see an unexpected charge, and I truly "
     "appreciate your patience. Your satisfaction is our top priority."),
    ("nl", "Ik kreeg schoolfoto's van een ander kind. Ik heb u vorige week gemaild.",
     "Wat ontzettend vervelend, en wat begrijp ik goed dat u teleurgesteld bent! Foto's zijn "
     "zulke dierbare herinneringen."),
]


@pytest.mark.parametrize(("language", "customer", "reply"), POLISHED_NOTHING,
                         ids=[case[0] for case in POLISHED_NOTHING])
def test_polished_words_that_do_nothing_are_marked_and_cost_honesty(
        language: str, customer: str, reply: str) -> None:
    assert "no_help" in found(language, customer, reply)
    grade = last_reply(language, customer, reply)
    assert RUBRIC.criteria["no_help"].note in named(grade)
    assert grade.scores.honesty <= 3.0


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "OK, thanks.", "You're welcome. Take care."),
    ("en", "My card was blocked in Spain.", "Which card is it, the debit or the credit card?"),
    ("nl", "Mijn pas is geblokkeerd.", "Ik heb uw pas net gedeblokkeerd."),
])
def test_a_goodbye_a_question_or_a_fix_is_not_doing_nothing(language: str, customer: str,
                                                             reply: str) -> None:
    assert "no_help" not in found(language, customer, reply)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("nl", "Mijn 'nieuwe' telefoon heeft 312 laadcycli en een kras. Dit is gebruikt.",
     "Laadcycli kunnen ook ontstaan bij tests. Weet u zeker dat de kras niet van uzelf is?"),
    ("en", "You charged £86 for the minibar. I don't even drink.",
     "The system is quite reliable. Are you sure that nobody else opened it?"),
    ("pl", "Domofon nie działa od tygodnia, schodzę pięć razy dziennie z dzieckiem.",
     "Domofon był wymieniany dwa lata temu, więc pewnie mieszkańcy go niszczą."),
])
def test_doubting_the_customer_is_blame(language: str, customer: str, reply: str) -> None:
    assert "blame" in found(language, customer, reply)


def test_a_polite_maybe_you_could_is_no_blame() -> None:
    assert "blame" not in found("en", "My parcel never came.",
                                "Maybe you could send me the order number? I'll trace it now.")


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("nl", "De vloerenleggers zijn niet meer teruggekomen. Wanneer maken ze het af?",
     "Zo hoort het niet. Donderdag maken ze het af, en ik kom aan het eind zelf controleren."),
    ("nl", "Mijn 'nieuwe' telefoon heeft 312 laadcycli. Dit is een gebruikt toestel.",
     "U heeft gelijk. Komt u langs in de winkel, dan krijgt u meteen een nieuw exemplaar of "
     "uw €799 terug."),
])
def test_what_will_happen_and_when_is_help(language: str, customer: str, reply: str) -> None:
    criteria = found(language, customer, reply)
    assert "no_help" not in criteria and "concrete_help" in criteria, criteria


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", "Det var tolv dagar sen. Ingen har kommit. Jag tvättar för hand på nätterna. Jag är "
           "helt slut.",
     "Tolv dagar är alldeles för länge, och det är mitt fel. Teknikern kommer i morgon "
     "klockan 9."),
    ("nl", "Weer de verkeerde voeding. Ik heb nog voor één dag en ik slaap al weken nauwelijks.",
     "Dit had niet mogen gebeuren, en dat ligt bij mij. Een koerier brengt de juiste voeding "
     "vanavond. U hoeft verder niets te doen."),
])
def test_owning_the_fault_and_lifting_the_burden_hears_the_customer(
        language: str, customer: str, reply: str) -> None:
    criteria = found(language, customer, reply)
    assert not criteria & {"ignored_emotion", "unacknowledged", "rushed_solution"}, criteria


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("pl", "Bank miał wypłacić transzę w poniedziałek. Jest czwartek, pieniędzy nie ma, a dom "
           "stoi bez dachu.",
     "Dziękujemy za kontakt. Państwa sprawa jest dla nas bardzo ważna. Dokładamy wszelkich "
     "starań. Prosimy o cierpliwość."),
    ("en", "My number transfer is stuck since Tuesday and I've missed two job interview calls.",
     "Thank you for reaching out. We understand how important staying connected is to our "
     "valued customers. We appreciate your understanding."),
])
def test_corporate_courtesies_around_nothing_are_no_goodbye(language: str, customer: str,
                                                            reply: str) -> None:
    criteria = found(language, customer, reply)
    assert "formality" not in criteria and "no_help" in criteria, criteria
    assert last_reply(language, customer, reply).scores.honesty < 3.0


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Your bill says 310 cubic metres. I live alone. Last quarter it was 28.",
     "I understand. However, as I'm sure you'll appreciate, our meters are reliable; high "
     "readings are almost always a leak on the customer's side. Check your taps before making "
     "accusations."),
    ("nl", "Ik ben verhuisd en sta nog op mijn oude adres. Ik heb het formulier twee keer "
           "gestuurd.",
     "Als u het formulier goed had ingevuld, was het in één keer verwerkt."),
    ("pl", "Kierowca stał 2 km dalej, sam anulował kurs, a pobraliście 25 zł za anulowanie.",
     "Może warto było zadzwonić do kierowcy. Ale dobrze, sprawdzę to."),
])
def test_polite_words_that_put_it_on_the_customer_are_blame(language: str, customer: str,
                                                            reply: str) -> None:
    criteria = found(language, customer, reply)
    assert criteria & {"blame", "sarcasm"}, criteria


def test_the_rather_in_if_youd_rather_blames_nobody() -> None:
    assert "blame" not in found("en", "Where are my dog's ashes?",
                                "They're ready at our centre. I can deliver them on Thursday, "
                                "or you can collect them today if you'd rather.")


def test_a_full_refund_made_is_no_over_promise_and_our_lapse_no_blame() -> None:
    criteria = found(
        "sv", "Det var i torsdags. Nu har jag fått en påminnelse med förseningsavgift.",
        "Nej, du ska inte betala påminnelsen. Jag har tagit bort avgiften. De extra timmarna "
        "var spackling, men det skulle du ha fått veta innan. Jag har återbetalat hela "
        "beloppet.")
    assert not criteria & {"over_promise", "blame"}, criteria


def test_the_worst_thing_there_is_is_no_information() -> None:
    criteria = found("sv", "Min man dog och ni skickar brev till honom om att betala tillbaka.",
                     "Åh nej. Det måste vara det värsta som finns, att få ett sånt brev.")
    assert "concrete_help" not in criteria


def test_owning_the_fault_is_not_harsh_wording() -> None:
    criteria = found("sv", "Men jag har ju redan väntat i tre veckor! Vad ska jag göra?",
                     "Tre veckor är alldeles för länge och det är vårt fel. Jag har bokat en "
                     "värderingsman till i morgon klockan 10.")
    assert "negative_word" not in criteria
    assert "negative_word" in found("sv", "Varför tar det så lång tid?",
                                    "Det är ditt eget fel, du fyllde i blanketten fel.")


@pytest.mark.parametrize(("language", "customer", "reply", "mocking"), [
    ("en", "Your firm still hasn't sent the deposit. Has my money gone missing?",
     "The money hasn't 'gone missing', we're a regulated law firm.", True),
    ("pl", "Mam zimno w domu, a Państwo chyba liczą, że sobie odpuszczę.",
     "Nikt tu niczego nie „liczy”, proszę Pana. Pracujemy najszybciej, jak się da.", True),
    ("nl", "Jullie zeggen 'altijd origineel'. Ik wil mijn geld terug.",
     "U heeft gelijk dat 'altijd origineel' geen antwoord was. Ik betaal de €189 vandaag terug.",
     False),
    ("sv", "Flyttkillen sa att det 'bara är en byrå'. Den var min mormors.",
     "Det han sa var fel – det är inte 'bara en byrå'. Jag har lagt upp ett skadeärende.",
     False),
])
def test_their_word_thrown_back_in_quotes_is_sarcasm(language: str, customer: str, reply: str,
                                                     mocking: bool) -> None:
    assert ("sarcasm" in found(language, customer, reply)) is mocking


@pytest.mark.parametrize(("language", "customer", "reply", "blames"), [
    ("en", "The plaque on my husband's bench is spelled wrong. I walked past it on our "
           "anniversary.",
     "I'm so sorry, that's the last thing you should have found on your anniversary. I've "
     "ordered a corrected plaque today.", False),
    ("en", "You lost our booking for twelve; we stood in the doorway with a cake.",
     "Did you ring to confirm the day before? We do ask all large groups to reconfirm.", True),
    ("pl", "Po śmierci taty nie było jego zegarka ani obrączki.",
     "Szpital nie odpowiada za przedmioty spoza depozytu. Rodzina powinna była je zabrać.", True),
    ("pl", "Rzeczoznawca miał przyjechać w ciągu 7 dni i nikt się nie pojawił.",
     "Rzeczoznawca powinien był być u Pana dwa tygodnie temu, przepraszam. Umówiłem go na "
     "jutro.", False),
])
def test_hindsight_blame_and_its_look_alikes(language: str, customer: str, reply: str,
                                             blames: bool) -> None:
    assert ("blame" in found(language, customer, reply)) is blames


def test_a_fix_reported_done_is_help_and_asks_nothing_even_beside_a_contact_word() -> None:
    lines = ("Min pappa dog i oktober och jag försöker sälja hans verktyg. Ni har tagit bort "
             "annonsen två gånger utan förklaring.",
             "Jag beklagar verkligen att din pappa har gått bort. Jag har lagt tillbaka annonsen "
             "utan numret, den syns igen nu, och köpare kan kontakta dig via meddelanden.")
    criteria = found("sv", *lines)
    assert "concrete_help" in criteria
    assert not criteria & {"repeated_question", "stock_apology", "no_help"}, criteria


def test_very_high_load_is_no_fix_done() -> None:
    from evaluation.cues import load_cues
    from evaluation.reader.done import reports_done

    cues = load_cues("sv")
    assert not reports_done("vi har också väldigt hög belastning nu", cues)
    assert reports_done("jag har ordnat det nu", cues)


def test_fixing_what_panicked_them_takes_the_panic_up() -> None:
    lines = ("Our software licence was deactivated this morning and payroll for my eight staff "
             "has to go out tomorrow. I'm panicking. What do I do?",
             "I've reactivated it now. Please close and reopen the program; payroll will be fine "
             "to run today.")
    assert not found("en", *lines) & {"ignored_emotion", "rushed_solution"}
    promised = ("Our software licence was deactivated this morning. I'm panicking.",
                "I'll look into the licence.")
    assert "rushed_solution" in found("en", *promised)  # a fix only promised does not


def test_a_stock_line_or_the_agents_own_story_is_no_step_or_instruction() -> None:
    customer = "I booked wheelchair seats and got row F up the stairs. Nobody called back."
    stock = found("en", customer, "We sincerely apologise. Accessibility is our top priority "
                                  "and we are committed to an inclusive experience.")
    assert not stock & {"next_step", "concrete_help"}, stock
    story = found("en", "My wife died. Can her museum membership be cancelled?",
                  "I'm so sorry. I lost my mum last year and I still can't go to the places we "
                  "went together.")
    assert not story & {"instructions", "concrete_help", "answered_question"}, story


def test_passing_it_on_with_no_time_is_vague() -> None:
    assert "vague_promise" in found("en", "My wife died. Can the membership be cancelled?",
                                    "I'm sorry for your loss. I'll pass your request to "
                                    "membership.")


@pytest.mark.parametrize(("language", "reply"), [
    ("sv", "Vi kan inte dra tillbaka en Swish själva, men vi kan be mottagarens bank att "
           "kontakta personen. Den begäran har jag skickat nu."),
    ("en", "I'll ask the receiving bank to contact the person today."),
], ids=["sv", "en"])
def test_the_agent_asking_another_party_to_get_in_touch_sends_the_customer_nowhere(
        language: str, reply: str) -> None:
    customer = {"sv": "Jag swishade 2 000 kr till fel nummer. Kan ni stoppa det?",
                "en": "I sent £2,000 to the wrong account. Can you stop it?"}[language]
    assert "deflection" not in found(language, customer, reply)


def test_telling_the_customer_to_contact_someone_else_is_still_a_deflection() -> None:
    assert "deflection" in found(
        "sv", "Jag swishade till fel nummer och har redan ringt er två gånger.",
        "Du får kontakta mottagarens bank själv.")


def test_a_word_of_acknowledgement_reflects_no_detail_that_merely_looks_like_it() -> None:
    """`förstår` (understand) is not `förstört` (ruined) said back."""
    from evaluation import Transcript
    from evaluation.detectors import run_detectors
    from evaluation.grader import context_for

    transcript = Transcript.model_validate({"language": "sv", "turns": [
        {"role": "customer", "text": "Flyttfirman har förstört mammas gamla byrå från 1920."},
        {"role": "trainee", "text": "Jag förstår. Jag bokar en möbelsnickare till byrån."}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    reflected = ctx.found.get("reflected_detail")
    assert reflected is None or "förstört" not in reflected.quote, reflected


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("nl", "Weer de verkeerde voeding voor de tweeling. Ik heb nog voor één dag.",
     "O nee, het spijt me zo ontzettend! Ik voel me echt vreselijk hierover. Het spijt me echt."),
    ("sv", "Soffan kom sönder igen, tredje gången.",
     "Åh nej, jag ber tusen gånger om ursäkt! Det här är fruktansvärt. Förlåt."),
], ids=["nl", "sv"])
def test_apologies_stacked_around_nothing_done_are_over_apologising(
        language: str, customer: str, reply: str) -> None:
    assert "over_apologised" in found(language, customer, reply)


def test_two_apologies_beside_a_fix_are_not_over_apologising() -> None:
    assert "over_apologised" not in found(
        "en", "The wrong formula came again and I have one day left.",
        "I'm so sorry, that's our mistake twice over. A courier brings the right formula by 9 "
        "tonight, and I've locked your order so it can't be swapped again. Sorry again.")
