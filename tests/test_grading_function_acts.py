"""What a reply does, read by function in four languages (`evaluation.reader.acts`)."""

from __future__ import annotations

import pytest

from evaluation.reader.acts import read_acts


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "My parcel never came.", "What happened when the driver came by?"),
    ("sv", "Paketet kom aldrig.", "Vad hände när budet kom?"),
    ("nl", "Mijn pakket is nooit gekomen.", "Wat gebeurde er toen de bezorger langskwam?"),
    ("pl", "Paczka nie dotarła.", "Co się stało, kiedy przyjechał kurier?"),
])
def test_an_open_question_is_read_as_one(language: str, customer: str, reply: str) -> None:
    acts = read_acts(reply, [customer], language)
    assert acts.questions_open == 1 and acts.questions_closed == 0


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "Did the driver leave a card?"),
    ("sv", "Har du fått ett sms från oss?"),
    ("nl", "Heeft u een sms van ons gekregen?"),
    ("pl", "Czy dostała Pani SMS od nas?"),
])
def test_a_closed_question_is_read_as_one(language: str, reply: str) -> None:
    acts = read_acts(reply, ["My parcel never came."], language)
    assert acts.questions_closed == 1 and acts.questions_open == 0


def test_a_rising_statement_is_a_reflection_not_a_question() -> None:
    acts = read_acts("So you've been waiting since Monday?", ["I've waited since Monday."], "en")
    assert acts.reflects_content == 1 and acts.questions == 0


@pytest.mark.parametrize("reply", ["And it wasn't what you expected?",
                                   "So the refund still hasn't come through?"])
def test_a_question_in_statement_word_order_says_back_what_was_said(reply: str) -> None:
    acts = read_acts(reply, ["I expected the refund last week and it never came."], "en")
    assert acts.reflects_content == 1 and acts.questions == 0
    asked = read_acts("Has the refund come through yet?", ["I expected the refund."], "en")
    assert asked.questions_closed == 1 and asked.reflects_content == 0


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "Where is my refund? I've waited two weeks.",
     "We are sorry for the inconvenience. Please send us a private message."),
    ("sv", "Var är min återbetalning?", "Vi ber om ursäkt för besväret. Kontakta kundtjänst."),
    ("nl", "Waar blijft mijn terugbetaling?",
     "Excuses voor het ongemak. Neemt u contact op met de klantenservice."),
    ("pl", "Gdzie jest mój zwrot?",
     "Przepraszamy za niedogodności. Proszę skontaktować się z infolinią."),
])
def test_a_stock_apology_that_sends_the_customer_elsewhere(language: str, customer: str,
                                                           reply: str) -> None:
    acts = read_acts(reply, [customer], language)
    assert acts.deflects >= 1 and acts.stock_apology == 1 and acts.fixes == 0


def test_call_the_number_is_a_deflection_only_once_they_already_called() -> None:
    reply = "Please call the number on the back of your card."
    assert read_acts(reply, ["I've called you three times already."], "en").deflects == 1
    assert read_acts(reply, ["My card was swallowed by the machine."], "en").deflects == 0


def test_instructions_and_a_concrete_fix_answer_the_question() -> None:
    acts = read_acts("Please enter Phone Setting - More Settings - Fingerprint and reset it.",
                     ["My fingerprint stopped working after the update. What can I do?"], "en")
    assert acts.instructions == 1 and acts.answers_question == 1 and acts.stock_apology == 0


def test_a_goodbye_is_a_formality_and_a_brush_off_is_not() -> None:
    assert read_acts("You're welcome, have a lovely day!", ["Thanks!"], "en").formality_only
    assert not read_acts("Sorry. Please send us a private message. Thank you for your support.",
                         ["Where is my parcel?"], "en").formality_only


def test_a_vague_promise_is_not_a_next_step() -> None:
    acts = read_acts("We will handle it as soon as possible, please be patient.",
                     ["Nobody has fixed my line."], "en")
    assert acts.vague_promises >= 1 and acts.instructions == 0 and acts.informs == 0


