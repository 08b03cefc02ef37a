"""Later turns of a bereavement call, found by playing `nl_telecom_opzeggen_overleden` by hand:
once the condolence is given, a practical line that names the death certificate voices no
new grief; 'Dat is veel om alleen te dragen' acknowledges; 'geen brieven meer' is relief, not
negative phrasing; and a tip addresses the customer as the trainee did, particle and all."""

from __future__ import annotations

from pathlib import Path

from grading_support import graded as grades_of
from grading_support import notes

from evaluation.models import ReplyGrade
from scenarios.loader import load_scenario

REPO_ROOT = Path(__file__).resolve().parents[1]

OPENING = ("Goedemiddag, u spreekt met Sanne de Vries. Ik bel voor mijn moeder... zij is "
           "overleden, en ik moet haar abonnement opzeggen.")
CONDOLENCE = ("Gecondoleerd met het verlies van uw moeder, mevrouw De Vries. Ik help u het "
              "abonnement op te zeggen; heeft u een kopie van de akte van overlijden?")
CERTIFICATE = "Ik heb een akte van overlijden. Is dat genoeg? Meer heb ik niet."
FIX = ("Ja, dat is genoeg. Ik zeg het abonnement op per 9 oktober, zonder de afkoopsom van "
       "€ 187,50. Mailt u de akte naar mij, dan krijgt u vandaag nog een bevestiging.")
ALONE = "Ik doe alles alleen. Ik ben enig kind. Elke dag komt er weer een brief op haar naam."
CARRY = ("Dat is veel om alleen te dragen. Ik zet vandaag alle post op uw naam en per e-mail, "
         "zodat er geen brieven meer op naam van uw moeder komen.")


def graded(*lines: str, scenario: bool = False) -> list[ReplyGrade]:
    """The Dutch conversation's grades, with the bereavement scenario when asked."""
    sc = load_scenario(REPO_ROOT / "scenarios" / "nl_telecom_opzeggen_overleden.toml") \
        if scenario else None
    return grades_of("nl", *lines, scenario=sc)


def test_a_practical_line_naming_the_certificate_voices_no_new_grief() -> None:
    fix = graded(OPENING, CONDOLENCE, CERTIFICATE, FIX)[-1]
    assert "not acknowledged at all" not in notes(fix)
    assert fix.balance == "lagom"


def test_saying_how_much_they_carry_alone_acknowledges_and_no_more_letters_is_relief() -> None:
    carry = graded(OPENING, CONDOLENCE, CERTIFICATE, FIX, ALONE, CARRY)[-1]
    assert "not acknowledged at all" not in notes(carry)
    assert "phrased in negatives" not in notes(carry)
    assert carry.scores.understanding >= 4.0


def test_a_tip_keeps_the_surname_particle_the_trainee_used() -> None:
    first = graded(OPENING, CONDOLENCE, scenario=True)[-1]
    tips = " ".join(first.tips)
    assert "mevrouw De." not in tips and "mevrouw De," not in tips


def test_a_tip_never_suggests_the_condolence_the_reply_just_gave() -> None:
    first = graded(OPENING, CONDOLENCE)[-1]
    assert not any("Gecondoleerd" in tip for tip in first.tips), first.tips
