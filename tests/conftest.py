"""Shared test fixtures: every test gets its own LAGOM_HOME and no network or model by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point LAGOM_HOME at a fresh folder and clear settings that would change behaviour."""
    home = tmp_path / "lagom-home"
    monkeypatch.setenv("LAGOM_HOME", str(home))
    for name in ("LAGOM_BACKEND", "LAGOM_MODEL", "LAGOM_BASE_URL", "LAGOM_API_KEY", "LAGOM_TYPING_DELAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    return home