def test_politeness_strategies() -> None:
    acts = read_acts("Thank you for waiting. Could you perhaps check the label for me?",
                     ["Hi."], "en")
    assert acts.gratitude == 1 and acts.hedges >= 1 and acts.bare_imperatives == 0
    bare = read_acts("Check the label.", ["Hi."], "en")
    assert bare.bare_imperatives == 1 and bare.hedges == 0


@pytest.mark.parametrize(("language", "reply"), [
    ("pl", "Widzę, że to Panią bardzo niepokoi. Ustawię powiadomienie SMS."),
    ("nl", "Ik begrijp dat dit u veel zorgen baart. De incasso houd ik aan."),
    ("sv", "Jag förstår att det här oroar dig. Jag pausar fakturan."),
])
def test_a_named_worry_and_a_first_person_step_in_every_language(language: str,
                                                                 reply: str) -> None:
    acts = read_acts(reply, ["..."], language)
    assert acts.reflects_feeling == 1 and acts.ownership == 1


def test_ownership_is_personal_the_company_we_is_not() -> None:
    customer = ["My refund still hasn't arrived."]
    company = read_acts("We will handle it and we'll get back to you.", customer, "en")
    personal = read_acts("I'll check the refund now and call you back by five.", customer, "en")
    assert company.ownership == 0 and personal.ownership == 1


@pytest.mark.parametrize("reply", [
    "Right. And what else bothers you about the flat - the heating?",
    "How would you like us to handle the bill, by post, or by email?",
    "Did the engineer come on Monday, or on Tuesday?",
    "I'm just wondering, is the meter inside or outside?",
    "Still nothing?",
])
def test_a_question_whose_last_clause_is_short_is_still_a_question(reply: str) -> None:
    acts = read_acts(reply, ["The heating has been off since the weekend."], "en")
    assert acts.questions == 1, acts.quotes
    assert acts.reflects == 0


@pytest.mark.parametrize("reply", ["Yeah?", "Right?", "Okay?"])
def test_a_lone_backchannel_with_a_question_mark_asks_nothing(reply: str) -> None:
    acts = read_acts(reply, ["The heating has been off since the weekend."], "en")
    assert acts.questions == 0


def test_you_as_an_object_is_not_saying_back_what_they_said() -> None:
    customer = ["I've had this tariff for ten years."]
    for reply in ("The new tariff saves money without making you switch.", "Nice to meet you.",
                  "Here you go."):
        assert read_acts(reply, customer, "en").reflects == 0, reply
    assert read_acts("I'm hearing that you don't want another late fee.",
                     ["I just can't afford another late fee."], "en").reflects == 1


