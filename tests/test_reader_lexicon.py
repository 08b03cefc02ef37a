"""The reader's per-language data files: valid, and a broken one is named with its field."""

from __future__ import annotations

import pytest

from evaluation.reader.lexicon import load_lexicon, parse_lexicon


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_shipped_lexicons_load_and_stem_inflected_forms_together(language: str) -> None:
    lexicon = load_lexicon(language)
    assert lexicon.language == language
    pairs = {"en": ("refunded", "refund"), "sv": ("handläggaren", "handläggare"),
             "nl": ("aangehouden", "aanhouden"), "pl": ("ustawię", "ustawić")}
    inflected, base = pairs[language]
    assert lexicon.key(inflected) == lexicon.key(base)


def test_dutch_particle_is_joined_back_to_its_verb() -> None:
    lexicon = load_lexicon("nl")
    assert lexicon.key("aanhouden") in lexicon.keys("de incasso houd ik voorlopig aan")


def test_an_unknown_language_reads_plain_words() -> None:
    lexicon = load_lexicon("de")
    assert lexicon.language is None
    assert lexicon.keys("Rückerstattung heute") == ["rücker", "heute"]


def test_a_broken_lexicon_names_the_file_and_the_field() -> None:
    with pytest.raises(ValueError, match=r"^lexicon_xx\.toml: key_length: "):
        parse_lexicon('language = "xx"\nkey_length = "six"\n', "lexicon_xx.toml")
    with pytest.raises(ValueError, match=r"^lexicon_xx\.toml: colour: Extra inputs"):
        parse_lexicon('language = "xx"\ncolour = "blue"\n', "lexicon_xx.toml")
