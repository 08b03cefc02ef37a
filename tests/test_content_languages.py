"""The Swedish, Dutch and Polish scenarios and archetype banks sound like real customers.

What a trainee or coach would notice: a line in the wrong language or with English mixed in,
a Dutch customer who says "je" to the agent, a Polish customer who never uses the polite
Pan/Pani/Państwo forms, a Polish archetype line that fixes the speaker's gender (a man saying
"dzwoniłam"), a mood with too few lines (the customer repeats itself), a customer who thanks
a trainee for a brush-off, a hidden need or an offer that a good, honest reply in that
language does not register, and seed ideas that are not quoted in the seed's own language.
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

SHIPPED = load_files(toml_files([shipped_personas_dir(), shipped_scenarios_dir()]))
"""Every shipped archetype and scenario, loaded once to parametrize the tests."""

LANGUAGE_OF = {
    path.stem: path.stem[:2]
    for path in toml_files([shipped_scenarios_dir()])
    if path.stem[:3] in ("sv_", "nl_", "pl_")
}
"""Every shipped Swedish, Dutch and Polish scenario, by the language its file name says."""

SHIPPED_IDS = tuple(path.stem for path in toml_files([shipped_scenarios_dir()]))
"""Every shipped scenario (the content author wrote or extended the facts of each)."""

OWNED = (
    *LANGUAGE_OF,
    "en_utilities_estimated_bill",
    "en_gp_reception_test_results",
    "en_bank_bereavement_account",
    "en_telecom_broadband_outage_homeworker",
)
"""Scenarios whose objectives quote the seeds in the seed's own language."""

OTHER_LANGUAGES = ("sv", "nl", "pl")


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

GOOD_REPLIES.update(
    {
        ("sv_resa_avbokning_dodsfall", "intyg_forsakring"): (
            "Jag skickar ett intyg med posten, en avbokningsbekräftelse som du kan skicka till "
            "Länsbygd. Vad de ersätter avgör försäkringsbolaget."
        ),
        ("sv_resa_avbokning_dodsfall", "boka_om"): (
            "Du behöver inte bestämma dig i dag. Vi kan boka om resan till i höst, med din "
            "syster, utan avgift."
        ),
        ("sv_mobil_sjonat_faktura", "autogiro"): (
            "Jag förstår att autogirot den 28:e slår mot firman. Jag ger dig anstånd i 30 dagar."
        ),
        ("sv_mobil_sjonat_faktura", "dottern"): (
            "Jag lägger en spärr mot sjö- och flygnät på alla tre nummer, även din dotters."
        ),
        ("sv_vardcentral_remiss", "pappa_radsla"): (
            "Jag förstår att du är rädd. Om du får ont i bröstet i vila, eller om det inte går "
            "över med nitron, ring 112 direkt."
        ),
        ("sv_vardcentral_remiss", "jobbet"): (
            "Det låter svårt att köra buss nu. Jag ber läkaren förlänga sjukintyget före fredag."
        ),
        ("nl_telecom_opzeggen_overleden", "telefoonnummer"): (
            "Wat bijzonder dat haar stem daar nog op staat. Ik laat de lijn tot 1 december "
            "doorlopen, zodat u de voicemail kunt opnemen."
        ),
        ("nl_telecom_opzeggen_overleden", "alles_alleen"): (
            "Dat is veel om alleen te doen. Er komt geen post meer op naam van uw moeder; alles "
            "gaat voortaan per e-mail naar u."
        ),
        ("nl_webshop_wasmachine", "oude_machine"): (
            "Ik zet het meenemen van de oude machine er alsnog bij, en de bezorgers sluiten de "
            "nieuwe aan."
        ),
        ("nl_webshop_wasmachine", "zekerheid"): (
            "U kunt geen werkdag meer missen, dus ik plan de bezorging op zaterdag, en de "
            "chauffeur belt u een half uur van tevoren."
        ),
        ("nl_zorgverzekering_declaratie", "voorschieten"): (
            "Dat begrijp ik. Uw fysiotherapeut kan voortaan rechtstreeks bij ons declareren."
        ),
        ("nl_zorgverzekering_declaratie", "mantelzorg"): (
            "Dat klinkt zwaar. Uw aanvullende verzekering vergoedt een mantelzorgmakelaar die "
            "regelwerk uit handen neemt."
        ),
        ("pl_prad_po_smierci_ojca", "listy_do_taty"): (
            "Rozumiem, to bardzo przykre. Zmienię adres korespondencyjny, żeby wszystko "
            "przychodziło do Pani mailem."
        ),
        ("pl_prad_po_smierci_ojca", "mieszkanie"): (
            "Możemy przepisać umowę na Panią na podstawie aktu zgonu, bez opłat i bez kar."
        ),
        ("pl_lotnisko_zagubiony_bagaz", "garnitur"): (
            "Jeśli walizka nie zdąży na ślub, może Pan wypożyczyć garnitur, a my zwrócimy do "
            "600 zł."
        ),
        ("pl_lotnisko_zagubiony_bagaz", "kontakt"): (
            "Będę opiekunem sprawy i podam numer bezpośredni; przy każdej zmianie dostanie Pan SMS."
        ),
        ("pl_ubezpieczenie_kosztorys", "na_pismie"): (
            "Rozumiem Pani nieufność. Wszystko, co ustalamy, potwierdzę pisemnie, razem z "
            "uzasadnieniem kosztorysu."
        ),
        ("pl_ubezpieczenie_kosztorys", "auto_zastepcze"): (
            "Z OC sprawcy przysługuje Pani samochód zastępczy na czas naprawy."
        ),
    }
)

