"""Small widgets shared by several screens."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #b3261e;"  # what is wrong, next to where it is
ELIDED_MIN_CHARS = 6  # the least an elided label keeps on screen ("Сього…")
TITLE_BAR_ALLOWANCE = 32  # the window manager adds it above a window


def error_label() -> QLabel:
    """A label that says what is wrong, wrapped, in the error colour."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """A comfortable size, but never more than the screen leaves: a 1024×600 netbook with
    a taskbar leaves about 1024×530 for a window and its title bar (nor below the
    window's minimum size)."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width())
        height = min(height, room.height() - TITLE_BAR_ALLOWANCE)
    window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))


def minimum_within_screen(window: QWidget, width: int, height: int) -> None:
    """A minimum size that leaves the window whole on its screen: at 150 % on a 1366×768
    laptop with a taskbar, about 910×470 logical pixels are left, less than a netbook's."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width())
        height = min(height, room.height() - TITLE_BAR_ALLOWANCE)
    window.setMinimumSize(width, height)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it gets less room than its text (a long van
    route on a netbook's screen); the whole text is then in its tooltip. ``text()`` is
    always the whole text."""

    def __init__(self, parent: QWidget | None = None, *, least: int = ELIDED_MIN_CHARS) -> None:
        super().__init__(parent)
        self._least = least  # characters kept on screen, however narrow (about)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance("…") * self._least
        return QSize(width, super().minimumSizeHint().height())

    def elided(self) -> str:
        """What is on screen."""
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment().value),
            self.palette(),
            self.isEnabled(),
            self.elided(),
            self.foregroundRole(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.elided() != self.text() else "")
