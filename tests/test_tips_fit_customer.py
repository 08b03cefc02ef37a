"""Tips that fit the customer (issue 8 item 4): a booking number, an amount or a year is
something the agent looks up, never the thing the agent will sort out or the customer feels
about; a person (or a person's day) is never a slot's filling; and a grieving or exhausted
customer is not thanked for their patience or told they are "frustrated", in all four
languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation import Transcript, assess_reply
from evaluation.cues import load_cues
from scenarios.loader import load_scenario
from scenarios.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
WEAK = {
    "en": ["OK.", "Let me check.", "I'm sorry.", "You need to fill in the form.",
           "That's our system, not me.", "Calm down, please.", "I'll look into it.",
           "We apologise for any inconvenience."],
    "sv": ["Okej.", "Jag kollar.", "Förlåt.", "Du måste fylla i formuläret.",
           "Det är systemet, inte jag.", "Lugna dig.", "Jag ska titta på det.",
           "Vi ber om ursäkt för besväret."],
    "nl": ["Oké.", "Ik kijk even.", "Het spijt me.", "U moet het formulier invullen.",
           "Dat is ons systeem, niet ik.", "Rustig maar.", "Ik ga ernaar kijken.",
           "Excuses voor het ongemak."],
    "pl": ["Dobrze.", "Sprawdzę.", "Przepraszam.", "Musi Pani wypełnić formularz.",
           "To wina systemu, nie moja.", "Proszę się uspokoić.", "Przyjrzę się temu.",
           "Przepraszamy za niedogodności."],
}
"""Weak replies, each of which gets several tips."""


def scenario(name: str) -> Scenario:
    """A shipped scenario."""
    return load_scenario(ROOT / "scenarios" / f"{name}.toml")


def tips_after(customer: list[str], language: str, sc: Scenario | None = None) -> list[str]:
    """Every tip for every weak reply after the customer's lines."""
    found = []
    for reply in WEAK[language]:
        turns = []
        for line in customer:
            turns += [{"role": "customer", "text": line}, {"role": "trainee", "text": "Mhm."}]
        turns[-1] = {"role": "trainee", "text": reply}
        transcript = Transcript.model_validate({"language": language, "turns": turns})
        found += assess_reply(transcript, len(turns) - 1, sc)[0].tips
    return found


def matter_frames(language: str, filling: str) -> list[str]:
    """The words around every slot meant for the matter itself (`{detail}`, `{other}`) in the
    language's tip templates, with `filling` put in the slot: `ordnar 'SR-448217' åt`."""
    frames = set()
    for table in load_cues(language).tips.values():
        for templates in table.values():
            for template in [templates] if isinstance(templates, str) else templates:
                for slot in ("{detail}", "{other}"):
                    for match in re.finditer(re.escape(slot), template):
                        before = template[:match.start()].rsplit("}", 1)[-1][-10:]
                        after = template[match.end():].split("{", 1)[0][:6]
                        frames.add(before + filling + after)
    return sorted(frames)


# --- 1. a code, an amount, a year is looked up, never the thing sorted out or felt about ----

CODES = [
    ("sv", "sv_resa_avbokning_dodsfall",
     "Bokningsnumret är SR-448217. Mallorca, Alcúdia. Vi skulle åka från Arlanda den 12 maj.",
     "SR-448217"),
    ("en", "en_insurance_funeral_claim",
     "The policy number is FP-20418. It's on the letter.", "FP-20418"),
    ("nl", "nl_telecom_opzeggen_overleden",
     "Het klantnummer is 40012877. Internet, tv en de vaste telefoon.",
     "40012877"),
    ("pl", "pl_kurier_zagubiona_paczka",
     "Numer przesyłki 6200 4471 9083. Tak jest na potwierdzeniu.", "6200 4471 9083"),
]


@pytest.mark.parametrize(("language", "name", "line", "code"), CODES)
def test_a_booking_number_is_never_the_thing_to_sort_out(
        language: str, name: str, line: str, code: str) -> None:
    sc = scenario(name)
    tips = tips_after([sc.opening_lines[0], line], language, sc)
    assert tips
    quoted = [tip for tip in tips if code in tip]
    assert quoted, "the number is still quoted where the agent looks it up"
    for frame in matter_frames(language, code):
        assert not any(frame in tip for tip in quoted), frame
    assert not any(re.search(r"ordnar 'SR-448217'|sort out FP-20418|FP-20418 sorted", tip)
                   for tip in tips)


@pytest.mark.parametrize(("language", "customer", "amount"), [
    ("en", "You took £64.99 twice and I've been waiting since Friday.", "£64.99"),
    ("sv", "Ni drog 399 kronor två gånger och jag har väntat sedan fredag.", "399 kronor"),
    ("nl", "U heeft € 62,95 twee keer afgeschreven en ik wacht al sinds vrijdag.", "€ 62,95"),
    ("pl", "Pobrali Państwo 24,99 zł dwa razy, a czekam od piątku.", "24,99 zł"),
])
def test_an_amount_is_looked_up_not_sorted_out_or_felt_about(
        language: str, customer: str, amount: str) -> None:
    tips = tips_after([customer], language)
    assert any(amount in tip for tip in tips), tips
    for frame in matter_frames(language, amount) + matter_frames(language, f"the {amount}"):
        assert not any(frame in tip for tip in tips), frame


