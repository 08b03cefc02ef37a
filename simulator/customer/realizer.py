"""The realizer: says what the director decided, through the backend, checked by the guard.

A backend that generates streams the line while the guard checks the partial text; a line
the guard rejects is replaced by the authored line (`CustomerReplaced`). A line that runs
past the word limit or into a stage direction is stopped there and, when its complete
sentences pass the guard, cut back to them (`CustomerReplaced` with the model's own shorter
text, source `model`); so is a line that stops mid-sentence (else it is rejected as
unfinished). A backend that can continue a begun line (`continues_lines`) gets the authored
line's first words to go on from: a tiny model keeps to the director's intent far better that
way, and a line it spoils is replaced by one that starts the same. A backend that writes
nothing (`generates == False`) or fails mid-line gives way to the authored line, streamed
word by word like a model's (`LAGOM_TYPING_DELAY` seconds between words).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, replace

from simulator.backends.base import BackendError, ChatMessage, CustomerBackend, GenerationOptions
from simulator.customer.guard import GuardContext, check_line, check_partial
from simulator.customer.mode import writing_mode
from simulator.events import BackendFailed, CustomerChunk, CustomerReplaced, SessionEvent
from simulator.records import Timings
from simulator.settings import SettingsError, environment_value

TOKENS_PER_WORD = 2
"""Generous token budget per allowed word (Polish and Swedish words take more tokens)."""

PARAPHRASE_SLACK = 1.25
"""A paraphrase of the authored line may run this many times its length (plus a few words)."""

TRIMMABLE = ("too long", "stage direction")
"""Rejections that only concern what came after the line's first full sentences: those are
kept when they pass the guard on their own."""

LINE_STOPS = ("\n",)
"""A customer line is one line: a newline ends it (small models go on as someone else)."""

START_SHARE = 3
"""A continuing backend is handed the first third of the authored line's words ..."""

START_MAX_WORDS = 6
"""... but at most this many, so the model writes most of the line itself."""

CONTINUE_TEMPERATURE = 0.4
"""Sampling temperature when continuing the authored start (a tiny model drifts at 0.7)."""

FREE_MAX_SENTENCES = 2
"""A freely writing model may say up to this many sentences (or the authored line's count)."""

UNFINISHED = "unfinished sentence"
"""The rejection when a line stops mid-sentence and no full sentence is left to keep."""

SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
"""A line that ends here ends a sentence."""

Speech = Generator[SessionEvent, None, "Line | None"]
"""A realizer stream: events while speaking, then the finished line (None when cancelled)."""


@dataclass(frozen=True)
class Line:
    """A finished customer line and where it came from."""

    text: str
    """What the customer said."""
    source: str
    """`model` or `script`."""
    rejection: str | None
    """Why the model's line was not used, if it was not."""
    timings: Timings
    """Time to first text, total time, tokens."""


def _seconds(name: str) -> float:
    """A seconds setting read from its LAGOM_* variable (0 when unset or unreadable)."""
    try:
        return float(environment_value(name) or 0.0)
    except SettingsError:
        return 0.0


def typing_delay() -> float:
    """Seconds per word for authored lines, from LAGOM_TYPING_DELAY (default 0)."""
    return _seconds("typing_delay")


def model_wait() -> float:
    """Seconds to wait for the model's first words, from LAGOM_MODEL_WAIT (0 = no limit)."""
    return _seconds("model_wait_s")


MODEL_SLOW = "the model was too slow"
"""The rejection when the model's first words did not come within LAGOM_MODEL_WAIT: the
authored line (or its rest, after the authored start) is said instead."""

MODEL_RESTING = "the model was busy"
"""The rejection of a line said without asking the model, which was too slow just before."""

REST_LINES = (1, 2, 4)
"""Lines said without the model after the 1st, 2nd and 3rd (or later) too-slow answer in a
row: a busy shared model gets fewer requests until it catches up, instead of a queue of
requests nobody waits for."""


def words_of(text: str) -> list[str]:
    """Split a line into chunks of one word each, keeping the spaces."""
    return re.findall(r"\s*\S+\s*", text) or [text]


TRIMMED = "cut to the last full sentence"
"""The CustomerReplaced reason when a model line ran long and its complete sentences are kept."""


SENTENCE_ENDS = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")
"""Where a sentence ends: end marks, closing quotes, then a space or the end."""


def last_full_sentences(text: str, min_words: int = 3) -> str | None:
    """The text up to its last sentence end, if that leaves at least `min_words` words."""
    ends = [m.end() for m in SENTENCE_ENDS.finditer(text)]
    if not ends:
        return None
    kept = text[: ends[-1]].strip()
    return kept if len(kept.split()) >= min_words else None


