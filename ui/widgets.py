"""Small widgets shared by several screens."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b3261e;"  # what is wrong, next to where it is
ELIDED_MIN_CHARS = 6  # the least an elided label keeps on screen ("Сього…")
TITLE_BAR_ALLOWANCE = 32  # the window manager adds it above a window


def plain_tooltip(text: str) -> str:
    """``text`` for a tooltip, shown as written: Qt renders a tooltip that looks like
    markup as rich text, and names, services and file names are data (an import, the
    registry's catalogue)."""
    return QtGui.Qt.convertFromPlainText(text) if QtGui.Qt.mightBeRichText(text) else text


def error_label() -> QLabel:
    """A label that says what is wrong, wrapped, in the error colour."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    # Plain text: what is wrong may carry a server's own words (an enrolment refused by
    # whatever answers at the address typed), never to be rendered as markup.
    label.setTextFormat(Qt.TextFormat.PlainText)
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
    route on a netbook's screen); the whole text is then in its tooltip, and — for whoever
    has no mouse to hover with (the keyboard, a touch screen) — in a panel it opens when
    clicked, tapped, or given Enter or Space (it takes the focus by Tab then). ``text()``
    is always the whole text (what a screen reader reads)."""

    def __init__(self, parent: QWidget | None = None, *, least: int = ELIDED_MIN_CHARS) -> None:
        super().__init__(parent)
        self._least = least  # characters kept on screen, however narrow (about)
        self.whole: WholeText | None = None  # the panel, while open

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

    @property
    def shortened(self) -> bool:
        return self.elided() != self.text()

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
        if self.hasFocus():  # (where Tab is: it opens the whole text)
            painter.setPen(self.palette().highlight().color())
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.shortened and event.button() == Qt.MouseButton.LeftButton:
            self.show_whole()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.shortened and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            self.show_whole()
            return
        super().keyPressEvent(event)

    def show_whole(self) -> WholeText:
        """The whole text, wrapped, in a panel under the label (Esc or a click away closes it)."""
        self.whole = WholeText(self.text(), self)
        self.whole.popup(self.mapToGlobal(QPoint(0, self.height())), self)
        return self.whole

    def _update_tooltip(self) -> None:
        shortened = self.shortened
        self.setToolTip(plain_tooltip(self.text()) if shortened else "")
        # Reachable by Tab only while something is cut off (else there is nothing to open).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if shortened else Qt.FocusPolicy.NoFocus)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if shortened else Qt.CursorShape.ArrowCursor
        )


class WholeText(QFrame):
    """A popup with the whole of a shortened text, wrapped to a readable width."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)

    def popup(self, at: QPoint, anchor: QWidget) -> None:
        """Show at ``at`` (global), as wide as ``anchor`` allows within the screen."""
        screen = anchor.screen().availableGeometry()
        width = min(max(anchor.width(), 320), 640, screen.width() - 16)
        self.label.setFixedWidth(width - 20)
        self.adjustSize()
        x = min(max(at.x(), screen.left() + 8), screen.right() - self.width() - 8)
        y = at.y()
        if y + self.height() > screen.bottom():  # (the sync strip is at the bottom: above it)
            y = at.y() - anchor.height() - self.height()
        self.move(x, max(screen.top(), y))
        self.show()
        self.label.setFocus()
