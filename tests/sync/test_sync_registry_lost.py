"""A registry that lost what it had acknowledged (restored from an older copy, or set up
anew) gets it again from the laptop: nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.document import parse
from frontdesk.messages import history_text
from frontdesk.model import Application, Attachment, Status
from frontdesk.store import retention
from frontdesk.store.outbox import FULL_READ_KEY
from registry.db import Database, changes, create_engine, iso
from sync.errors import NeedsEnrolment, Offline
from sync.workstation import enrol
from tests.conftest import run_cli
from tests.factories import application
from tests.registry.registry_samples import make_document
from tests.registry_process import RunningRegistry
from tests.sync.conftest import Workstation, assert_exactly_once, enrolled


@pytest.fixture
def own_registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    """A registry of this test's own: its database is copied, restored and wiped."""
    with RunningRegistry(tmp_path / "registry") as running:
        yield running


def _save(station: Workstation, surname: str) -> Application:
    return station.profile.applications.save(application(surname=surname), "o").application


def _database_files(registry: RunningRegistry) -> list[Path]:
    return sorted(registry.workdir.glob("registry.db*"))


def _assert_held_with_content(station: Workstation, apps: list[Application]) -> None:
    """The registry holds each of ``apps`` exactly once, with what the worker typed."""
    assert_exactly_once(station, [a.id for a in apps])
    for app in apps:
        shown = json.loads(station.registry.cli("show", app.number, "--json").stdout)
        assert app.applicant.surname in json.dumps(shown, ensure_ascii=False)


def test_a_registry_restored_from_an_older_copy_gets_back_what_it_had_acknowledged(
    tmp_path: Path, own_registry: RunningRegistry
) -> None:
    """(The laptop noticed the restore, read the feed again, and the two applications the
    registry had acknowledged after its copy stayed "прийнято" here and were never sent
    again: the registry had no trace of them.)"""
    station = enrolled(tmp_path, own_registry)
    try:
        registry, profile = own_registry, station.profile
        before = _save(station, "Бондар")
        station.engine().sync_once()
        registry.stop()
        night = tmp_path / "nightly"
        night.mkdir()
        for file in _database_files(registry):
            shutil.copy2(file, night / file.name)
        registry.start()

        after = [_save(station, "Гнатюк"), _save(station, "Дячук")]
        station.engine().sync_once()
        registry.cli("decide", after[1].number, "grant")  # decided, then lost with the rest
        station.engine().sync_once()
        assert profile.applications.get(after[1].id).status is Status.GRANTED

        registry.stop()
        for file in _database_files(registry):
            file.unlink()
        for file in night.iterdir():
            shutil.copy2(file, registry.workdir / file.name)
        registry.start()
        registry.cli("decide", before.number, "grant")  # the registry works on meanwhile
        assert {r["id"] for r in station.registry_applications()} == {before.id}

        told = run_cli("--data-dir", str(tmp_path / "ws"), "sync", "--once")
        assert told.returncode == 0, told.stderr
        assert "Реєстр більше не мав 2 заяв(и)" in told.stdout

        _assert_held_with_content(station, [before, *after])
        statuses = [profile.applications.get(a.id).status for a in (before, *after)]
        # The decision this laptop holds is not taken back; the registry has the case again.
        assert statuses == [Status.GRANTED, Status.ACCEPTED, Status.GRANTED]
        assert profile.outbox.status().pending == 0
        history = profile.applications.history(after[0].id)
        said = [history_text(e["action"], e.get("detail") or "") for e in history]
        assert "Реєстр більше не має цієї заяви" in " ".join(said)
        assert [e["action"] for e in history].count("sent") == 2

        again = station.engine().sync_once()  # nothing more is sent: each is held once
        assert (again.push.delivered, again.pull.sent_again) == (0, 0)
        _assert_held_with_content(station, [before, *after])
    finally:
        station.close()


