"""One typed settings object: flags beat LAGOM_* variables beat defaults.

This module is the only place that reads Lagom's environment variables. Each setting declares
its variable (and its flag, and whether it is a secret) on its field, so the list of variables
is never kept by hand: `Settings.environment_names()` gives it (the tests clear exactly those),
`settings_from` records where each value came from, and `lagom --print-config` shows it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SettingsError(ValueError):
    """A LAGOM_* variable (or flag) holds a value that cannot be used; the message names it."""


def _env(name: str, flag: str | None = None, *, secret: bool = False) -> dict[str, Any]:
    """Field metadata: the environment variable, the flag and whether the value is secret."""
    return {"env": name, "flag": flag, "secret": secret}


def lagom_home() -> Path:
    """Where Lagom keeps data: LAGOM_HOME, else the platform's user data directory."""
    configured = os.environ.get("LAGOM_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lagom", appauthor=False))


class Settings(BaseModel):
    """Where data lives, where sessions are saved and which model plays the customer."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    home: Path = Field(default_factory=lagom_home, json_schema_extra=_env("LAGOM_HOME"))
    """LAGOM_HOME: the database, the weights cache, the coach's own scenarios."""
    database_url: str | None = Field(
        default=None, json_schema_extra=_env("LAGOM_DATABASE", "--database", secret=True)
    )
    """LAGOM_DATABASE: `postgresql://user:password@host/db`, `sqlite:///path` or a path;
    None = LAGOM_HOME/lagom.db."""
    backend: str = Field(
        default="transformers", json_schema_extra=_env("LAGOM_BACKEND", "--backend")
    )
    """LAGOM_BACKEND: who writes the customer's lines (see simulator.backends.registry)."""
    model: str | None = Field(default=None, json_schema_extra=_env("LAGOM_MODEL", "--model"))
    """LAGOM_MODEL: hub id, local directory or GGUF file; None = the embedded SmolLM2-135M
    (for a server: the model name it serves)."""
    base_url: str | None = Field(
        default=None, json_schema_extra=_env("LAGOM_BASE_URL", "--base-url", secret=True)
    )
    """LAGOM_BASE_URL: an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1."""
    api_key: str | None = Field(default=None, json_schema_extra=_env("LAGOM_API_KEY", secret=True))
    """LAGOM_API_KEY: sent as a bearer token to the server, when set."""
    timeout_s: float = Field(default=60.0, gt=0, json_schema_extra=_env("LAGOM_TIMEOUT"))
    """LAGOM_TIMEOUT: seconds before a server request is given up."""
    typing_delay: float = Field(default=0.0, ge=0, json_schema_extra=_env("LAGOM_TYPING_DELAY"))
    """LAGOM_TYPING_DELAY: seconds per word when an authored line is shown (0 = at once)."""
    int8: bool = Field(default=False, json_schema_extra=_env("LAGOM_INT8"))
    """LAGOM_INT8: quantise the in-process model's Linear layers to int8 (faster on a CPU)."""
    offline: bool = Field(default=False, json_schema_extra=_env("LAGOM_OFFLINE"))
    """LAGOM_OFFLINE: never download model weights (HF_HUB_OFFLINE does the same)."""
    server_prompt: Literal["chat", "chatml"] = Field(
        default="chat", json_schema_extra=_env("LAGOM_SERVER_PROMPT")
    )
    """LAGOM_SERVER_PROMPT: how an OpenAI-compatible server is asked: `chat` (chat
    completions) or `chatml` (plain completions with a ChatML prompt, so a small ChatML model
    can finish an authored line; `lagom serve` sets it for the embedded model)."""
    model_wait_s: float = Field(default=0.0, ge=0, json_schema_extra=_env("LAGOM_MODEL_WAIT"))
    """LAGOM_MODEL_WAIT: seconds the customer waits for the model's first words before saying
    the authored line instead (0 = wait up to LAGOM_TIMEOUT; `lagom serve` sets 1.5)."""
    model_pause_s: float = Field(default=30.0, ge=0, json_schema_extra=_env("LAGOM_MODEL_PAUSE"))
    """LAGOM_MODEL_PAUSE: seconds a failed model server is left alone (0 = always retry)."""
    grade_max_turns: int = Field(
        default=20_000, gt=0, json_schema_extra=_env("LAGOM_GRADE_MAX_TURNS")
    )
    """LAGOM_GRADE_MAX_TURNS: the most turns one transcript may have to be graded."""
    grade_max_chars: int = Field(
        default=20_000, gt=0, json_schema_extra=_env("LAGOM_GRADE_MAX_CHARS")
    )
    """LAGOM_GRADE_MAX_CHARS: the longest turn graded, in characters."""
    customer_mode: Literal["auto", "continue", "free"] = Field(
        default="auto", json_schema_extra=_env("LAGOM_CUSTOMER_MODE")
    )
    """LAGOM_CUSTOMER_MODE: `continue` (the model finishes an authored line: tiny models),
    `free` (it writes the line itself: capable models) or `auto` (by backend and model size)."""
    scenario_dirs: tuple[Path, ...] = Field(default=(), json_schema_extra=_env("", "--scenarios"))
    """Extra scenario folders (`--scenarios DIR`), next to LAGOM_HOME/scenarios."""
    sources: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    """Where each value came from: `flag --x`, `environment LAGOM_X` or `default`."""

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @classmethod
    def environment_names(cls) -> tuple[str, ...]:
        """Every LAGOM_* variable a setting reads, in field order."""
        return tuple(env for _, env in _fields_with_env())

    @property
    def cache_dir(self) -> Path:
        """Where converted model weights are cached."""
        return self.home / "cache"

    @property
    def postgresql_url(self) -> str | None:
        """The PostgreSQL URL when sessions are saved in PostgreSQL, else None."""
        url = (self.database_url or "").strip()
        return url if is_postgresql_url(url) else None

    @property
    def database(self) -> Path:
        """The SQLite file of saved sessions (LAGOM_DATABASE as a path, or LAGOM_HOME/lagom.db).

        Meaningless when `postgresql_url` is set; open the store with
        `simulator.store.factory.open_store(settings)`, which chooses.
        """
        url = (self.database_url or "").strip()
        if not url or is_postgresql_url(url):
            return self.home / "lagom.db"
        return sqlite_path(url)


