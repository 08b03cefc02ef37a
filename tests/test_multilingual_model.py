"""The multilingual model bench's pieces, and KV reuse with a cache that cannot roll back.

No model and no network: the Gemma turn template is rendered with jinja2 (as transformers
does), the scenarios and trainee scripts are the shipped ones.
"""

from __future__ import annotations

import jinja2

from bench.multilingual_model import GEMMA_TEMPLATE, scenarios_with_scripts, spread, verbatim
from bench.realizer_acceptance import Attempt
from simulator.backends.kv_reuse import PromptCache


def render(messages: list[dict[str, str]], generation_prompt: bool) -> str:
    """The template rendered with the block settings transformers uses for chat templates."""
    template = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(GEMMA_TEMPLATE)
    return template.render(
        messages=messages, bos_token="<bos>", add_generation_prompt=generation_prompt
    )


def test_the_gemma_template_folds_the_system_message_into_the_first_user_turn() -> None:
    text = render(
        [
            {"role": "system", "content": "You are Karin, the customer."},
            {"role": "user", "content": "(The call connects.)"},
            {"role": "assistant", "content": "Hej, jag ringer om min faktura."},
            {"role": "user", "content": "Vad gäller det?"},
        ],
        generation_prompt=True,
    )
    assert text == (
        "<bos><start_of_turn>user\nYou are Karin, the customer.\n\n(The call connects.)"
        "<end_of_turn>\n<start_of_turn>model\nHej, jag ringer om min faktura.<end_of_turn>\n"
        "<start_of_turn>user\nVad gäller det?<end_of_turn>\n<start_of_turn>model\n"
    )


def test_a_begun_customer_line_is_left_open_for_the_model_to_continue() -> None:
    # transformers' continue_final_message cuts the rendering after the final message's text.
    text = render(
        [{"role": "user", "content": "Hallo?"}, {"role": "assistant", "content": "Ik bel over"}],
        generation_prompt=False,
    )
    assert text.index("Ik bel over") > text.index("<start_of_turn>model\n")


def test_every_language_has_at_least_three_scenarios_with_both_scripts() -> None:
    for language in ("sv", "nl", "pl"):
        found = scenarios_with_scripts(language, ["warm", "questioning"])
        assert len(found) >= 3, (language, found)
        assert all(scenario.startswith(f"{language}_") for scenario in found)
    assert scenarios_with_scripts("sv", ["no-such-style"]) == []


def test_sample_lines_come_from_the_whole_run_not_only_the_first_scenario() -> None:
    attempts = [Attempt(raw=str(i), first_token_s=None) for i in range(40)]
    picked = [a.raw for a in spread(attempts, 10)]
    assert picked == [str(i) for i in range(0, 40, 4)]
    assert spread(attempts[:3], 10) == attempts[:3]


class SlidingCache:
    """Stands in for Gemma 3's cache past its sliding window: it cannot be cropped."""

    def get_seq_length(self) -> int:
        return 600

    def crop(self, count: int) -> None:
        raise RuntimeError("`crop` was called, but the sliding window size was already reached")


def test_a_cache_that_cannot_roll_back_is_dropped_and_the_prompt_computed_anew() -> None:
    prompts = PromptCache()
    ids = list(range(601))
    prompts.keep(SlidingCache(), ids)
    # The next turn shares 590 tokens: cropping fails, so nothing is reused (no crash).
    assert prompts.take([*ids[:590], 7, 8]) == (None, 0)
    assert prompts.take(ids) == (None, 0)  # and the broken cache is not kept


def test_a_line_that_only_repeats_the_authored_one_counts_as_copied() -> None:
    authored = "Den 14 oktober. Kopplingen under diskbänken. Det står i ärendet."
    copied = Attempt(raw="", first_token_s=None, example=authored, shown=f" {authored.upper()}")
    changed = Attempt(
        raw="",
        first_token_s=None,
        example=authored,
        shown=authored.replace("ärendet", "ärendenesaken"),
    )
    assert verbatim(copied) and not verbatim(changed)
    assert not verbatim(Attempt(raw="", first_token_s=None, shown=authored))  # nothing authored
