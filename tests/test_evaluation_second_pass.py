"""Second-pass grading behaviour: bereavement, sarcasm in sv/pl, false reassurance and payouts,
promises whose keyword holds a negation, contradicting the scenario's facts, fitted weights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation import Transcript, assess_reply
from evaluation.fitted import parse_weights
from evaluation.rubric import load_rubric
from evaluation.scorer import score
from personas.vocabulary import DIMENSIONS
from scenarios.loader import load_scenario
from scenarios.model import Scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def grade(customer: str, reply: str, language: str, scenario: Scenario | None = None):
    """Grade one reply to one customer line."""
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    return assess_reply(transcript, 1, scenario)


# --- bereavement -----------------------------------------------------------------------------

BEREAVED = {
    "en": ("My husband Peter passed away in March and the bank keeps sending letters in his "
           "name. I just want the joint account moved to me.",
           "I'm so sorry about Peter, and I'm sorry those letters keep arriving - that must be "
           "painful every time. I'll move the joint account into your name today and stop the "
           "letters, and I'll email you to confirm once it's done.",
           "Send a certified death certificate to the bereavement unit."),
    "sv": ("Min man Peter gick bort i mars och banken skickar fortfarande brev i hans namn. Jag "
           "vill bara att det gemensamma kontot flyttas till mig.",
           "Jag är så ledsen för Peters skull, och jag beklagar att breven fortsätter komma - det "
           "måste göra ont varje gång. Jag flyttar det gemensamma kontot till ditt namn i dag och "
           "stoppar breven, och jag mejlar dig när det är klart.",
           "Skicka en vidimerad dödsattest till vår dödsboavdelning."),
    "pl": ("Mój mąż Piotr zmarł w marcu, a bank wciąż wysyła listy na jego nazwisko. Chcę tylko "
           "przenieść wspólne konto na siebie.",
           "Wyrazy współczucia z powodu śmierci męża. To musi być bolesne, gdy te listy wciąż "
           "przychodzą. Przeniosę dziś wspólne konto na Panią i wstrzymam listy, a potem wyślę "
           "Pani e-mail z potwierdzeniem.",
           "Proszę przesłać akt zgonu do działu spadków."),
}


@pytest.mark.parametrize("language", sorted(BEREAVED))
def test_a_good_reply_to_a_bereaved_customer_scores_high_on_listening_and_understanding(
    language: str,
) -> None:
    customer, good, cold = BEREAVED[language]
    warm, signals = grade(customer, good, language)
    flat, _ = grade(customer, cold, language)
    assert warm.scores.listening >= 4, warm.scores
    assert warm.scores.understanding >= 4, warm.scores
    assert "acknowledged_feeling" in signals.signals
    assert "made_excuses" not in signals.signals  # condolences are not excuses
    assert flat.scores.understanding < warm.scores.understanding - 2
    assert flat.balance == "too_little"


def test_repeating_the_word_died_is_not_naming_the_feeling() -> None:
    customer = "My father died last month. I need to close his phone contract."
    grade_, signals = grade(customer, "When did your father die? Give me the date of death.", "en")
    assert "acknowledged_feeling" not in signals.signals
    assert grade_.scores.understanding < 3


# --- sarcasm in Swedish and Polish ----------------------------------------------------------

SARCASM = {
    "sv": ("Jag har beställt bredband och ingenting har fungerat på en vecka. Jag har redan ringt "
           "tre gånger.",
           "Det löser sig nog av sig självt, skulle jag tro. Men visst, jag kollar väl, eller hur?",
           "Tre samtal på en vecka utan bredband är verkligen frustrerande. Jag kollar din linje "
           "nu och ringer dig i dag före 15 med svaret."),
    "pl": ("Zamówiłem pakiet internetowy, a od tygodnia nic nie działa. Dzwoniłem już trzy razy.",
           "No cóż, pewnie samo się naprawi, prawda? Ale dobrze, sprawdzę, skoro Pan nalega.",
           "Rozumiem, trzy telefony w tygodniu bez internetu to frustrujące. Sprawdzę teraz Pana "
           "łącze i oddzwonię dziś do 15:00 z wynikiem."),
}


@pytest.mark.parametrize("language", sorted(SARCASM))
def test_sarcasm_is_caught_in_swedish_and_polish(language: str) -> None:
    customer, sarcastic, plain = SARCASM[language]
    mocking, _ = grade(customer, sarcastic, language)
    good, _ = grade(customer, plain, language)
    assert mocking.scores.tone < 2.5, mocking.scores
    assert good.scores.tone >= 4, good.scores
    assert any(e.dimension == "tone" and e.quote for e in mocking.evidence)
    # tips never splice a lone customer word into a slot ('bredband', 'internetowy')
    assert mocking.tips and not any(re.search(r"'[^' ]+'", tip) for tip in mocking.tips)


# --- false reassurance and payouts ----------------------------------------------------------

WORRIED = "I've been waiting for my biopsy results for three weeks and I'm terrified."


@pytest.mark.parametrize("reply", [
    "I'm sure everything is fine, I wouldn't worry.",
    "I'll chase it, and we'll pay for your taxi to every appointment from now on.",
    "I'll chase it, and your prescriptions will be free forever.",
])
def test_false_reassurance_and_payouts_count_as_over_promising(reply: str) -> None:
    graded, signals = grade(WORRIED, reply, "en")
    honest, _ = grade(WORRIED, "Three weeks is a long wait and it makes sense you're frightened. "
                      "I'll ask the clinic today where your results are and call you before 4pm.",
                      "en")
    assert "over_promised" in signals.signals
    assert graded.scores.honesty <= 2 < honest.scores.honesty
    assert graded.balance == "too_much"


def test_false_reassurance_in_swedish_and_dutch() -> None:
    sv, sv_signals = grade("Jag är så orolig för mina provsvar.",
                           "Jag är säker på att allt är bra, det blir säkert bra.", "sv")
    nl, nl_signals = grade("Ik maak me zorgen over mijn uitslag.",
                           "Ik weet zeker dat alles in orde is, het komt vast goed.", "nl")
    assert "over_promised" in sv_signals.signals and "over_promised" in nl_signals.signals
    assert sv.scores.honesty <= 2 and nl.scores.honesty <= 2


# --- promises whose keyword holds a negation (shipped scenarios) ---------------------------


def scenario(name: str) -> Scenario:
    """A shipped scenario by file name."""
    return load_scenario(SCENARIOS / name)


@pytest.mark.parametrize(("name", "reply"), [
    ("en_parcel_lost_again.toml", "I'm sorry. It won't happen again, I'll open a claim now."),
    ("en_parcel_lost_again.toml", "I promise this will not happen again."),
    ("en_telecom_double_billing.toml", "That won't happen again, I've corrected the bill."),
    ("en_bank_card_blocked_abroad.toml", "Your card won't be blocked again on this trip."),
])
def test_a_forbidden_promise_whose_keyword_holds_a_negation_fires(name: str, reply: str) -> None:
    sc = scenario(name)
    graded, signals = grade(sc.opening_lines[0], reply, sc.language, sc)
    assert signals.forbidden_promises, reply
    assert "over_promised" in signals.signals
    assert graded.scores.honesty <= 1.5


@pytest.mark.parametrize(("name", "reply"), [
    ("en_parcel_lost_again.toml",
     "I can't promise it won't happen again, but I'll open a claim now."),
    ("en_telecom_double_billing.toml",
     "I can't guarantee it will not happen again, but I've corrected the bill."),
    ("en_bank_card_blocked_abroad.toml", "I can't guarantee your card won't be blocked again."),
])
def test_refusing_the_promise_is_not_a_promise(name: str, reply: str) -> None:
    sc = scenario(name)
    graded, signals = grade(sc.opening_lines[0], reply, sc.language, sc)
    assert signals.forbidden_promises == []
    assert "over_promised" not in signals.signals
    assert graded.scores.honesty >= 2.5  # far above a promise's 1.5, even with nothing done


def test_an_offer_whose_keyword_holds_a_negation_is_recognised() -> None:
    sc = scenario("en_insurance_funeral_claim.toml")
    _, signals = grade(sc.opening_lines[0],
                       "You don't need the original certificate; I'll accept a copy.", "en", sc)
    assert "certified_copy" in signals.offers


# --- contradicting the scenario's facts -----------------------------------------------------


@pytest.mark.parametrize("wrong", [
    "I can see parcel JD-30915 was marked delivered on 19 October, and I'll open a claim now.",
    "The candles were worth £68, so I'll open a claim for that amount now.",
    "I've found parcel JD-30951 and I'll open a claim now.",
])
def test_a_reply_contradicting_the_facts_loses_honesty_with_evidence(wrong: str) -> None:
    sc = scenario("en_parcel_lost_again.toml")
    right = (wrong.replace("19 October", "9 October").replace("£68", "£86")
             .replace("JD-30951", "JD-30915"))
    bad, _ = grade(sc.opening_lines[0], wrong, "en", sc)
    good, _ = grade(sc.opening_lines[0], right, "en", sc)
    assert bad.scores.honesty < good.scores.honesty - 1
    notes = [e for e in bad.evidence if e.dimension == "honesty" and "contradicts" in e.note]
    assert notes and notes[0].quote


def test_a_new_date_for_a_next_step_is_not_a_contradiction() -> None:
    sc = scenario("en_parcel_lost_again.toml")
    graded, _ = grade(sc.opening_lines[0],
                      "I'll open a claim for parcel JD-30915 now and call you on 12 November.",
                      "en", sc)
    assert not any("contradicts" in e.note for e in graded.evidence)


# --- fitted weights -------------------------------------------------------------------------


def test_fitted_weights_override_the_rubric_and_missing_ones_fall_back() -> None:
    rubric = load_rubric().model_copy(update={"pooling": 0.0})  # raw scores, nothing pooled
    fitted = parse_weights("[base]\nhonesty = 3.0\n[weights.honesty]\nover_promise = -0.5\n")
    from evaluation.context import Finding

    found = {"over_promise": Finding("over_promise")}
    assert score(found, rubric, fitted).honesty == 2.5
    hand_set = rubric.base["honesty"] + rubric.criteria["over_promise"].weights["honesty"]
    expected = round(min(5.0, max(1.0, hand_set)), 1)
    assert score(found, rubric, parse_weights("")).honesty == expected


def test_pooling_narrows_a_lone_outlier_but_keeps_the_order_and_the_mean() -> None:
    from evaluation.context import Finding

    rubric = load_rubric()
    assert 0 < rubric.pooling < 0.5
    found = {"over_promise": Finding("over_promise")}
    fitted = parse_weights(
        "[base]\nlistening = 4.0\ntone = 4.0\nhonesty = 4.0\nunderstanding = 4.0\n"
        "[weights.honesty]\nover_promise = -3.0\n")
    raw = score(found, rubric.model_copy(update={"pooling": 0.0}), fitted)
    pooled = score(found, rubric, fitted)
    assert raw.honesty == 1.0 and raw.tone == 4.0
    assert raw.honesty < pooled.honesty < 2.0  # still plainly the weak dimension
    assert pooled.tone < raw.tone
    mean = sum(getattr(raw, d) for d in DIMENSIONS) / 4
    assert abs(sum(getattr(pooled, d) for d in DIMENSIONS) / 4 - mean) < 0.06


def test_a_pooling_share_outside_zero_to_one_names_the_field() -> None:
    from pydantic import ValidationError

    from evaluation.rubric import Rubric

    data = load_rubric().model_dump()
    data["pooling"] = 1.5
    with pytest.raises(ValidationError, match="pooling"):
        Rubric.model_validate(data)