def sentence_count(text: str) -> int:
    """How many sentences a text holds (a text without an end mark counts as one)."""
    return max(1, len(SENTENCE_ENDS.findall(text.strip())))


def line_words(max_words: int, authored: str) -> int:
    """How many words the model's line may take: a bit more than the authored line."""
    return max(4, min(max_words, round(len(authored.split()) * PARAPHRASE_SLACK) + 3))


def opening_words(authored: str) -> str:
    """The first words of the authored line, which the model is asked to continue.

    A start that ends a sentence ("I've told you this already.") takes a few words of the
    next one too, so the model goes on with the content, not with whatever it likes.
    """
    words = authored.split()
    count = max(1, min(START_MAX_WORDS, -(-len(words) // START_SHARE)))
    ends = [i + 1 for i, word in enumerate(words) if SENTENCE_END.search(word)]
    if ends and ends[0] <= count + 2 and ends[0] < len(words) - 1:
        count = min(len(words) - 1, max(count, ends[0] + START_SHARE - 1))
    return " ".join(words[:count])


def clean(text: str) -> str:
    """Trim whitespace, quotes a model wraps its line in, and a stray closing quote."""
    text = text.strip()
    if len(text) > 1 and text[0] in "\"'“" and text[-1] in "\"'”":
        text = text[1:-1].strip()
    if text.endswith(('"', "”")) and (text.count('"') + text.count("“") + text.count("”")) % 2:
        text = text[:-1].rstrip()  # a quote closed that was never opened (the direction's)
    return text


class Realizer:
    """Turns a prompt and an authored fallback into a streamed, guarded customer line."""

    def __init__(self, backend: CustomerBackend, options: GenerationOptions | None = None) -> None:
        """Use `backend` with `options` (max tokens are capped by each line's word limit)."""
        self.backend = backend
        self.options = options or GenerationOptions()
        self.delay = typing_delay()
        self.wait = model_wait()
        self._slow_in_a_row = 0
        self._resting = 0

    @property
    def resting(self) -> bool:
        """True while the model is left alone after a too-slow answer (no prefill either)."""
        return self._resting > 0

    @property
    def free(self) -> bool:
        """True when the model writes lines itself (capable-model mode, see `mode.py`)."""
        return self.backend.generates and writing_mode(self.backend) == "free"

    def recite(
        self, authored: str, cancel: threading.Event, rejection: str | None = None
    ) -> Speech:
        """Stream an authored line word by word."""
        started = time.perf_counter()
        first = None
        for word in words_of(authored):
            if cancel.is_set():
                return None
            if self.delay and first is not None:
                time.sleep(self.delay)
            first = first if first is not None else time.perf_counter() - started
            yield CustomerChunk(word)
        timings = Timings(first_token_s=first, total_s=time.perf_counter() - started)
        return Line(authored, "script", rejection, timings)

    def speak(
        self,
        messages: list[ChatMessage],
        authored: str,
        guard: GuardContext,
        cancel: threading.Event,
        seed: int | None = None,
    ) -> Speech:
        """Stream the model's line, checked by the guard; fall back to `authored` when needed."""
        if not self.backend.generates:
            return (yield from self.recite(authored, cancel))
        if not self.backend.writes(guard.language):
            reason = f"the model does not write {guard.language}"
            return (yield from self.recite(authored, cancel, rejection=reason))
        if self._resting:
            self._resting -= 1
            return (yield from self.recite(authored, cancel, rejection=MODEL_RESTING))
        started = time.perf_counter()
        shown: list[str] = []
        first: float | None = None
        reason: str | None = None
        options = self._options(guard.max_words, authored, seed)
        start = ""
        free = self.free
        if free:
            guard = replace(guard, free=True)
        elif self.backend.continues_lines:
            # The line starts as the authored one does; the model says the rest its own way.
            # The start is the director's own words, so it shows at once: the line and its
            # fallback both begin with it.
            start = opening_words(authored)
            messages = [*messages, ChatMessage(role="assistant", content=start)]
            shown.append(start)
            guard = replace(guard, start=start)
            options = options.model_copy(
                update={"temperature": min(options.temperature, CONTINUE_TEMPERATURE)}
            )
            first = time.perf_counter() - started
            yield CustomerChunk(start)
        waiting_since = time.perf_counter()
        # A small model drifts once it runs past what the authored line says: it may say
        # as many sentences as the authored line has, and the start of one more is cut off.
        sentences = sentence_count(authored)
        if free:
            sentences = max(sentences, FREE_MAX_SENTENCES)
        try:
            with closing(self._guarded(messages, guard, options, shown)) as chunks:
                for chunk, reason in chunks:
                    if cancel.is_set():
                        return None
                    if reason:
                        break
                    if not chunk:  # the backend is waiting: a chance to cancel or give up
                        if waiting_since and self._too_slow(waiting_since):
                            reason = MODEL_SLOW
                            break
                        continue
                    waiting_since, self._slow_in_a_row = 0.0, 0
                    if first is None:
                        first = time.perf_counter() - started
                    yield CustomerChunk(chunk)
                    if len(SENTENCE_ENDS.findall("".join(shown))) >= sentences:
                        break
        except BackendError as exc:
            yield BackendFailed(str(exc))
            said = shown if first is not None else []
            return (yield from self._fallback(authored, said, f"backend failed: {exc}", cancel))
        if reason == MODEL_SLOW:
            self._slow_in_a_row += 1
            self._resting = REST_LINES[min(self._slow_in_a_row, len(REST_LINES)) - 1]
            return (yield from self._rest_of(authored, start, shown, (started, first), cancel))
        text = clean("".join(shown))
        if reason is None and start and text == start:
            reason = "empty"  # the model added nothing to the authored start
        cut_off = reason is None and not SENTENCE_END.search(text)
        if cut_off or (reason and reason.startswith(TRIMMABLE)):
            trimmed = last_full_sentences(text)
            if trimmed and check_line(trimmed, guard) is None:
                yield CustomerReplaced(trimmed, TRIMMED)
                return Line(trimmed, "model", None, self._timings(started, first))
            reason = reason or UNFINISHED
        reason = reason or check_line(text, guard)
        if reason:
            yield CustomerReplaced(authored, reason)
            timings = Timings(first_token_s=first, total_s=time.perf_counter() - started)
            return Line(authored, "script", reason, timings)
        return Line(text, "model", None, self._timings(started, first))

    def _guarded(
        self,
        messages: list[ChatMessage],
        guard: GuardContext,
        options: GenerationOptions,
        shown: list[str],
    ) -> Iterator[tuple[str, str | None]]:
        """Yield (chunk, reason) pairs; a reason means the partial line was rejected."""
        stream = self.backend.stream(messages, options)
        try:
            for chunk in stream:
                if not chunk:
                    yield chunk, None  # nothing new: lets the caller check for a cancel
                    continue
                reason = check_partial("".join([*shown, chunk]), guard)
                if not reason:
                    shown.append(chunk)
                yield chunk, reason
                if reason:
                    return
        except BackendError:
            raise
        except Exception as exc:  # a model crash must not end the practice session
            raise BackendError(f"the model failed: {type(exc).__name__}: {exc}") from exc
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()

    def _too_slow(self, since: float) -> bool:
        """True when the model has said nothing for longer than LAGOM_MODEL_WAIT."""
        return bool(self.wait) and time.perf_counter() - since > self.wait

    def _rest_of(
        self, authored: str, start: str, shown: list[str],
        clock: tuple[float, float | None], cancel: threading.Event,
    ) -> Speech:
        """The model was too slow: say the authored line, going on from its start if that
        is all that was shown, else replacing what was. `clock`: when the line began, and
        how long its first words took."""
        if start and "".join(shown) == start and authored.startswith(start):
            rest = authored[len(start):]
            if rest.strip() and (yield from self.recite(rest, cancel)) is None:
                return None
            started, first = clock
            timings = Timings(first_token_s=first, total_s=time.perf_counter() - started)
            return Line(authored, "script", MODEL_SLOW, timings)
        return (yield from self._fallback(authored, shown, MODEL_SLOW, cancel))

    def _fallback(
        self, authored: str, shown: list[str], reason: str, cancel: threading.Event
    ) -> Speech:
        """Replace a line already partly shown, or recite the authored line from the start."""
        if shown:
            yield CustomerReplaced(authored, reason)
            return Line(authored, "script", reason, Timings())
        return (yield from self.recite(authored, cancel, rejection=reason))

    def _options(self, max_words: int, authored: str, seed: int | None) -> GenerationOptions:
        """The session's options for one line: a token cap, a turn seed, newline as a stop.

        The cap fits the word limit and the authored line the model rephrases (a little
        longer than it, never past the limit).
        """
        cap = min(self.options.max_new_tokens, line_words(max_words, authored) * TOKENS_PER_WORD)
        seed = self.options.seed if self.options.seed is not None else seed
        stop = [*self.options.stop, *(s for s in LINE_STOPS if s not in self.options.stop)]
        return self.options.model_copy(update={"max_new_tokens": cap, "seed": seed, "stop": stop})

    def _timings(self, started: float, first: float | None) -> Timings:
        """Timings of a model line, with the backend's own figures."""
        stats = self.backend.last_stats()
        tokens = stats.get("tokens")
        computed = stats.get("prompt_tokens_computed")
        return Timings(
            first_token_s=first,
            total_s=time.perf_counter() - started,
            tokens=int(tokens) if tokens is not None else None,
            prompt_tokens_computed=int(computed) if computed is not None else None,
        )
