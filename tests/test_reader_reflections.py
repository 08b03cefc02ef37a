"""Reflections the reader hears in more of their forms (an inference about how it was, an
evaluation framed for the person, a verbless phrase continuing their sentence), and what it
still does not take for one (autonomy, curt requests, assent, information)."""

from __future__ import annotations

import pytest

from evaluation.reader.acts import read_acts

EN_CUSTOMER = ["The boiler broke on Friday and I've been boiling kettles all weekend to wash "
               "the kids."]
SV_CUSTOMER = ["Pannan gick sönder i fredags och jag har kokat vatten hela helgen för att "
               "tvätta barnen."]
NL_CUSTOMER = ["De ketel ging vrijdag kapot en ik sta het hele weekend water te koken om de "
               "kinderen te wassen."]
PL_CUSTOMER = ["Piec zepsuł się w piątek i cały weekend grzałam wodę w czajniku, żeby umyć "
               "dzieci."]


def reflects(text: str, customer: list[str], language: str) -> bool:
    acts = read_acts(text, customer, language)
    return bool(acts.reflects) and not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "You must miss having hot water."),
    ("en", EN_CUSTOMER, "That must have been a long weekend."),
    ("en", EN_CUSTOMER, "It's been really exhausting for you."),
    ("en", EN_CUSTOMER, "A real ordeal, then."),
    ("en", EN_CUSTOMER, "Without hot water, with small children."),
    ("sv", SV_CUSTOMER, "En riktig prövning, alltså."),
    ("sv", SV_CUSTOMER, "Det måste ha varit en lång helg."),
    ("nl", NL_CUSTOMER, "Een echte beproeving, dus."),
    ("nl", NL_CUSTOMER, "Het is echt een zware tijd voor u."),
    ("pl", PL_CUSTOMER, "To był naprawdę ciężki weekend dla pani."),
])
def test_a_reflection_in_other_words_is_heard(language: str, customer: list[str],
                                              reply: str) -> None:
    assert reflects(reply, customer, language)


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "It's up to you."),
    ("en", EN_CUSTOMER, "It really is your choice."),
    ("en", EN_CUSTOMER, "Name and address."),
    ("en", EN_CUSTOMER, "Wait for it."),
    ("en", EN_CUSTOMER, "Fantastic, well done."),
    ("en", EN_CUSTOMER, "Engineer Monday, 8am."),
    ("en", EN_CUSTOMER, "You must be logged in to book it."),
    ("en", EN_CUSTOMER, "Thanks for holding. Spare parts included."),
    ("sv", SV_CUSTOMER, "Det är upp till dig."),
    ("sv", SV_CUSTOMER, "Namn och adress."),
    ("nl", NL_CUSTOMER, "Het is uw keuze."),
    ("nl", NL_CUSTOMER, "Naam en postcode."),
    ("nl", NL_CUSTOMER, "Monteur komt morgen."),
    ("nl", NL_CUSTOMER, "Ligt in het depot. Ophalen vanaf 16.00 uur."),
    ("pl", PL_CUSTOMER, "To pani decyzja."),
    ("pl", PL_CUSTOMER, "Wyślę technika jutro."),
])
def test_what_only_looks_like_one_is_not(language: str, customer: list[str],
                                         reply: str) -> None:
    assert not reflects(reply, customer, language)


def test_a_verbless_reflection_needs_the_customer_to_have_spoken() -> None:
    assert reflects("A real ordeal, then.", EN_CUSTOMER, "en")
    assert not reflects("A real ordeal, then.", [], "en")


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "Let me make sure I've got this. Friday, then kettles since."),
    ("sv", SV_CUSTOMER, "Låt mig sammanfatta. Fredag, och kastruller sedan dess."),
    ("nl", NL_CUSTOMER, "Even samenvatten. Vrijdag, en sindsdien pannen."),
])
def test_announcing_a_summary_is_reflecting(language: str, customer: list[str],
                                            reply: str) -> None:
    acts = read_acts(reply, customer, language)
    assert acts.reflects_content >= 1 and not acts.questions
    assert acts.quotes["reflects_content"] == reply.split(". ")[0] + "."


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "You've been boiling water all weekend. Is that right?"),
    ("nl", NL_CUSTOMER, "U kookt al het hele weekend water. Klopt dat?"),
    ("pl", PL_CUSTOMER, "Od piątku grzeje pani wodę w czajniku. Czy dobrze rozumiem?"),
])
def test_checking_a_statement_is_reflecting_not_asking(language: str, customer: list[str],
                                                       reply: str) -> None:
    acts = read_acts(reply, customer, language)
    assert acts.reflects_content == 2 and not acts.questions


