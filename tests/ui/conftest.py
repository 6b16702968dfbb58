"""GUI fixtures: a profile with an operator, and a session over it with real worker lanes;
a registry process that knows the profile's community, and a sync controller over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.pyside_fixes import keep_singletons_alive
from ui.session import Session, open_session
from ui.sync_controller import SyncController

if TYPE_CHECKING:
    from tests.registry_process import RunningRegistry

OPERATOR = "olena"
PASSWORD = "correct horse"
WORKSTATION = "ZT01"
COMMUNITY = "UA18040530000045696"


@pytest.fixture(scope="session", autouse=True)
def singletons_survive_calls() -> None:
    """PySide6 6.12.0 drops references to None and True (see ui.pyside_fixes)."""
    keep_singletons_alive()


@pytest.fixture
def profile_root(tmp_path: Path) -> Path:
    root = tmp_path / "profile"
    with Profile.create(root, workstation=WORKSTATION, community=COMMUNITY) as profile:
        profile.operators.add(OPERATOR, PASSWORD, "Олена Петренко")
    return root


@pytest.fixture
def session(profile_root: Path, qapp: object) -> Iterator[Session]:
    """A session whose db and net lanes are real threads, as in the app."""
    opened = open_session(profile_root, OPERATOR)
    yield opened
    close_all_windows()  # before the connections they read through go away
    opened.close()


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    """A real registry process on 127.0.0.1 with the profile's community in it."""
    from tests.registry_process import RunningRegistry  # (its HTTP stack: only where used)

    with RunningRegistry(tmp_path / "registry") as running:
        running.cli("community", "add", COMMUNITY, "--name", "Тетерівська")
        yield running


@pytest.fixture
def controller(profile_root: Path, qapp: object) -> Iterator[SyncController]:
    """The app's sync over the profile, a round every half second (once enrolled)."""
    running = SyncController(profile_root, interval=0.5, watch_network=False)
    yield running
    running.stop()


def close_all_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@pytest.fixture(autouse=True)
def ukrainian(qapp: object) -> Iterator[Translations]:
    """The GUI speaks Ukrainian, as it does by default in the app."""
    translations = Translations()
    translations.switch("uk")
    yield translations
    translations.switch("en")


@contextmanager
def main_window(
    qtbot: QtBot, session: Session, profile_root: Path, translations: Translations | None = None
) -> Iterator[MainWindow]:
    """The main window on screen over ``session``; its sync never runs (not enrolled)."""
    controller = SyncController(profile_root, watch_network=False)
    shown = MainWindow(session, controller, translations)
    qtbot.addWidget(shown)
    shown.show()
    try:
        yield shown
    finally:
        controller.stop()


@pytest.fixture
def ukrainian_window(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations
) -> Iterator[MainWindow]:
    """The main window in Ukrainian, for tests that switch its language: Ukrainian again
    after."""
    from ui.preferences import Preferences

    with main_window(qtbot, session, profile_root, ukrainian) as shown:
        yield shown
        shown.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))


def access_log(profile_root: Path) -> list[tuple[str, str]]:
    """The profile's access log, oldest first: (who, action)."""
    with Profile.open(profile_root) as profile:
        rows = profile.db.query("SELECT operator, action FROM audit ORDER BY seq")
    return [(r["operator"], r["action"]) for r in rows]


@pytest.fixture
def window(qtbot: QtBot, session: Session, profile_root: Path) -> Iterator[MainWindow]:
    """The main window on screen over ``session``, its journal's first page read (a test
    module may have a ``window`` of its own)."""
    with main_window(qtbot, session, profile_root) as shown:
        qtbot.waitUntil(lambda: not shown.journal.model.busy, timeout=15_000)
        yield shown
