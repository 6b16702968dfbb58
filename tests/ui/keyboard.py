"""The keyboard in tests: typing Cyrillic (QTest.keyClicks asserts on characters outside
Latin-1), and the Alt letters a window offers."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QWidget,
)


def type_text(widget: QWidget, text: str) -> None:
    """Send one key press and release per character, as a keyboard layout would."""
    for char in text:
        key = ord(char.upper()) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def alt_letters(window: QWidget) -> dict[str, list[str]]:
    """The Alt+letter of every visible label and button of ``window`` and of its menus (a
    main window's), by letter."""
    letters: dict[str, list[str]] = {}

    def add(text: str) -> None:
        found = re.search(r"&([^&\s])", text.replace("&&", ""))
        if found:
            letters.setdefault(found.group(1).lower(), []).append(text)

    for widget in window.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLabel) and widget.isVisible():
            if isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.RichText:
                continue  # (markup: "&" there is an entity, not a shortcut)
            add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isVisible():
            add(widget.title())
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            add(action.text())
    return letters
