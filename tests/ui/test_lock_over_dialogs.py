"""A dialog hidden by the screen lock comes back as it was left: what was being typed in it
is not selected (the next key would replace it all), and the caret is where it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PASSWORD, main_window
from ui.main_window import MainWindow
from ui.session import Session

TYPED = "Маршрут 3, біля шко"


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
