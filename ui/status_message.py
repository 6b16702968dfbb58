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

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStatusBar

StatusText = Callable[[], str] | str
MARGIN = 6  # around the message, as Qt leaves it
WRAPPED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap


class WrappingStatusBar(QStatusBar):
    """A status bar whose message goes on to a second (third) line when it is longer than
    the window is wide: Qt's own draws one line and cuts the rest off, mid-word, with no
    sign of it; the end of a long message was what to do (on a laptop at 150 %: «…Якщо
    сьогодні ви знову на виїзді, вка»)."""

    def __init__(self) -> None:
        super().__init__()
        self._one_line = 0  # its height with no message, once laid out
        self.messageChanged.connect(lambda _text: self._fit())

    def _text_rect(self) -> QRect:
        return self.rect().adjusted(MARGIN, 0, -MARGIN - 16, 0)  # (16: the size grip)

    def _fit(self) -> None:
        if not self._one_line:
            self._one_line = self.sizeHint().height()
        text = self.currentMessage()
        needed = self._one_line
        if text:
            room = QRect(0, 0, max(1, self._text_rect().width()), 10_000)
            lines = self.fontMetrics().boundingRect(room, WRAPPED, text).height()
            needed = max(needed, lines + 2 * MARGIN)
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # (as many lines as the new width needs)

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.currentMessage()
        if not text:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self._text_rect(), WRAPPED, text)


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