EXPLORING_QUESTIONS.update(
    {
        ("sv_resa_avbokning_dodsfall", "intyg_forsakring"): (
            "Hur känns det med pengarna för resan, har du funderat på den delen?"
        ),
        ("sv_resa_avbokning_dodsfall", "boka_om"): "Resan betydde mycket för er, hör jag?",
        ("sv_mobil_sjonat_faktura", "autogiro"): "Hur drabbar fakturan firman?",
        ("sv_mobil_sjonat_faktura", "dottern"): (
            "Vad kan vi göra så att det inte händer igen, med de andra numren?"
        ),
        ("sv_vardcentral_remiss", "pappa_radsla"): "Jag hör att du är orolig. Hur mår du?",
        ("sv_vardcentral_remiss", "jobbet"): "Hur fungerar det med jobbet under tiden?",
        ("nl_telecom_opzeggen_overleden", "telefoonnummer"): (
            "Is er iets met de vaste telefoon waar ik rekening mee moet houden?"
        ),
        ("nl_telecom_opzeggen_overleden", "alles_alleen"): (
            "Hoe redt u het, met alles wat u nu moet regelen?"
        ),
        ("nl_webshop_wasmachine", "oude_machine"): (
            "Moet de oude machine ook mee, of is er nog iets met de installatie?"
        ),
        ("nl_webshop_wasmachine", "zekerheid"): "Welke dag past u het best, naast uw werk?",
        ("nl_zorgverzekering_declaratie", "voorschieten"): "Kunt u het geld voorschieten?",
        ("nl_zorgverzekering_declaratie", "mantelzorg"): (
            "Hoe gaat het met u, met de zorg voor Henk erbij?"
        ),
        ("pl_prad_po_smierci_ojca", "listy_do_taty"): (
            "Jak się Pani czuje, kiedy przychodzą listy do taty?"
        ),
        ("pl_prad_po_smierci_ojca", "mieszkanie"): "Co dalej z mieszkaniem taty?",
        ("pl_lotnisko_zagubiony_bagaz", "garnitur"): "Czy w walizce było coś szczególnie ważnego?",
        ("pl_lotnisko_zagubiony_bagaz", "kontakt"): (
            "Ile razy dzwonił Pan już wcześniej w tej sprawie?"
        ),
        ("pl_ubezpieczenie_kosztorys", "na_pismie"): (
            "Rozumiem, że po 2019 roku trudno Pani nam ufać."
        ),
        ("pl_ubezpieczenie_kosztorys", "auto_zastepcze"): (
            "Jak sobie Pani radzi na co dzień bez sprawnego auta?"
        ),
    }
)

