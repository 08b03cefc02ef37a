"""Building backends from settings, and the clear errors for a bad choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.backends.base import BackendError, UnknownBackendError
from simulator.backends.openai_backend import OpenAIBackend
from simulator.backends.registry import create_backend
from simulator.settings import Settings, settings_from


def test_scripted_backend_uses_authored_lines(tmp_path: Path) -> None:
    backend = create_backend(Settings(home=tmp_path, backend="scripted"))
    assert backend.name == "scripted" and backend.generates is False


def test_an_unknown_backend_lists_the_known_names(tmp_path: Path) -> None:
    with pytest.raises(UnknownBackendError, match="openai, scripted, transformers"):
        create_backend(Settings(home=tmp_path, backend="gpt"))


def test_openai_without_an_address_says_how_to_give_one(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="--base-url URL or set LAGOM_BASE_URL"):
        create_backend(Settings(home=tmp_path, backend="openai"))


def test_base_url_from_the_environment_selects_the_openai_backend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAGOM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LAGOM_TIMEOUT", "5")
    backend = create_backend(settings_from(model="served-model"))
    assert isinstance(backend, OpenAIBackend)
    assert backend.base_url == "http://127.0.0.1:9/v1" and backend.model_id == "served-model"


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "model.gguf"
    settings = Settings(home=tmp_path, backend="transformers", model=str(missing))
    with pytest.raises(BackendError, match=f"{missing}: no such file or folder"):
        create_backend(settings)


def test_the_default_is_the_embedded_model(tmp_path: Path) -> None:
    backend = create_backend(Settings(home=tmp_path))
    assert backend.name == "transformers" and "SmolLM2-135M" in backend.model_id
