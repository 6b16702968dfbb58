"""Passwords tried for logins that are not, or no longer, an active operator's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OPERATOR, PASSWORD
from tests.ui.keyboard import type_text
from ui.login import LockScreen, LoginDialog
from ui.session import Session

TYPED_IN_THE_LOGIN_BOX = "kvitka-sonce-77"  # her password, typed where the login goes


def _access_log(session: Session) -> list[tuple[str, str]]:
    rows = session.reader.db.execute("SELECT operator, action FROM audit").fetchall()
    return [(str(who), str(action)) for who, action in rows]


def test_a_password_typed_into_the_login_box_is_written_nowhere(
    qtbot: QtBot, session: Session
) -> None:
    """(an unknown "login" was written into the access log and the failure count as typed:
    a password typed into the login box, kept in plain text in every backup)"""
    dialog = LoginDialog(session.reader.operators)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setCurrentText(TYPED_IN_THE_LOGIN_BOX)
    type_text(dialog.password, "anything")
    dialog.try_sign_in()
    assert dialog.error.text()  # (said as any wrong login or password is)
    assert all(TYPED_IN_THE_LOGIN_BOX not in who for who, _action in _access_log(session))
    keys = session.reader.db.execute("SELECT key FROM meta").fetchall()
    assert all(TYPED_IN_THE_LOGIN_BOX not in str(key) for (key,) in keys)


def test_an_operator_deactivated_while_signed_in_is_told_so_at_her_lock_screen(
    qtbot: QtBot, session: Session
) -> None:
    """(her own right password was "wrong", then she was made to wait longer and longer,
    and the access log read as if someone guessed her password)"""
    operators = session.profile.operators
    operators.add("petro", "зелений чай о сьомій", "Петро Коваль")
    operators.deactivate(OPERATOR, by="petro")
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    qtbot.addWidget(screen)
    screen.show()
    for _try in range(5):
        type_text(screen.password, PASSWORD)
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        assert "деактивовано" in screen.error.text()
    assert screen.password.isEnabled()  # (no wait)
    assert ("olena", "sign_in_failed") not in _access_log(session)
