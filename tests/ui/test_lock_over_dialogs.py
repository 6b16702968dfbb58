"""A dialog hidden by the screen lock comes back as it was left: what was being typed in it
is not selected (the next key would replace it all), and the caret is where it was; one
asked with exec() (a file or printer dialog) ends its question and never comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.factories import application
from tests.ui.conftest import PASSWORD, main_window
from tests.ui.keyboard import type_text
from ui.main_window import MainWindow
from ui.session import Session

TYPED = "Маршрут 3, біля шко"
WAIT_MS = 15_000


def _lock_and_unlock(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen.try_unlock()
    qtbot.waitUntil(lambda: not window.locked)


def test_after_unlocking_typing_in_an_open_dialog_goes_on_where_it_was_left(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    with main_window(qtbot, session, profile_root) as window:
        dialog = window.open_settings()
        qtbot.waitExposed(dialog)
        field = dialog.point_name
        field.setFocus()
        field.setText(TYPED)
        field.setCursorPosition(len("Маршрут 3"))  # (going back to correct the number)

        _lock_and_unlock(qtbot, window)
        qtbot.waitUntil(dialog.isVisible)
        assert field.selectedText() == ""
        assert field.cursorPosition() == len("Маршрут 3")
        qtbot.keyClick(field, Qt.Key.Key_2)
        assert field.text() == "Маршрут 32, біля шко"


def test_after_unlocking_a_selection_made_leftwards_is_as_it_was(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    with main_window(qtbot, session, profile_root) as window:
        dialog = window.open_settings()
        qtbot.waitExposed(dialog)
        field = dialog.point_name
        field.setFocus()
        field.setText(TYPED)
        field.setSelection(len(TYPED), -len("шко"))  # (Shift+Left three times)

        _lock_and_unlock(qtbot, window)
        qtbot.waitUntil(dialog.isVisible)
        assert field.selectedText() == "шко"
        assert field.cursorPosition() == len(TYPED) - len("шко")


def test_a_lock_over_a_file_dialog_ends_its_question_and_keeps_locking_afterwards(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """("Add scans" left open, the worker walks away) unlocking showed the deleted file
    dialog again: an internal error, and the screen never locked again that day."""
    from ui import file_dialogs

    with main_window(qtbot, session, profile_root) as window:
        window.idle_lock.set_minutes(0.5 / 60)  # half a second
        got: list[object] = []
        QTimer.singleShot(
            50, lambda: got.append(file_dialogs.open_file_names(window, "Add scans", "", "*"))
        )
        qtbot.waitUntil(lambda: window.locked, timeout=5000)
        qtbot.waitUntil(lambda: bool(got), timeout=3000)  # the lock ended the question
        type_text(window.lock_screen.password, PASSWORD)
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        assert not window.locked
        qtbot.waitUntil(lambda: window.locked, timeout=5000)  # idle again: locked again


def test_a_lock_over_the_printer_dialog_ends_it_and_unlocking_is_safe(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(unlocking showed the printer dialog again, pointing at a printer already freed:
    the app crashed)"""
    from PySide6.QtWidgets import QDialog

    from ui import receipt

    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    app = saved[0].application
    with main_window(qtbot, session, profile_root) as window:
        window.idle_lock.set_minutes(0.5 / 60)
        printed: list[bool] = []
        QTimer.singleShot(50, lambda: printed.append(receipt.print_receipt(app, session, window)))
        qtbot.waitUntil(lambda: window.locked, timeout=5000)
        qtbot.waitUntil(lambda: bool(printed), timeout=3000)
        type_text(window.lock_screen.password, PASSWORD)
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        qtbot.wait(100)
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
        ]
        assert printed == [False] and not shown  # nothing printed; Print again when back
