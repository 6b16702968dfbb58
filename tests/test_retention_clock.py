"""Retention by whose clock: a laptop's clock set wrong, or a registry's, never strips a
decided case before its window has passed (frontdesk.store.decision_time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.applications import Filter
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from tests.conftest import run_cli
from tests.factories import SetClock, application
from tests.test_retention import NOW, _decided


@pytest.fixture
def laptop() -> SetClock:
    return SetClock(NOW)


@pytest.fixture
def clocked(profile_dir: Path, laptop: SetClock) -> Iterator[Profile]:
    """A profile whose store reads the time from ``laptop``."""
    with Profile.create(
        profile_dir, workstation="ZT01", community="UA18040530000045696", clock=laptop
    ) as p:
        yield p


def _sent(profile: Profile, surname: str, serial: int = 1) -> Application:
    saved = profile.applications.save(application(surname=surname, serial=serial), "o").application
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
    return saved


def _pulled(
    profile: Profile,
    app: Application,
    status: Status,
    at: dt.datetime | None,
    *,
    again: bool = False,
) -> None:
    """The registry's status for ``app`` pulled, with its time of it (None: a registry that
    does not say); ``again``: one recorded here already (the feed read from the start)."""
    change: dict[str, Any] = {
        "kind": "status",
        "application_id": app.id,
        "number": app.number,
        "revision": app.revision,
        "status": status.value,
        "reason": "Доходи перевищують межу" if status is Status.REFUSED else None,
    }
    if at is not None:
        change["at"] = at.isoformat(timespec="microseconds")
    now = at.isoformat() if at is not None else None  # (the page's time: the decision's)
    applied = profile.outbox.apply_changes([change], f"c-{app.id}", registry_time=now)
    assert applied == ([] if again else [change])


def _registry_says_its_time(profile: Profile, now: dt.datetime) -> None:
    """A page of the feed with nothing new but the registry's time."""
    profile.outbox.apply_changes([], "c-now", registry_time=now.isoformat())


def _still_there(profile: Profile, surname: str) -> bool:
    return len(profile.applications.search(Filter(text=surname))) == 1


def test_a_decision_pulled_while_the_clock_was_a_year_behind_waits_its_window(
    clocked: Profile, laptop: SetClock
) -> None:
    """A dead CMOS battery: the decision reaches the laptop while its clock reads a year
    ago; the clock is put right an hour later, and the next run must not strip it."""
    saved = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=365)
    _pulled(clocked, saved, Status.GRANTED, at=NOW)  # decided at the registry today
    laptop.moment = NOW + dt.timedelta(hours=1)  # the clock put right
    assert retention.due_count(clocked) == 0
    assert retention.remove_expired(clocked) == 0
    assert _still_there(clocked, "Гнатюк")
    # Its window passes by the registry's clock: the run after that sync strips it.
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=89))
    assert retention.remove_expired(clocked) == 0
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=91))
    laptop.moment = NOW + dt.timedelta(days=91)
    assert retention.due_count(clocked) == 1
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Гнатюк")


def test_a_clock_set_a_year_ahead_for_one_session_strips_nothing_decided_within_the_window(
    clocked: Profile, laptop: SetClock
) -> None:
    today = _sent(clocked, "Бондар", 5)
    earlier = _sent(clocked, "Мельник", 6)
    laptop.moment = NOW - dt.timedelta(days=60)  # (it reached the laptop when decided)
    _pulled(clocked, earlier, Status.REFUSED, at=NOW - dt.timedelta(days=60))
    laptop.moment = NOW
    _pulled(clocked, today, Status.GRANTED, at=NOW)
    laptop.moment = NOW + dt.timedelta(days=365)  # a slip of the worker's finger
    assert retention.due_count(clocked) == 0
    assert retention.remove_expired(clocked, laptop.moment) == 0
    laptop.moment = NOW  # (and put right again: nothing was lost)
    assert _still_there(clocked, "Бондар") and _still_there(clocked, "Мельник")
    # By the registry's clock 70 days on, the one decided 130 days before goes.
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=70))
    laptop.moment = NOW + dt.timedelta(days=70)
    assert retention.remove_expired(clocked) == 1
    assert _still_there(clocked, "Бондар") and not _still_there(clocked, "Мельник")


def test_a_case_decided_without_the_registrys_time_is_aged_by_the_laptop_unless_it_reads_behind(
    clocked: Profile, laptop: SetClock
) -> None:
    """A registry from before the feed said its times: the decision's time is when it
    reached the laptop, as before; once a registry says its time, the period must have
    passed by its clock too, so a case stamped while the laptop's clock ran ahead stays."""
    old = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=200)
    _pulled(clocked, old, Status.GRANTED, at=None)
    laptop.moment = NOW
    assert retention.due(clocked.db, NOW, 90) == [old.id]  # (no registry time: as before)
    ahead = _sent(clocked, "Бондар", 5)
    laptop.moment = NOW + dt.timedelta(days=200)  # the clock a while ahead as it arrived
    _pulled(clocked, ahead, Status.GRANTED, at=None)

    _registry_says_its_time(clocked, NOW)
    for behind in (dt.timedelta(days=2), dt.timedelta(hours=12)):
        laptop.moment = NOW - behind  # (old by both clocks, whichever is a little off)
        assert retention.due(clocked.db, laptop.moment, 90) == [old.id], behind
        assert retention.due_count(clocked) == 1, behind
    # The clock a year ahead: by the registry's, the one stamped ahead is recent; it stays.
    laptop.moment = NOW + dt.timedelta(days=365)
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Гнатюк") and _still_there(clocked, "Бондар")


