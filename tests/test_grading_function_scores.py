"""Grades from what a reply does: a concrete fix outranks a stock apology, an exploring question
earns listening, deflecting and asking again cost it, greetings and closings are graded for what
they are, and the whole 1-5 scale is used."""

from __future__ import annotations

import pytest

from evaluation import Transcript, assess_reply
from evaluation.detectors import run_detectors
from evaluation.grader import context_for
from evaluation.models import ReplyGrade
from personas.vocabulary import DIMENSIONS


def grade(customer: str | list[str], reply: str, language: str = "en") -> ReplyGrade:
    """Grade one reply after the customer's line(s)."""
    lines = [customer] if isinstance(customer, str) else customer
    turns = [{"role": "customer", "text": line} for line in lines]
    transcript = Transcript.model_validate(
        {"language": language, "turns": [*turns, {"role": "trainee", "text": reply}]}
    )
    return assess_reply(transcript, len(turns))[0]


def overall(grade_: ReplyGrade) -> float:
    """Mean of the four scores."""
    return sum(getattr(grade_.scores, d) for d in DIMENSIONS) / len(DIMENSIONS)


# --- a concrete fix outranks a stock apology ------------------------------------------------

BROKEN_APP = ("Since last night's update the banking app closes as soon as I open it. "
              "I need to pay my rent today. What do I do?")
STOCK = ("We are very sorry for the inconvenience caused. Please send us a private message "
         "with your details. Thank you for your understanding.")
FIX = ("Open Settings > Apps > Bank, tap Clear cache, then start the app again: that clears "
       "the fault from last night's update, and your rent payment will go through as normal.")


def test_a_concrete_fix_outranks_a_stock_apology() -> None:
    stock, fix = grade(BROKEN_APP, STOCK), grade(BROKEN_APP, FIX)
    assert fix.scores.honesty > stock.scores.honesty + 1, (fix.scores, stock.scores)
    assert fix.scores.listening > stock.scores.listening + 1, (fix.scores, stock.scores)
    assert overall(fix) > overall(stock) + 0.8
    assert stock.balance == "too_little"  # a stock apology is mechanical
    notes = " ".join(e.note for e in stock.evidence)
    assert "elsewhere" in notes and "does nothing about it" in notes, notes


def test_thanks_around_a_brush_off_do_not_lift_tone() -> None:
    brush_off = ("Please send us a private message with your details, including the account "
                 "number and the time the app closed.")
    bare, dressed = grade(BROKEN_APP, brush_off), grade(
        BROKEN_APP, brush_off + " Thank you for your support, we really appreciate it.")
    helping = grade(BROKEN_APP, "Please open Settings > Apps > Bank and tap Clear cache, then "
                    "start the app again. Thank you for your patience.")
    assert dressed.scores.tone <= bare.scores.tone, (dressed.scores, bare.scores)
    assert helping.scores.tone > dressed.scores.tone, (helping.scores, dressed.scores)