def test_checking_is_a_question_when_nothing_was_said_before_it() -> None:
    acts = read_acts("Is that right? The engineer came on Monday?", EN_CUSTOMER, "en")
    assert acts.questions >= 1


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "That sounds hard, and I'm wondering how the kids are coping with it."),
    ("sv", SV_CUSTOMER, "Det låter jobbigt, och jag undrar hur barnen klarar det."),
    ("nl", NL_CUSTOMER, "Dat klinkt zwaar, en ik vraag me af hoe de kinderen het redden."),
])
def test_a_question_inside_a_statement_asks(language: str, customer: list[str],
                                            reply: str) -> None:
    assert read_acts(reply, customer, language).questions_open == 1


@pytest.mark.parametrize(("language", "customer", "reply", "asks"), [
    ("en", EN_CUSTOMER, "How confident are you that the engineer will come on Monday.", True),
    ("en", EN_CUSTOMER, "What you said about the kids matters.", False),
    ("sv", SV_CUSTOMER, "Hur mår du efter en sådan helg.", True),
    ("nl", NL_CUSTOMER, "Wat vindt u zelf het ergste.", True),
    ("nl", NL_CUSTOMER, "Wat verschrikkelijk dat u zonder warm water zit.", False),
])
def test_question_word_order_asks_without_a_question_mark(language: str, customer: list[str],
                                                          reply: str, asks: bool) -> None:
    assert bool(read_acts(reply, customer, language).questions_open) is asks


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "And do you have anyone who could lend you a heater or-"),
    ("sv", SV_CUSTOMER, "Har du någon som kan låna ut ett element"),
    ("nl", NL_CUSTOMER, "Heeft u iemand die u een kachel kan lenen"),
])
def test_a_yes_no_question_asks_without_a_question_mark(language: str, customer: list[str],
                                                        reply: str) -> None:
    assert read_acts(reply, customer, language).questions_closed == 1


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "So what you're saying is the kids come first?"),
    ("nl", NL_CUSTOMER, "Wat u eigenlijk zegt is dat de kinderen voorgaan?"),
])
def test_saying_back_what_they_said_with_a_rising_tone_is_no_question(
        language: str, customer: list[str], reply: str) -> None:
    acts = read_acts(reply, customer, language)
    assert acts.reflects_content == 1 and not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "I'll have an engineer with you by noon tomorrow, okay?"),
    ("nl", NL_CUSTOMER, "Morgen voor twaalf uur staat er een monteur bij u, oké?"),
])
def test_asking_for_agreement_is_neither_question_nor_reflection(
        language: str, customer: list[str], reply: str) -> None:
    acts = read_acts(reply, customer, language)
    assert not acts.reflects and not acts.questions


def test_a_dutch_condition_in_question_word_order_asks_nothing() -> None:
    acts = read_acts("Is het morgen niet gerepareerd, dan stuur ik een nieuwe ketel.",
                     NL_CUSTOMER, "nl")
    assert not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "It sounds like your test results came back normal."),
    ("sv", SV_CUSTOMER, "Det låter som att provsvaren ser bra ut."),
])
def test_it_sounds_like_before_news_names_no_feeling(language: str, customer: list[str],
                                                     reply: str) -> None:
    assert read_acts(reply, customer, language).reflects_feeling == 0


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "If you feel anxious about the new boiler, ring us any time."),
    ("nl", NL_CUSTOMER, "Als u zich ongerust voelt, belt u ons gerust."),
])
def test_a_feeling_in_a_condition_is_not_theirs(language: str, customer: list[str],
                                                reply: str) -> None:
    assert not read_acts(reply, customer, language).reflects


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "You feel let down by us."),
    ("nl", NL_CUSTOMER, "U voelt zich in de steek gelaten."),
])
def test_a_feeling_said_back_still_reflects(language: str, customer: list[str],
                                            reply: str) -> None:
    assert reflects(reply, customer, language)


def test_a_question_without_its_mark_is_no_reflection() -> None:
    acts = read_acts("So what happened next.", EN_CUSTOMER, "en")
    assert not acts.reflects


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "Okay, first of all, tell me what happened."),
    ("en", EN_CUSTOMER, "Anna, tell me a bit more about the kettles."),
    ("sv", SV_CUSTOMER, "Anna, berätta lite mer om helgen."),
    ("nl", NL_CUSTOMER, "Anna, vertel eens wat meer over het weekend."),
])
def test_an_invitation_after_a_name_or_lead_in_asks(language: str, customer: list[str],
                                                    reply: str) -> None:
    assert read_acts(reply, customer, language).questions_open == 1


