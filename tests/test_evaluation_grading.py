"""The grader as a coach sees it: better replies score higher on the right dimension."""

from __future__ import annotations

from evaluation import Transcript, assess_reply, grade_transcript, transcript_from_text


def grade(customer: str, reply: str, language: str | None = None, earlier: list[str] | None = None):
    """Grade one reply to one customer line (after optional earlier exchanges)."""
    turns = []
    for customer_line, trainee_line in zip(earlier or [], (earlier or [])[1:], strict=False):
        turns.append({"role": "customer", "text": customer_line})
        turns.append({"role": "trainee", "text": trainee_line})
    turns += [{"role": "customer", "text": customer}, {"role": "trainee", "text": reply}]
    transcript = Transcript.model_validate({"language": language, "turns": turns})
    return assess_reply(transcript, len(turns) - 1)


EN_CUSTOMER = ("My parcel 88214 was meant to arrive on Friday for my daughter's birthday and it "
               "still isn't here. I'm so frustrated!")
EN_WARM = ("I'm sorry, that sounds really frustrating, especially with your daughter's birthday. "
           "I'll check parcel 88214 with the courier right now and call you back today. "
           "What time would delivery still work for you?")
EN_COLD = "It's not my fault. The system shows it was dispatched, you should have checked."


def test_warm_specific_owning_reply_beats_cold_blaming_one_on_every_dimension() -> None:
    warm, warm_signals = grade(EN_CUSTOMER, EN_WARM)
    cold, cold_signals = grade(EN_CUSTOMER, EN_COLD)
    for dimension in ("listening", "tone", "honesty", "understanding"):
        assert getattr(warm.scores, dimension) > getattr(cold.scores, dimension), dimension
    assert warm.scores.listening >= 4 and warm.scores.understanding >= 4
    assert warm.balance == "lagom"
    assert {"acknowledged_feeling", "reflected_detail", "took_ownership", "useful_question"} <= set(
        warm_signals.signals)
    assert {"blamed_customer", "made_excuses"} <= set(cold_signals.signals)
    assert "acknowledged_feeling" not in cold_signals.signals


def test_every_weak_score_has_evidence_and_a_tip_quoting_the_customer() -> None:
    cold, _ = grade(EN_CUSTOMER, EN_COLD)
    weak = {d for d in ("listening", "tone", "honesty", "understanding")
            if getattr(cold.scores, d) < 4}
    assert weak
    assert weak <= {e.dimension for e in cold.evidence}
    assert len(cold.tips) == len(weak)
    assert any("88214" in tip for tip in cold.tips)
    quotes = [e.quote for e in cold.evidence if e.quote]
    assert any("you should have checked" in q for q in quotes)


def test_keyword_stuffing_does_not_pay() -> None:
    plain, _ = grade(EN_CUSTOMER, "Let me check parcel 88214 for you now.")
    stuffed, signals = grade(EN_CUSTOMER, "I understand. I understand. I'm sorry. I'm sorry.")
    assert stuffed.scores.understanding <= plain.scores.understanding
    assert stuffed.scores.listening <= plain.scores.listening
    assert "acknowledged_feeling" not in signals.signals


def test_parroting_the_customer_is_not_listening() -> None:
    parrot, _ = grade(EN_CUSTOMER, "Your parcel 88214 was meant to arrive on Friday for your "
                                   "daughter's birthday and it still isn't here.")
    reflect, _ = grade(EN_CUSTOMER, "I'm sorry the parcel for your daughter's birthday is late; "
                                    "let me find out where 88214 is right now.")
    assert parrot.scores.listening < reflect.scores.listening
    assert any("repeats the customer's own sentence" in e.note for e in parrot.evidence)


def test_the_same_canned_sentence_every_turn_scores_lower_the_second_time() -> None:
    line = "Thank you for your patience, we apologise for any inconvenience caused."
    transcript = transcript_from_text(
        f"Customer: {EN_CUSTOMER}\nAgent: {line}\nCustomer: That doesn't help me at all.\n"
        f"Agent: {line}"
    )
    report = grade_transcript(transcript)
    first, second = report.replies
    assert second.scores.listening < first.scores.listening
    assert second.scores.understanding <= first.scores.understanding


def test_sprinkled_honestly_and_guarantee_lower_honesty() -> None:
    plain, _ = grade(EN_CUSTOMER, "I'll check parcel 88214 with the courier and call you back.")
    sprinkled, signals = grade(EN_CUSTOMER, "Honestly, trust me, I guarantee parcel 88214 "
                                            "will be there, I'll check with the courier.")
    assert sprinkled.scores.honesty < plain.scores.honesty
    assert "over_promised" in signals.signals
    assert sprinkled.balance == "too_much"


def test_asking_again_for_given_information_lowers_listening() -> None:
    again, signals = grade(EN_CUSTOMER, "I'm sorry to hear that. What is your order number?")
    fresh, fresh_signals = grade(EN_CUSTOMER, "I'm sorry to hear that. What time would "
                                              "delivery still work for you?")
    assert again.scores.listening < fresh.scores.listening
    assert "repeated_question" in signals.signals
    assert "repeated_question" not in fresh_signals.signals


def test_asking_the_same_question_twice_counts_as_repeated() -> None:
    transcript = transcript_from_text(
        "Customer: My internet keeps dropping.\nAgent: When did the drops start?\n"
        "Customer: I don't know, it's been weeks.\nAgent: When did the drops start?"
    )
    _, signals = assess_reply(transcript, 3)
    assert "repeated_question" in signals.signals


def test_calm_down_and_shouting_hurt_tone() -> None:
    calm, _ = grade(EN_CUSTOMER, "I understand. I'll check parcel 88214 right now.")
    rude, _ = grade(EN_CUSTOMER, "CALM DOWN!! I'll check parcel 88214.")
    assert rude.scores.tone < calm.scores.tone - 1


def test_stacked_apologies_and_self_focus_are_too_much() -> None:
    sorry, signals = grade(EN_CUSTOMER, "I'm so sorry. Sorry again. I really apologise, sorry!")
    me, me_signals = grade(EN_CUSTOMER, "Oh I know exactly how you feel, the same thing happened "
                                        "to me last week and I'm so stressed about it too.")
    assert "over_apologised" in signals.signals and sorry.balance == "too_much"
    assert "self_focused" in me_signals.signals and me.balance == "too_much"


def test_curt_reply_is_too_little() -> None:
    curt, signals = grade(EN_CUSTOMER, "Wait for it.")
    assert "was_curt" in signals.signals
    assert curt.balance == "too_little"
    assert curt.scores.tone < 3.5


def test_assess_reply_refuses_a_customer_turn() -> None:
    transcript = transcript_from_text("Customer: hello\nAgent: Hi, how can I help?")
    try:
        assess_reply(transcript, 0)
    except ValueError as exc:
        assert "not a trainee reply" in str(exc)
    else:
        raise AssertionError("a customer turn was graded")


def test_summary_averages_the_replies() -> None:
    transcript = transcript_from_text(f"Customer: {EN_CUSTOMER}\nAgent: {EN_WARM}\n"
                                      f"Customer: Fine.\nAgent: {EN_COLD}")
    report = grade_transcript(transcript)
    assert report.summary.replies == 2
    mean = (report.replies[0].scores.tone + report.replies[1].scores.tone) / 2
    assert abs(report.summary.scores.tone - mean) < 0.01
    assert report.summary.language == "en"
