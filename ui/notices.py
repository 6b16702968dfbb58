"""Messages to the worker that never block the event loop (``QMessageBox.open``, not ``exec``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def notice(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages may carry data: never markup
    box.setText(text)
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    yes: str,
    on_yes: Callable[[], None],
    *,
    destructive: bool = False,
) -> QMessageBox:
    """A yes/cancel question; ``on_yes`` runs only if the worker agrees. A ``destructive``
    one has Cancel as its default: Enter pressed in passing throws nothing away."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    agree = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else agree)
    box.finished.connect(box.deleteLater)
    box.buttonClicked.connect(lambda button: on_yes() if button is agree else None)
    box.open()
    return box