OFFER_REPLIES.update(
    {
        ("sv_resa_avbokning_dodsfall", "avboka"): (
            "Jag avbokar resan åt dig nu, och skatter och avgifter, 2 180 kronor, får du tillbaka."
        ),
        ("sv_resa_avbokning_dodsfall", "intyg"): (
            "Du får en avbokningsbekräftelse med kostnadsspecifikation med posten."
        ),
        ("sv_mobil_sjonat_faktura", "kreditering"): (
            "Jag krediterar hälften, 1 740 kronor, som goodwill."
        ),
        ("sv_mobil_sjonat_faktura", "sparr"): "Jag spärrar sjö- och flygnät på alla tre nummer.",
        ("sv_vardcentral_remiss", "kolla_remiss"): (
            "Jag ringer kardiologen i dag och ringer tillbaka till dig före klockan 15."
        ),
        ("sv_vardcentral_remiss", "akut_rad"): ("Får du ont i bröstet i vila, ring 112 direkt."),
        ("nl_telecom_opzeggen_overleden", "opzeggen"): (
            "Ik zeg het abonnement op per datum van overlijden, zonder opzegkosten."
        ),
        ("nl_telecom_opzeggen_overleden", "voicemail"): (
            "De vaste lijn laat ik doorlopen tot 1 december, dan kunt u de voicemail opnemen."
        ),
        ("nl_webshop_wasmachine", "nieuwe_afspraak"): (
            "Ik plan de bezorging met voorrang op zaterdag, en de chauffeur belt een half uur "
            "van tevoren."
        ),
        ("nl_webshop_wasmachine", "vergoeding"): (
            "U krijgt € 50 compensatie, en de wasserettekosten vergoeden we tegen bonnetjes."
        ),
        ("nl_zorgverzekering_declaratie", "herbeoordelen"): (
            "Ik koppel de verwijzing aan uw declaratie en laat hem vandaag opnieuw beoordelen."
        ),
        ("nl_zorgverzekering_declaratie", "rechtstreeks"): (
            "Uw fysiotherapeut kan voortaan rechtstreeks bij ons declareren."
        ),
        ("pl_prad_po_smierci_ojca", "korekta"): (
            "Skorygujemy fakturę według odczytu, korekta potrwa do 14 dni."
        ),
        ("pl_prad_po_smierci_ojca", "przepisanie"): (
            "Możemy przepisać umowę na Panią, bez opłat i bez kar."
        ),
        ("pl_lotnisko_zagubiony_bagaz", "dostawa"): (
            "Jak tylko walizka się znajdzie, dostarczymy ją kurierem do hotelu."
        ),
        ("pl_lotnisko_zagubiony_bagaz", "zwrot"): (
            "Za niezbędne zakupy zwrócimy do 450 zł, na podstawie paragonów."
        ),
        ("pl_ubezpieczenie_kosztorys", "fakturowe"): (
            "Może Pani przejść na rozliczenie fakturowe: płacimy według faktury z warsztatu."
        ),
        ("pl_ubezpieczenie_kosztorys", "pisemnie"): (
            "Wszystko, co ustalamy, potwierdzę pisemnie jeszcze dzisiaj."
        ),
    }
)

OVER_PROMISES.update(
    {
        "sv_resa_avbokning_dodsfall": "Du får tillbaka hela beloppet, det ordnar jag.",
        "sv_mobil_sjonat_faktura": "Jag stryker hela avgiften, du slipper betala något.",
        "sv_vardcentral_remiss": "Det är säkert inget farligt, du får en tid nästa vecka.",
        "nl_telecom_opzeggen_overleden": "Ik heb alles vandaag nog afgesloten, u hoeft niets meer.",
        "nl_webshop_wasmachine": "Ik garandeer u dat hij morgen bezorgd wordt.",
        "nl_zorgverzekering_declaratie": "Het geld staat morgen op uw rekening.",
        "pl_prad_po_smierci_ojca": "Umorzymy całą fakturę, w takiej sytuacji to oczywiste.",
        "pl_lotnisko_zagubiony_bagaz": "Gwarantuję, że walizka na pewno będzie przed sobotą.",
        "pl_ubezpieczenie_kosztorys": "Wypłacimy Pani pełną kwotę z warsztatu, 5 870 zł.",
    }
)


@pytest.fixture(scope="module")
def library() -> Library:
    """Every shipped archetype and scenario, loaded and checked as `lagom lint` does."""
    return SHIPPED


def words(text: str) -> list[str]:
    """The lower-case words of a text, keeping letters such as å, ł and ë."""
    return re.findall(r"\w+", normalise(text))


def markers(language: str) -> set[str]:
    """Function words of one language that no other supported language shares."""
    others = set().union(*(w for lang, w in FUNCTION_WORDS.items() if lang != language))
    return FUNCTION_WORDS[language] - others