def is_postgresql_url(url: str) -> bool:
    """Whether a database setting names a PostgreSQL server."""
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(location: str) -> Path:
    """The file a `sqlite:///path` URL or a plain path names (`sqlite:///srv/l.db` = /srv/l.db)."""
    if location.startswith("sqlite:"):
        location = location.removeprefix("sqlite:")
        if location.startswith("//"):
            location = location[2:]
    if not location:
        raise SettingsError("LAGOM_DATABASE: a sqlite URL needs a path, e.g. sqlite:///srv/lagom.db")
    return Path(location).expanduser()


def _fields_with_env() -> list[tuple[str, str]]:
    found = []
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("env"):
            found.append((name, str(extra["env"])))
    return found


def _meta(name: str) -> dict[str, Any]:
    extra = Settings.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _parse(name: str, variable: str, raw: str) -> Any:
    """The value of one variable, checked; SettingsError names the variable and the value."""
    annotation = Settings.model_fields[name].annotation
    text = raw.strip()
    if annotation is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise SettingsError(f"{variable}: {raw!r} is not a yes/no value (use 1 or 0)")
    if annotation is int:
        if not text.isdigit() or int(text) == 0:
            raise SettingsError(f"{variable}: {raw!r} is not a whole number above 0")
        return int(text)
    if annotation is float:
        try:
            value = float(text)
        except ValueError:
            raise SettingsError(f"{variable}: {raw!r} is not a number") from None
        if value != value or value < 0:  # NaN or negative
            raise SettingsError(f"{variable}: {raw!r} must be 0 or more")
        if name == "timeout_s" and value == 0:
            raise SettingsError(f"{variable}: {raw!r} must be more than 0")
        return value
    return text or None


def variable_value(variable: str) -> Any | None:
    """The setting read from the LAGOM_* variable `variable` (see `environment_value`)."""
    for name, env in _fields_with_env():
        if env == variable:
            return environment_value(name)
    raise KeyError(f"{variable} is not a Lagom setting")


def environment_value(name: str) -> Any | None:
    """One setting from its LAGOM_* variable alone (None when unset or empty).

    For code far from the command line (the realizer's typing pace, the model loader's
    offline switch) that needs one value and not the whole object.
    """
    variable = _meta(name).get("env")
    if not variable:
        return None
    raw = os.environ.get(variable)
    if raw is None or not raw.strip():
        return None
    return _parse(name, variable, raw)


def settings_from(
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    scenario_dirs: list[Path] | None = None,
    database: str | None = None,
) -> Settings:
    """Build settings from explicit values (flags), then LAGOM_* variables, then defaults.

    Raises SettingsError (a one-line message naming the variable) for unusable values.
    """
    flags: dict[str, Any] = {
        "backend": backend,
        "model": model,
        "base_url": base_url,
        "database_url": database,
        "scenario_dirs": tuple(scenario_dirs) if scenario_dirs else None,
    }
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in Settings.model_fields:
        if name == "sources":
            continue
        meta = _meta(name)
        if flags.get(name) is not None:
            values[name] = flags[name]
            sources[name] = f"flag {meta.get('flag')}"
            continue
        value = environment_value(name)
        if value is not None:
            values[name] = value
            sources[name] = f"environment {meta['env']}"
        else:
            sources[name] = "default"
    if "backend" not in values and values.get("base_url"):
        values["backend"] = "openai"
        sources["backend"] = f"{sources['base_url']} (implies openai)"
    if "backend" in values:
        from simulator.backends.registry import BACKENDS  # the one list of backend names

        if values["backend"] not in BACKENDS:
            raise SettingsError(
                f"{sources['backend'].split(' ', 1)[-1]}: {values['backend']!r} is not a "
                f"backend; choose one of: {', '.join(sorted(BACKENDS))}"
            )
    try:
        return Settings(**values, sources=sources)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        where = sources.get(field, field)
        raise SettingsError(f"{where}: {first['msg']}") from None


_URL_PASSWORD = re.compile(r"^([a-z][a-z0-9+.-]*://[^:/@]*):([^@/]*)@", re.IGNORECASE)


def mask(name: str, value: Any) -> str:
    """A setting's value as it may be shown: secrets hidden, passwords in URLs starred."""
    if value is None:
        return "(not set)"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    text = str(value)
    if not _meta(name).get("secret"):
        return text
    if "://" in text:
        return _URL_PASSWORD.sub(r"\1:***@", text)
    return "***"


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(setting, shown value, where it came from) for every setting, secrets masked."""
    rows = []
    for name in Settings.model_fields:
        if name == "sources":
            continue
        meta = _meta(name)
        label = meta.get("env") or meta.get("flag") or name
        value = getattr(settings, name)
        shown = mask(name, value)
        if name == "database_url" and value is None:
            shown = f"{settings.database} (SQLite)"
        rows.append((label, shown, settings.sources.get(name, "default")))
    return rows
