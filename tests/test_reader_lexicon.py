"""The reader's per-language data files: valid, and a broken one is named with its field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.reader.lexicon import load_lexicon, parse_lexicon

REPO = Path(__file__).resolve().parent.parent


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


def test_reading_a_reply_loads_no_model_library() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from scenarios.loader import load_scenario\n"
        "from evaluation.reader import read_reply\n"
        "sc = load_scenario(Path('scenarios/en_parcel_lost_again.toml'))\n"
        "read_reply('I will open a claim now. What is the parcel number?', scenario=sc)\n"
        "print(sorted(m for m in ('torch', 'transformers', 'llama_cpp', 'numpy')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
