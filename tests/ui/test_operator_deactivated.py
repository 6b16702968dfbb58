"""An operator deactivated while her window is open, or who comes back after it: her work
ends there, and she is told why (not "wrong password")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

import ui.session
from frontdesk.profile import Profile
from tests.ui.conftest import OPERATOR, PASSWORD, main_window
from tests.ui.keyboard import type_text
from ui.login import LoginDialog
from ui.password import ChangePasswordDialog
from ui.session import Session

COLLEAGUE, COLLEAGUE_PASSWORD = "ivan", "зелений чай о сьомій"
DEACTIVATED = "деактивовано"
WAIT_MS = 5_000


def _deactivate_from_the_command_line(profile_root: Path, login: str = OPERATOR) -> None:
    """What ``frontdesk operator deactivate`` does: another connection, another program."""
    with Profile.open(profile_root) as profile:
        if COLLEAGUE not in profile.operators.logins(inactive=True):
            profile.operators.add(COLLEAGUE, COLLEAGUE_PASSWORD, "Іван Мельник")
        profile.operators.deactivate(login, by=COLLEAGUE)


def _sign_in(qtbot: QtBot, profile: Profile) -> LoginDialog:
    """The app's sign-in window on ``profile``, with the deactivated operator's login chosen."""
    dialog = LoginDialog(profile.operators, profile.workstation)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setCurrentText(OPERATOR)
    return dialog


def test_an_open_window_locks_soon_after_its_operator_is_deactivated_and_says_why(
    qtbot: QtBot, session: Session, profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(she kept the window's full access, new applications and a backup of every one
    included, until the idle lock; for good with that turned off, as here)"""
    monkeypatch.setattr(ui.session, "OTHERS_CHECK_MS", 200)  # (15 s in the app)
    session.idle_minutes = 0  # never locked for being left alone
    with main_window(qtbot, session, profile_root) as window:
        qtbot.waitUntil(lambda: window._journal_shown, timeout=WAIT_MS)
        qtbot.wait(500)
        assert not window.locked  # (an active operator's window stays as it is)
        _deactivate_from_the_command_line(profile_root)
        qtbot.waitUntil(lambda: window.locked, timeout=WAIT_MS)
        assert DEACTIVATED in window.lock_screen.error.text()
        assert not window.new_action.isEnabled()

        type_text(window.lock_screen.password, PASSWORD)  # her right password
        window.lock_screen.try_unlock()
        qtbot.wait(300)
        assert window.locked
        assert DEACTIVATED in window.lock_screen.error.text()


def test_the_service_menu_looks_at_once_whether_its_operator_is_still_active(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """Backup (every application, with a passphrase of her choosing) and Restore are in the
    Service menu: opening it locks a deactivated operator's window there and then, the menu
    closed (not after the next regular look)."""
    with main_window(qtbot, session, profile_root) as window:
        qtbot.waitUntil(lambda: window._journal_shown, timeout=WAIT_MS)
        qtbot.wait(300)  # (the window's first look is done)
        _deactivate_from_the_command_line(profile_root)
        menu = window.service_menu
        menu.popup(window.mapToGlobal(QPoint(20, 20)))
        qtbot.waitUntil(lambda: window.locked, timeout=2_000)  # (the regular look: 15 s)
        assert not menu.isVisible()  # (its items worked over the lock screen)
        assert DEACTIVATED in window.lock_screen.error.text()


def test_changing_her_password_a_deactivated_operator_is_told_she_is_deactivated(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(her right current password was said to be wrong)"""
    _deactivate_from_the_command_line(profile_root)
    dialog = ChangePasswordDialog(session.profile.operators, OPERATOR, session.db)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.current, PASSWORD)
    type_text(dialog.new, "Nove-Haslo-2027")
    type_text(dialog.again, "Nove-Haslo-2027")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.current.isEnabled(), timeout=WAIT_MS)
    assert DEACTIVATED in dialog.error.text()
    assert "неправильний" not in dialog.error.text()
    assert dialog.isVisible()  # (nothing changed)


def test_a_deactivated_operator_with_her_right_password_is_told_so_at_the_sign_in(
    qtbot: QtBot, profile_root: Path
) -> None:
    """(a substitute back next month typed her own right password and was told it was
    wrong; the command line and the lock screen both say she is deactivated)"""
    _deactivate_from_the_command_line(profile_root)
    with Profile.open(profile_root) as profile:
        dialog = _sign_in(qtbot, profile)
        type_text(dialog.password, PASSWORD)
        dialog.try_sign_in()
        assert not dialog.operator  # (not signed in)
        assert DEACTIVATED in dialog.error.text()
        assert "Неправильний" not in dialog.error.text()


def test_a_wrong_password_for_a_deactivated_login_tells_nothing_more_than_before(
    qtbot: QtBot, profile_root: Path
) -> None:
    _deactivate_from_the_command_line(profile_root)
    with Profile.open(profile_root) as profile:
        dialog = _sign_in(qtbot, profile)
        type_text(dialog.password, "a guess at hers")
        dialog.try_sign_in()
        wrong = dialog.error.text()
        assert "Неправильний логін або пароль" in wrong and DEACTIVATED not in wrong
        dialog.login.setCurrentText("nobody.here")  # what a login never added is told
        type_text(dialog.password, "a guess at hers")
        dialog.try_sign_in()
        assert dialog.error.text() == wrong


def test_guesses_at_a_deactivated_login_wait_as_any_others(
    qtbot: QtBot, profile_root: Path
) -> None:
    """Told "deactivated" only for her right password, a deactivated login's password
    could be guessed with no wait (its tries were not counted), and the word said when a
    guess was right: wrong ones count, and after three each next try waits."""
    from frontdesk.operators import FREE_TRIES

    _deactivate_from_the_command_line(profile_root)
    with Profile.open(profile_root) as profile:
        dialog = _sign_in(qtbot, profile)
        for guess in range(FREE_TRIES + 1):
            type_text(dialog.password, f"a guess at hers {guess}")
            dialog.try_sign_in()
        assert not dialog.password.isEnabled()  # waiting: no next guess taken now
        assert profile.operators.wait(OPERATOR) > 0
        right = profile.operators.attempt(OPERATOR, PASSWORD)
        assert right.wait > 0 and not right.hers  # (her right one waits too: not checked)


def test_a_deactivated_colleague_signing_in_at_a_locked_window_is_told_so(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """The sign-in over the lock screen says what the sign-in at the start says."""
    _deactivate_from_the_command_line(profile_root, COLLEAGUE)
    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        dialog = window.sign_in_another()
        dialog.login.setCurrentText(COLLEAGUE)
        type_text(dialog.password, COLLEAGUE_PASSWORD)
        dialog.try_sign_in()
        assert DEACTIVATED in dialog.error.text()
        assert window.locked


def test_a_backup_dialog_open_before_she_was_deactivated_writes_nothing(
    qtbot: QtBot, session: Session, profile_root: Path, tmp_path: Path
) -> None:
    """The window's look comes every 15 s: a backup dialog already open wrote a copy of
    every resident's data, with a passphrase of her choosing, in the seconds between."""
    from ui.backup_dialog import BackupDialog

    passphrase = "довга фраза для копії"
    target = tmp_path / "stick" / "today.fdbackup"
    dialog = BackupDialog(session, target)
    qtbot.addWidget(dialog)
    type_text(dialog.passphrase.first, passphrase)
    type_text(dialog.passphrase.second, passphrase)
    _deactivate_from_the_command_line(profile_root)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert not target.exists()
    assert "Ваш обліковий запис на цьому робочому місці деактивовано" in dialog.status.text()
