"""What a screen reader and the keyboard get: names for fields, Tab to every button."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from tests.factories import application
from tests.ui.conftest import OPERATOR, main_window
from ui.application_card import ApplicationCard
from ui.auto_backup import DailyBackupDialog
from ui.backup_dialog import BackupDialog
from ui.login import LockScreen
from ui.restore import RestoreDialog
from ui.session import Session

WAIT_MS = 10_000
UKRAINIAN = re.compile("[а-яіїєґ]", re.IGNORECASE)


def _saved(qtbot: QtBot, session: Session) -> str:
    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(application(), OPERATOR)))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return str(saved[0].application.id)


def _named_in_ukrainian(widget: QWidget) -> str:
    name = widget.accessibleName()
    assert name and UKRAINIAN.search(name), (widget, name)
    return name


def _labelled(widget: QWidget) -> str:
    """The text of the label whose buddy ``widget`` is."""
    labels = [w for w in widget.window().findChildren(QLabel) if w.buddy() is widget]
    assert labels, widget
    text = labels[0].text()
    assert UKRAINIAN.search(text), text
    return text


def test_a_screen_reader_can_name_every_field_without_a_label_on_screen(
    qtbot: QtBot, session: Session, profile_root: Path, tmp_path: Path
) -> None:
    """(the lock screen's password, the journal's search and table, the card's history and
    the backup dialogs' file fields were said as just "edit" or "table")"""
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    qtbot.addWidget(screen)
    assert _named_in_ukrainian(screen.password) == "Пароль"

    card = ApplicationCard(session, _saved(qtbot, session))
    qtbot.addWidget(card)
    assert _named_in_ukrainian(card.history) == "Історія"

    with main_window(qtbot, session, profile_root) as window:
        journal = window.journal
        _named_in_ukrainian(journal.search)
        _named_in_ukrainian(journal.table)

        backup = BackupDialog(session, tmp_path / "today.fdbackup", window)
        daily = DailyBackupDialog(session, window)
        restore = RestoreDialog(language="uk", suggested=tmp_path / "restored", parent=window)
        fields = [backup.file, daily.folder, restore.source, restore.folder]
        for field in fields:
            name = _named_in_ukrainian(field.edit)
            assert _labelled(field.edit).rstrip(":") == name
        for dialog in (backup, daily, restore):
            dialog.reject()


def _returned(qtbot: QtBot, session: Session) -> str:
    """Saved, sent, then returned for correction by the back office (as sync records it)."""
    profile = session.profile
    saved: list[str] = []

    def work() -> None:
        app = profile.applications.save(application(), OPERATOR).application
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE application_id = ?", (app.id,))
            profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
        saved.append(app.id)

    session.db.run(work)  # the db lane owns the profile
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return saved[0]


def _tab_stops(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    """Where focus is after each Tab from ``start``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    return stops


def test_tab_reaches_close_on_the_card_of_a_returned_application(
    qtbot: QtBot, session: Session
) -> None:
    """(Tab went round the reason, «Виправити», «Друкувати» and «PDF», never to «Закрити»;
    the reason took focus without showing it)"""
    card = ApplicationCard(session, _returned(qtbot, session))
    qtbot.addWidget(card)
    card.show()
    card.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is card, timeout=WAIT_MS)
    assert card.correct_button is not None
    buttons = card.findChild(QDialogButtonBox)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    stops = _tab_stops(qtbot, card.correct_button, 6)
    assert close in stops
    assert all(isinstance(stop, QPushButton) for stop in stops), stops  # (not the reason)


def test_the_lock_screens_flat_buttons_show_when_they_have_focus(
    qtbot: QtBot, session: Session
) -> None:
    """(«Увійти як інший працівник» and «Закрити FrontDesk» looked the same with focus)"""
    window = QWidget()
    qtbot.addWidget(window)
    screen = LockScreen(OPERATOR, session.operator_name, session.reader.operators.attempt)
    QVBoxLayout(window).addWidget(screen)
    window.resize(900, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    for button in (screen.another_button, screen.close_button):
        screen.password.setFocus()
        qtbot.waitUntil(lambda: screen.password.hasFocus(), timeout=WAIT_MS)
        unfocused = button.grab().toImage()
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus, timeout=WAIT_MS)
        focused = button.grab().toImage()
        assert focused != unfocused, button.text()
