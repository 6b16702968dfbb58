"""The main window's status-bar message: shown for a few seconds, in the language on screen.

Who has something to say there gives a :data:`StatusText`: preferably how to
say it (a function, called again when the language is switched while the
message is shown), else the text itself. A worker who has just chosen English
in Settings expects all that is on screen in English, and news (decisions
arrived, a backup written) not taken away before it could be read.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

StatusText = Callable[[], str] | str


def status_text(text: StatusText) -> str:
    return text() if callable(text) else text


class StatusMessage:
    """Says one :data:`StatusText` at a time on ``bar`` for ``ms`` milliseconds."""

    def __init__(self, bar: QStatusBar, ms: int) -> None:
        self._bar = bar
        self._ms = ms
        self._text: StatusText = ""
        self._shown = ""
        self._until = 0.0  # (time.monotonic())

    def show(self, text: StatusText) -> None:
        self._text = text
        self._until = time.monotonic() + self._ms / 1000
        self._shown = status_text(text)
        self._bar.showMessage(self._shown, self._ms)

    def say_again(self) -> None:
        """After a language switch: the message still shown, in the new language, for the
        rest of its time."""
        if not self._shown or self._bar.currentMessage() != self._shown:
            return  # its time is over, or something else is shown now
        left_ms = int((self._until - time.monotonic()) * 1000)
        if left_ms <= 0 or not callable(self._text):
            # A text that cannot be said in the new language is not left in the old one.
            self._text, self._shown = "", ""
            self._bar.clearMessage()
            return
        self._shown = self._text()
        self._bar.showMessage(self._shown, left_ms)
