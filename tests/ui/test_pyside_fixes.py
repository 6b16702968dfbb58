"""A long session calls Qt from Python all day; None and True must survive it.

PySide6 6.12.0 dropped a reference to None on every void call and to True on
every emit (see ui.pyside_fixes); the work-around pins them when needed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from ui.pyside_fixes import keep_singletons_alive

CALLS = 20_000  # more than True's references in a fresh interpreter


class Chatty(QObject):
    changed = Signal(str)


def test_many_emits_and_calls_leave_true_and_none_alive(qapp: object) -> None:
    keep_singletons_alive()  # what the app does at start (and the ui conftest)
    chatty = Chatty()
    seen: list[str] = []
    chatty.changed.connect(seen.append)
    label = QLabel()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(CALLS):
        chatty.changed.emit("applications")
        label.setText("Очікують надсилання: 3")  # a void method: returns None
    assert len(seen) == CALLS
    # Either this PySide6 keeps the counts, or the pin leaves them far from zero.
    assert sys.getrefcount(True) > min(true_before - 100, 1_000_000)
    assert sys.getrefcount(None) > min(none_before - 100, 1_000_000)
