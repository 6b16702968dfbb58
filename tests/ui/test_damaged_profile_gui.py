"""The app on a profile whose database went bad in one page (a failing disk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from frontdesk import daily_backup
from frontdesk.profile import DATABASE_FILE, Profile
from frontdesk.store.applications import SaveResult
from tests.factories import application
from tests.test_damaged_database import PASSPHRASE, _damage, _filled
from tests.ui.conftest import OPERATOR, PASSWORD
from ui.auto_backup import AutoBackup
from ui.session import Session
from ui.status_message import StatusText, status_text

WAIT_MS = 20_000


@pytest.fixture
def profile_root(tmp_path: Path) -> Path:
    """60 applications, the daily backup set up, then page 40 (applications) gone bad."""
    root = tmp_path / "profile"
    _filled(root, 60)
    with Profile.open(root) as profile:
        profile.operators.add(OPERATOR, PASSWORD, "Олена Петренко")
        daily_backup.configure_auto_backup(profile, tmp_path / "daily", 7, PASSPHRASE)
    _damage(root / DATABASE_FILE, 40)
    return root


def test_the_daily_backup_of_a_damaged_profile_says_so_and_leaves_the_saves_working(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    """(the daily backup ran on the saves' connection: the damaged page it read left that
    connection read-only, and every later save failed with "cannot access the file")"""
    reports: list[StatusText] = []
    auto = AutoBackup(
        session, reports.append, clock=lambda: dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    )
    auto.run_now()
    qtbot.waitUntil(lambda: not auto.running, timeout=WAIT_MS)
    said = status_text(reports[-1])
    assert said.startswith("Щоденна резервна копія не вдалася") and "пошкоджено" in said
    assert list((tmp_path / "daily").iterdir()) == []
    outcome: list[object] = []
    save = session.profile.applications.save
    session.db.run(lambda: save(application(), OPERATOR), outcome.append, outcome.append)
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    assert isinstance(outcome[0], SaveResult) and outcome[0].created
