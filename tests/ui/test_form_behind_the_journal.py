"""What the form says follows what happens while the worker looks at the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from frontdesk.profile import Profile
from tests.factories import application
from ui.main_window import FORM_TAB, JOURNAL_TAB, MainWindow
from ui.preferences import Preferences
from ui.session import APPLICATIONS, Session

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot: QtBot, ukrainian_window: MainWindow) -> MainWindow:
    qtbot.waitUntil(lambda: ukrainian_window.form_host.form is not None, timeout=WAIT_MS)
    return ukrainian_window


def test_a_notice_on_the_form_follows_a_language_switched_with_the_journal_in_front(
    qtbot: QtBot, window: MainWindow
) -> None:
    """(every label of the form was English, and the red box still said «Заяву не
    збережено як готову…» until the worker did something)"""
    form = window.form_host.form
    assert form is not None
    window.new_application()
    form.save()
    notice = form.header.notice_label
    qtbot.waitUntil(lambda: "не збережено" in notice.text(), timeout=WAIT_MS)
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    window.apply_preferences(Preferences(language="en"))
    qtbot.waitUntil(lambda: form.header.save_button.text() == "Save (Ctrl+S)", timeout=WAIT_MS)
    window.tabs.setCurrentIndex(FORM_TAB)
    assert notice.text().startswith("Not saved as ready"), notice.text()


def test_the_saved_notice_says_the_new_number_the_registry_gave_while_behind_the_journal(
    qtbot: QtBot, window: MainWindow, session: Session, profile_root: Path
) -> None:
    """(the heading said № …000002 and the box «Заяву № …000001 збережено»: two numbers for
    one resident, and the receipt printed carries the new one)"""
    form = window.form_host.form
    assert form is not None
    window.new_application()
    form.open_application(application(surname="Гнатюк"))
    form.save()
    notice = form.header.notice_label
    qtbot.waitUntil(lambda: "збережено" in notice.text() and "№" in notice.text(), timeout=WAIT_MS)
    saved = form.header._saved_app
    assert saved is not None and saved.status is Status.READY
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    with Profile.open(profile_root) as sync, sync.db.transaction() as conn:  # a sync round
        renumbered = sync.from_registry.renumber(conn, saved.id, saved.revision, None)
    assert renumbered is not None
    new_number = renumbered[1]
    session.changed.data_changed.emit(APPLICATIONS)
    qtbot.waitUntil(lambda: new_number in form.header.heading.text(), timeout=WAIT_MS)
    window.tabs.setCurrentIndex(FORM_TAB)
    assert new_number in notice.text() and saved.number not in notice.text()