def test_asking_for_the_customers_details_before_helping_costs_listening() -> None:
    from evaluation import Transcript, assess_reply

    customer = "The app store keeps crashing since the update. What can I do?"

    def graded(reply: str) -> tuple[float, bool]:
        transcript = Transcript.model_validate({"language": "en", "turns": [
            {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
        grade = assess_reply(transcript, 1, None)[0]
        return grade.scores.listening, read_acts(reply, [customer], "en").asks_details > 0

    paperwork, asked = graded("Please provide your phone number and your full name for "
                              "verification.")
    fix, _ = graded("Please open Settings > Apps > Store and clear its data, then restart.")
    checking, asked_too = graded("Could you tell me your order number? I'll check it now and "
                                 "send you the refund today.")
    assert asked and asked_too
    assert paperwork < fix
    assert paperwork < checking  # asking in order to act at once is not procedure first


@pytest.mark.parametrize("reply", [
    "Damp can cause real damage to your walls.",
    "Most people who switch save within a month.",
])
def test_a_general_fact_is_information_not_a_reflection(reply: str) -> None:
    acts = read_acts(reply, ["The walls are damp, I keep wiping them."], "en")
    assert acts.reflects == 0



def test_an_offer_of_more_help_later_is_a_closing_not_a_deflection() -> None:
    solved = ["Great, the card works again. Thanks!"]
    later = read_acts("Glad it works now. Feel free to contact us again if anything comes up.",
                      solved, "en")
    assert later.deflects == 0 and later.closing >= 1
    brush_off = read_acts("Please send us a private message with the details.",
                          ["My card was blocked abroad. What do I do now?"], "en")
    assert brush_off.deflects == 1


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", "The washing machine leaks. Do I have to pay for the engineer?",
     "Hello! No, the visit is free under your warranty."),
    ("sv", "Tvättmaskinen läcker. Måste jag betala för teknikern?",
     "Hej! Nej, besöket ingår i garantin."),
    ("nl", "De wasmachine lekt. Moet ik de monteur betalen?",
     "Hallo! Nee, het bezoek valt onder uw garantie."),
    ("pl", "Pralka przecieka. Czy muszę zapłacić za technika?",
     "Dzień dobry! Nie, wizyta jest w ramach gwarancji."),
])
def test_a_yes_or_no_to_a_yes_no_question_answers_it(language: str, customer: str,
                                                     reply: str) -> None:
    assert read_acts(reply, [customer], language).answers_question == 1
    assert read_acts("We have a warranty policy.", [customer], language).answers_question == 0


@pytest.mark.parametrize(("language", "reply"), [
    ("pl", "Proszę podać numer telefonu."),
    ("sv", "Kan du ge mig ditt kundnummer?"),
    ("nl", "Kunt u mij uw klantnummer geven?"),
])
def test_asking_for_a_number_is_no_instruction_but_asks_for_details(language: str,
                                                                    reply: str) -> None:
    acts = read_acts(reply, ["..."], language)
    assert acts.instructions == 0 and acts.asks_details == 1


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "I'll check the payments now and email you by three."),
    ("sv", "Jag kontrollerar dragningarna nu och mejlar dig före tre."),
    ("nl", "Ik controleer de afschrijvingen nu en mail u voor drie uur."),
])
def test_a_first_person_check_is_ownership(language: str, reply: str) -> None:
    acts = read_acts(reply, ["I was charged twice."], language)
    assert acts.ownership >= 1 and acts.next_step >= 1


@pytest.mark.parametrize("reply", [
    "So you're wanting a steady bill so that you can plan your month.",
    "I'm picking up that the paperwork has really worn you down.",
    "So, the paperwork is the hard part.",
    "It feels like a lot of paperwork to you right now.",
])
def test_reflective_frames_say_back_what_was_said(reply: str) -> None:
    acts = read_acts(reply, ["All these forms, I can never make sense of the paperwork."], "en")
    assert acts.reflects == 1 and acts.questions == 0


def test_a_so_statement_that_informs_is_not_a_summary() -> None:
    acts = read_acts("So the refund will arrive on Friday.",
                     ["Where is my refund?"], "en")
    assert acts.reflects == 0 and acts.informs == 1


@pytest.mark.parametrize("reply", ["Does that sound okay?", "All right?",
                                   "I'll move it to Tuesday. Is that okay?"])
def test_a_check_in_asks_nothing_new(reply: str) -> None:
    assert read_acts(reply, ["Can you move my appointment?"], "en").questions == 0


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "Okay."), ("sv", "Okej."), ("nl", "Oké."), ("pl", "Dobrze."),
])
def test_a_bare_okay_acknowledges_nothing_in_any_language(language: str, reply: str) -> None:
    assert read_acts(reply, ["I was charged twice for the gym."], language).acknowledges == 0


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "You can wait."),
    ("sv", "Det finns inget jag kan göra åt det."),
    ("sv", "Du kan lugnt vänta."),
    ("nl", "U kunt altijd terugbellen."),
    ("nl", "U mag even wachten."),
    ("pl", "Może pan zadzwonić jeszcze raz."),
    ("pl", "Może pan poczekać."),
])
def test_waiting_calling_again_or_nothing_to_be_done_is_no_fix(language: str,
                                                             reply: str) -> None:
    acts = read_acts(reply, ["Where is my money?"], language)
    assert acts.fixes == 0 and acts.answers_question == 0


def test_news_about_their_order_informs_and_is_no_reflection() -> None:
    acts = read_acts("Your refund will arrive on Friday.", ["Where is my refund?"], "en")
    assert acts.reflects == 0 and acts.informs == 1
