"""Closing FrontDesk at the lock screen, or handing it over there: what was typed is in the owner's
draft first, the next operator is not shown it, and the owner back first keeps her window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.ui.conftest import OPERATOR, PASSWORD, access_log
from tests.ui.keyboard import type_text
from ui.session import Session


def test_close_at_the_lock_waits_for_the_draft_then_closes_and_a_later_close_waits_again(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(with a draft not yet written, "close" at the lock screen did nothing; and the
    owner's own close later lost her last keystrokes)"""
    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        form = window.form_host.form
        type_text(form.applicant.surname, "Коваленко")
        assert window.form_host.has_unsaved_changes()
        window.lock()
        window.lock_screen.close_button.click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
        assert not window.form_host.has_unsaved_changes()
    with Profile.open(profile_root) as profile:
        [draft] = profile.applications.search()
        assert draft.applicant_name.startswith("Коваленко")


def test_what_is_being_typed_in_a_family_members_cell_is_in_the_draft_closed_at_the_lock(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(a name typed in a household cell, not yet left, was lost when a colleague closed
    FrontDesk at the lock screen: the draft was saved without it)"""
    from PySide6.QtWidgets import QLineEdit

    from tests.ui.conftest import main_window
    from ui.form.household import COLUMNS

    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        form = window.form_host.form
        type_text(form.applicant.surname, "Шевченко")
        form.household.add_member()
        table = form.household.table
        surname = COLUMNS.index("surname")
        table.setCurrentCell(1, surname)
        table.editItem(table.item(1, surname))  # the worker types the member's surname
        viewport = table.viewport()
        [editor] = [e for e in viewport.findChildren(QLineEdit) if e.isVisible()]
        type_text(editor, "Марія")
        window.lock()
        window.lock_screen.close_button.click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    draft = _the_draft(profile_root)
    assert [m.surname for m in draft.household][1:] == ["Марія"]


def test_scans_still_being_stored_when_closing_are_in_the_draft(
    qtbot: QtBot, session: Session, profile_root: Path, tmp_path: Path
) -> None:
    """(closed while two scans were being stored: they were in the database, but the draft
    did not hold them)"""
    from PySide6.QtGui import QImage

    from tests.ui.conftest import main_window

    scans = []
    for i in range(2):
        scan = QImage(1200, 900, QImage.Format.Format_RGB32)
        scan.fill(0xFF336699 + i)
        path = tmp_path / f"скан{i}.jpg"
        assert scan.save(str(path))
        scans.append(path)
    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        form = window.form_host.form
        type_text(form.applicant.surname, "Шевченко")
        form.save_draft_now()
        qtbot.waitUntil(lambda: not window.form_host.has_unsaved_changes(), timeout=10000)
        form.attachments.add_files(scans)  # and closed at once: nothing else to save
        assert form.attachments.busy  # (stored on the db lane)
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    draft = _the_draft(profile_root)
    assert sorted(a.filename for a in draft.attachments) == ["скан0.jpg", "скан1.jpg"]


def test_the_next_operator_is_not_shown_the_draft_another_left_open(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(Olena locked with a resident's draft open; Ivan closed FrontDesk and signed in: the
    draft opened for him, and his first keystroke made Olena's intake his)"""
    from tests.ui.conftest import main_window
    from ui.session import open_session
    from ui.sync_controller import SyncController

    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "another horse", "Іван Мельник")
    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        type_text(window.form_host.form.applicant.surname, "Шевченко")
        window.lock()
        window.lock_screen.close_button.click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    ivan = open_session(profile_root, "ivan")
    try:
        from ui.main_window import MainWindow

        controller = SyncController(profile_root, watch_network=False)
        shown = MainWindow(ivan, controller)
        qtbot.addWidget(shown)
        assert not shown.form_host.restore()  # not his: the journal lists it for Olena
        controller.stop()
        shown.close()
    finally:
        ivan.close()
    olena = open_session(profile_root, OPERATOR)
    try:
        from ui.main_window import MainWindow

        controller = SyncController(profile_root, watch_network=False)
        shown = MainWindow(olena, controller)
        qtbot.addWidget(shown)
        assert shown.form_host.restore()  # hers: reopened for her
        controller.stop()
        shown.close()
    finally:
        olena.close()


def test_the_owner_back_first_keeps_her_window_when_a_colleague_asked_to_close(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(a colleague's close, waiting for the draft, closed the window on the operator who
    had unlocked it meanwhile; and after that the close button did nothing)"""
    import threading

    from tests.ui.conftest import main_window

    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        type_text(window.form_host.form.applicant.surname, "Коваленко")
        release = threading.Event()
        session.db.run(lambda: release.wait(30))  # the lane busy a moment
        try:
            window.lock()
            window.lock_screen.close_button.click()
            qtbot.wait(300)
            type_text(window.lock_screen.password, PASSWORD)
            qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
            assert not window.locked
        finally:
            release.set()
        qtbot.waitUntil(lambda: not window.form_host.has_unsaved_changes(), timeout=10000)
        qtbot.wait(500)
        assert window.isVisible()
        window.lock()  # later, another colleague
        window.lock_screen.close_button.click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)


def _the_draft(profile_root: Path) -> Any:
    """The one application the profile holds, whole, as the draft saved on closing."""
    with Profile.open(profile_root) as profile:
        [line] = profile.applications.search()
        return profile.applications.get(line.id)


def test_a_colleague_at_the_lock_when_the_draft_cannot_be_saved_stays_locked_and_is_logged(
    qtbot: QtBot, session: Session, profile_root: Path, monkeypatch: Any
) -> None:
    """(the colleague's sign-in was in the access log as if her session had begun, though
    the window stayed locked for its owner: who used the laptop then was told wrong)"""
    from frontdesk.errors import DiskFull
    from tests.ui.conftest import main_window

    session.profile.operators.add("ivan", "another horse", "Іван Мельник")
    with main_window(qtbot, session, profile_root) as window:
        assert window.form_host.available  # this build has the form
        window.new_application()
        type_text(window.form_host.form.applicant.surname, "Коваленко")

        def disk_full(*_args: Any, **_kwargs: Any) -> None:
            raise DiskFull("no space left on device")

        monkeypatch.setattr(session.profile.applications, "save", disk_full)
        window.lock()
        dialog = window.sign_in_another()
        dialog.login.setCurrentText("ivan")
        type_text(dialog.password, "another horse")
        dialog.try_sign_in()
        qtbot.waitUntil(lambda: window.lock_screen.error.text() != "", timeout=15_000)
        assert "не вдалося зберегти" in window.lock_screen.error.text()
        assert window.isVisible() and window.locked
        qtbot.waitUntil(lambda: session.db.pending == 0, timeout=5000)
    log = access_log(profile_root)
    assert ("ivan", "signed_in") in log
    assert log.index(("ivan", "hand_over_failed")) > log.index(("ivan", "signed_in"))
    assert ("olena", "closed_at_lock") not in log  # (the work did not end)
