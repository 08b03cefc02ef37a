"""Look backends up by name and build them from the settings."""

from __future__ import annotations

from collections.abc import Callable

from simulator.backends.base import BackendError, CustomerBackend, UnknownBackendError
from simulator.settings import Settings


def _transformers(settings: Settings) -> CustomerBackend:
    from simulator.backends.transformers_backend import TransformersBackend

    return TransformersBackend(settings.model, settings.cache_dir, int8=settings.int8)


def _openai(settings: Settings) -> CustomerBackend:
    from simulator.backends.openai_backend import OpenAIBackend

    if not settings.base_url:
        raise BackendError(
            "the openai backend needs the address of an OpenAI-compatible server: "
            "pass --base-url URL or set LAGOM_BASE_URL (e.g. http://127.0.0.1:8000/v1)"
        )
    return OpenAIBackend(
        settings.base_url,
        settings.model,
        settings.api_key,
        timeout_s=settings.timeout_s,
        pause_s=settings.model_pause_s,
        prompt_format=settings.server_prompt,
    )


def _scripted(settings: Settings) -> CustomerBackend:
    from simulator.backends.scripted import ScriptedBackend

    return ScriptedBackend()


BACKENDS: dict[str, Callable[[Settings], CustomerBackend]] = {
    "transformers": _transformers,
    "openai": _openai,
    "scripted": _scripted,
}
"""Every backend name, with the function that builds it from the settings."""


def create_backend(settings: Settings) -> CustomerBackend:
    """Build the backend `settings.backend` names; nothing slow happens until `warm_up`."""
    factory = BACKENDS.get(settings.backend)
    if factory is None:
        names = ", ".join(sorted(BACKENDS))
        raise UnknownBackendError(f"unknown backend {settings.backend!r}; choose one of: {names}")
    return factory(settings)
