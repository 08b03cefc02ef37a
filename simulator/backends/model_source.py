"""Decide what a `--model` value names: a GGUF file, a model directory or a hub id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from simulator.backends.base import BackendError
from simulator.backends.embedded import EMBEDDED_MODEL_ID, embedded_gguf_path

SourceKind = Literal["gguf", "directory", "hub"]


@dataclass(frozen=True)
class ModelSource:
    """Where the weights come from and how to name them for the user."""

    kind: SourceKind
    location: str
    """A file or folder path, or a hub id."""
    model_id: str
    """Shown in the UI and saved with each session."""


def resolve_model(model: str | None) -> ModelSource:
    """Classify `model` (None: the embedded GGUF); raise BackendError for a missing path."""
    if model is None:
        path = embedded_gguf_path()
        return ModelSource("gguf", str(path), EMBEDDED_MODEL_ID)
    path = Path(model).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise BackendError(
                f"{path}: not a .gguf file; pass --model with a .gguf file, "
                "a model directory (config.json + weights) or a hub id"
            )
        return ModelSource("gguf", str(path.resolve()), path.name)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise BackendError(
                f"{path}: no config.json in this folder; pass --model with a model directory "
                "saved by transformers, a .gguf file or a hub id"
            )
        return ModelSource("directory", str(path.resolve()), path.name)
    if _looks_like_path(model):
        raise BackendError(
            f"{path}: no such file or folder; pass --model with an existing .gguf file, "
            "a model directory or a hub id such as HuggingFaceTB/SmolLM2-360M-Instruct"
        )
    return ModelSource("hub", model, model)


def _looks_like_path(model: str) -> bool:
    # A hub id is "name" or "org/name"; anything else that does not exist is a typo'd path.
    return (
        model.lower().endswith(".gguf")
        or model.startswith(("/", ".", "~"))
        or "\\" in model
        or model.count("/") > 1
    )
