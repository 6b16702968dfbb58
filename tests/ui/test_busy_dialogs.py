"""A dialog whose work is under way stays open until it is done: Escape or the close button
would drop what the work says when it finishes, though the work itself goes through."""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OPERATOR, PASSWORD, main_window
from ui.preferences import Preferences
from ui.session import Session

WAIT_MS = 15_000
NEW_PASSWORD = "Lis0vyi-Shlyakh-77"


def _hold_the_db_lane(session: Session) -> threading.Event:
    """The db lane busy (the daily backup, say) until the event is set."""
    gate = threading.Event()
    session.db.run(lambda: gate.wait(WAIT_MS / 1000))
    return gate


def _deleted_later() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_escape_while_settings_are_saved_keeps_the_dialog_until_the_window_has_them(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    with main_window(qtbot, session, profile_root) as window:
        gate = _hold_the_db_lane(session)
        dialog = window.open_settings()
        qtbot.waitExposed(dialog)
        dialog.point_kind.setCurrentIndex(dialog.point_kind.findData("van"))
        dialog.point_name.setText("Маршрут 3")
        qtbot.keyClick(dialog.point_name, Qt.Key.Key_Return)  # Save: waits for the lane
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()  # (the title bar's close button, too)
        _deleted_later()
        assert shiboken6.isValid(dialog) and dialog.isVisible()

        with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
            gate.set()
        assert session.service_point.kind == "van"
        assert session.service_point.name == "Маршрут 3"
        assert Preferences.load(session.reader).service_point == session.service_point
        assert "Маршрут 3" in window.where.text()


def test_escape_while_the_password_is_changed_keeps_the_dialog_and_says_it_is_changed(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    with main_window(qtbot, session, profile_root) as window:
        gate = _hold_the_db_lane(session)
        dialog = window.service_menu.change_password()
        qtbot.waitExposed(dialog)
        dialog.current.setText(PASSWORD)
        dialog.new.setText(NEW_PASSWORD)
        dialog.again.setText(NEW_PASSWORD)
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        _deleted_later()
        assert shiboken6.isValid(dialog) and dialog.isVisible()
        assert not dialog.cancel.isEnabled()

        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            gate.set()
        assert session.reader.operators.verify(OPERATOR, NEW_PASSWORD).ok
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == "Ваш пароль змінено.", timeout=WAIT_MS
        )
