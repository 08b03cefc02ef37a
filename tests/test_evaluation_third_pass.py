"""Third-pass grading behaviour: brush-offs are not ownership, asking "again" is a repeat,
politeness strategies move tone, acronyms are not shouting, edited parroting is caught,
negated instructions are not redo requests, details restated in another format count as
reflected, and upselling or redirecting is not an answer."""

from __future__ import annotations

import pytest

from evaluation import Transcript, assess_reply
from evaluation.values import values


def grade(customer: str, reply: str, language: str = "en"):
    """Grade one reply to one customer line."""
    transcript = Transcript.model_validate(
        {
            "language": language,
            "turns": [{"role": "customer", "text": customer}, {"role": "trainee", "text": reply}],
        }
    )
    return assess_reply(transcript, 1)


def alone(reply: str, language: str = "en"):
    """Grade a reply that opens the conversation (as the politeness bench does)."""
    transcript = Transcript.model_validate(
        {"language": language, "turns": [{"role": "trainee", "text": reply}]}
    )
    return assess_reply(transcript, 0)[0]


# --- brush-offs are the opposite of ownership ------------------------------------------------

BRUSH_OFF = {
    "en": (
        "My parcel never arrived.",
        "There's nothing I can do about that.",
        "I can send a replacement today.",
    ),
    "sv": (
        "Mitt paket kom aldrig.",
        "Det finns inget jag kan göra åt det.",
        "Jag kan skicka ett nytt paket i dag.",
    ),
    "nl": (
        "Mijn pakket is nooit aangekomen.",
        "Er is niets wat ik kan doen.",
        "Ik kan vandaag een nieuw pakket sturen.",
    ),
    "pl": (
        "Moja paczka nie dotarła.",
        "Nic nie mogę z tym zrobić.",
        "Mogę dziś wysłać nową paczkę.",
    ),
}


@pytest.mark.parametrize("language", sorted(BRUSH_OFF))
def test_nothing_i_can_do_is_an_excuse_not_ownership(language: str) -> None:
    customer, brush_off, owning = BRUSH_OFF[language]
    grade_off, signals_off = grade(customer, brush_off, language)
    grade_own, signals_own = grade(customer, owning, language)
    assert "took_ownership" not in signals_off.signals
    assert "made_excuses" in signals_off.signals
    assert "took_ownership" in signals_own.signals
    assert grade_own.scores.honesty > grade_off.scores.honesty + 1


# --- asking "again" ----------------------------------------------------------------------------

AGAIN = {
    "sv": ("Skadenumret är 55123. Jag har väntat i tre veckor!", "Vad var skadenumret igen?"),
    "en": ("My claim is 55123 and I've waited three weeks!", "What was the claim about again?"),
    "nl": ("Mijn claim is 55123 en ik wacht al drie weken!", "Waar ging uw claim nog eens over?"),
    "pl": (
        "Moja szkoda ma numer 55123, czekam trzy tygodnie!",
        "Jaki był jeszcze raz numer szkody?",
    ),
}


@pytest.mark.parametrize("language", sorted(AGAIN))
def test_asking_for_something_again_is_a_repeated_question(language: str) -> None:
    customer, reply = AGAIN[language]
    graded, signals = grade(customer, reply, language)
    assert signals.signals.get("repeated_question") == 1
    assert "useful_question" not in signals.signals
    assert graded.scores.listening <= 2


def test_a_request_without_question_mark_for_a_given_number_is_a_repeat() -> None:
    _, signals = grade(
        "Jego konta osobistego, końcówka 4417. Mówiłam to już.", "Proszę podać numer konta.", "pl"
    )
    assert "repeated_question" in signals.signals


# --- politeness strategies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polite", "blunt"),
    [
        ("Could you send me the file?", "Send me the file."),
        ("Thanks for the edit. Could you add a source?", "Add a source."),
        ("I wonder whether the date is correct?", "Why is the date wrong?"),
        ("Would you mind checking the second paragraph?", "Please check the second paragraph."),
        ("Nice work on the article. Would you add the map?", "So you forgot the map?"),
        ("By the way, could we look at the intro together?", "The intro is wrong, fix it."),
    ],
)
def test_politeness_strategies_order_tone(polite: str, blunt: str) -> None:
    assert alone(polite).scores.tone > alone(blunt).scores.tone