def spoken_lines(scenario: Scenario) -> list[str]:
    """Everything the customer can say: opening lines, line banks, need reveals and answers."""
    banked = [
        line for bands in scenario.lines.values() for lines in bands.values() for line in lines
    ]
    reveals = [line for need in scenario.hidden_needs for line in need.lines]
    answers = [line for fact in scenario.facts for lines in fact.answers.values() for line in lines]
    return [*scenario.opening_lines, *banked, *reveals, *answers]


def bank_lines(language: str, persona_id: str | None = None) -> dict[str, list[str]]:
    """Archetype bank lines in one language, per `archetype.intent.band`."""
    return {
        f"{pid}.{intent}.{band}": lines
        for pid, persona in SHIPPED.personas.items()
        if persona_id in (None, pid)
        for intent, bands in persona.lines.get(language, {}).items()
        for band, lines in bands.items()
    }


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


@pytest.mark.parametrize("scenario_id", SHIPPED_IDS)
def test_scenario_loads_without_problems(library: Library, scenario_id: str) -> None:
    problems = [str(p) for p in library.problems if p.path.endswith(f"{scenario_id}.toml")]
    assert problems == []
    assert scenario(library, scenario_id).language == LANGUAGE_OF.get(scenario_id, "en")


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_intent_and_band_has_three_lines_in_its_language(
    library: Library, scenario_id: str
) -> None:
    found = scenario(library, scenario_id)
    generic = library.personas[found.archetype].lines.get(found.language, {})
    thin = [
        f"{intent}.{band}"
        for intent in BANKED_INTENTS
        for band in BANDS
        if len(
            {
                x
                for x in (
                    *found.lines.get(intent, {}).get(band, []),
                    *generic.get(intent, {}).get(band, []),
                )
                if x.strip()
            }
        )
        < 3
    ]
    assert thin == []


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_spoken_line_is_in_the_scenario_language(library: Library, scenario_id: str) -> None:
    language = LANGUAGE_OF[scenario_id]
    texts = [
        *spoken_lines(scenario(library, scenario_id)),
        *written_texts(scenario(library, scenario_id)),
    ]
    foreign = [
        t
        for t in texts
        if len(t.split()) >= 5
        and not FUNCTION_WORDS[language] & set(words(t))
        and detect_language(t) != language
    ]
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


DUTCH = [sid for sid, language in LANGUAGE_OF.items() if language == "nl"]
POLISH = [sid for sid, language in LANGUAGE_OF.items() if language == "pl"]


@pytest.mark.parametrize("scenario_id", DUTCH)
def test_dutch_customer_addresses_the_agent_with_u(library: Library, scenario_id: str) -> None:
    lines = spoken_lines(scenario(library, scenario_id))
    informal = [line for line in lines if DUTCH_INFORMAL & set(words(line))]
    formal = [line for line in lines if {"u", "uw"} & set(words(line))]
    assert informal == []
    assert formal


@pytest.mark.parametrize("scenario_id", POLISH)
def test_polish_customer_uses_polite_forms_only(library: Library, scenario_id: str) -> None:
    lines = spoken_lines(scenario(library, scenario_id))
    informal = [line for line in lines if POLISH_INFORMAL & set(words(line))]
    polite = [line for line in lines if POLISH_HONORIFIC & set(words(line))]
    assert informal == []
    assert len(polite) >= 4


def test_every_language_has_three_scenarios_across_three_archetypes_with_grieving(
    library: Library,
) -> None:
    for language in OTHER_LANGUAGES:
        found = [scenario(library, sid) for sid, lang in LANGUAGE_OF.items() if lang == language]
        archetypes = {s.archetype for s in found}
        assert len(found) >= 3, language
        assert len(archetypes) >= 3 and "grieving" in archetypes, (language, archetypes)


@pytest.mark.parametrize("persona_id", sorted(SHIPPED.personas))
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_archetype_has_a_full_bank_in_the_language(persona_id: str, language: str) -> None:
    bank = SHIPPED.personas[persona_id].lines.get(language, {})
    thin = [
        f"{intent}.{band}"
        for intent in BANKED_INTENTS
        for band in BANDS
        if len({x for x in bank.get(intent, {}).get(band, []) if x.strip()}) < 3
    ]
    assert thin == []