def credited(customer: str, reply: str) -> set[str]:
    """The rubric criteria the grader finds in a reply."""
    transcript = Transcript.model_validate({"language": "en", "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    return set(ctx.found)


def test_a_formula_apology_is_not_credited_as_an_apology_a_sincere_one_is() -> None:
    fix = "Open Settings > Apps > Bank and tap Clear cache, then start the app again."
    formula = credited(BROKEN_APP, "Sorry for the inconvenience. " + fix)
    sincere = credited(BROKEN_APP, "I'm sorry the app let you down on the day your rent is "
                       "due. " + fix)
    assert "apology" not in formula and "apology" in sincere, (formula, sincere)


@pytest.mark.parametrize(("language", "customer", "stock", "fix"), [
    ("nl", "Sinds de update sluit de app meteen af. Ik moet vandaag mijn huur betalen!",
     "Excuses voor het ongemak. Neemt u contact op met de klantenservice.",
     "Ga naar Instellingen, kies Apps en dan de bank-app, en tik op Cache wissen. Daarna werkt "
     "de app weer en kunt u de huur vandaag betalen."),
    ("sv", "Sedan uppdateringen stänger appen direkt. Jag måste betala hyran i dag!",
     "Vi ber om ursäkt för besväret. Kontakta kundtjänst via vår webbplats.",
     "Gå till Inställningar, välj Appar och sedan bankappen och tryck på Rensa cache. Sedan "
     "fungerar appen igen och du kan betala hyran i dag."),
    ("pl", "Od aktualizacji aplikacja od razu się zamyka. Muszę dziś zapłacić czynsz!",
     "Przepraszamy za niedogodności. Proszę skontaktować się z infolinią.",
     "Proszę wejść w Ustawienia, wybrać Aplikacje i aplikację banku, i wyczyścić pamięć. "
     "Potem aplikacja zadziała i zapłaci Pani czynsz jeszcze dziś."),
])
def test_a_concrete_fix_outranks_a_stock_apology_in_every_language(
        language: str, customer: str, stock: str, fix: str) -> None:
    bad, good = grade(customer, stock, language), grade(customer, fix, language)
    assert good.scores.honesty > bad.scores.honesty, (good.scores, bad.scores)
    assert overall(good) > overall(bad), (good.scores, bad.scores)


# --- exploring earns listening; deflecting and asking again cost it --------------------------

FLASHBACKS = "I keep having flashbacks since the accident and I can't sleep."


def test_an_exploring_question_earns_listening_and_is_not_curt() -> None:
    exploring = grade(FLASHBACKS, "How did this come about?")
    shrug = grade(FLASHBACKS, "Okay.")
    assert exploring.scores.listening >= shrug.scores.listening + 1, (exploring.scores,
                                                                       shrug.scores)
    assert not any("curt" in e.note for e in exploring.evidence), exploring.evidence
    assert exploring.balance == "lagom"


def test_asking_for_a_detail_is_not_exploring_the_customers_situation() -> None:
    widow = "My husband died last month and the bills are still in his name."
    detail = grade(widow, "What is the account number?")
    exploring = grade(widow, "How are you managing with everything at the moment?")
    assert exploring.scores.listening > detail.scores.listening


CALLED = "I've called your hotline three times already and nobody answers. My internet is down."


def test_deflecting_costs_listening() -> None:
    deflect = grade(CALLED, "Please call our service hotline again.")
    own = grade(CALLED, "Three calls and no answer is not good enough. I've booked an engineer "
                        "for Thursday 8-12 and I'll call you myself on Thursday afternoon.")
    assert deflect.scores.listening < 2.5, deflect.scores
    assert own.scores.listening > deflect.scores.listening + 0.8, (own.scores, deflect.scores)
    assert any("elsewhere" in e.note and e.quote for e in deflect.evidence)


def test_a_private_message_brush_off_costs_listening_even_to_a_calm_customer() -> None:
    calm = "Hello, how do I change the email address on my account?"
    brush = grade(calm, "Please send us a private message.")
    answer = grade(calm, "Go to Profile > Settings > Email, enter the new address and tap Save.")
    assert answer.scores.listening > brush.scores.listening + 1, (answer.scores, brush.scores)


def test_asking_again_for_what_was_given_costs_listening() -> None:
    given = "My order number is 44817 and the parcel never came."
    again = grade(given, "What is your order number?")
    using = grade(given, "I have order 44817 here. I'm sending a replacement today by courier.")
    assert again.scores.listening <= 1.5, again.scores
    assert using.scores.listening > again.scores.listening + 2


# --- greetings and closings are graded for what they are ------------------------------------

@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", [], "Good morning, you're through to Anna at Northwind. How can I help?"),
    ("en", ["That's all sorted then, thanks. Bye!"], "You're welcome, have a lovely day!"),
    ("nl", ["Dat was het, dank u wel!"], "Graag gedaan, nog een fijne dag!"),
    ("sv", ["Tack, det var allt."], "Varsågod, ha en bra dag!"),
    ("pl", ["Dziękuję, to wszystko."], "Proszę bardzo, miłego dnia!"),
])
def test_greetings_and_closings_are_not_penalised_for_missing_empathy(
        language: str, customer: list[str], reply: str) -> None:
    graded = grade(customer, reply, language) if customer else grade_opening(reply, language)
    assert graded.scores.understanding >= 3.0, graded.scores
    assert graded.scores.listening >= 3.5, graded.scores
    assert graded.balance == "lagom"
    assert not any(e.dimension == "understanding" and not e.quote for e in graded.evidence)
    assert len(graded.tips) <= 1  # at most a tone tip: no empathy, fix or question demanded


