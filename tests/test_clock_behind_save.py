"""A save on a laptop whose clock is known to be behind (a dead CMOS battery reset it).

The registry's time at the last sync shows it. The receipt is the resident's proof of the
date they applied, and the number carries the year: both go by the latest time known to
have come, not by a clock two years back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontdesk.errors import InvalidInput
from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store import decision_time
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from frontdesk.worktime import in_kyiv
from tests.factories import application

REGISTRY_THEN = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)  # the last sync, by the registry
RESET = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)  # the laptop's clock after the reset


def _synced_at(profile_dir: Path, laptop: dt.datetime) -> Profile:
    with Profile.create(profile_dir, workstation="ZT01", community="UA18040530000045696") as p:
        p.outbox.set_setting(REGISTRY_TIME_KEY, REGISTRY_THEN.isoformat())
    return Profile.open(profile_dir, clock=lambda: laptop)


def test_a_save_with_the_clock_reset_years_back_is_dated_and_numbered_by_the_registrys_time(
    profile_dir: Path,
) -> None:
    with _synced_at(profile_dir, RESET) as behind:
        draft = application()
        draft.status, draft.consent.given_at = Status.DRAFT, ""
        saved = behind.applications.save(draft, "o").application
        ready = behind.applications.save(application(surname="Бондар"), "o").application
        stored = behind.applications.get(saved.id)
        trail = behind.applications.history(saved.id)

    assert saved.number == "ZT01-2026-000001"  # not ZT01-2024-…
    assert ready.number == "ZT01-2026-000002"
    assert stored.created_at.startswith("2026-11-20")  # the receipt's date
    assert stored.updated_at.startswith("2026-11-20")
    assert stored.consent.given_at.startswith("2026-11-20")
    assert all(entry["at"].startswith("2026-11-20") for entry in trail)


def test_a_clock_hours_behind_or_right_stamps_its_own_time(profile_dir: Path) -> None:
    """Clocks a little apart are not a reset clock: each laptop stamps its own time."""
    hours_behind = REGISTRY_THEN - dt.timedelta(hours=5)
    with _synced_at(profile_dir, hours_behind) as laptop:
        saved = laptop.applications.save(application(), "o").application
    assert saved.created_at.startswith("2026-11-20T04:30")

    later = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # the clock right, days on
    with Profile.open(profile_dir, clock=lambda: later) as laptop:
        second = laptop.applications.save(application(surname="Бондар"), "o").application
    assert second.created_at.startswith("2026-11-24T10:00")


def test_a_baby_born_after_the_reset_clocks_date_is_not_in_the_future(
    profile_dir: Path,
) -> None:
    """The registry's date at the last sync is taken for today while the clock is behind
    it: a baby born since was an error «in the future», and the application could not be
    made ready until the clock was put right (a worker without the rights to do it)."""
    laptop = dt.datetime.now(dt.UTC)  # the clock, 400 days behind the registry's last time
    registry_then = laptop + dt.timedelta(days=400)
    with Profile.create(profile_dir, workstation="ZT01", community="UA18040530000045696") as p:
        p.outbox.set_setting(REGISTRY_TIME_KEY, registry_then.isoformat())
    known = in_kyiv(registry_then).date()
    with Profile.open(profile_dir, clock=lambda: laptop) as behind:
        app = application()
        child = app.household[1]
        child.birth_date = known - dt.timedelta(days=30)  # born a month before the last sync
        assert (
            behind.applications.validator.validate(app).for_field("household[1].birth_date") == []
        )
        assert behind.applications.save(app, "o").application.number

        later = application(surname="Бондар")
        later.household[1].birth_date = known + dt.timedelta(days=3)  # after it: a typo
        problems = behind.applications.validator.validate(later).for_field(
            "household[1].birth_date"
        )
    assert [p.code for p in problems] == ["date.future_known"]
    assert f"{known:%d.%m.%Y}" in problems[0].message("uk")
    assert "годинник цього комп'ютера відстає" in problems[0].message("uk")
    assert "this computer's clock is behind" in problems[0].message("en")


def test_saves_while_the_clock_is_behind_go_on_with_the_time_counted_since(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day's receipts on a reset clock were all stamped with the one minute of the last
    sync. The program counts the time since (on a clock the wall clock does not move), and
    a restart, which forgets what it counted, never dates a save before an earlier one."""
    counted = [1000.0]  # seconds on the laptop's clock that runs on while it sleeps
    monkeypatch.setattr(decision_time, "awake_or_asleep", lambda: counted[0])
    with _synced_at(profile_dir, RESET) as behind:
        morning = behind.applications.save(application(), "o").application
        counted[0] += 2 * 3600 + 15 * 60  # two hours and a quarter later
        noon = behind.applications.save(application(surname="Бондар"), "o").application
        counted[0] += 30 * 60
        draft = behind.applications.save(application(surname="Гнатюк"), "o").application
    counted[0] = 5.0  # the laptop restarted: what was counted is gone
    with Profile.open(profile_dir, clock=lambda: RESET) as restarted:
        evening = restarted.applications.save(application(surname="Ткач"), "o").application

    assert morning.created_at == "2026-11-20T09:30:00Z"
    assert noon.created_at == "2026-11-20T11:45:00Z"
    assert draft.created_at == "2026-11-20T12:15:00Z"
    assert evening.created_at == "2026-11-20T12:15:00Z"  # not back to 09:30
    assert [a.number for a in (morning, noon, draft, evening)] == [
        f"ZT01-2026-00000{i}" for i in range(1, 5)
    ]


def test_an_import_on_a_reset_clock_takes_the_registrys_time_for_now(profile_dir: Path) -> None:
    """A spreadsheet's paper intake, dated by the days it was taken (after the reset
    clock's date, before the registry's last time), was refused as «in the future», and
    what the store numbered took the reset clock's year."""
    paper = application(surname="Бондар")
    paper.id, paper.number = "", ""
    paper.created_at = paper.updated_at = paper.consent.given_at = "2026-11-18T10:00:00Z"
    with _synced_at(profile_dir, RESET) as behind:
        [outcome] = behind.applications.import_batch([paper], "import")
    assert not isinstance(outcome, Exception), outcome
    assert outcome.application.number == "ZT01-2026-000001"
    assert outcome.application.created_at == "2026-11-18T10:00:00Z"

    typo = application(surname="Гнатюк")
    typo.id, typo.number = "", ""
    typo.created_at = "2026-12-18T10:00:00Z"  # a month after the registry's last time
    with Profile.open(profile_dir, clock=lambda: RESET) as behind:
        [refused] = behind.applications.import_batch([typo], "import")
    assert isinstance(refused, InvalidInput)
    assert refused.message("uk") == (
        "Неправильні дані: created_at: 2026-12-18T10:00:00Z — у майбутньому (годинник "
        "цього комп'ютера відстає; за останнім відомим часом сьогодні 20.11.2026)"
    )  # (not «today is 01.01.2024 by this computer's clock»)