def test_please_opening_a_sentence_is_told_apart_from_please_inside() -> None:
    opening = alone("Please send the form.")
    inside = alone("Could you please send the form?")
    assert "please_start" not in inside.signals
    assert inside.scores.tone > opening.scores.tone


def test_a_lone_acronym_is_not_shouting_but_shouted_words_are() -> None:
    acronym = alone("Is NPOV the rule here?")
    assert not any(e.note.startswith("shouting") for e in acronym.evidence)
    assert acronym.scores.tone == alone("Is that the rule here?").scores.tone
    loud = alone("I ALREADY SENT the form.")
    assert loud.scores.tone < alone("I already sent the form.").scores.tone
    assert any(e.note.startswith("shouting") for e in loud.evidence)
    assert alone("I sent it, NOT them.").scores.tone < alone("I sent it, not them.").scores.tone


# --- parroting, redo requests -----------------------------------------------------------------


def test_parroting_with_the_pronouns_turned_round_is_caught() -> None:
    customer = (
        "Why did you decline my loan? I've been with you 15 years, never missed a "
        "payment. Nobody will tell me why."
    )
    parrot = (
        "So you've been with us 15 years and never missed a payment and nobody will tell "
        "you why we declined your loan."
    )
    answer = (
        "Fifteen years without a missed payment deserves a real answer. I'll ask the "
        "underwriter for the reason today and call you with it by 5pm."
    )
    parroted, _ = grade(customer, parrot)
    answered, _ = grade(customer, answer)
    assert parroted.scores.listening < 3
    assert answered.scores.listening > parroted.scores.listening + 1


@pytest.mark.parametrize(
    ("language", "customer", "reply"),
    [
        (
            "en",
            "I've rung every morning for a week and there are never any appointments.",
            "I won't ask you to ring again tomorrow. "
            "I'm putting your son on today's call-back list.",
        ),
        (
            "pl",
            "Wysłałam akt zgonu już trzy razy.",
            "Widzę wszystkie trzy kopie, więc nie musi Pani wysyłać go ponownie.",
        ),
    ],
)
def test_promising_not_to_send_them_back_is_not_a_redo_request(
    language: str, customer: str, reply: str
) -> None:
    graded, signals = grade(customer, reply, language)
    assert "repeated_question" not in signals.signals
    assert not any("already did" in e.note for e in graded.evidence)


def test_telling_them_to_do_it_again_is_still_a_redo_request() -> None:
    _, signals = grade(
        "I've filled in your form twice already.", "You need to fill in the form again."
    )
    assert "repeated_question" in signals.signals


# --- details restated in another format --------------------------------------------------------


@pytest.mark.parametrize(
    ("customer", "reply"),
    [
        (
            "I sent £2,000 to the wrong account by mistake.",
            "I'm recalling the 2000 pounds from the receiving bank now.",
        ),
        (
            "The engineer was booked for 4 March and never came.",
            "I can see the visit booked for 4/3 was missed, and I'm rebooking it now.",
        ),
        (
            "They said the courier would come at 14:00, nobody came.",
            "The 2pm slot was missed, so I'm sending a new courier now.",
        ),
        (
            "Your app says my account is locked and I'm stuck at the till.",
            "I've reset the lock now, so you can pay at the till.",
        ),
    ],
)
def test_details_restated_in_another_format_count_as_reflected(customer: str, reply: str) -> None:
    _, signals = grade(customer, reply)
    assert "reflected_detail" in signals.signals


def test_values_read_numeric_dates_and_clock_times_but_not_ranges() -> None:
    keys = {(v.kind, v.key) for v in values("on 4/3/2024 at 2pm, or 04.03.2024 at 14.00")}
    assert {("date", "4/3"), ("time", "14:00")} <= keys
    assert not [v for v in values("within 10-12 working days, Thursday 8-12") if v.kind == "date"]


# --- upselling and redirecting ----------------------------------------------------------------

