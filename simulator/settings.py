"""One typed, env-overridable settings object: flags beat LAGOM_* variables beat defaults."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from scenarios.library import lagom_home


class Settings(BaseModel):
    """Where data lives and which model plays the customer."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    home: Path = Field(default_factory=lagom_home)
    """LAGOM_HOME: the database, the weights cache, the coach's own scenarios."""
    backend: str = "transformers"
    """LAGOM_BACKEND: transformers, openai or scripted."""
    model: str | None = None
    """LAGOM_MODEL: hub id, local directory or GGUF file; None = the embedded SmolLM2-135M."""
    base_url: str | None = None
    """LAGOM_BASE_URL: an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1."""
    api_key: str | None = None
    """LAGOM_API_KEY: sent as a bearer token to the server, when set."""
    timeout_s: float = 60.0
    """LAGOM_TIMEOUT: seconds before a server request is given up."""
    scenario_dirs: tuple[Path, ...] = ()
    """Extra scenario folders (`--scenarios DIR`), next to LAGOM_HOME/scenarios."""

    @property
    def cache_dir(self) -> Path:
        """Where converted model weights are cached."""
        return self.home / "cache"

    @property
    def database(self) -> Path:
        """The SQLite file of saved sessions."""
        return self.home / "lagom.db"


def settings_from(
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    scenario_dirs: list[Path] | None = None,
) -> Settings:
    """Build settings from explicit values (flags), then LAGOM_* variables, then defaults."""
    env = os.environ
    values: dict[str, object] = {
        "backend": backend or env.get("LAGOM_BACKEND") or ("openai" if base_url else None),
        "model": model or env.get("LAGOM_MODEL"),
        "base_url": base_url or env.get("LAGOM_BASE_URL"),
        "api_key": env.get("LAGOM_API_KEY"),
        "timeout_s": env.get("LAGOM_TIMEOUT"),
        "scenario_dirs": tuple(scenario_dirs or ()),
    }
    if values["backend"] is None and values["base_url"]:
        values["backend"] = "openai"
    return Settings(**{k: v for k, v in values.items() if v is not None})
