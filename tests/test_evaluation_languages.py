"""Swedish, Dutch and Polish replies are graded with their own cues, tips and address rules."""

from __future__ import annotations

import pytest

from evaluation import Transcript, assess_reply, detect_language, grade_transcript


def grade(customer: str, reply: str, language: str | None = None):
    """Grade one reply to one customer line."""
    transcript = Transcript.model_validate({"language": language, "turns": [
        {"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]})
    return assess_reply(transcript, 1)


CASES = {
    "nl": (
        "Mijn pakket 55120 zou vrijdag komen voor de verjaardag van mijn dochter en het is er "
        "nog steeds niet. Ik ben echt boos!",
        "Ja, dat is inderdaad heel frustrerend, zeker met de verjaardag van uw dochter. Ik ga u "
        "helpen om dit op te lossen: ik controleer pakket 55120 nu meteen bij de koerier. "
        "Hoe laat zou bezorging voor u nog kunnen?",
        "Dat is niet mijn schuld, het systeem zegt dat het verstuurd is. U had moeten opletten.",
    ),
    "sv": (
        "Mitt paket 55120 skulle komma i fredags till min dotters födelsedag och det har "
        "fortfarande inte kommit. Jag är så arg!",
        "Jag förstår, det låter verkligen frustrerande, särskilt med din dotters födelsedag. "
        "Jag kollar paket 55120 med budfirman direkt och ringer upp dig i dag. "
        "Vilken tid skulle leveransen fungera för dig?",
        "Det är inte mitt fel, systemet säger att det har skickats. Du borde ha kollat själv.",
    ),
    "pl": (
        "Moja paczka 55120 miała przyjść w piątek na urodziny mojej córki i nadal jej nie ma. "
        "Jestem wściekła!",
        "Rozumiem, to musi być bardzo frustrujące, zwłaszcza przy urodzinach córki. Sprawdzę "
        "paczkę 55120 u kuriera od razu i oddzwonię dzisiaj. Jaka godzina dostawy "
        "byłaby dla Pani wygodna?",
        "To nie moja wina, system pokazuje, że paczka została wysłana. Powinna pani była "
        "sprawdzić.",
    ),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_warm_reply_beats_cold_one_in_each_language(language: str) -> None:
    customer, warm, cold = CASES[language]
    good, good_signals = grade(customer, warm, language)
    bad, bad_signals = grade(customer, cold, language)
    for dimension in ("listening", "tone", "honesty", "understanding"):
        assert getattr(good.scores, dimension) > getattr(bad.scores, dimension), dimension
    assert {"acknowledged_feeling", "reflected_detail", "took_ownership"} <= set(
        good_signals.signals)
    assert {"made_excuses", "blamed_customer"} <= set(bad_signals.signals)
    assert good_signals.language == language


@pytest.mark.parametrize("language", sorted(CASES))
def test_tips_are_in_the_reply_language_and_quote_the_customer(language: str) -> None:
    customer, _, cold = CASES[language]
    bad, _ = grade(customer, cold)  # language detected, not declared
    assert bad.tips
    assert all("55120" in tip for tip in bad.tips)
    assert detect_language(" ".join(bad.tips)) == language


def test_dutch_je_to_a_customer_lowers_tone() -> None:
    customer = CASES["nl"][0]
    formal, _ = grade(customer, "Ik begrijp het. Ik ga u helpen: ik controleer pakket 55120 nu.")
    informal, _ = grade(customer, "Ik begrijp het. Ik ga je helpen: ik controleer pakket 55120 nu.")
    assert informal.scores.tone < formal.scores.tone
    assert any(e.dimension == "tone" and "informal" in e.note for e in informal.evidence)


def test_polish_ty_forms_lower_tone() -> None:
    customer = CASES["pl"][0]
    formal, _ = grade(customer, "Rozumiem Panią. Sprawdzę paczkę 55120, oddzwonię do Pani.")
    informal, _ = grade(customer, "Rozumiem cię. Sprawdzę paczkę 55120, oddzwonię do ciebie.")
    assert informal.scores.tone < formal.scores.tone


def test_seed_phrasings_are_recognised_in_dutch() -> None:
    customer = "Mijn factuur is al drie keer fout en ik ben het zat."
    reply, signals = grade(customer, "Dat klinkt niet goed. In uw situatie zou ik me precies zo "
                                     "voelen. Ik ga u helpen om dit op te lossen.")
    assert {"acknowledged_feeling", "took_ownership"} <= set(signals.signals)
    assert reply.scores.understanding >= 4


@pytest.mark.parametrize(("text", "expected"), [
    ("I would like to know where my parcel is, please.", "en"),
    ("Jag vill veta var mitt paket är, tack så mycket.", "sv"),
    ("Ik wil graag weten waar mijn pakket is, dank u wel.", "nl"),
    ("Chciałabym wiedzieć, gdzie jest moja paczka, dziękuję.", "pl"),
    ("Ich möchte wissen, wo mein Paket ist, danke schön.", "de"),
])
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_unsupported_language_gets_a_notice_and_still_grades() -> None:
    transcript = Transcript.model_validate({"turns": [
        {"role": "customer", "text": "Mein Paket 4471 ist nicht angekommen!"},
        {"role": "trainee", "text": "Ich prüfe das Paket 4471 sofort für Sie, bitte einen Moment."},
        {"role": "customer", "text": "Und wann kommt es?"},
        {"role": "trainee", "text": "SIE MÜSSEN WARTEN!!"},
    ]})
    report = grade_transcript(transcript)
    assert report.summary.language == "de"
    assert any("not supported" in n for n in report.summary.notices)
    first, second = report.replies
    assert "reflected_detail" in first.signals
    assert second.scores.tone < first.scores.tone