@pytest.mark.parametrize(("language", "customer", "reply", "reflection"), [
    ("en", EN_CUSTOMER, "I'll have an engineer with you by noon tomorrow, right?", False),
    ("en", EN_CUSTOMER, "You've been boiling water all weekend, right?", True),
    ("sv", SV_CUSTOMER, "Jag skickar en tekniker i morgon, eller hur?", False),
    ("sv", SV_CUSTOMER, "Du har kokat vatten hela helgen, eller hur?", True),
    ("nl", NL_CUSTOMER, "Ik stuur morgen een monteur, toch?", False),
    ("nl", NL_CUSTOMER, "U kookt al het hele weekend water, toch?", True),
])
def test_a_tag_checks_what_they_said_but_not_the_agents_own_plan(
        language: str, customer: list[str], reply: str, reflection: bool) -> None:
    acts = read_acts(reply, customer, language)
    assert bool(acts.reflects) is reflection and not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "I'm just wondering if the engineer came on Monday."),
    ("en", EN_CUSTOMER, "Okay, so talk to me a little about the weekend."),
    ("en", EN_CUSTOMER, "What about the kids, how are they coping."),
    ("sv", SV_CUSTOMER, "Jag undrar bara om du har fått brevet."),
    ("nl", NL_CUSTOMER, "Ik ben benieuwd naar hoe het weekend verliep."),
])
def test_more_ways_to_ask_without_a_question_mark(language: str, customer: list[str],
                                                 reply: str) -> None:
    assert read_acts(reply, customer, language).questions_open == 1


def test_their_own_wondering_said_back_is_no_question() -> None:
    acts = read_acts("So you're kind of wondering what the point of these visits is.",
                     ["Why are you asking me all these questions?"], "en")
    assert acts.reflects and not acts.questions


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "That sounds like a great plan, I'll book the engineer for Monday."),
    ("sv", SV_CUSTOMER, "Det låter bra, jag bokar teknikern till måndag."),
    ("nl", NL_CUSTOMER, "Dat klinkt als een goed plan, ik boek de monteur voor maandag."),
])
def test_approving_a_plan_says_nothing_back(language: str, customer: list[str],
                                            reply: str) -> None:
    assert not read_acts(reply, customer, language).reflects


def test_it_sounds_like_before_their_situation_still_reflects() -> None:
    assert reflects("It sounds like a really long weekend for you.", EN_CUSTOMER, "en")


@pytest.mark.parametrize(("customer", "reply"), [
    (["I want to switch tariffs."],
     "Generally, it works well if you switch in a month when you're not away."),
    (["My first bill was huge."],
     "Oftentimes your second bill comes out lower once the meter readings are in."),
])
def test_what_is_true_for_most_people_says_nothing_back(customer: list[str],
                                                       reply: str) -> None:
    assert not read_acts(reply, customer, "en").reflects


def test_their_own_habit_said_back_still_reflects() -> None:
    assert reflects("You tend to drink more when the week has been hard.",
                    ["I drink more at weekends."], "en")


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", EN_CUSTOMER, "If you're still without hot water tonight, ring me directly."),
    ("en", EN_CUSTOMER, "If you feel dizzy after the new tablets, just let your GP know."),
    ("sv", SV_CUSTOMER, "Om du fortfarande saknar varmvatten i kväll, ring mig direkt."),
    ("nl", NL_CUSTOMER, "Als u vanavond nog geen warm water heeft, belt u mij direct."),
])
def test_a_condition_with_what_to_do_says_nothing_back(language: str, customer: list[str],
                                                       reply: str) -> None:
    assert not read_acts(reply, customer, language).reflects


def test_a_hypothetical_of_theirs_said_back_still_reflects() -> None:
    assert reflects("If you had a working boiler, the weekend would have been very different.",
                    EN_CUSTOMER, "en")


@pytest.mark.parametrize(("language", "customer", "reply"), [
    ("en", ["It should never have taken three visits."], "You're absolutely right."),
    ("nl", ["Het had nooit drie bezoeken mogen kosten."], "U heeft gelijk."),
    ("en", EN_CUSTOMER, "So you're right that the old boiler should have been replaced years ago."),
])
def test_agreeing_with_their_point_is_no_reflection(language: str, customer: list[str],
                                                    reply: str) -> None:
    assert not read_acts(reply, customer, language).reflects