@pytest.mark.parametrize("persona_id", sorted(SHIPPED.personas))
@pytest.mark.parametrize("language", ("en", *OTHER_LANGUAGES))
def test_every_archetype_can_say_it_has_not_got_that_to_hand(
    persona_id: str, language: str
) -> None:
    lines = SHIPPED.personas[persona_id].lines.get(language, {}).get("not_known", {})
    assert {band for band, found in lines.items() if any(x.strip() for x in found)} == set(BANDS)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_archetype_bank_lines_are_in_their_language(language: str) -> None:
    banks = bank_lines(language)
    english = [x for lines in banks.values() for x in lines if ENGLISH_ONLY & set(words(x))]
    assert english == []
    for key, lines in banks.items():
        joined = " ".join(lines)
        assert detect_language(joined) == language, (key, detect_language(joined))


@pytest.mark.parametrize("persona_id", sorted(SHIPPED.personas))
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_own_language_dominates_every_archetype_bank(persona_id: str, language: str) -> None:
    tokens = [
        w for lines in bank_lines(language, persona_id).values() for x in lines for w in words(x)
    ]
    counts = {lang: sum(w in markers(lang) for w in tokens) for lang in FUNCTION_WORDS}
    own = counts.pop(language)
    assert all(own > 5 * other for other in counts.values()), (own, counts)


def test_dutch_archetype_lines_say_u_never_je() -> None:
    lines = [x for found in bank_lines("nl").values() for x in found]
    assert [x for x in lines if DUTCH_INFORMAL & set(words(x))] == []
    assert len([x for x in lines if {"u", "uw"} & set(words(x))]) >= 60


POLISH_GENDERED = re.compile(r"\b\w+(?:łem|łam|łbym|łabym)\b|\b(?:pewien|pewna|sama|gotowa)\b")
"""First-person past tense and adjectives that fix the speaker's gender in Polish."""


def test_polish_archetype_lines_are_polite_and_fit_any_customer() -> None:
    lines = [x for found in bank_lines("pl").values() for x in found]
    assert [x for x in lines if POLISH_INFORMAL & set(words(x))] == []
    assert [x for x in lines if POLISH_GENDERED.search(normalise(x))] == []
    assert len([x for x in lines if POLISH_HONORIFIC & set(words(x))]) >= 20


THANKS = re.compile(
    r"\b(?:thank|thanks|cheers|appreciate|tack|tackar|dank|bedankt|dziękuję|dziękuje|dzięki)\b"
)
"""Thank-you words in the four languages."""

UNTHANKFUL_INTENTS = (
    "state_problem",
    "push_back",
    "repeat_complaint",
    "reject_overpromise",
    "ask_manager",
    "not_known",
)
"""Intents that follow a poor reply or none at all: a thank-you there reads as sarcasm or a
role reversal (the Polish customer who thanked a trainee for "Trzeba czekać")."""


def test_thanks_only_follow_something_worth_thanking_for(library: Library) -> None:
    banks = [
        (f"{pid}.{lang}", bank)
        for pid, persona in library.personas.items()
        for lang, bank in persona.lines.items()
    ]
    banks += [(sid, found.lines) for sid, found in library.scenarios.items()]
    thanking = [
        (name, intent, line)
        for name, bank in banks
        for intent in UNTHANKFUL_INTENTS
        for lines in bank.get(intent, {}).values()
        for line in lines
        if THANKS.search(normalise(line))
    ]
    assert thanking == []


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


@pytest.mark.parametrize("scenario_id", SHIPPED_IDS)
def test_answers_are_no_longer_than_the_archetype_speaks(
    library: Library, scenario_id: str
) -> None:
    found = scenario(library, scenario_id)
    limit = library.personas[found.archetype].style.max_words
    long = [
        line
        for fact in found.facts
        for lines in fact.answers.values()
        for line in lines
        if len(line.split()) > limit
    ]
    assert long == []


@pytest.mark.parametrize("scenario_id", LANGUAGE_OF)
def test_every_fact_the_customer_knows_has_two_answers_per_band(
    library: Library, scenario_id: str
) -> None:
    found = scenario(library, scenario_id)
    thin = [
        f"{fact.id}.{band}"
        for fact in found.facts
        if fact.customer_knows
        for band in BANDS
        if len({x for x in fact.answers.get(band, []) if x.strip()}) < 2
    ]
    assert thin == []