def test_a_registry_set_up_anew_gets_everything_after_the_laptop_enrols_again(
    tmp_path: Path, own_registry: RunningRegistry
) -> None:
    station = enrolled(tmp_path, own_registry)
    try:
        registry, profile = own_registry, station.profile
        scan = os.urandom(300_000)
        with_scan = application(surname="Бондар")
        with_scan.attachments = [
            Attachment(profile.applications.put_blob(scan), "scan.jpg", "image/jpeg", len(scan))
        ]
        apps = [
            profile.applications.save(with_scan, "o").application,
            _save(station, "Гнатюк"),
        ]
        station.engine().sync_once()

        registry.stop()  # wiped: its database and its scans
        for file in _database_files(registry):
            file.unlink()
        shutil.rmtree(registry.blobs_dir, ignore_errors=True)
        registry.start()
        registry.add_community(station.community)
        with pytest.raises(NeedsEnrolment):
            station.engine().sync_once()
        enrol(profile, registry.url, registry.enrolment_code(station.community))
        late = _save(station, "Дячук")

        report = station.engine().sync_once()
        assert report.pull.sent_again == 2
        assert report.push.delivered == 3
        assert report.push.bytes_uploaded == len(scan)
        _assert_held_with_content(station, [*apps, late])
        assert all(profile.applications.get(a.id).status is Status.ACCEPTED for a in (*apps, late))
        assert profile.outbox.setting(FULL_READ_KEY) is None
    finally:
        station.close()


def test_a_whole_read_cut_short_is_done_again_before_anything_is_judged_lost(
    tmp_path: Path, own_registry: RunningRegistry
) -> None:
    """The link dropped on the feed read after an enrolment: the next round reads it all
    again, and what the registry holds is not sent twice."""
    station = enrolled(tmp_path, own_registry)
    try:
        registry, profile = own_registry, station.profile
        apps = [_save(station, name) for name in ("Бондар", "Гнатюк", "Дячук")]
        station.engine().sync_once()
        enrol(profile, registry.url, registry.enrolment_code(station.community))
        engine = station.engine()
        real_changes = engine._client.changes
        calls = 0

        def one_page_then_offline(cursor: str | None, limit: int = 500) -> object:
            nonlocal calls
            calls += 1
            if calls > 1:
                raise Offline()
            return real_changes(cursor, limit=1)  # one change a page: more to come

        engine._client.changes = one_page_then_offline  # type: ignore[method-assign]
        with pytest.raises(Offline):
            engine.sync_once()
        assert profile.outbox.setting(FULL_READ_KEY) == "1"
        assert profile.outbox.status().pending == 0  # nothing judged from a part of it

        report = station.engine().sync_once()
        assert (report.pull.sent_again, report.push.delivered) == (0, 0)
        assert profile.outbox.setting(FULL_READ_KEY) is None
        _assert_held_with_content(station, apps)
    finally:
        station.close()


def test_what_was_not_delivered_from_here_or_whose_content_is_gone_is_not_sent_again(
    tmp_path: Path, own_registry: RunningRegistry
) -> None:
    """A document imported with its status from another workstation (a case moved here by
    export) was never this laptop's to send, and a case stripped by retention has nothing
    left to send."""
    station = enrolled(tmp_path, own_registry)
    try:
        registry, profile = own_registry, station.profile
        store = profile.applications
        elsewhere = parse(make_document(station.community, workstation="KH07"))
        elsewhere.status = Status.ACCEPTED
        imported = store.import_document(elsewhere, "o").application
        kept, stripped = _save(station, "Бондар"), _save(station, "Гнатюк")
        engine = station.engine()
        engine.sync_once()
        registry.cli("decide", stripped.number, "refuse", "--reason", "Не той район")
        database = Database(create_engine(registry.database_url))
        try:  # refused 91 days ago by the registry's clock
            with database.write() as conn:
                conn.execute(
                    changes.update()
                    .where(changes.c.application_id == stripped.id)
                    .values(created_at=iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=91)))
                )
        finally:
            database.close()
        engine.sync_once()
        a_year_ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
        assert retention.remove_expired(profile, a_year_ahead) == 1

        registry.stop()  # set up anew (its attachments folder with it: a new, empty one)
        for file in _database_files(registry):
            file.unlink()
        shutil.rmtree(registry.blobs_dir, ignore_errors=True)
        registry.start()
        registry.add_community(station.community)
        enrol(profile, registry.url, registry.enrolment_code(station.community))
        report = station.engine().sync_once()

        assert (report.pull.sent_again, report.push.quarantined) == (1, 0)
        _assert_held_with_content(station, [kept])
        assert store.get(imported.id).status is Status.ACCEPTED  # as it came
        assert store.get(stripped.id).status is Status.REFUSED
        assert profile.outbox.status().pending == 0
    finally:
        station.close()
