"""The worker's day in the main window: a journal left on «Сьогодні» overnight, or turned by the
morning's settings, shows the new day's applications; a clock behind the registry's is said
above the work until it is put right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.model import ServicePoint
from frontdesk.store.decision_time import record_registry_time
from frontdesk.store.rows import Filter
from frontdesk.worktime import in_kyiv, kyiv_today
from tests.factories import application
from tests.ui.conftest import main_window
from ui.form.fields import parse_date
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.session import Session

WAIT_MS = 15_000


def test_a_journal_left_on_today_overnight_shows_the_new_days_applications(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """The laptop slept with the journal on "Сьогодні": in the morning it counts from the
    new day, and what is saved then shows (it said "Знайдено: 0")."""
    journal = window.journal
    journal.period_filter.setCurrentIndex(journal.period_filter.findData("today"))
    qtbot.waitUntil(lambda: not journal.model.busy, timeout=WAIT_MS)
    yesterday = kyiv_today() - dt.timedelta(days=1)
    # What the filter held when it was chosen yesterday:
    journal.model.set_query(Filter(created_from=yesterday, created_to=yesterday))
    qtbot.waitUntil(lambda: not journal.model.busy, timeout=WAIT_MS)
    saved: list[str] = []  # an application saved this morning
    session.db.run(lambda: saved.append(session.profile.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    journal.model.refresh()
    qtbot.waitUntil(lambda: not journal.model.busy, timeout=WAIT_MS)
    assert journal.model.total == 0  # yesterday's day, still
    window.check_new_day(kyiv_today() + dt.timedelta(days=1))  # the timer, after midnight
    qtbot.waitUntil(lambda: journal.model.total == 1, timeout=WAIT_MS)


def test_settings_saved_in_the_morning_also_turn_the_journals_day(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """(the morning message asks for today's place of work, before the timer's check)"""
    journal = window.journal
    journal.period_filter.setCurrentIndex(journal.period_filter.findData("today"))
    qtbot.waitUntil(lambda: not journal.model.busy, timeout=WAIT_MS)
    yesterday = kyiv_today() - dt.timedelta(days=1)
    journal.model.set_query(Filter(created_from=yesterday, created_to=yesterday))
    session.point_day = yesterday  # the window was opened yesterday
    saved: list[object] = []
    session.db.run(lambda: saved.append(session.profile.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    window.apply_preferences(Preferences(session.language, session.idle_minutes, ServicePoint()))
    window.check_new_day()
    qtbot.waitUntil(lambda: journal.model.total == 1, timeout=WAIT_MS)


def _registry_time_seen(profile_root: Path, moment: dt.datetime) -> None:
    """What a sync records of the registry's time (its ``now``), from another program."""
    from frontdesk.profile import Profile

    with Profile.open(profile_root) as sync, sync.db.transaction() as conn:
        record_registry_time(conn, moment.isoformat(), [])


def test_a_clock_behind_the_registrys_last_time_is_said_above_the_work_until_put_right(
    qtbot: QtBot, session: Session, profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead CMOS battery set the laptop's clock back: the registry's time at the last
    sync is a year and a half later. The app numbered applications and printed receipts
    with the wrong date without a word (they now take the registry's); a banner over the
    work says so, with both dates, for as long as the clocks disagree (looked at again
    every minute)."""
    import ui.clock_warning

    monkeypatch.setattr(ui.clock_warning, "CHECK_MS", 100)  # (a minute)
    seen = dt.datetime.now(dt.UTC) + dt.timedelta(days=540)
    _registry_time_seen(profile_root, seen)

    with main_window(qtbot, session, profile_root) as shown:
        banner = shown.clock_warning
        qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
        assert banner.text() == (
            f"Годинник цього комп'ютера відстає: зараз за ним {kyiv_today():%d.%m.%Y}, а "
            f"реєстр уже бачив {in_kyiv(seen):%d.%m.%Y}. Доки його не виправлено, нові "
            "заяви й розписки датуються останнім відомим часом "
            f"(від {in_kyiv(seen):%d.%m.%Y}). "
            "Виправте дату й час комп'ютера."
        )
        assert banner.geometry().bottom() < shown.tabs.geometry().top()  # above the work
        # A baby born since, its year typed in two digits, is of this century (and "in the
        # future" by this computer's clock), not a person born a hundred years before:
        born = in_kyiv(seen).date() - dt.timedelta(days=1)
        assert parse_date(f"{born:%d.%m.%y}") == born
        # The clock put right, the next sync recorded the registry's time of now:
        _registry_time_seen(profile_root, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
        qtbot.waitUntil(banner.isHidden, timeout=WAIT_MS)
        assert parse_date(f"{born:%d.%m.%y}").year == born.year - 100  # type: ignore[union-attr]
