"""Modal dialogs, each returning a typed result with `dismiss()`."""

from simulator.tui.dialogs.backend_failed import BackendFailedDialog
from simulator.tui.dialogs.flag_line import FlagLineDialog
from simulator.tui.dialogs.note import NoteDialog
from simulator.tui.dialogs.score_override import ScoreOverride, ScoreOverrideDialog

__all__ = [
    "BackendFailedDialog",
    "FlagLineDialog",
    "NoteDialog",
    "ScoreOverride",
    "ScoreOverrideDialog",
]
