"""The worker's calendar is Kyiv's, whatever time zone a donated laptop is set to."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.entry import ENTRY_SLOTS, day_starts
from frontdesk.store.rows import Filter
from frontdesk.text import local_time
from tests.conftest import run_cli
from tests.factories import SetClock, application

ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo"]


@pytest.fixture(params=ZONES)
def laptop_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This process's time zone set as a donated laptop's was."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_a_time_is_shown_on_kyivs_clock(laptop_zone: str) -> None:
    """(a laptop left on UTC printed every receipt two hours behind, three in summer; one on
    the donor's Pacific time dated a 09:30 application the day before)"""
    assert local_time("2026-03-04T22:30:00Z") == "05.03.2026 00:30"  # EET
    assert local_time("2026-07-04T21:30:00Z") == "05.07.2026 00:30"  # EEST
    assert local_time("2026-03-05T07:30:00Z") == "05.03.2026 09:30"


def test_the_first_application_of_the_year_in_kyiv_carries_the_new_year(
    laptop_zone: str, tmp_path: Path
) -> None:
    """00:30 on 1 January in Kyiv is 22:30 UTC on 31 December: it was numbered in the old
    year's series on a laptop left on UTC, and listed under 31 December."""
    clock = SetClock(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC))
    with Profile.create(
        tmp_path / "p", workstation="ZT01", community="UA18040530000045696", clock=clock
    ) as profile:
        saved = profile.applications.save(application(surname="Гнатюк"), "o").application
        assert saved.number == "ZT01-2027-000001"
        new_year = dt.date(2027, 1, 1)
        found = profile.applications.search(Filter(created_from=new_year, created_to=new_year))
        assert [s.number for s in found] == [saved.number]
        assert local_time(saved.created_at) == "01.01.2027 00:30"


def test_an_application_keyed_to_the_laptops_own_day_moves_to_kyivs_on_upgrade(
    tmp_path: Path,
) -> None:
    """A laptop that was left on UTC keyed an application taken at 00:30 in Kyiv on 5 March
    to 4 March: the journal showed it dated 05.03 and its filter for 5 March found
    nothing. The upgrade keys it again, and moves nothing else."""
    moments = ["2026-03-04T09:00:00Z", "2026-03-04T22:30:00Z", "2026-03-05T08:00:00Z"]
    root = tmp_path / "p"
    with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as profile:
        for n, moment in enumerate(moments):
            paper = application(surname=["Бондар", "Гнатюк", "Яковенко"][n])
            paper.created_at = moment
            profile.applications.import_document(paper, "import")
        with profile.db.transaction() as conn:  # as the UTC laptop keyed them
            march_4 = day_starts(dt.date(2026, 3, 4))
            conn.execute("UPDATE applications SET rowid = rowid + ? * 2", (ENTRY_SLOTS,))
            conn.execute(
                "UPDATE applications SET rowid = ? WHERE created_at LIKE '2026-03-04%'"
                " AND created_at < '2026-03-04T22'",
                (march_4,),
            )
            conn.execute(
                "UPDATE applications SET rowid = ? WHERE created_at = '2026-03-04T22:30:00Z'",
                (march_4 + 1,),
            )
            conn.execute(
                "UPDATE applications SET rowid = ? WHERE created_at LIKE '2026-03-05%'",
                (march_4 + ENTRY_SLOTS,),
            )
            conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")
            conn.execute("PRAGMA user_version = 12")
        others = profile.db.query(
            "SELECT rowid, id FROM applications WHERE created_at != ?", (moments[1],)
        )
    with Profile.open(root) as upgraded:
        store = upgraded.applications

        def surnames(where: Filter) -> list[str]:
            return [s.applicant_name.split()[0] for s in store.search(where, order="oldest")]

        march_5 = dt.date(2026, 3, 5)
        # (within its day, the one moved comes after those already there)
        assert surnames(Filter(created_from=march_5, created_to=march_5)) == [
            "Яковенко",
            "Гнатюк",
        ]
        march_4 = dt.date(2026, 3, 4)
        assert surnames(Filter(created_from=march_4, created_to=march_4)) == ["Бондар"]
        assert surnames(Filter(text="гнат")) == ["Гнатюк"]  # (the search index follows)
        assert upgraded.db.scalar("PRAGMA integrity_check") == "ok"
        assert (
            upgraded.db.query(
                "SELECT rowid, id FROM applications WHERE created_at != ?", (moments[1],)
            )
            == others
        )


def test_the_history_dates_a_decision_by_the_back_office_not_by_the_laptops_sync(
    profile: Profile, profile_dir: Path
) -> None:
    """Granted on 2 March at 15:05 in Kyiv; the van's laptop synced on 5 March, and its
    history said «05.03.2026 09:00 … Задоволено»: the worker gave the resident that date."""
    saved = profile.applications.save(application(surname="Гнатюк"), "o").application
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox")  # (sent)
        granted = "2026-03-02T13:05:00Z"
        assert profile.from_registry.set_status(
            conn, saved.id, saved.revision, Status.GRANTED, at=granted
        )
    shown = run_cli("--data-dir", str(profile_dir), "show", saved.number)
    assert shown.returncode == 0, shown.stderr
    history = shown.stdout.split("Історія:")[1].splitlines()
    decided = [line for line in history if "Задоволено" in line]
    assert len(decided) == 1 and decided[0].strip().startswith("02.03.2026 15:05")