SIDETRACK = {
    "en": (
        "I just want to cancel my late mother's phone contract.",
        "Before you go, did you know you could move the contract to your name with a new handset?",
        "I'm sorry about your mother. I'm cancelling her contract now, with no fee.",
    ),
    "sv": (
        "Paketet kom fram blött och datorn startar inte. Säljaren skickade mig till er.",
        "Du behöver kontakta säljaren om skadat gods.",
        "Vad tråkigt att datorn blev förstörd. Jag startar en skadeanmälan för datorn nu.",
    ),
    "nl": (
        "Het pakket was doorweekt en de laptop doet het niet meer.",
        "Voor beschadigde goederen neemt u contact op met de verkoper.",
        "Wat vervelend van de laptop. Ik start nu een schadeclaim voor de laptop.",
    ),
    "pl": (
        "Paczka przyszła mokra i laptop się nie włącza.",
        "W sprawie uszkodzeń proszę skontaktować się ze sprzedawcą.",
        "Przykro mi z powodu laptopa. Zgłaszam teraz szkodę na laptop.",
    ),
}


@pytest.mark.parametrize("language", sorted(SIDETRACK))
def test_upselling_or_redirecting_is_not_listening(language: str) -> None:
    customer, off, answer = SIDETRACK[language]
    sidetracked, _ = grade(customer, off, language)
    answered, _ = grade(customer, answer, language)
    assert any("instead of answering" in e.note for e in sidetracked.evidence)
    assert answered.scores.listening > sidetracked.scores.listening


# --- the fitted balance rule -------------------------------------------------------------------


def test_the_balance_rule_comes_from_the_weights_file_and_falls_back_without_it() -> None:
    from evaluation.fitted import FittedWeights, parse_weights
    from evaluation.models import Scores
    from evaluation.rubric import load_rubric
    from evaluation.scorer import balance

    rubric = load_rubric()
    flat = Scores(listening=3, tone=3, honesty=3, understanding=2.5)
    fitted = parse_weights("[balance]\ncold_below = 2.8\ncold_needs_upset = 0\n")
    assert fitted.balance == {"cold_below": 2.8, "cold_needs_upset": 0.0}
    # a calm customer, a reply naming no feeling: cold by the fitted rule only
    assert balance({}, flat, rubric, upset=False, fitted=fitted) == "too_little"
    assert balance({}, flat, rubric, upset=False, fitted=FittedWeights()) == "lagom"
    assert balance({}, flat, rubric, upset=True, fitted=FittedWeights()) == "too_little"


def test_a_cold_procedural_reply_to_a_calm_customer_is_too_little() -> None:
    cold, _ = grade(
        "I'd like to move my appointment to next week, please.", "Appointments can be moved online."
    )
    warm, _ = grade(
        "I'd like to move my appointment to next week, please.",
        "Of course. I've moved your appointment to Tuesday the 12th at 10:00; "
        "I'll text you a confirmation now.",
    )
    assert cold.balance == "too_little"
    assert warm.balance == "lagom"


# --- acknowledging, answering, asking about what was stated ---------------------------------------


def test_a_reply_acknowledging_nothing_loses_listening_to_one_that_does() -> None:
    customer = "I'd like to move my appointment to next week."
    bare, _ = grade(customer, "Appointments can be moved online at any time.")
    heard, _ = grade(customer, "Of course. Appointments can be moved online at any time.")
    assert any("nothing acknowledges" in e.note for e in bare.evidence)
    assert heard.scores.listening > bare.scores.listening


def test_taking_up_the_question_asked_beats_talking_past_it() -> None:
    customer = "I sent 2,000 to the wrong account. Can you get the money back?"
    answered, _ = grade(
        customer, "I understand. I'm asking the receiving bank to return the money now."
    )
    past, _ = grade(customer, "I understand. Our new savings account pays 4% interest.")
    assert answered.scores.listening > past.scores.listening


@pytest.mark.parametrize(
    ("customer", "question"),
    [
        (
            "Your driver left my parcel behind the bins and the laptop inside is soaked.",
            "Was the parcel left behind the bins?",
        ),
        ("I moved out of the flat on 3 May and you still charge me.", "When did you move out?"),
    ],
)
def test_asking_about_what_the_customer_plainly_stated_is_a_repeat(
    customer: str, question: str
) -> None:
    _, signals = grade(customer, question)
    assert "repeated_question" in signals.signals


def test_asking_about_something_new_is_a_useful_question() -> None:
    _, signals = grade(
        "Your driver left my parcel behind the bins and the laptop is soaked.",
        "I'm sorry about the laptop. What matters most to you right now?",
    )
    assert "useful_question" in signals.signals
    assert "repeated_question" not in signals.signals


