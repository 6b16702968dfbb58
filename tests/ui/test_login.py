"""Signing in checks the password offline; the screen locks when left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.ui.conftest import OPERATOR, PASSWORD, access_log
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
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
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


def test_back_at_a_window_locked_while_away_the_password_is_what_is_typed_into(
    qtbot: QtBot, session: Session
) -> None:
    """(locked while the window was not active, focus came back to «Розблокувати»: the
    password typed went nowhere and Enter was a try with none)"""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    QVBoxLayout(window).addWidget(screen)
    window.show()
    screen.unlock_button.setFocus()  # where focus was left while the window was inactive
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert screen.password.hasFocus() or window.focusWidget() is screen.password


def test_activity_keeps_the_screen_unlocked(qtbot: QtBot, session: Session) -> None:
    lock = IdleLock(minutes=1 / 60)  # one second
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    qtbot.addWidget(screen)
    screen.show()
    fired: list[bool] = []
    lock.idle.connect(lambda: fired.append(True))
    # Input as the system delivers it: to the window, which hands it to the focused field.
    window = screen.windowHandle()
    for _ in range(8):  # typing for 1.6 s, more than the idle time
        qtbot.wait(200)
        qtbot.keyClick(window, Qt.Key.Key_A)
    assert not fired
    assert screen.password.text() == "a" * 8  # (the keys reached the field)
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)  # then the worker walks away
    lock.remove()


def test_input_in_a_window_opened_after_the_lock_keeps_the_screen_unlocked(
    qtbot: QtBot,
) -> None:
    """A dialog opened later (a scan's preview, a question) is watched as well; and the
    mouse counts as much as the keyboard."""
    lock = IdleLock(minutes=1 / 60)  # one second
    fired: list[bool] = []
    lock.idle.connect(lambda: fired.append(True))
    dialog = QDialog()
    field = QLineEdit(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=5000)
    for step in range(8):  # 1.6 s of work in the dialog
        qtbot.wait(200)
        if step % 2:
            qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_B)
        else:
            qtbot.mouseMove(dialog.windowHandle(), QPoint(10 + step, 10))
    assert not fired
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    lock.remove()
    dialog.close()


def test_a_worker_pressing_only_shortcuts_is_not_locked_out(qtbot: QtBot) -> None:
    """A key that is a shortcut (F8 "next problem", Ctrl+S) goes to its action, never to
    the window: pressed alone, again and again, it is work all the same."""
    lock = IdleLock(minutes=1 / 60)  # one second
    fired: list[bool] = []
    lock.idle.connect(lambda: fired.append(True))
    dialog = QDialog()
    field = QLineEdit(dialog)
    pressed: list[bool] = []
    action = QAction("Next problem", dialog)
    action.setShortcut(QKeySequence(Qt.Key.Key_F8))
    action.triggered.connect(lambda: pressed.append(True))
    dialog.addAction(action)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=5000)
    for _ in range(8):  # 1.6 s of F8 alone
        qtbot.wait(200)
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_F8)
    assert len(pressed) == 8 and field.text() == ""  # (each press went to the action)
    assert not fired
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    lock.remove()
    dialog.close()


def test_an_hour_with_the_lid_closed_counts_as_an_hour_idle(qtbot: QtBot, monkeypatch: Any) -> None:
    """The idle time is counted on a clock that runs while the laptop sleeps: Linux's
    monotonic clock stops then, and a laptop reopened after an hour showed the form for
    another ten minutes. (Suspend is played by the clock leaping an hour.)"""
    import time

    import ui.login

    if hasattr(time, "CLOCK_BOOTTIME"):  # (Linux: the clock that counts a suspend)
        boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        assert abs(ui.login._awake_or_asleep() - boot) < 1.0
    now = [1000.0]
    monkeypatch.setattr(ui.login, "_awake_or_asleep", lambda: now[0])
    lock = IdleLock(minutes=10)
    fired: list[bool] = []
    lock.idle.connect(lambda: fired.append(True))
    lock._check()
    assert not fired
    now[0] += 3600  # the lid closed for an hour, opened again
    lock._check()
    assert fired
    lock.remove()


def test_guessing_at_the_lock_screen_waits_longer_and_longer_and_is_in_the_access_log(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(a hundred wrong passwords took four seconds, then the right one went in, and
    nothing was written anywhere)"""
    screen = LockScreen(
        OPERATOR,
        session.operator_name,
        lambda login, password: session.reader.operators.attempt(
            login, password, action="unlocked"
        ),
    )
    qtbot.addWidget(screen)
    screen.show()
    for guess in range(3):  # typos are free
        type_text(screen.password, f"guess {guess}")
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        assert screen.error.text() == "Неправильний пароль."
    type_text(screen.password, "guess 4")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert "Забагато неправильних паролів" in screen.error.text() and "15" in screen.error.text()
    assert not screen.password.isEnabled() and not screen.unlock_button.isEnabled()
    assert session.reader.operators.wait(OPERATOR) > 10
    # Even the right password is not checked before the wait is over.
    attempt = session.reader.operators.attempt(OPERATOR, PASSWORD, action="unlocked")
    assert not attempt.ok and attempt.wait > 10
    log = access_log(profile_root)
    assert log.count((OPERATOR, "sign_in_failed")) == 4


def test_the_wait_is_kept_across_a_restart_and_ends_with_the_right_password(
    profile_root: Path,
) -> None:
    import datetime as dt

    start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    with Profile.open(profile_root) as profile:
        for _ in range(4):
            profile.operators.attempt(OPERATOR, "wrong password", now=start)
    with Profile.open(profile_root) as profile:  # FrontDesk started again
        operators = profile.operators
        assert operators.wait(OPERATOR, start + dt.timedelta(seconds=5)) == 10
        later = start + dt.timedelta(seconds=16)
        assert operators.attempt(OPERATOR, PASSWORD, now=later).ok
        assert operators.wait(OPERATOR, later) == 0  # counted from nothing again
    assert access_log(profile_root)[-1] == (OPERATOR, "signed_in")


def test_another_operator_at_a_locked_screen_can_end_the_work_without_seeing_it(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(only the operator who locked it could; her colleague had to pull the plug)"""
    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        assert window.locked and not window.close()  # the window's X: no
        from ui.login import PANEL_WIDTH

        for button in (window.lock_screen.another_button, window.lock_screen.close_button):
            assert button.sizeHint().width() <= PANEL_WIDTH - 48  # (words cut short at first)
        window.lock_screen.close_button.click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: (OPERATOR, "closed_at_lock") in access_log(profile_root), timeout=5000)
    assert (OPERATOR, "locked") in access_log(profile_root)


def test_the_owner_signing_in_at_the_lock_as_someone_else_unlocks_her_own_window(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    from tests.ui.conftest import main_window

    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "another horse", "Іван Мельник")
    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        dialog = window.sign_in_another()
        assert "ви його не побачите" in dialog.note.text()
        dialog.login.setCurrentText(OPERATOR)  # typed: she is not offered
        type_text(dialog.password, PASSWORD)
        dialog.try_sign_in()
        assert not window.locked and window.isVisible()
    qtbot.waitUntil(lambda: (OPERATOR, "unlocked") in access_log(profile_root), timeout=5000)


def test_a_password_someone_else_set_opens_the_lock_only_once_she_chose_her_own(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """She forgot her password while her work was locked; a colleague set a new one, so
    he knows it: typed at her lock screen it opened her work with nothing more (the
    sign-in and the command line ask her to choose her own first)."""
    from tests.ui.conftest import main_window

    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "another horse", "Іван Мельник")
    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        with Profile.open(profile_root) as profile:
            profile.operators.add(OPERATOR, "temporary pass 7", by="ivan", reset=True)
        type_text(window.lock_screen.password, "temporary pass 7")
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        dialog = window.password_dialog
        assert window.locked and dialog is not None and dialog.isVisible()
        assert "Іван" in dialog.note.text() or "ivan" in dialog.note.text()
        dialog.reject()  # not now: her work stays locked
        assert window.locked
        type_text(window.lock_screen.password, "temporary pass 7")
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        dialog = window.password_dialog
        type_text(dialog.current, "temporary pass 7")
        type_text(dialog.new, "її власний пароль 2026")
        type_text(dialog.again, "її власний пароль 2026")
        dialog.submit()
        qtbot.waitUntil(lambda: not window.locked, timeout=5000)
        assert session.reader.operators.password_set_by(OPERATOR) is None
        window.lock()  # and from the other way in, "sign in as someone else", alike
        with Profile.open(profile_root) as profile:
            profile.operators.add(OPERATOR, "temporary pass 8", by="ivan", reset=True)
        other = window.sign_in_another()
        other.login.setCurrentText(OPERATOR)
        type_text(other.password, "temporary pass 8")
        other.try_sign_in()
        assert window.locked and window.password_dialog is not dialog
        assert window.password_dialog is not None and window.password_dialog.isVisible()


def test_enter_on_an_empty_password_is_no_try_and_a_clock_set_back_locks_no_one_out(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(Enter pressed to wake the screen counted as wrong passwords, up to a 5-minute
    wait; wrong ones "written" by a clock that ran a day ahead kept the right one out
    for that day)"""
    import datetime as dt

    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    qtbot.addWidget(screen)
    screen.show()
    for _ in range(5):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert session.reader.operators.wait(OPERATOR) == 0 and screen.password.isEnabled()
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with Profile.open(profile_root) as profile:
        for _ in range(5):
            profile.operators.attempt(OPERATOR, "wrong password", now=ahead)
        assert profile.operators.attempt(OPERATOR, PASSWORD).ok  # the clock put right


def test_a_wait_for_one_login_does_not_hold_another_operator_at_the_sign_in(
    qtbot: QtBot, profile_root: Path
) -> None:
    with Profile.open(profile_root) as profile:
        profile.operators.add("petro", "another horse", "Петро")
        dialog = LoginDialog(profile.operators)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.login.setCurrentText(OPERATOR)
        for guess in range(4):
            type_text(dialog.password, f"guess {guess}")
            dialog.try_sign_in()
        assert not dialog.password.isEnabled()
        dialog.login.setCurrentText("petro")
        assert dialog.password.isEnabled()
        type_text(dialog.password, "another horse")
        dialog.try_sign_in()
        assert dialog.operator == "petro"


def test_unlocking_while_another_connection_writes_neither_freezes_nor_fails(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(the unlock wrote on the GUI thread: 5 s frozen behind a retention step, then an
    internal error, and the right password did not unlock)"""
    import time

    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        with Profile.open(profile_root) as other, other.db.transaction():
            type_text(window.lock_screen.password, PASSWORD)
            start = time.monotonic()
            qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
            took = time.monotonic() - start
            assert not window.locked and took < 1.0
    qtbot.waitUntil(lambda: (OPERATOR, "unlocked") in access_log(profile_root), timeout=15000)


def test_guessing_at_the_lock_while_the_db_lane_is_busy_still_waits(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(the wrong tries were only queued to be written, and each check read a count of 0:
    ten wrong ones, then the right one went in)"""
    import threading

    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        window.lock()
        release = threading.Event()
        session.db.run(lambda: release.wait(30))  # a backup, a retention step
        try:
            screen = window.lock_screen
            for guess in range(10):
                if screen.password.isEnabled():
                    type_text(screen.password, f"guess {guess}")
                    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
            assert not screen.password.isEnabled()
        finally:
            release.set()


def test_the_lock_screen_shows_its_wait_message_whole(qtbot: QtBot, session: Session) -> None:
    """(in Ukrainian the wait wraps to two lines, and both were cut to the height of one)"""
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    QVBoxLayout(window).addWidget(screen)
    font = QApplication.font()
    font.setPixelSize(18)  # (a larger system font, as at 150 %)
    screen.error.setFont(font)
    window.resize(900, 700)
    window.show()
    screen.show_wait(15)
    qtbot.wait(50)
    error = screen.error
    assert "Забагато неправильних паролів" in error.text()
    needed = error.heightForWidth(error.width())
    assert needed > error.fontMetrics().height()  # (two lines at this width)
    assert error.height() >= needed
    panel = error.parentWidget()
    assert error.geometry().bottom() <= panel.contentsRect().bottom()
    screen.findChild(type(screen._wait))._tick()  # the countdown's next second
    qtbot.wait(50)
    assert error.height() >= error.heightForWidth(error.width())


def test_decisions_that_arrive_while_the_screen_is_locked_are_told_once_unlocked(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """The status bar is hidden at the lock (its messages name the applications), and
    the announcement of decisions had gone by the time the worker was back."""
    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        window.status_message._ms = 300  # (its 15 s gone by while she was away)
        window.lock()
        window.sync_panel.decisionsArrived.emit(lambda: "Надійшли рішення реєстру: 2")
        assert not window.statusBar().isVisible()
        qtbot.wait(600)
        type_text(window.lock_screen.password, PASSWORD)
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        assert not window.locked
        assert window.statusBar().currentMessage() == "Надійшли рішення реєстру: 2"
