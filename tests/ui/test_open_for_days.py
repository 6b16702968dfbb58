"""The app left open for days: the sync keeps going, follows a new enrolment, holds no
ended session, and the journal's own period moves on with the day."""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

import ui.journal
import ui.sync_controller
from frontdesk.profile import Profile
from frontdesk.worktime import kyiv_today
from sync.engine import SyncEngine
from sync.loop import Backoff
from sync.workstation import enrol
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.ui.conftest import COMMUNITY
from tests.ui.test_sync_panel import save_one
from ui.main_window import MainWindow
from ui.session import APPLICATIONS, Session
from ui.sync_controller import SyncController
from ui.sync_panel import OK, PROBLEM, SyncPanel

WAIT_MS = 30_000


def _registry(folder: Path) -> Iterator[RunningRegistry]:
    with RunningRegistry(folder) as running:
        running.add_community(COMMUNITY, "Тетерівська")
        yield running


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    yield from _registry(tmp_path / "registry")


@pytest.fixture
def other_registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    yield from _registry(tmp_path / "other")


def _held(registry: RunningRegistry) -> list[str]:
    rows = json.loads(registry.cli("list", "--json", "--community", COMMUNITY).stdout)
    return [row["id"] for row in rows]


def _enrol(profile_root: Path, registry: RunningRegistry) -> None:
    """Enrolled through a connection of its own, as Settings' Connect (on the db lane) and
    ``frontdesk enrol`` do."""
    with Profile.open(profile_root) as own:
        enrol(own, registry.url, registry.enrolment_code(COMMUNITY))


def test_two_days_of_failed_rounds_do_not_end_the_backoff() -> None:
    """At the 1025th failure in a row (about 42 hours of outage with the app open) the
    delay's ceiling overflowed a float: OverflowError, and the sync thread ended."""
    backoff = Backoff(base=2.0, cap=300.0)
    delays = [backoff.next_delay() for _ in range(5000)]
    assert all(0 <= delay <= 300.0 for delay in delays)
    assert max(delays[-100:]) > 100  # still drawn up to the cap


def test_a_fault_in_a_round_is_said_and_the_sync_goes_on(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fault in the program (not a network problem) ended the sync thread for good, and
    the strip kept saying the applications would be sent automatically."""
    _enrol(profile_root, registry)
    saved = save_one(qtbot, session).application
    real = SyncEngine.sync_once
    faults = [RuntimeError("a fault in the program")]

    def once_faulty(engine: SyncEngine, *args: object, **kwargs: object) -> object:
        if faults:
            raise faults.pop()
        return real(engine, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SyncEngine, "sync_once", once_faulty)
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.start()
    qtbot.waitUntil(lambda: panel.state == PROBLEM, timeout=WAIT_MS)
    assert "помилка в програмі" in panel.problem_label.text()
    assert "будуть надіслані автоматично" not in panel.problem_label.text()
    assert controller.running  # waiting to try again, not ended

    controller.wake()  # "Sync now" (or 5 minutes later)
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert saved.id in _held(registry)


def test_connected_to_another_registry_while_open_the_next_round_goes_there(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    other_registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """Tried on a test registry, then connected to the real one in Settings: the running
    sync kept its old registry and token, and every application went on to the old one
    until the app was restarted."""
    _enrol(profile_root, registry)
    controller.start()
    first = save_one(qtbot, session).application
    qtbot.waitUntil(lambda: first.id in _held(registry), timeout=WAIT_MS)

    _enrol(profile_root, other_registry)
    controller.wake()  # (as Settings' "enrolled" does)
    second = save_one(qtbot, session).application
    controller.wake()
    qtbot.waitUntil(lambda: second.id in _held(other_registry), timeout=WAIT_MS)
    assert second.id not in _held(registry)
    assert first.id in _held(other_registry)  # (read from its start: sent there again)


def test_a_second_session_at_the_lock_freezes_nothing_more(
    profile_root: Path, qapp: object
) -> None:
    """gc.freeze() at each session's start kept every ended session's window for good."""
    first = SyncController(profile_root, interval=3600, watch_network=False)
    first.start()
    first.stop()
    held = gc.get_freeze_count()
    kept = [object() for _ in range(2000)]  # (the next session's objects)
    second = SyncController(profile_root, interval=3600, watch_network=False)
    second.start()
    try:
        assert gc.get_freeze_count() == held
    finally:
        second.stop()
    assert ui.sync_controller._FROZEN and kept


class _Yesterday(QDate):
    @staticmethod
    def currentDate() -> QDate:
        return QDate.currentDate().addDays(-1)


def test_the_journals_own_period_starts_today_after_the_night(
    qtbot: QtBot, session: Session, profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left open overnight, "Свій період" offered the day the app was started, and the
    day's applications were not listed."""
    monkeypatch.setattr(ui.journal, "QDate", _Yesterday)  # the window made yesterday
    controller = SyncController(profile_root, watch_network=False)
    window = MainWindow(session, controller)
    qtbot.addWidget(window)
    window.show()
    monkeypatch.undo()  # … and it is today
    session.write(lambda p: p.applications.save(application(), "olena"), APPLICATIONS)
    journal = window.journal
    qtbot.waitUntil(lambda: journal.model.total == 1, timeout=WAIT_MS)

    session.point_day = kyiv_today() - dt.timedelta(days=1)  # (the day it was started)
    window.check_new_day(kyiv_today())  # (every 5 minutes, and at unlock)
    journal.period_filter.setCurrentIndex(journal.period_filter.findData("custom"))
    qtbot.waitUntil(lambda: not journal.model.busy, timeout=WAIT_MS)
    assert journal.date_from.date().toPython() == kyiv_today()
    assert journal.date_to.date().toPython() == kyiv_today()
    qtbot.waitUntil(lambda: journal.model.total == 1, timeout=WAIT_MS)

    # Dates the worker picked stay as she picked them.
    picked = QDate.currentDate().addDays(-10)
    journal.date_from.setDate(picked)
    window.check_new_day(kyiv_today() + dt.timedelta(days=1))
    assert journal.date_from.date() == picked
    controller.stop()
