"""Closing the app (or handing it over at the lock screen) while scans are still being
stored waits for them: it is work going on, not a draft that could not be saved."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from frontdesk.store.applications import ApplicationStore
from tests.ui.conftest import main_window
from tests.ui.keyboard import type_text
from ui.form.form import ApplicationForm
from ui.main_window import MainWindow
from ui.session import Session

SCANS = 4
STORING_S = 0.4  # each scan: a phone photo on a slow laptop, here slowed down on purpose
CLOSE_WAIT_MS = 300  # the close's wait for the draft, shorter than storing them all takes
WAIT_MS = 20_000


@pytest.fixture
def slow_scans(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    import ui.main_window

    monkeypatch.setattr(ui.main_window, "CLOSE_WAIT_MS", CLOSE_WAIT_MS)
    storing = ApplicationStore.put_blob

    def slowly(store: ApplicationStore, data: bytes) -> str:
        time.sleep(STORING_S)
        return storing(store, data)

    monkeypatch.setattr(ApplicationStore, "put_blob", slowly)
    paths = []
    for i in range(SCANS):
        scan = QImage(800, 600, QImage.Format.Format_RGB32)
        scan.fill(QColor.fromHsv(i * 80, 255, 200))  # (each its own: not the same file)
        path = tmp_path / f"стор{i + 1}.jpg"
        assert scan.save(str(path))
        paths.append(path)
    return paths


def _draft_scans(profile_root: Path) -> list[str]:
    with Profile.open(profile_root) as profile:
        [line] = profile.applications.search()
        return sorted(a.filename for a in profile.applications.get(line.id).attachments)


@pytest.fixture
def boxes_shown(qapp: QApplication) -> Iterator[list[str]]:
    """What message boxes say, each answered "no" at once (as Esc: keep the window)."""
    seen: list[str] = []

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append(widget.text())
                widget.reject()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    yield seen
    timer.stop()


def _typing_with_scans(window: MainWindow, scans: list[Path]) -> ApplicationForm:
    """A new application in ``window``, a surname typed, ``scans`` being stored."""
    window.new_application()
    form = window.form_host.form
    assert form is not None
    type_text(form.applicant.surname, "Шевченко")
    form.attachments.add_files(scans)
    return form


def test_closing_while_scans_are_stored_waits_for_them_and_says_no_failure(
    qtbot: QtBot,
    session: Session,
    profile_root: Path,
    slow_scans: list[Path],
    boxes_shown: list[str],
) -> None:
    """(after 5 s: «Останні зміни у формі НЕ збережено … Якщо закрити зараз, їх буде
    втрачено», while nothing had failed; «Закрити й втратити їх» kept 32 of 60 scans)"""
    with main_window(qtbot, session, profile_root) as window:
        _typing_with_scans(window, slow_scans)
        assert not window.close()  # put off: the scans are being stored
        qtbot.waitUntil(lambda: not window.isVisible() or bool(boxes_shown), timeout=WAIT_MS)
        assert boxes_shown == []
        assert not window.isVisible()
    assert _draft_scans(profile_root) == [p.name for p in slow_scans]


def test_a_hand_over_at_the_lock_screen_waits_for_the_scans_and_says_so(
    qtbot: QtBot, session: Session, profile_root: Path, slow_scans: list[Path]
) -> None:
    """(«Чернетку не вдалося зберегти, тому FrontDesk лишається відкритим»: the colleague's
    hand-over was given up, though every scan went in the draft a few seconds later)"""
    with main_window(qtbot, session, profile_root) as window:
        _typing_with_scans(window, slow_scans)
        window.lock()
        window.lock_screen.close_button.click()
        said = window.lock_screen.error
        qtbot.waitUntil(lambda: "ще зберігаються" in said.text(), timeout=WAIT_MS)
        assert "не вдалося" not in said.text()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _draft_scans(profile_root) == [p.name for p in slow_scans]
    with Profile.open(profile_root) as profile:
        logged = profile.db.query("SELECT action FROM audit WHERE action = 'hand_over_failed'")
        assert logged == []


def test_a_close_put_off_then_the_screen_locked_is_called_off_and_nothing_is_promised(
    qtbot: QtBot, session: Session, profile_root: Path, slow_scans: list[Path]
) -> None:
    """(X pressed while the scans were stored, then the idle lock: the lock screen said
    FrontDesk would close once they were in, and it never did: a locked window closes
    only from the lock screen)"""
    with main_window(qtbot, session, profile_root) as window:
        form = _typing_with_scans(window, slow_scans)
        assert not window.close()  # put off: the scans are being stored
        window.lock()
        qtbot.waitUntil(lambda: not form.attachments.busy, timeout=WAIT_MS)
        qtbot.wait(500)
        assert window.isVisible() and window.locked
        assert window.lock_screen.error.text() == ""  # (no close is promised)
        window.unlock()
        qtbot.waitUntil(lambda: not window.form_host.has_unsaved_changes(), timeout=WAIT_MS)
        assert window.isVisible()
    assert _draft_scans(profile_root) == [p.name for p in slow_scans]
