"""Signing in checks the password offline; the screen locks when left alone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.ui.conftest import OPERATOR, PASSWORD
from tests.ui.keyboard import type_text
from ui.login import IdleLock, LockScreen, LoginDialog
from ui.session import Session


def test_sign_in_rejects_a_wrong_password_and_accepts_the_right_one(
    qtbot: QtBot, profile_root: Path
) -> None:
    with Profile.open(profile_root) as profile:
        dialog = LoginDialog(profile.operators, profile.workstation)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.login.currentText() == OPERATOR  # the workstation's operators are offered

        type_text(dialog.password, "wrong password")
        qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.isVisible()
        assert "Неправильний логін або пароль" in dialog.error.text()
        assert dialog.password.text() == ""

        type_text(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.operator == OPERATOR


def test_the_sign_in_says_once_when_it_is_first_on_screen(qtbot: QtBot, profile_root: Path) -> None:
    """Start-up loads the main window while the password is typed, once the sign-in shows."""
    with Profile.open(profile_root) as profile:
        dialog = LoginDialog(profile.operators, profile.workstation)
        qtbot.addWidget(dialog)
        painted: list[bool] = []
        dialog.first_painted.connect(lambda: painted.append(dialog.isVisible()))
        with qtbot.waitSignal(dialog.first_painted):
            dialog.show()
        dialog.repaint()
        type_text(dialog.password, "abc")
        qtbot.wait(20)
        assert painted == [True]


def test_idle_lock_engages_and_only_the_operators_password_unlocks(
    qtbot: QtBot, session: Session
) -> None:
    lock = IdleLock(minutes=0.5 / 60)  # half a second
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.check)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(lock.idle, timeout=5000):
        pass
    screen.show()
    assert "Олена Петренко" in screen.who.text()

    type_text(screen.password, "not the password")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert screen.error.text() == "Неправильний пароль."
    with qtbot.waitSignal(screen.unlocked, timeout=1000):
        type_text(screen.password, PASSWORD)
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    lock.remove()


def test_activity_keeps_the_screen_unlocked(qtbot: QtBot, session: Session) -> None:
    lock = IdleLock(minutes=1 / 60)  # one second
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.check)
    qtbot.addWidget(screen)
    screen.show()
    fired: list[bool] = []
    lock.idle.connect(lambda: fired.append(True))
    for _ in range(8):  # typing for 1.6 s, more than the idle time
        qtbot.wait(200)
        qtbot.keyClick(screen.password, Qt.Key.Key_A)
    assert not fired
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)  # then the worker walks away
    lock.remove()