def test_telling_someone_who_already_tried_to_try_again_is_a_redo_request() -> None:
    _, signals = grade(
        "I've rung the surgery every morning at 8 for a week.",
        "Appointments are released at 8am. I'd suggest calling again tomorrow.",
    )
    assert "repeated_question" in signals.signals


def test_an_inflected_reference_word_still_counts_as_asking_for_it() -> None:
    _, signals = grade(
        "Det är LF-55120. Jag hittade det i hans skrivbord.",
        "Kan du ge mig försäkringsnumret?",
        "sv",
    )
    assert "repeated_question" in signals.signals


# --- reported blame, dash clauses, reactions, requests taken up ----------------------------------


def test_reporting_what_a_letter_said_is_not_blaming_the_customer() -> None:
    customer = "You rejected my claim because I 'didn't lock it'. I did lock it."
    reported, _ = grade(
        customer,
        "You got a rejection saying you didn't lock it, and I can see "
        "that's wrong. I'm reopening the claim now.",
    )
    blaming, _ = grade(customer, "You didn't lock it, so the claim stays rejected.")
    assert not any(e.note.startswith("blames") for e in reported.evidence)
    assert reported.scores.tone > blaming.scores.tone + 1


def test_a_negation_before_a_dash_does_not_cancel_the_ownership_after_it() -> None:
    _, signals = grade(
        "Dostałam pismo, że w piątek odetniecie mi gaz. Boję się.",
        "Gaz nie zostanie odcięty w piątek - wstrzymałam to teraz.",
        "pl",
    )
    assert "took_ownership" in signals.signals


def test_a_reaction_to_the_customers_news_counts_as_hearing_them() -> None:
    customer = "My kitchen flooded and I've been cooking on a camping stove for a month."
    reacting, _ = grade(customer, "That's terrible. I'm chasing the assessor's report today.")
    bare, _ = grade(customer, "The assessor's report is due. I'm chasing it today.")
    assert reacting.scores.listening > bare.scores.listening


def test_committing_to_what_the_customer_asked_for_takes_up_their_request() -> None:
    customer = "I've been charged twice this month. I want the second charge refunded."
    committing, _ = grade(customer, "I'll refund the second charge today.")
    procedure, _ = grade(customer, "Refunds are handled by the billing team within 30 days.")
    assert committing.scores.listening > procedure.scores.listening


def test_a_short_reply_sharing_one_phrase_with_the_customer_is_not_parroting() -> None:
    graded, signals = grade(
        "I've been charged twice. I want the second charge refunded.",
        "I'll refund the second charge today.",
    )
    assert not any("repeats the customer's own sentence" in e.note for e in graded.evidence)
    assert "took_ownership" in signals.signals


def test_stating_the_customers_own_reference_is_not_asking_for_it_again() -> None:
    """Seen by hand: a reply that used JD-30915 was told not to ask for it again."""
    from evaluation import assess_reply
    from evaluation.models import Transcript, Turn

    customer = Turn(role="customer", text="Parcel JD-30915. Marked delivered on the 9th.")
    using = "You'll get an email today with the trace number for JD-30915, so you can show them."
    asking = "Please give me the tracking number."
    for reply, repeated in ((using, False), (asking, True)):
        transcript = Transcript(turns=[customer, Turn(role="trainee", text=reply)])
        grade, signals = assess_reply(transcript, 1)
        assert ("repeated_question" in signals.signals) is repeated, reply


def test_need_evidence_quotes_the_reply_not_the_need_id() -> None:
    from evaluation import assess_reply
    from evaluation.models import Transcript, Turn
    from scenarios.library import load_library

    scenario = load_library().scenario("en_parcel_lost_again")
    reply = (
        "I'm so sorry, Ms Bello, that must be stressful for your shop. "
        "I'll email you the claim reference today so your customer in Leeds can see it."
    )
    transcript = Transcript(
        turns=[
            Turn(role="customer", text="Parcel JD-30915. Marked delivered on the 9th. Blue door."),
            Turn(role="trainee", text=reply),
        ]
    )
    grade, signals = assess_reply(transcript, 1, scenario)
    assert "customer_refund" in signals.needs_addressed
    from evaluation.detectors import run_detectors
    from evaluation.grader import context_for

    ctx = context_for(transcript, 1, scenario)
    run_detectors(ctx)
    quote = ctx.found["need_addressed"].quote
    assert quote and quote in reply and "claim reference" in quote
