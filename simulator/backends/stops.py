"""Cut a stream of text chunks at the first stop string, even when it spans chunks."""

from __future__ import annotations


class StopScanner:
    """Feed chunks in; get back the text safe to show and whether a stop string was hit.

    Text that could be the start of a stop string is held back until the next chunk shows
    whether it really is one, so a stop string never leaks out half-written.
    """

    def __init__(self, stops: list[str]) -> None:
        """Scan for `stops` (empty strings are ignored)."""
        self._stops = [stop for stop in stops if stop]
        self._pending = ""
        self.stopped = False

    def feed(self, chunk: str) -> str:
        """Add `chunk`; return the text that can be shown now (empty once stopped)."""
        if self.stopped:
            return ""
        text = self._pending + chunk
        cut = self._first_stop(text)
        if cut is not None:
            self.stopped = True
            self._pending = ""
            return text[:cut]
        keep = self._held_back(text)
        self._pending = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def flush(self) -> str:
        """Return the held-back text at the end of the stream."""
        text, self._pending = self._pending, ""
        return "" if self.stopped else text

    def _first_stop(self, text: str) -> int | None:
        found = [index for stop in self._stops if (index := text.find(stop)) >= 0]
        return min(found) if found else None

    def _held_back(self, text: str) -> int:
        # The longest tail of `text` that is a proper prefix of some stop string.
        longest = 0
        for stop in self._stops:
            for size in range(min(len(stop) - 1, len(text)), longest, -1):
                if text.endswith(stop[:size]):
                    longest = size
                    break
        return longest
