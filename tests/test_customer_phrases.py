"""The guard's phrase tables are data files, one per language, validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.customer import phrases
from simulator.customer.phrases import PhraseError, Phrases, phrases_for


@pytest.mark.parametrize("language", ["en", "sv", "nl", "pl"])
def test_every_language_has_every_table(language: str) -> None:
    table = phrases_for(language)
    assert isinstance(table, Phrases)
    for name in ("agent_speak", "role_reversal", "teasers", "thanks", "again", "not_known"):
        assert getattr(table, name), (language, name)
    assert all(p == p.lower() for p in table.role_reversal + table.teasers)


def test_a_broken_phrase_file_names_the_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = (phrases.PHRASES_DIR / "en.toml").read_text(encoding="utf-8")
    (tmp_path / "en.toml").write_text('surprise = ["x"]\n' + good, encoding="utf-8")
    monkeypatch.setattr(phrases, "PHRASES_DIR", tmp_path)
    phrases_for.cache_clear()
    try:
        with pytest.raises(PhraseError, match=r"en\.toml: surprise: Extra inputs"):
            phrases_for("en")
    finally:
        monkeypatch.undo()
        phrases_for.cache_clear()
