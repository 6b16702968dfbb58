"""A profile database damaged on disk (a failing sector of an old laptop's disk): every
read and write says "damaged" (the worker calls the administrator, who restores the last
backup), never "an unexpected error in the program; nothing is lost"."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from frontdesk import daily_backup
from frontdesk.backup import ProfileDamaged, backup, restore
from frontdesk.errors import DatabaseCorrupt, FrontDeskError
from frontdesk.model import Application
from frontdesk.profile import DATABASE_FILE, Profile
from frontdesk.store.applications import Filter
from tests.factories import application

COMMUNITY = "UA18040530000045696"
PAGE = 4096
DAY = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def _filled(root: Path, count: int) -> None:
    with Profile.create(root, workstation="ZT01", community=COMMUNITY) as profile:
        for i in range(count):
            app = application(surname="Коваленко")
            app.applicant.phone = f"+38067{i:07d}"
            profile.applications.save(app, "o")
        profile.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _damage(path: Path, page: int) -> None:
    with path.open("r+b") as file:
        file.seek(page * PAGE + 1000)
        file.write(b"\xff\x00\xaa\x55" * 8)


def _read_everything(profile: Profile) -> list[Application]:
    store = profile.applications
    store.search(Filter(text="коваленко"), limit=1000)
    return list(store.export())


def test_a_damaged_page_met_in_the_middle_of_a_read_is_said_to_be_damaged(
    tmp_path: Path,
) -> None:
    """(a damaged page met at a later row of a query escaped as the driver's own error:
    the journal, ``list`` and ``export`` said "unexpected error; nothing is lost")"""
    original = tmp_path / "original"
    _filled(original, 60)
    pages = (original / DATABASE_FILE).stat().st_size // PAGE
    escaped: list[tuple[int, str]] = []
    said = 0
    for page in range(2, pages):
        root = tmp_path / f"page{page}"
        shutil.copytree(original, root)
        _damage(root / DATABASE_FILE, page)
        try:
            with Profile.open(root) as profile:
                _read_everything(profile)
        except FrontDeskError:
            said += 1
        except Exception as exc:  # (what this test looks for)
            escaped.append((page, repr(exc)))
        shutil.rmtree(root)
    assert escaped == []
    assert said > pages // 2  # (most pages hold what the reads go through)


PASSPHRASE = "Correct-horse-battery-9"


def _damaged_profile(tmp_path: Path) -> Path:
    """A profile one of whose application pages went bad, after two good daily copies."""
    root = tmp_path / "profile"
    _filled(root, 60)
    with Profile.open(root) as profile:
        daily_backup.configure_auto_backup(profile, tmp_path / "daily", 7, PASSPHRASE)
        for day in range(2):
            assert daily_backup.auto_backup(profile, DAY + dt.timedelta(days=day)) is not None
    _damage(root / DATABASE_FILE, 40)
    return root


def test_a_damaged_profile_is_not_copied_as_a_good_backup(tmp_path: Path) -> None:
    """(the copy of a damaged profile was kept as the day's good one, every hour another,
    and every one of them was refused at the restore)"""
    root = _damaged_profile(tmp_path)
    good = sorted(p.name for p in (tmp_path / "daily").iterdir())
    with Profile.open(root) as profile:
        with pytest.raises(ProfileDamaged) as caught:
            backup(profile, tmp_path / "today.fdbackup", PASSPHRASE)
        assert "Попередні копії — справні" in caught.value.message("uk")
        for hours in (0, 1):
            with pytest.raises(ProfileDamaged):
                daily_backup.auto_backup(profile, DAY + dt.timedelta(days=2, hours=hours))
    assert sorted(p.name for p in (tmp_path / "daily").iterdir()) == good
    assert not list(tmp_path.glob("*.fdbackup*")) and not list(tmp_path.glob(".backup-*"))
    restored = restore(tmp_path / "daily" / good[-1], tmp_path / "restored", PASSPHRASE)
    restored.close()


def test_a_write_after_a_damaged_page_was_read_says_damaged_not_no_access(
    tmp_path: Path,
) -> None:
    """SQLCipher leaves a connection read-only once a page failed its check: every later
    save said "Cannot access the database file", which sent the IT person to permissions."""
    root = _damaged_profile(tmp_path)
    with Profile.open(root) as profile:
        with pytest.raises(DatabaseCorrupt):
            list(profile.applications.export())
        with pytest.raises(DatabaseCorrupt):
            profile.set_setting("ui.language", "uk")
