"""The Swedish, Dutch and Polish scenarios sound like real customers in their own language.

What a trainee or coach would notice: a line in the wrong language or with English mixed in,
a Dutch customer who says "je" to the agent, a Polish customer who never uses the polite
Pan/Pani/Państwo forms, a mood with too few lines (the customer repeats itself), a hidden
need or an offer that a good, honest reply in that language does not register, and seed
ideas that are not quoted in the seed's own language.
"""

from __future__ import annotations

import re

import pytest

from evaluation.language import detect_language
from personas.vocabulary import BANDS, BANKED_INTENTS
from scenarios.library import (
    Library,
    load_files,
    shipped_personas_dir,
    shipped_scenarios_dir,
    toml_files,
)
from scenarios.matching import find_keywords, normalise
from scenarios.model import Scenario

LANGUAGE_OF = {
    "sv_forsakring_vattenskada": "sv",
    "nl_energie_jaarafrekening": "nl",
    "pl_kurier_zagubiona_paczka": "pl",
}
OWNED = (
    *LANGUAGE_OF,
    "en_utilities_estimated_bill",
    "en_gp_reception_test_results",
    "en_bank_bereavement_account",
    "en_telecom_broadband_outage_homeworker",
)


def wordset(text: str) -> frozenset[str]:
    """The space-separated words of a text, as a set."""
    return frozenset(text.split())


SEED_LANGUAGE = {"000": "sv", "004": "sv", "001": "nl", "003": "nl", "002": "pl"}

FUNCTION_WORDS = {
    "sv": wordset(
        "jag du det är inte och att en ett som på för med har vi ni mig dig nu så om de den till "
        "av hej tack men ja nej okej vad hur när kan ska bara ju"
    ),
    "nl": wordset(
        "ik u uw het de een is niet en dat van op te maar wel dan dit met mij mijn we ze nu nog er "
        "hoe wat dag goed nou ja nee toch al zo die daar oké dank om"
    ),
    "pl": wordset(
        "i w z na nie to się jest że ja mi mnie co do od ale czy tak jak już proszę dobrze "
        "dziękuję naprawdę po o a ta tu przy albo lub dla przed za bez"
    ),
    "en": wordset(
        "the and you your i it is to a of that this what with please have my me her his him she "
        "he for not without instead one no"
    ),
}
"""Common short words per language; a text with none of them is unlikely to be that language."""

ENGLISH_ONLY = wordset("the and you your what with this that please have")
"""English words that are not words in Swedish, Dutch or Polish: a sign of untranslated text."""

DUTCH_INFORMAL = wordset("je jij jou jouw")
"""Informal Dutch 'you': a customer on the phone says 'u' to the agent."""

POLISH_INFORMAL = wordset(
    "ty ciebie cię tobie tobą twój twoja twoje twojego twoją masz możesz wiesz rozumiesz mówisz "
    "słuchasz jesteś powiedz słuchaj sprawdź zrób"
)
"""Informal Polish 'you' forms (pronouns, second-person verbs and imperatives)."""

POLISH_HONORIFIC = wordset("pan pani pana panu panią panem państwo państwa państwu państwem")
"""The polite Pan/Pani/Państwo forms a Polish customer uses towards the agent and the company."""

GOOD_REPLIES = {
    ("sv_forsakring_vattenskada", "elkostnad"): (
        "Det låter tufft med en dyrare elräkning ovanpå allt annat. Du får ersättning för "
        "elförbrukningen från avfuktarna, enligt schablon eller mot elräkningen."
    ),
    ("sv_forsakring_vattenskada", "en_kontakt"): (
        "Jag förstår att du är trött på att börja om från början. Jag tar ärendet själv och blir "
        "din fasta handläggare, och du får mitt direktnummer."
    ),
    ("nl_energie_jaarafrekening", "foto_gezien"): (
        "Ik zie uw foto's van 25 augustus in uw dossier, met de eindstand van de oude meter. "
        "Die gebruiken we voor de herberekening."
    ),
    ("nl_energie_jaarafrekening", "zwart_op_wit"): (
        "Dat begrijp ik, u wilt het zwart op wit. Ik stuur u vandaag een bevestiging per e-mail "
        "met het dossiernummer."
    ),
    ("pl_kurier_zagubiona_paczka", "dokumenty_dla_uczelni"): (
        "Rozumiem, to oryginały dyplomu i termin mija 20 marca. Wyślę dziś mailem potwierdzenie "
        "zgłoszenia z numerem sprawy, które może Pani przedstawić uczelni."
    ),
    ("pl_kurier_zagubiona_paczka", "informacja"): (
        "Słyszę, że to dla Pani bardzo stresujące. Ustawię powiadomienie SMS i damy znać, jak "
        "tylko paczka zostanie zeskanowana."
    ),
}
"""A plausible good agent reply to each hidden need, in the scenario's language."""

