"""The fitted weights file is data checked against the rubric: it may say how much, never which
way, and names the field when it does not fit."""

from __future__ import annotations

from evaluation.fitted import load_weights, parse_weights, problems
from evaluation.rubric import load_rubric


def test_the_shipped_weights_fit_the_rubric() -> None:
    fitted = load_weights()
    assert problems(fitted) == []
    rubric = load_rubric()
    # the function criteria (issue 8) are fitted, in the rubric's direction
    for dimension, criterion in (("honesty", "concrete_help"), ("listening", "deflection"),
                                 ("honesty", "stock_apology")):
        weight = fitted.weights[dimension][criterion]
        assert weight * rubric.criteria[criterion].weights[dimension] >= 0


def test_a_weight_that_contradicts_the_rubric_is_named() -> None:
    bad = parse_weights("[base]\nlistening = 7\n[weights.tone]\nblame = 0.5\nfoo = 1\n"
                        "[weights.listening]\nthanks = 0.1\n")
    found = problems(bad)
    assert "base.listening: 7.0 is off the 1-5 scale" in found
    assert any(p.startswith("weights.tone.blame: 0.5 is on the other side of zero") for p in found)
    assert "weights.tone.foo: unknown criterion" in found
    assert any(p.startswith("weights.listening.thanks:") for p in found)