def grade_opening(reply: str, language: str) -> ReplyGrade:
    """Grade a reply that opens the conversation."""
    transcript = Transcript.model_validate(
        {"language": language, "turns": [{"role": "trainee", "text": reply}]})
    return assess_reply(transcript, 0)[0]


# --- the whole scale --------------------------------------------------------------------------

def test_the_whole_scale_is_used() -> None:
    widow = "My husband died last month and the bills are still in his name."
    good = grade(widow, "I'm so sorry for your loss. That's a lot to deal with on top of "
                        "everything. I'll move the account into your name today, and there's "
                        "nothing you need to send us.")
    poor = grade(widow, "Name and date of death.")
    assert overall(good) >= 4.2, good.scores
    assert overall(poor) <= 2.3, poor.scores  # each score is pooled a fifth toward the mean
    assert overall(good) - overall(poor) >= 2.0
    assert min(getattr(poor.scores, d) for d in DIMENSIONS) <= 1.8


def test_a_fix_for_what_the_customer_said_is_not_unacknowledged() -> None:
    customer = "The app on my phone stopped syncing my contacts yesterday."
    fix = credited(customer, "Open Settings > Accounts > Sync and switch Contacts off and on "
                   "again; the contacts come back within a minute.")
    nothing = credited(customer, "Our app is available for Android and iOS.")
    assert "unacknowledged" not in fix and "unacknowledged" in nothing, (fix, nothing)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "I was charged twice and now I can't pay my rent. This is so stressful.",
     "Please give me your membership number."),
    ("sv", "Jag har blivit dragen två gånger och kan inte betala hyran. Det är så stressigt.",
     "Ge mig ditt medlemsnummer."),
    ("nl", "Ik ben twee keer afgeschreven en kan mijn huur niet betalen. Dit is zo stressvol.",
     "Geef me uw lidmaatschapsnummer."),
    ("pl", "Pobrano mi dwa razy opłatę i nie mogę zapłacić czynszu. To bardzo stresujące.",
     "Proszę podać numer członkowski."),
])
def test_stress_is_a_feeling_a_reply_can_ignore(language: str, customer: str,
                                                reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert ctx.customer_upset
    assert "ignored_emotion" in ctx.found


def test_explaining_how_it_happened_is_no_answer_to_where_it_is() -> None:
    customer = "My parcel was supposed to arrive on Monday and it's now Thursday. Where is it?"
    story = credited(customer, "Well, what happened is our warehouse moved last month and the "
                               "new system had teething problems, so a few orders slipped "
                               "through.")
    answer = credited(customer, "It's at the Leeds depot; it will be delivered tomorrow "
                                "because the van broke down on Tuesday.")
    assert "explanation" in story
    assert "explanation" not in answer


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I'll call the depot now and ring you back within the hour."),
    ("en", "The claim is approved, so I'll pay it in full by Friday."),
    ("sv", "Besöket ingår i garantin, och jag ringer dig om en timme."),
    ("nl", "Het bezoek valt onder uw garantie; ik bel u binnen het uur terug."),
    ("pl", "Wizyta jest w ramach gwarancji, na pewno sprawdzę to w ciągu godziny."),
])
def test_a_concrete_time_or_a_warranty_is_no_over_promise(language: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "over_promise" not in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I guarantee it will be fixed tonight."),
    ("sv", "Jag garanterar att det är fixat i kväll."),
    ("nl", "Ik garandeer dat het vanavond is opgelost."),
    ("pl", "Gwarantuję, że dziś wieczorem będzie działać."),
])
def test_a_guarantee_is_still_an_over_promise(language: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "over_promise" in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I'll ask my colleague in billing to call you today."),
    ("en", "I'll ring the warehouse now and ask my manager to approve the refund."),
    ("sv", "Jag ber min kollega på fakturaavdelningen att ringa dig i dag."),
    ("nl", "Ik vraag mijn collega van de facturatie om u vandaag te bellen."),
    ("pl", "Poproszę kolegę z działu rozliczeń, żeby zadzwonił do Pana dzisiaj."),
])
def test_naming_who_the_agent_will_ask_is_no_excuse(language: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert not {"excuse", "self_focus"} & set(ctx.found), ctx.found


def test_you_did_nothing_wrong_is_no_blame() -> None:
    transcript = Transcript.model_validate({"language": "en", "turns": [
        {"role": "customer", "text": "Did I do something wrong?"},
        {"role": "trainee",
         "text": "No, you didn't do anything wrong. I'll fix the address now."}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "blame" not in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "It's not your fault at all. I'll fix the address now."),
    ("sv", "Det är inte ditt fel. Jag rättar adressen nu."),
    ("nl", "Het is niet uw schuld. Ik pas het adres nu aan."),
    ("pl", "To nie pana wina. Poprawię adres teraz."),
])
def test_clearing_the_customer_is_no_blame(language: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "blame" not in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "Thank you for your patience, I'll check it right now."),
    ("sv", "Tack för ditt tålamod, jag kollar det just nu."),
    ("nl", "Bedankt voor uw geduld, ik kijk er op dit moment naar."),
    ("pl", "Dziękuję za cierpliwość, mamy to w tej chwili w systemie."),
])
def test_everyday_words_show_no_impact_on_the_customers_life(language: str,
                                                             reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "impact" not in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "You should have checked the router first."),
    ("sv", "Om du vill kan du ringa igen i morgon."),
    ("pl", "To nie mój dział, musi pan zadzwonić do wsparcia technicznego."),
])
def test_a_step_the_customer_is_told_to_take_is_not_the_agents_next_step(
        language: str, reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": "..."}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "next_step" not in ctx.found


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I can't help you with that."),
    ("sv", "Det kan jag inte hjälpa dig med."),
    ("pl", "Nie mogę panu w tym pomóc."),
])
def test_saying_what_cannot_be_done_neither_answers_nor_offers_help(language: str,
                                                                   reply: str) -> None:
    customer = {"en": "My internet is down. When will it be fixed?",
                "sv": "Mitt internet ligger nere. När blir det lagat?",
                "pl": "Internet nie działa. Kiedy to naprawicie?"}[language]
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert not {"answered_question", "offer_help"} & set(ctx.found), ctx.found


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "My parcel was due on Monday, it's Thursday now. Where is it?",
     "That's the courier's problem, not ours. You'll have to contact them."),
    ("sv", "Mitt paket skulle komma i måndags, nu är det torsdag. Var är det?",
     "Det är budfirmans problem, inte vårt. Du får kontakta dem."),
    ("nl", "Mijn pakket zou maandag komen, het is nu donderdag. Waar is het?",
     "Dat is het probleem van de bezorger, niet van ons. U moet contact met hen opnemen."),
    ("pl", "Paczka miała przyjść w poniedziałek, a jest czwartek. Gdzie ona jest?",
     "To problem kuriera, nie nasz. Musi pan się z nimi skontaktować."),
])
def test_passing_the_problem_to_someone_else_is_the_lowest_honesty(
        language: str, customer: str, reply: str) -> None:
    assert grade(customer, reply, language).scores.honesty <= 1.5