@pytest.mark.parametrize(("language", "customer", "never"), [
    ("en", "I've been a customer since 1991 and nobody has ever treated me like this.", "1991"),
    ("sv", "Jag brukar betala 399 i månaden och nu kom en faktura på 4 212 kronor.",
     "betala 399"),
    ("sv", "Mitt paket 55120 skulle komma till min dotters födelsedag.", "dotters födelsedag"),
    ("en", "My parcel 88214 was meant to arrive for my daughter's birthday.",
     "daughter's birthday"),
    ("en", "I took the wrong dose for four days and my heart is racing.", "your heart"),
    ("sv", "Jag tog fel dos i fyra dagar och nu rusar hjärtat.", "'hjärtat'"),
    ("nl", "Ik nam vier dagen de verkeerde dosis en mijn hart gaat tekeer.", "'uw hart'"),
    ("pl", "Brałam złą dawkę przez cztery dni i moje serce wali.", "'serce'"),
])
def test_a_year_a_verb_or_a_persons_day_never_fills_a_slot(
        language: str, customer: str, never: str) -> None:
    tips = tips_after([customer], language)
    assert tips
    assert not any(never in tip for tip in tips), tips


# --- 2. the tip fits the customer's mood ---------------------------------------------------

PATIENCE = re.compile(r"patience|bearing with|tålamod|geduld|cierpliwoś", re.IGNORECASE)
FRUSTRATED = re.compile(r"frustrat|frustrer|frustruj|fed up|trött på det här|genoeg van|"
                        r"ma (?:Pan|Pani|Pan/Pani) dość", re.IGNORECASE)
GRIEVING = [
    ("en", "en_bank_bereavement_account"), ("sv", "sv_resa_avbokning_dodsfall"),
    ("nl", "nl_telecom_opzeggen_overleden"), ("pl", "pl_prad_po_smierci_ojca"),
]


def grief_advice(language: str) -> list[str]:
    """The coach's words (before the example) of every tip written for a grieving customer."""
    return [re.split(r"[“”„\"]", variant)[0]
            for table in load_cues(language).tips.values() if isinstance(table, dict)
            for key, variants in table.items() if key.endswith("_grief")
            for variant in ([variants] if isinstance(variants, str) else variants)]


@pytest.mark.parametrize(("language", "name"), GRIEVING)
def test_a_grieving_customer_is_not_thanked_for_patience_nor_called_frustrated(
        language: str, name: str) -> None:
    sc = scenario(name)
    tips = []
    for opening in sc.opening_lines:
        tips += tips_after([opening], language, sc)
    facts = [f.answers.get("mid", [""])[0] for f in sc.facts if f.answers.get("mid")]
    tips += tips_after(facts[:2], language, sc)  # she voices no feeling: her loss still counts
    assert any(tip.startswith(advice) for tip in tips for advice in grief_advice(language))
    for tip in tips:
        assert not PATIENCE.search(tip), tip
        assert not FRUSTRATED.search(tip), tip


@pytest.mark.parametrize(("language", "name"), [
    ("en", "en_telecom_broadband_outage_homeworker"), ("sv", "sv_forsakring_vattenskada"),
    ("nl", "nl_zorgverzekering_declaratie"),
])
def test_an_exhausted_customer_is_not_thanked_for_patience(language: str, name: str) -> None:
    sc = scenario(name)
    tips = []
    for opening in sc.opening_lines:
        tips += tips_after([opening], language, sc)
    assert tips
    assert not any(PATIENCE.search(tip) for tip in tips), [t for t in tips if PATIENCE.search(t)]


def test_a_frustrated_customer_still_gets_the_ordinary_courtesy_tip() -> None:
    """The mood variants replace the ordinary tips only for the moods they were written for."""
    tips = tips_after(["This is the third time I've called about my parcel. Ridiculous!"], "en",
                      scenario("en_parcel_lost_again"))
    assert tips
    assert not any("sorry for your loss" in tip for tip in tips), tips


def test_a_customer_who_mentions_a_death_in_passing_gets_no_condolences() -> None:
    """An anxious patient whose father died years ago is not grieving now."""
    sc = scenario("sv_vardcentral_remiss")
    tips = tips_after(["Pappa dog av en hjärtinfarkt när han var 60. Jag är 58. Förstår du "
                       "varför jag ringer?"], "sv", sc)
    assert tips
    assert not any(re.search(r"sorgen|ledsen för din skull", tip) for tip in tips), tips


# --- 3. found in the sweep: offers, names and details that read wrong ----------------------

