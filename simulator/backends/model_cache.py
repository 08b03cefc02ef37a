"""Load model weights and tokenizer; cache a GGUF's de-quantised weights after the first load.

The first load of a GGUF file parses its metadata, converts the tokenizer and de-quantises
the weights (about 20 s for the 135M model on 2 cores). The result is saved with
`save_pretrained` under `cache_dir/<name>-<hash>/`, written to a temporary folder and renamed
so a crash never leaves half a cache; later starts load it in about 2 s.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.backends.base import BackendError, ProgressCallback
from simulator.backends.model_source import ModelSource


@dataclass
class LoadedModel:
    """A model ready to generate, with how it was loaded."""

    model: Any
    tokenizer: Any
    how: str
    """`cache`, `gguf`, `directory` or `hub`."""
    load_s: float


def cache_entry(gguf: Path, cache_dir: Path) -> Path:
    """The cache folder for `gguf`: its name plus a hash of its path, size and mtime."""
    stat = gguf.stat()
    key = f"{gguf.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_dir / f"{gguf.stem}-{digest}"


def load_model(
    source: ModelSource, cache_dir: Path, progress: ProgressCallback | None = None
) -> LoadedModel:
    """Load `source`, using or filling the weights cache for GGUF files."""
    report = progress or (lambda text, fraction: None)
    _quiet_transformers()
    started = time.perf_counter()
    try:
        if source.kind == "gguf":
            model, tokenizer, how = _load_gguf(Path(source.location), cache_dir, report)
        elif source.kind == "directory":
            report(f"Loading {source.model_id}", 0.0)
            model, tokenizer, how = *_from_pretrained(source.location, local_only=True), "directory"
        else:
            model, tokenizer, how = *_load_hub(source.location, report), "hub"
    except BackendError:
        raise
    except (MemoryError, RuntimeError) as error:
        if isinstance(error, MemoryError) or "memory" in str(error).lower():
            raise BackendError(
                f"not enough memory to load {source.location}; close other programs "
                "or choose a smaller model (--model)"
            ) from error
        raise _unreadable(source, error) from error
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _unreadable(source, error) from error
    model.eval()
    report("Model ready", 1.0)
    return LoadedModel(model, tokenizer, how, time.perf_counter() - started)


def _unreadable(source: ModelSource, error: Exception) -> BackendError:
    text = str(error).strip()
    detail = text.splitlines()[0].rstrip(".") if text else type(error).__name__
    what = "a complete GGUF file" if source.kind == "gguf" else "a transformers model"
    return BackendError(
        f"cannot load the model at {source.location}: {detail} — is it {what}? "
        "Download it again or choose another model with --model"
    )


def _load_gguf(gguf: Path, cache_dir: Path, report: ProgressCallback) -> tuple[Any, Any, str]:
    entry = cache_entry(gguf, cache_dir)
    if entry.is_dir():
        report("Loading the cached weights", 0.0)
        try:
            return *_from_pretrained(str(entry), local_only=True, own_cache=True), "cache"
        except (OSError, ValueError) as error:
            # A damaged cache is rebuilt from the GGUF file rather than failing the start.
            report(f"The weights cache is damaged ({error}); rebuilding it", 0.0)
            shutil.rmtree(entry, ignore_errors=True)
    model, tokenizer = _convert_gguf(gguf, report)
    report("Saving the weights cache (later starts take seconds)", 0.85)
    _save_atomically(model, tokenizer, entry)
    return model, tokenizer, "gguf"


def _convert_gguf(gguf: Path, report: ProgressCallback) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    report(f"First start: reading the tokenizer from {gguf.name}", 0.05)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    report("First start: de-quantising the weights", 0.4)
    with _gguf_progress(report, start=0.4, end=0.8):
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    return model, tokenizer


@contextmanager
def _gguf_progress(report: ProgressCallback, start: float, end: float) -> Iterator[None]:
    """Route transformers' per-tensor GGUF progress bar to `report` instead of stderr."""
    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    original = getattr(gguf_utils, "tqdm", None)
    text = "First start: de-quantising the weights"

    def tensors(items: Any, desc: str = "", **_: Any) -> Iterator[Any]:
        total = max(1, len(items))
        for index, item in enumerate(items):
            if index % 16 == 0:
                report(text, start + (end - start) * index / total)
            yield item

    if original is not None:
        gguf_utils.tqdm = tensors
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original


def _save_atomically(model: Any, tokenizer: Any, entry: Path) -> None:
    # Models loaded from GGUF refuse save_pretrained; dropping the quantizer marker works and
    # the reloaded weights are bit-identical (see PERFORMANCE.md).
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    entry.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    try:
        model.save_pretrained(temp)
        tokenizer.save_pretrained(temp)
        os.rename(temp, entry)
    except OSError:
        # Another process may have finished first; a missing cache only costs the next start.
        shutil.rmtree(temp, ignore_errors=True)


def _from_pretrained(location: str, local_only: bool, own_cache: bool = False) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerFast

    # Our own cache always holds a tokenizer.json: the fast class reads it in ~0.2 s where
    # AutoTokenizer's class resolution takes ~1.4 s on this machine (same ids, same template).
    loader = PreTrainedTokenizerFast if own_cache else AutoTokenizer
    tokenizer = loader.from_pretrained(location, local_files_only=local_only)
    model = AutoModelForCausalLM.from_pretrained(
        location, local_files_only=local_only, dtype=torch.float32
    )
    return model, tokenizer


def _load_hub(model_id: str, report: ProgressCallback) -> tuple[Any, Any]:
    report(f"Loading {model_id} from the local Hugging Face cache", 0.0)
    try:
        return _from_pretrained(model_id, local_only=True)
    except OSError as local_error:
        if _offline():
            raise BackendError(
                f"model {model_id!r} is not in the local Hugging Face cache and downloads "
                "are off (HF_HUB_OFFLINE); download it first or pass --model with a local "
                ".gguf file or model directory"
            ) from local_error
    report(f"Downloading {model_id} from the Hugging Face hub", 0.1)
    try:
        return _from_pretrained(model_id, local_only=False)
    except OSError as error:
        raise BackendError(
            f"cannot load model {model_id!r}: it is not in the local Hugging Face cache and "
            f"could not be downloaded ({str(error).splitlines()[0]}); check the name, or pass "
            "--model with a local .gguf file or model directory"
        ) from error


def _offline() -> bool:
    from simulator.settings import SettingsError, environment_value

    try:
        if environment_value("offline"):  # LAGOM_OFFLINE, read by the settings
            return True
    except SettingsError:
        pass
    hub = (os.environ.get("HF_HUB_OFFLINE", ""), os.environ.get("TRANSFORMERS_OFFLINE", ""))
    return any(value.lower() in {"1", "true", "yes", "on"} for value in hub)  # the hub's own


def _quiet_transformers() -> None:
    # Progress bars and warnings on stderr would scribble over the terminal UI.
    from huggingface_hub.utils import logging as hub_logging
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
    hub_logging.set_verbosity_error()
