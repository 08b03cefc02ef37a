"""ChatML prompts for a server's plain completions endpoint, so a small model can continue a line.

A chat-completions request always starts a new assistant turn, so a server cannot be asked to
go on from the first words of an authored customer line that way. llama.cpp's server also has
`/v1/completions`, which takes the prompt as text: written in ChatML (the template of the
embedded SmolLM2 and many small instruct models), its last assistant message can be left open
for the model to finish. Message text never carries ChatML markers of its own: a trainee who
types `<|im_end|>` cannot end a message or speak as the system.
"""

from __future__ import annotations

import re

from simulator.backends.base import ChatMessage

START, END = "<|im_start|>", "<|im_end|>"
"""ChatML's message markers."""

MARKER = re.compile(r"<\|[a-z_]+\|>", re.I)
"""A special-token marker typed inside a message (`<|im_start|>`, `<|endoftext|>`)."""

STOPS = (END, START)
"""Where a completion ends: the end of the assistant's message, or a new one begun."""


def defused(text: str) -> str:
    """`text` with special-token markers made plain (`<|im_end|>` -> `< |im_end| >`)."""
    return MARKER.sub(lambda m: "< " + m.group(0)[1:-1] + " >", text)


def chatml_prompt(messages: list[ChatMessage], *, open_end: bool = True) -> str:
    """The messages as one ChatML text.

    `open_end`: ready for the model to write: a last assistant message is left open so the
    model continues it, else a new assistant message is begun. Without it (a prefill), the
    text ends after the last message, so it is the exact start of the next prompt.
    """
    parts = [f"{START}{m['role']}\n{defused(m['content'])}{END}\n" for m in messages]
    if open_end and messages and messages[-1]["role"] == "assistant":
        parts[-1] = parts[-1][: -len(END) - 1]  # go on from the begun line
    elif open_end:
        parts.append(f"{START}assistant\n")
    return "".join(parts)
