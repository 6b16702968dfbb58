"""The journal's periods count the worker's days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import ui.latest_day as latest_day_module
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from frontdesk.worktime import in_kyiv
from tests.factories import application
from tests.ui.test_journal import WAIT_MS, make_journal
from ui.latest_day import know_today
from ui.session import Session


def test_today_is_the_registrys_day_while_the_laptops_clock_is_known_to_be_behind(
    qtbot: QtBot, session: Session
) -> None:
    """A laptop whose clock is days behind the registry's (a dead CMOS battery) dates its
    saves by the registry's time; «Сьогодні», «Останні 7 днів» and «Останні 30 днів»
    counted from the laptop's own date and never showed the day's work."""
    registry_now = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    saved: list[Any] = []

    def synced_then_saved(profile: Any) -> None:
        profile.outbox.set_setting(REGISTRY_TIME_KEY, registry_now.isoformat())  # (a sync)
        saved.append(profile.applications.save(application(surname="Гнатюк"), "o").application)

    session.write(synced_then_saved)
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    view = make_journal(qtbot, session)
    know_today(in_kyiv(registry_now).date())  # (as the clock banner tells it, at its check)
    try:
        for period in ("today", "week", "month"):
            view.period_filter.setCurrentIndex(view.period_filter.findData(period))
            qtbot.waitUntil(lambda: not view.model.busy, timeout=WAIT_MS)
            assert view.model.total == 1, period
    finally:
        know_today(None)


def test_the_custom_period_starts_on_the_workers_day_not_the_laptops(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(a laptop on Pacific time at 08:30 in Kyiv: «Сьогодні» listed the morning's work,
    «Свій період» offered yesterday and listed nothing, all day)"""
    kyiv_day = dt.date.today() + dt.timedelta(days=1)  # (past midnight in Kyiv already)
    monkeypatch.setattr(latest_day_module, "kyiv_today", lambda: kyiv_day)
    view = make_journal(qtbot, session)
    view.period_filter.setCurrentIndex(view.period_filter.findData("custom"))
    assert view._period() == (kyiv_day, kyiv_day)
    monkeypatch.setattr(latest_day_module, "kyiv_today", lambda: kyiv_day + dt.timedelta(days=1))
    view.new_day()  # (Kyiv's midnight)
    assert view._period() == (kyiv_day + dt.timedelta(days=1),) * 2
