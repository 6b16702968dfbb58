"""Two programs on one profile at once: the app open while the IT person runs a command.

Each program holds its own connection (and its own ``Profile``); what one of them
changes, the other must act on at its next write, not on what it read when it opened.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from frontdesk import backup as backups
from frontdesk import daily_backup
from frontdesk.model import Status
from frontdesk.profile import Profile
from tests.factories import application

TYPO = "UA18040530000045697"  # the code given at set-up, one digit wrong
COMMUNITY = "UA18040530000045696"
PASSPHRASE = "довга фраза для копії"


def test_the_open_app_stamps_the_community_set_at_the_command_line_meanwhile(
    tmp_path: Path,
) -> None:
    """The app is open with a draft on screen; the IT person corrects the community code
    (``frontdesk set-community``) and enrols. The app's next saves carry the corrected
    code: the draft on screen (the form still holds the old code) and a new application.
    With the old code they were refused by the registry as another community's, and the
    code could no longer be corrected once enrolled."""
    root = tmp_path / "profile"
    Profile.create(root, workstation="ZT01", community=TYPO).close()
    with Profile.open(root) as app, Profile.open(root) as cli:
        draft = application()
        draft.status = Status.DRAFT
        on_screen = app.applications.save(draft, "oksana").application
        assert on_screen.community == TYPO

        assert cli.change_community(COMMUNITY, "cli:it") == 1

        on_screen.status = Status.READY  # the worker finishes the draft on screen
        finished = app.applications.save(on_screen, "oksana").application
        new = app.applications.save(application(surname="Бондар"), "oksana").application
        assert (finished.community, new.community) == (COMMUNITY, COMMUNITY)
        stored = [cli.applications.get(a.id).community for a in (finished, new)]
        assert stored == [COMMUNITY, COMMUNITY]


def test_the_daily_backup_due_in_two_programs_at_once_leaves_todays_copy(
    profile: Profile, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The app's hourly look and ``frontdesk backup --auto`` (the system's scheduler) find
    the daily backup due at the same time. Both made a copy, and each removed the other's
    new copy as an old one: the day was left with no copy, and both said it was made.
    One program makes it now; the other leaves it to the first."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 2, PASSPHRASE)
    yesterday = dt.datetime(2026, 11, 22, 13, tzinfo=dt.UTC)
    assert daily_backup.auto_backup(profile, yesterday) is not None
    today = yesterday + dt.timedelta(days=1)

    inside, done = [0], [threading.Event(), threading.Event()]
    both = threading.Condition()
    real_backup = daily_backup.logged_backup

    def copy_then_hold(*args: Any, **kwargs: Any) -> backups.BackupInfo:
        """Make the copy, then wait till the other program has made its own (or is done)."""
        info = real_backup(*args, **kwargs)
        with both:
            inside[0] += 1
            both.notify_all()
            assert both.wait_for(lambda: inside[0] == 2 or any(e.is_set() for e in done), 60)
        return info

    monkeypatch.setattr(daily_backup, "logged_backup", copy_then_hold)
    made: list[backups.BackupInfo | None] = [None, None]

    def program(n: int) -> None:
        try:
            with Profile.open(profile.root) as own:
                made[n] = daily_backup.auto_backup(own, today + dt.timedelta(seconds=n))
        finally:
            with both:
                done[n].set()
                both.notify_all()

    threads = [threading.Thread(target=program, args=(n,), daemon=True) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
        assert not thread.is_alive()

    copies = sorted(p.name for p in folder.iterdir())
    todays = [m for m in made if m is not None]
    assert len(todays) == 1, copies  # made once, by one of them
    assert todays[0].path.name in copies
    assert len(copies) == 2  # today's and yesterday's (keep 2)