SV_LATE = ("Min order GY-4471 skulle komma den 3 maj och har fortfarande inte kommit. Jag har "
           "redan ringt två gånger. När kommer den?")


def test_saying_their_details_back_in_their_words_and_acting_is_not_parroting() -> None:
    reply = ("Order GY-4471, som skulle komma den 3 maj, och du har redan ringt två gånger – "
             "jag kollar med lagret nu och ringer dig före klockan 14.")
    transcript = Transcript.model_validate({"language": "sv", "turns": [
        {"role": "customer", "text": SV_LATE}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "parroting" not in ctx.found
    assert grade(SV_LATE, reply, "sv").scores.listening >= 4.0


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("sv", SV_LATE, "Jag kollar med lagret nu. Vilken dag den här veckan passar dig bäst för "
                    "leverans?"),
    ("en", "My order was due on 3 May and it still hasn't come.",
     "I'll check with the warehouse now. What day next week suits you for delivery?"),
])
def test_planning_a_day_is_not_asking_again_for_the_date(language: str, customer: str,
                                                         reply: str) -> None:
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    ctx = context_for(transcript, 1, None)
    run_detectors(ctx)
    assert "repeated_question" not in ctx.found


def test_the_last_thing_you_need_names_the_feeling_in_polish() -> None:
    customer = "W tym miesiącu pobrano mi dwa razy opłatę za internet. To skandal!"
    reply = ("Przepraszam – podwójna opłata to ostatnie, czego pan potrzebuje. Zwrócę drugą "
             "płatność dzisiaj.")
    assert grade(customer, reply, "pl").scores.understanding >= 4.0