@pytest.mark.parametrize(("language", "name", "never"), [
    ("en", "en_utilities_estimated_bill", r"Gary's own"),  # the customer in the third person
    ("sv", "sv_vardcentral_remiss", r"\bhonom\b"),
    ("en", "en_pharmacy_prescription_delay", r"\.'\."),  # a quoted offer ended twice
    ("nl", "nl_webshop_wasmachine", r"ik kan een "),  # `ik kan` + a noun phrase
    ("pl", "pl_ubezpieczenie_kosztorys", r"[Mm]ogę (?:od razu: )?rozliczenie"),
    ("nl", "nl_telecom_opzeggen_overleden", r"mevrouw Vries"),  # her surname is `de Vries`
])
def test_a_suggested_offer_or_name_reads_as_the_agent_would_say_it(
        language: str, name: str, never: str) -> None:
    sc = scenario(name)
    tips = []
    for opening in sc.opening_lines:
        tips += tips_after([opening], language, sc)
    assert tips
    assert not any(re.search(never, tip) for tip in tips), [
        tip for tip in tips if re.search(never, tip)]


@pytest.mark.parametrize(("customer", "never"), [
    ("I'm ringing about my catch-up bill. Again.", "your catch"),
    ("I rang the surgery three times and waited a month.", "the surgery three times"),
    ("I rang the surgery three times and waited a month.", "check a month"),
])
def test_a_fragment_or_a_bare_wait_is_not_quoted_as_a_thing(customer: str, never: str) -> None:
    tips = tips_after([customer], "en")
    assert tips
    assert not any(never in tip for tip in tips), tips


def test_a_plural_thing_of_theirs_keeps_the_sentence_grammatical() -> None:
    tips = tips_after(["I've sent my readings twice and my results are still wrong."], "en")
    assert tips
    assert not any(re.search(r"\byour \w+s (?:is|was|has|means)\b", tip) for tip in tips), tips


@pytest.mark.parametrize(("language", "name", "customer", "goodbye"), [
    ("en", "en_bank_bereavement_account", "Thanks, that's everything. Bye!",
     "You're welcome, take care!"),
    ("sv", "sv_resa_avbokning_dodsfall", "Tack, det var allt. Hej då!", "Varsågod, ha det bra!"),
    ("nl", "nl_webshop_wasmachine", "Dat was het, dank u wel!", "Graag gedaan, nog een fijne dag!"),
    ("pl", "pl_kurier_zagubiona_paczka", "Dziękuję, to wszystko. Do widzenia!",
     "Proszę bardzo, miłego dnia!"),
])
def test_a_goodbye_gets_a_tip_about_the_goodbye_not_about_missing_facts(
        language: str, name: str, customer: str, goodbye: str) -> None:
    sc = scenario(name)
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": sc.opening_lines[0]}, {"role": "trainee", "text": "OK."},
        {"role": "customer", "text": customer}, {"role": "trainee", "text": goodbye}]})
    tips = assess_reply(transcript, 3, sc)[0].tips
    closing = [re.split(r"[;“”„\"]", str(v))[0]
               for key, v in load_cues(language).tips["tone"].items() if key.startswith("closing")]
    assert all(any(tip.startswith(c) for c in closing) for tip in tips), tips
    assert not any(PATIENCE.search(tip) for tip in tips), tips


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_every_tip_template_uses_known_slots_and_mood_keys(language: str) -> None:
    """A misspelt slot or mood in a cue file would show the coach a raw `{a}` or never fire."""
    from string import Formatter

    from evaluation.tips import MOODS, OPTIONAL, POLISH_ADDRESS

    known = set(OPTIONAL) | {"feeling", "name_"} | set(POLISH_ADDRESS[None])
    moods = set(MOODS.values())
    for dimension, table in load_cues(language).tips.items():
        for key, templates in table.items():
            for template in [templates] if isinstance(templates, str) else templates:
                used = {name for _, name, _, _ in Formatter().parse(template) if name}
                assert used <= known, (language, dimension, key, used - known)
            base, _, mood = key.rpartition("_")
            if mood in moods:
                assert base in table, (language, dimension, key)


@pytest.mark.parametrize(("language", "customer"), [
    ("en", "It still doesn't work and nobody has called me back."),
    ("sv", "Det fungerar fortfarande inte och ingen har ringt tillbaka."),
    ("nl", "Het werkt nog steeds niet en niemand heeft teruggebeld."),
    ("pl", "Nadal nie działa i nikt nie oddzwonił."),
])
def test_a_tip_to_acknowledge_or_reflect_gives_an_example_that_does_so(
        language: str, customer: str) -> None:
    """Without a detail to quote, the example still acknowledges or reflects: not a generic
    question under advice that says "answer what they said, not generally"."""
    listening = load_cues(language).tips["listening"]
    advice = [re.split(r"[“”„\"]", str(v))[0].rsplit(",", 1)[0]
              for key in ("no_detail", "no_acknowledgement", "stuffing", "default")
              for v in ([listening[key]] if isinstance(listening[key], str) else listening[key])]
    tips = tips_after([customer], language)
    aimed = [tip for tip in tips if any(tip.startswith(a) for a in advice)]
    assert aimed, tips
    assert not any("?" in tip for tip in aimed), aimed
