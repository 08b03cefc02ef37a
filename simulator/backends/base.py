"""The one interface every customer backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import ClassVar, TypedDict

from pydantic import BaseModel, ConfigDict, Field


class ChatMessage(TypedDict):
    """One chat message in the OpenAI shape."""

    role: str
    content: str


ProgressCallback = Callable[[str, float | None], None]
"""Called with a status text and a fraction done (None when unknown) during slow work."""


class GenerationOptions(BaseModel):
    """Sampling options for one customer line."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    max_new_tokens: int = Field(default=60, ge=1, le=1024)
    """Upper bound on the tokens of one customer line."""
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    """Sampling temperature; 0 means greedy (the 135M model loops when greedy)."""
    top_p: float = Field(default=0.9, gt=0.0, le=1.0)
    """Nucleus sampling mass."""
    repetition_penalty: float = Field(default=1.15, ge=1.0, le=2.0)
    """Penalty on repeated tokens (keeps small models from looping)."""
    seed: int | None = None
    """Seed for reproducible sampling."""
    stop: list[str] = Field(default_factory=lambda: ["\n\n", "Agent:", "Customer:"])
    """Strings that end the line early."""


class BackendError(Exception):
    """A backend failed in a way the user can understand and act on (message is shown as-is)."""


class UnknownBackendError(BackendError):
    """No backend is registered under the requested name."""


class CustomerBackend(ABC):
    """Writes customer lines from chat messages, streaming text chunks."""

    name: ClassVar[str]
    """Registry name: `transformers`, `openai` or `scripted`."""
    generates: ClassVar[bool] = True
    """False for a backend that writes nothing itself (authored lines only)."""
    continues_lines: ClassVar[bool] = False
    """True when `stream` continues a last `assistant` message instead of starting anew
    (the realizer then begins the line with the authored line's first words)."""

    model_id: str = ""
    """What model this backend runs, for the UI and session records."""

    def warm_up(self, progress: ProgressCallback | None = None) -> None:  # noqa: B027
        """Load weights or check the server so the first turn is fast; may be slow."""

    def writes(self, language: str) -> bool:
        """Whether this backend's model can write customer lines in `language` (a code).

        False makes the realizer use authored lines for that language. Default: any.
        """
        return True

    def prefill(self, messages: list[ChatMessage]) -> None:  # noqa: B027
        """Compute ahead what the next `stream` call will start with, while the trainee types.

        `messages` is the stable start of the next prompt (everything up to the customer's
        last line); a backend that can, keeps its KV cache for them so the next `stream`
        only computes the new message, the stage direction and the generation prompt. Never
        changes what `stream` writes. Default: nothing (servers keep their own caches).
        """

    @abstractmethod
    def stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the next customer line as text chunks; raise BackendError on failure.

        A backend may yield "" while it waits (a quiet server), so the caller can check
        for a cancel at any moment; closing the generator must stop the work promptly.
        """

    def last_stats(self) -> dict[str, float]:
        """Figures of the last `stream` call (empty before the first).

        Keys: `first_token_s`, `tokens`, `tokens_per_s`, `prompt_tokens`,
        `prompt_tokens_computed` (prompt tokens not served from a reused KV cache).
        """
        return {}

    def close(self) -> None:  # noqa: B027
        """Release models, threads and connections."""