def test_the_registrys_times_are_kept_with_the_cursor(clocked: Profile) -> None:
    store, outbox = clocked.applications, clocked.outbox
    first, second, third = (_sent(clocked, name, n) for n, name in enumerate("АБВ", start=1))
    page = [
        {"kind": "status", "application_id": first.id, "revision": 1, "status": "accepted"},
        {"kind": "status", "application_id": second.id, "revision": 1, "status": "granted"},
        {"kind": "status", "application_id": third.id, "revision": 1, "status": "refused"},
    ]
    page[0]["at"] = "2026-03-01T10:00:00.250000+00:00"
    page[1]["at"] = "2026-03-02T12:00:00+02:00"
    page[2]["at"] = "не час"
    outbox.apply_changes(page, "c1", registry_time="2026-03-03T09:30:00.000001+00:00")
    decided = dict(clocked.db.execute("SELECT id, decided_at FROM applications").fetchall())
    # Only a decision's time is kept, as the store writes times; none that is not a time.
    assert decided == {first.id: None, second.id: "2026-03-02T10:00:00Z", third.id: None}
    assert outbox.setting(REGISTRY_TIME_KEY) == "2026-03-03T09:30:00Z"
    assert outbox.setting("sync.cursor") == "c1"
    # A page without "now" (an older registry build): the time kept is forgotten, not left
    # standing still, when nothing would ever be due by it again.
    outbox.apply_changes([], "c2", registry_time=None)
    assert outbox.setting(REGISTRY_TIME_KEY) is None
    returned = {**page[0], "status": "returned", "at": "2026-04-01T08:00:00Z"}
    outbox.apply_changes([returned], "c3", registry_time="сьогодні")
    assert outbox.setting(REGISTRY_TIME_KEY) is None
    assert store.get(first.id).status is Status.RETURNED


def test_one_wrong_clock_of_either_side_strips_nothing_early_and_a_silent_registry_stops_nothing(
    clocked: Profile, laptop: SetClock
) -> None:
    """The period must have passed by both clocks. The registry's clock a year ahead for a
    sync (every laptop of the community at once) strips nothing decided today; a registry
    that no longer says its time (an older build again) does not freeze the count."""
    today = _sent(clocked, "Бондар", 5)
    _pulled(clocked, today, Status.GRANTED, at=NOW)
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=365))
    assert retention.due_count(clocked) == 0 and retention.remove_expired(clocked) == 0
    assert _still_there(clocked, "Бондар")
    # The registry put right, then back to a build that sends no time: the period is
    # counted by this laptop's clock again, and passes.
    _registry_says_its_time(clocked, NOW)
    clocked.outbox.apply_changes([], "c-old-build", registry_time=None)
    laptop.moment = NOW + dt.timedelta(days=91)
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Бондар")


def test_a_profile_moved_by_export_takes_the_registrys_decision_times_from_the_feed(
    clocked: Profile, laptop: SetClock, tmp_path: Path
) -> None:
    """The old laptop's clock read a year behind when the decision came: its time of it is
    wrong, and an export carries only that. On the new laptop the feed, read from the
    start, says again when the registry decided: the case is not stripped at once."""
    saved = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=365)
    _pulled(clocked, saved, Status.GRANTED, at=NOW)
    laptop.moment = NOW
    exported = list(clocked.applications.export())
    with Profile.create(
        tmp_path / "new", workstation="ZT01", community="UA18040530000045696"
    ) as new:
        assert not any(
            isinstance(o, Exception) for o in new.applications.import_batch(exported, "o")
        )
        _pulled(new, new.applications.get(saved.id), Status.GRANTED, at=NOW, again=True)
        assert retention.due(new.db, NOW + dt.timedelta(hours=1), 90) == []
        assert retention.due(new.db, NOW + dt.timedelta(days=91), 90) == []  # (registry: NOW)
        new.outbox.apply_changes(
            [], "c-later", registry_time=(NOW + dt.timedelta(days=91)).isoformat()
        )
        assert retention.due(new.db, NOW + dt.timedelta(days=91), 90) == [saved.id]


def test_the_command_line_says_by_whose_clock_and_what_it_says_is_due_is_what_goes(
    profile: Profile, profile_dir: object
) -> None:
    old = _decided(profile, application(surname="Гнатюк"), Status.GRANTED, days_ago=200)
    recent = _sent(profile, "Бондар", 5)
    _pulled(profile, recent, Status.REFUSED, at=NOW - dt.timedelta(days=100))
    # The registry's time is 3 days ahead of this computer's: its clock reads behind.
    _registry_says_its_time(profile, NOW + dt.timedelta(days=3))
    profile.close()
    shown = run_cli("--data-dir", str(profile_dir), "retention")
    assert shown.returncode == 0, shown.stderr
    assert "за обома годинниками" in shown.stdout and "відстає від реєстру" in shown.stdout
    # Decided 200 days ago by both clocks: due. Decided 100 days ago by the registry's, but
    # it reached this computer today: not yet.
    assert "Строк минув: 1 заява" in shown.stdout
    done = run_cli("--data-dir", str(profile_dir), "retention", "--run")
    assert "Персональні дані видалено: 1 заява" in done.stdout, done.stderr
    with Profile.open(profile_dir) as again:  # type: ignore[arg-type]
        assert again.applications.get(old.id).applicant.surname == ""
        assert again.applications.get(recent.id).applicant.surname == "Бондар"