EXPLORING_QUESTIONS = {
    (
        "sv_forsakring_vattenskada",
        "elkostnad",
    ): "Har vattenskadan kostat er något extra, utöver köket?",
    (
        "sv_forsakring_vattenskada",
        "en_kontakt",
    ): "Det låter jobbigt att behöva berätta allt från början igen.",
    (
        "nl_energie_jaarafrekening",
        "foto_gezien",
    ): "Heeft u de meterstand van de oude meter zelf doorgegeven?",
    (
        "nl_energie_jaarafrekening",
        "zwart_op_wit",
    ): "Wat heeft u nodig om deze afspraak te kunnen vertrouwen?",
    (
        "pl_kurier_zagubiona_paczka",
        "dokumenty_dla_uczelni",
    ): "Czy mogę zapytać, co jest w środku i na kiedy jest potrzebna?",
    (
        "pl_kurier_zagubiona_paczka",
        "informacja",
    ): "Słyszę, że bardzo się Pani martwi i ciągle sprawdza śledzenie.",
}
"""A question or acknowledgement that touches each hidden need, so the customer can open up."""

OFFER_REPLIES = {
    (
        "sv_forsakring_vattenskada",
        "fast_handlaggare",
    ): "Från och med nu är jag din fasta handläggare, och här är mitt direktnummer.",
    (
        "sv_forsakring_vattenskada",
        "fuktmatning",
    ): "Jag bokar en ny fuktmätning med saneringsfirman inom fem arbetsdagar.",
    (
        "nl_energie_jaarafrekening",
        "herberekening",
    ): "Ik vraag vandaag een herberekening aan met de standen van uw oude meter.",
    (
        "nl_energie_jaarafrekening",
        "aanhouden",
    ): "Tot die klaar is, laat ik de bijbetaling aanhouden.",
    (
        "pl_kurier_zagubiona_paczka",
        "poszukiwanie",
    ): "Zlecam teraz poszukiwanie przesyłki w Strykowie, odpowiedź będzie w ciągu 48 godzin.",
    (
        "pl_kurier_zagubiona_paczka",
        "potwierdzenie",
    ): "Potwierdzenie zgłoszenia z numerem sprawy wyślę Pani e-mailem jeszcze dziś.",
}
"""A plausible agent reply making each offer the resolution requires."""

OVER_PROMISES = {
    "sv_forsakring_vattenskada": "Jag garanterar att köket är klart innan jul.",
    "nl_energie_jaarafrekening": "Ik beloof u dat de bijbetaling vervalt.",
    "pl_kurier_zagubiona_paczka": "Obiecuję, że paczka na pewno dotrze przed 20 marca.",
}
"""The tempting promise a trainee might make to calm the customer down."""


@pytest.fixture(scope="module")
def library() -> Library:
    """Every shipped archetype and scenario, loaded and checked as `lagom lint` does."""
    return load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))


def words(text: str) -> list[str]:
    """The lower-case words of a text, keeping letters such as å, ł and ë."""
    return re.findall(r"\w+", normalise(text))


def markers(language: str) -> set[str]:
    """Function words of one language that no other supported language shares."""
    others = set().union(*(w for lang, w in FUNCTION_WORDS.items() if lang != language))
    return FUNCTION_WORDS[language] - others


def spoken_lines(scenario: Scenario) -> list[str]:
    """Everything the customer can say: opening lines, line banks and need reveals."""
    banked = [
        line for bands in scenario.lines.values() for lines in bands.values() for line in lines
    ]
    reveals = [line for need in scenario.hidden_needs for line in need.lines]
    return [*scenario.opening_lines, *banked, *reveals]


def written_texts(scenario: Scenario) -> list[str]:
    """The scenario's other texts in its language: briefing, facts, needs and policy."""
    policy = scenario.policy
    offers = [o.text for o in (*policy.may_offer, *policy.must_not_promise)]
    return [
        scenario.customer.situation,
        scenario.wants,
        *scenario.customer_said,
        *(f.text for f in scenario.facts),
        *(n.description for n in scenario.hidden_needs),
        *offers,
        *policy.limits,
        scenario.resolution.description,
    ]


def forbidden_keywords(scenario: Scenario) -> list[str]:
    """Keywords of every promise the policy forbids."""
    return [k for o in scenario.policy.must_not_promise for k in o.keywords]


def scenario(library: Library, scenario_id: str) -> Scenario:
    """A scenario that loaded without problems."""
    assert scenario_id in library.scenarios, [str(p) for p in library.problems]
    return library.scenarios[scenario_id]