def test_the_agents_own_view_in_the_customers_words_is_no_reflection() -> None:
    acts = read_acts("I've never seen the banking app crash on statements before.",
                     ["The banking app keeps crashing whenever I open my statements."], "en")
    assert not acts.reflects


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "So you end up thinking, “Why does nobody call? Am I even on the list?”"),
    ("en", 'Every evening it is the same: "Will they ring? Have they forgotten me?"'),
    ("nl", 'En dan denkt u: "Ben ik vergeten? Belt er nog iemand?"'),
])
def test_a_question_voiced_for_them_in_quotes_is_no_question(language: str,
                                                             reply: str) -> None:
    acts = read_acts(reply, ["Nobody ever rings me back."], language)
    assert acts.reflects_content >= 1 and not acts.questions


def test_a_question_after_a_quote_still_asks() -> None:
    acts = read_acts('You said "never again". What would help most right now?',
                     ["Nobody ever rings me back."], "en")
    assert acts.questions_open == 1


@pytest.mark.parametrize(("language", "reply"), [
    ("en", "So you'd rather come in person? Is that what you're saying?"),
    ("sv", "Du vill hellre komma hit själv. Menar du så?"),
    ("nl", "U komt liever zelf langs. Is dat wat u bedoelt?"),
    ("pl", "Woli pani przyjść osobiście. Czy o to pani chodzi?"),
])
def test_asking_if_they_were_understood_checks_a_reflection(language: str,
                                                            reply: str) -> None:
    acts = read_acts(reply, ["I'd rather just come in."], language)
    assert acts.reflects_content == 2 and not acts.questions


def test_a_statement_after_a_lead_in_with_a_rising_tone_checks_a_reflection() -> None:
    acts = read_acts("So, from what you've said, you'd rather have a refund than a replacement?",
                     ["I'd prefer my money back."], "en")
    assert acts.reflects_content == 1 and not acts.questions


@pytest.mark.parametrize("reply", [
    "Any neighbours nearby, uh, you think could lend you a heater?",
    "Okay, and is that the only account you have with us?",
])
def test_an_elliptical_or_inverted_question_after_a_lead_in_still_asks(reply: str) -> None:
    assert read_acts(reply, EN_CUSTOMER, "en").questions_closed == 1


def test_a_bracketed_aside_before_a_reflection_changes_nothing() -> None:
    acts = read_acts("[sighs] You've had no heating since Friday?", EN_CUSTOMER, "en")
    assert acts.reflects_content == 1 and not acts.questions


@pytest.mark.parametrize(("reply", "reflection"), [
    ("But that would mean another week without hot water?", True),
    ("But did the engineer ring you first?", False),
    ("Or would you rather we came on Saturday?", False),
])
def test_but_and_or_link_like_and_and_so(reply: str, reflection: bool) -> None:
    acts = read_acts(reply, EN_CUSTOMER, "en")
    assert bool(acts.reflects) is reflection and bool(acts.questions) is not reflection


@pytest.mark.parametrize(("reply", "asks"), [
    ("Hmm, you've been boiling kettles since Friday?", False),
    ("Then, when did the engineer last come out?", True),
])
def test_backchannel_and_linking_words_are_read_past(reply: str, asks: bool) -> None:
    acts = read_acts(reply, EN_CUSTOMER, "en")
    assert bool(acts.questions_open) is asks and bool(acts.reflects) is not asks


def test_an_intensified_description_reflects_but_a_bare_topic_does_not() -> None:
    customer = ["My broadband keeps dropping in the evenings."]
    assert reflects("Very patchy.", customer, "en")
    assert not reflects("Okay, the broadband.", customer, "en")


@pytest.mark.parametrize("reply", [
    "So you've got good reasons to try to switch before winter.",
    "Those are the big worries for you.",
])
def test_more_reflections_in_other_words(reply: str) -> None:
    assert reflects(reply, ["I want to switch before the winter bills come in."], "en")


@pytest.mark.parametrize(("language", "reply", "kind"), [
    ("en", "You mentioned the kids, how are they coping with the cold?", "open"),
    ("en", "You said the boiler is old, have you had it serviced this year?", "closed"),
    ("nl", "U noemde de kinderen, heeft u zelf nog warm water?", "closed"),
])
def test_a_question_after_what_they_said_asks(language: str, reply: str, kind: str) -> None:
    acts = read_acts(reply, EN_CUSTOMER, language)
    assert getattr(acts, f"questions_{kind}") == 1 and not acts.reflects
