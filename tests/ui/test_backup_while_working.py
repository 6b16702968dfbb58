"""A backup is made while the worker goes on: the copy (about 20 s with 300,000
applications) has a lane and a connection of its own, and a save or a journal search
waits for none of it. So has the diagnostics file's database check, which reads every
page."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import ui.backup_dialog
from frontdesk.model import Status
from tests.factories import application
from tests.ui.conftest import OPERATOR
from tests.ui.keyboard import type_text
from ui.backup_dialog import BackupDialog
from ui.session import Session

PASSPHRASE = "довга фраза для копії"
WAIT_MS = 10_000


def test_a_save_made_while_a_backup_is_written_does_not_wait_for_it(
    qtbot: QtBot, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(the backup ran on the db lane: a save pressed just after it began took 18.5 s
    with 300,000 applications, and so did a search)"""
    copying, release = threading.Event(), threading.Event()
    real = ui.backup_dialog.logged_backup

    def slow_copy(*args: Any, **kwargs: Any) -> Any:
        copying.set()
        assert release.wait(WAIT_MS / 1000)  # (a long copy: until the save is done)
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.backup_dialog, "logged_backup", slow_copy)
    target = tmp_path / "stick" / "today.fdbackup"
    dialog = BackupDialog(session, target)
    qtbot.addWidget(dialog)
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    dialog.start()
    qtbot.waitUntil(copying.is_set, timeout=WAIT_MS)

    saved: list[Any] = []
    draft = application()
    draft.status = Status.DRAFT
    session.write(lambda profile: profile.applications.save(draft, OPERATOR), on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=2_000)  # while the copy is still under way
    assert dialog.busy

    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert target.exists()


def test_a_save_made_while_the_diagnostics_file_is_written_does_not_wait_for_it(
    qtbot: QtBot, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frontdesk.diagnostics
    import ui.file_dialogs
    from tests.ui.conftest import main_window

    checking, release = threading.Event(), threading.Event()
    real = frontdesk.diagnostics.write_report

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        checking.set()
        assert release.wait(WAIT_MS / 1000)  # (the database check of a large profile)
        return real(*args, **kwargs)

    monkeypatch.setattr(frontdesk.diagnostics, "write_report", slow_check)
    target = tmp_path / "diagnostics.json"
    monkeypatch.setattr(ui.file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    with main_window(qtbot, session, session.profile_root) as window:
        window.service_menu.diagnostics_action.trigger()
        qtbot.waitUntil(checking.is_set, timeout=WAIT_MS)
        saved: list[Any] = []
        draft = application()
        draft.status = Status.DRAFT
        session.write(
            lambda profile: profile.applications.save(draft, OPERATOR), on_done=saved.append
        )
        qtbot.waitUntil(lambda: bool(saved), timeout=2_000)  # while the check still runs
        release.set()
        qtbot.waitUntil(target.exists, timeout=WAIT_MS)
