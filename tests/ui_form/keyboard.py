"""Typing as a worker does: into the focused widget, Tab to the next field.

``QTest.keyClicks`` only knows ASCII (it asserts on Cyrillic), so letters
outside ASCII are sent as the key events a keyboard driver would deliver:
the key code of the upper-case letter and the typed text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        target = QApplication.focusWidget() if widget.hasFocus() else widget
        target = target or widget
        code = ord(char.upper())
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char)
            )


class Keyboard:
    """Types into whichever widget has the focus, and checks where the focus is."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def at(self, name: str) -> QWidget:
        assert self.focus.objectName() == name, f"focus is on {self.focus.objectName()!r}"
        return self.focus

    def write(self, text: str, widget: QWidget | None = None) -> None:
        type_text(self.qtbot, widget or self.focus, text)

    def type(self, name: str, text: str) -> None:
        """At the field ``name``, type ``text`` and Tab to the next field."""
        self.write(text, self.at(name))
        self.key(Qt.Key.Key_Tab)

    def key(
        self,
        key: Qt.Key,
        widget: QWidget | None = None,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    ) -> None:
        self.qtbot.keyClick(widget or self.focus, key, modifier)
        QApplication.processEvents()  # item views close editors through queued calls