@pytest.mark.parametrize("scenario_id", OWNED)
def test_scenario_loads_without_problems(library: Library, scenario_id: str) -> None:
    problems = [str(p) for p in library.problems if p.path.endswith(f"{scenario_id}.toml")]
    assert problems == []
    assert scenario(library, scenario_id).language == LANGUAGE_OF.get(scenario_id, "en")


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_intent_and_band_has_three_own_lines(library: Library, scenario_id: str) -> None:
    lines = scenario(library, scenario_id).lines
    thin = [
        f"{intent}.{band}"
        for intent in BANKED_INTENTS
        for band in BANDS
        if len({x for x in lines.get(intent, {}).get(band, []) if x.strip()}) < 3
    ]
    assert thin == []


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_spoken_line_is_in_the_scenario_language(library: Library, scenario_id: str) -> None:
    language = LANGUAGE_OF[scenario_id]
    texts = [
        *spoken_lines(scenario(library, scenario_id)),
        *written_texts(scenario(library, scenario_id)),
    ]
    foreign = [t for t in texts if not FUNCTION_WORDS[language] & set(words(t))]
    english = [t for t in texts if ENGLISH_ONLY & set(words(t))]
    assert foreign == []
    assert english == []


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_grader_detects_the_scenario_language_in_every_line(
    library: Library, scenario_id: str
) -> None:
    language = LANGUAGE_OF[scenario_id]
    lines = [x for x in spoken_lines(scenario(library, scenario_id)) if len(x.split()) >= 4]
    assert [x for x in lines if detect_language(x) != language] == []


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_own_language_dominates_every_other(library: Library, scenario_id: str) -> None:
    found = scenario(library, scenario_id)
    tokens = [w for t in (*spoken_lines(found), *written_texts(found)) for w in words(t)]
    counts = {lang: sum(w in markers(lang) for w in tokens) for lang in FUNCTION_WORDS}
    own = counts.pop(LANGUAGE_OF[scenario_id])
    assert all(own > 5 * other for other in counts.values()), (own, counts)


def test_dutch_customer_addresses_the_agent_with_u(library: Library) -> None:
    lines = spoken_lines(scenario(library, "nl_energie_jaarafrekening"))
    informal = [line for line in lines if DUTCH_INFORMAL & set(words(line))]
    formal = [line for line in lines if {"u", "uw"} & set(words(line))]
    assert informal == []
    assert len(formal) >= 20


def test_polish_customer_uses_polite_forms_only(library: Library) -> None:
    lines = spoken_lines(scenario(library, "pl_kurier_zagubiona_paczka"))
    informal = [line for line in lines if POLISH_INFORMAL & set(words(line))]
    polite = [line for line in lines if POLISH_HONORIFIC & set(words(line))]
    assert informal == []
    assert len(polite) >= 4


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_hidden_need_has_sample_replies(library: Library, scenario_id: str) -> None:
    needs = {n.id for n in scenario(library, scenario_id).hidden_needs}
    assert needs == {need for sid, need in GOOD_REPLIES if sid == scenario_id}
    assert needs == {need for sid, need in EXPLORING_QUESTIONS if sid == scenario_id}


@pytest.mark.parametrize(("scenario_id", "need_id"), list(GOOD_REPLIES))
def test_good_reply_meets_the_hidden_need(library: Library, scenario_id: str, need_id: str) -> None:
    found = scenario(library, scenario_id)
    need = next(n for n in found.hidden_needs if n.id == need_id)
    reply = GOOD_REPLIES[(scenario_id, need_id)]
    assert find_keywords(reply, need.met_by)
    assert find_keywords(reply, forbidden_keywords(found)) == []


@pytest.mark.parametrize(("scenario_id", "need_id"), list(EXPLORING_QUESTIONS))
def test_exploring_question_touches_the_hidden_need(
    library: Library, scenario_id: str, need_id: str
) -> None:
    need = next(n for n in scenario(library, scenario_id).hidden_needs if n.id == need_id)
    assert find_keywords(EXPLORING_QUESTIONS[(scenario_id, need_id)], need.reveal_keywords)


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_required_offers_are_recognised_and_honest(library: Library, scenario_id: str) -> None:
    found = scenario(library, scenario_id)
    offers = {o.id: o for o in found.policy.may_offer}
    for offer_id in found.resolution.requires_offers:
        reply = OFFER_REPLIES[(scenario_id, offer_id)]
        assert find_keywords(reply, offers[offer_id].keywords), offer_id
        assert find_keywords(reply, forbidden_keywords(found)) == [], offer_id


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_tempting_over_promise_is_caught(library: Library, scenario_id: str) -> None:
    found = scenario(library, scenario_id)
    promise = OVER_PROMISES[scenario_id]
    assert find_keywords(promise, forbidden_keywords(found))
    assert find_keywords(promise, [k for o in found.policy.may_offer for k in o.keywords]) == []


@pytest.mark.parametrize("scenario_id", OWNED)
def test_objectives_are_english_and_quote_the_seed_language(
    library: Library, scenario_id: str
) -> None:
    for objective in scenario(library, scenario_id).objectives:
        assert markers("en") & set(words(objective.text)), objective.text
        assert markers(SEED_LANGUAGE[objective.seed]) & set(words(objective.idea)), objective.idea
