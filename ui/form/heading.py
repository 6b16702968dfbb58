"""The form's heading: which application, on one line however narrow the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.widgets import ElidedLabel


class Heading(ElidedLabel):
    """The form's heading, always one line: "Application № ZT01-2026-00024 · Draft ·
    revision 2". Short of room it drops "Application №" first, then the status and
    revision from the right, then the number's beginning (its last digits stay). The
    whole text is in its tooltip whenever less of it is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefix = ""  # what goes first when room is short ("Application № ")

    def set_heading(self, text: str, prefix: str = "") -> None:
        self._prefix = prefix if prefix and text.startswith(prefix) else ""
        self.setText(text)

    def elided(self) -> str:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        text = self.text()
        if metrics.horizontalAdvance(text) <= room or not self._prefix:
            return super().elided()
        shorter = text.removeprefix(self._prefix)
        number = shorter.split(" ")[0]
        if metrics.horizontalAdvance(number) <= room:
            return metrics.elidedText(shorter, Qt.TextElideMode.ElideRight, room)
        return metrics.elidedText(number, Qt.TextElideMode.ElideLeft, room)
