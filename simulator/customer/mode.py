"""How the model writes the customer's line: continuing an authored line, or freely.

A tiny model (the embedded SmolLM2-135M, or anything under a billion parameters) keeps to the
director's intent only when it continues the first words of an authored line. A capable model
(a local or served model of a billion parameters or more, by its name, or a server whose
model's size is not in its name) writes the line
itself from the persona, the mood, the intent, the facts it may use and the trainee's last
words, with the authored line only as an example. Either way the guard checks the line.

`LAGOM_CUSTOMER_MODE` (setting `customer_mode`): `auto` (default), `continue` or `free`.
"""

from __future__ import annotations

import re
from typing import Literal

from simulator.backends.base import CustomerBackend

Mode = Literal["continue", "free"]

MODES = ("auto", "continue", "free")
"""The values the setting takes."""

CAPABLE_PARAMETERS = 1e9
"""A local model of at least this many parameters writes freely in `auto` mode."""

SIZE_IN_NAME = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([bm])(?![a-z])", re.I)
"""A size in a model's name: "Qwen2.5-1.5B-Instruct", "gemma-3-270m", "llama3.1:8b"."""


def parameters_from_name(model_id: str) -> float | None:
    """The parameter count a model's name states, if any (the largest size named)."""
    sizes = [
        float(n) * (1e9 if unit.lower() == "b" else 1e6)
        for n, unit in SIZE_IN_NAME.findall(model_id.replace("_", "-"))
    ]
    return max(sizes) if sizes else None


def writing_mode(backend: CustomerBackend, setting: str | None = None) -> Mode:
    """The mode for this backend: the setting when it names one, else chosen by backend and
    model size (`auto`)."""
    if setting is None:
        setting = getattr(backend, "customer_mode", None) or _configured()
    chosen = (setting or "auto").strip().lower()
    if chosen in ("continue", "free"):
        return chosen  # type: ignore[return-value]
    size = getattr(backend, "parameter_count", None)
    count = size() if callable(size) else parameters_from_name(backend.model_id or "")
    if count is None:
        return "free" if backend.name == "openai" else "continue"  # servers run big models
    return "free" if count >= CAPABLE_PARAMETERS else "continue"


def _configured() -> str | None:
    """LAGOM_CUSTOMER_MODE, through the settings module (the one reader of LAGOM_*)."""
    try:
        from simulator.settings import environment_value

        value = environment_value("customer_mode")
    except (ImportError, ValueError, KeyError):  # SettingsError is a ValueError
        return None
    return str(value) if value else None
