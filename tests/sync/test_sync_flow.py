"""The sync engine against a real registry process on 127.0.0.1: delivery, scans,
decisions, corrections, clocks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from frontdesk.model import Attachment, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.applications import Filter
from frontdesk.store.outbox import CURSOR_KEY
from registry.db import Database, changes, create_engine, iso
from registry.feed import encode_cursor
from sync.errors import Offline
from sync.protocol import RegistryClient
from sync.transport import Transport
from sync.workstation import TOKEN, connect, enrol
from tests.conftest import run_cli
from tests.factories import SetClock, application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import (
    Workstation,
    assert_exactly_once,
    assert_only_the_bad_one_is_held,
)


def test_first_sync_delivers_every_ready_application_once(workstation: Workstation) -> None:
    ids = workstation.capture_examples()
    report = workstation.engine().sync_once()
    assert report.push.delivered == len(ids) >= 20
    assert_exactly_once(workstation, ids)
    profile = workstation.profile
    status = profile.outbox.status()
    assert (status.pending, status.quarantined, status.last_error) == (0, 0, None)
    assert status.last_success
    assert profile.applications.count(Filter(status="draft")) == 2  # drafts stay home
    # The registry marks them accepted; the feed brings that back on the same round.
    assert profile.applications.count(Filter(status="accepted")) == len(ids)
    again = workstation.engine().sync_once()
    assert again.push.delivered == 0
    assert_exactly_once(workstation, ids)


def test_resync_after_an_outage(workstation: Workstation) -> None:
    ids = workstation.capture_examples()
    workstation.registry.stop()
    with pytest.raises(Offline) as caught:
        workstation.engine().sync_once()
    assert "Немає зв'язку з реєстром" in caught.value.message("uk")
    status = workstation.profile.outbox.status()
    assert status.to_dict()["pending"] == len(ids)  # pending, or in flight: "maybe delivered"
    workstation.registry.start()
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)


def test_attachment_upload_resumes_where_it_stopped(workstation: Workstation) -> None:
    profile = workstation.profile
    scan = os.urandom(2 * 1024 * 1024 + 123)
    digest = profile.applications.put_blob(scan)
    app = application()
    app.community = workstation.community
    app.attachments = [Attachment(digest, "scan.jpg", "image/jpeg", len(scan), "identity_document")]
    saved = profile.applications.save(app, "oksana").application

    # An earlier attempt got the first 768 KiB through before the link dropped.
    token = profile.secrets.get(TOKEN)
    transport = Transport(workstation.registry.url, token=token)
    half = 768 * 1024
    transport.request(
        "PUT", f"/v1/blobs/{digest}", data=scan[:half], params={"offset": 0, "size": len(scan)}
    )
    assert RegistryClient(transport).blob_received(digest) == (half, False)
    transport.close()

    report = workstation.engine().sync_once()
    assert report.push.delivered == 1
    assert report.push.bytes_uploaded == len(scan) - half  # only the rest was sent
    assert_exactly_once(workstation, [saved.id])
    stored = next(workstation.registry.blobs_dir.rglob(digest))
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    # Another application with the same scan sends no bytes again.
    second = application(surname="Бондар")
    second.attachments = app.attachments
    profile.applications.save(second, "oksana")
    assert workstation.engine().sync_once().push.bytes_uploaded == 0


def _spoil(station: Workstation, app_id: str, change: dict[str, object]) -> None:
    """Make a stored application one the registry refuses (as an older client might have)."""
    profile = station.profile
    document = json.loads(
        profile.db.scalar("SELECT document FROM applications WHERE id = ?", (app_id,))
    )
    status = change.pop("status", None)
    if status:
        profile.db.execute("UPDATE applications SET status = ? WHERE id = ?", (status, app_id))
    for path, value in change.items():
        target = document
        *parents, leaf = path.split(".")
        for part in parents:
            target = target[part]
        target[leaf] = value
    profile.db.execute(
        "UPDATE applications SET document = ? WHERE id = ?",
        (json.dumps(document, ensure_ascii=False), app_id),
    )


def test_one_rejected_application_is_quarantined_and_does_not_block_others(
    workstation: Workstation,
) -> None:
    ids = workstation.capture_examples()
    bad = ids[3]
    _spoil(workstation, bad, {"applicant.rnokpp": "1234567890"})
    report = workstation.engine().sync_once()
    assert report.push.quarantined == 1 and report.push.delivered == len(ids) - 1
    assert_exactly_once(workstation, [i for i in ids if i != bad])
    [held] = workstation.profile.outbox.quarantined()
    problems = held.reason["problems"]
    assert problems[0]["field"] == "applicant.rnokpp"
    assert "контрольна цифра" in problems[0]["message"]

    # The worker corrects it and saves: it goes out on the next round.
    app = workstation.profile.applications.get(bad)
    app.applicant.rnokpp = ""
    app.applicant.rnokpp_refused = True
    app.household[0].rnokpp = ""
    app.household[0].rnokpp_refused = True
    workstation.profile.applications.save(app, "oksana")
    assert workstation.engine().sync_once().push.delivered == 1
    assert_exactly_once(workstation, ids)


def test_same_revision_with_other_content_is_a_conflict(workstation: Workstation) -> None:
    saved = workstation.profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    # A restored old backup re-sends revision 1 with different content.
    _spoil(workstation, saved.id, {"applicant.phone": "+380500000000", "status": "ready"})
    workstation.profile.db.execute(
        "INSERT INTO outbox (application_id, revision) VALUES (?, 1)", (saved.id,)
    )
    report = workstation.engine().sync_once()
    assert report.push.quarantined == 1
    [held] = workstation.profile.outbox.quarantined()
    assert held.reason["outcome"] == "conflict"
    assert_exactly_once(workstation, [saved.id])
    shown = json.loads(workstation.registry.cli("show", saved.number, "--json").stdout)
    assert "+380500000000" not in json.dumps(shown)


def test_decision_flows_back(workstation: Workstation) -> None:
    saved = workstation.profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    workstation.registry.cli("decide", saved.number, "grant")
    report = workstation.engine().sync_once()
    assert [c["status"] for c in report.pull.applied] == ["granted"]
    assert workstation.profile.applications.get(saved.id).status is Status.GRANTED
    assert workstation.engine().sync_once().pull.applied == []  # the cursor moved on


def test_laptop_clock_a_year_off_changes_nothing(tmp_path: Path, registry: RunningRegistry) -> None:
    from frontdesk.profile import Profile
    from sync.workstation import connect

    community = registry.add_community()
    skewed = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=400)  # noqa: E731
    profile = Profile.create(
        tmp_path / "skewed", workstation="ZT09", community=community, clock=skewed
    )
    try:
        enrol(profile, registry.url, registry.enrolment_code(community))
        first = profile.applications.save(application(), "o").application
        second = profile.applications.save(application(surname="Бондар"), "o").application
        engine, transport = connect(profile)
        engine.sync_once()
        registry.cli("decide", second.number, "refuse", "--reason", "Дохід перевищує межу")
        registry.cli("decide", first.number, "grant")
        engine.sync_once()
        transport.close()
        assert profile.applications.get(first.id).status is Status.GRANTED
        assert profile.applications.get(second.id).status is Status.REFUSED
    finally:
        profile.close()


def test_a_decision_pulled_while_the_laptop_clock_was_a_year_behind_is_not_stripped_once_right(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """A dead CMOS battery: the laptop syncs with its clock a year behind, the back office
    grants the application, the laptop pulls it; the clock is put right an hour later and
    the retention run must not take the decision for a year old."""
    community = registry.add_community()
    laptop = SetClock(dt.datetime.now(dt.UTC) - dt.timedelta(days=365))
    profile = Profile.create(
        tmp_path / "behind", workstation="ZT09", community=community, clock=laptop
    )
    try:
        enrol(profile, registry.url, registry.enrolment_code(community))
        saved = profile.applications.save(application(surname="Гнатюк"), "o").application
        engine, transport = connect(profile)
        try:
            engine.sync_once()
            registry.cli("decide", saved.number, "grant")
            engine.sync_once()
        finally:
            transport.close()
        assert profile.applications.get(saved.id).status is Status.GRANTED
        laptop.moment = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # the clock put right
        assert retention.due_count(profile) == 0
        assert retention.remove_expired(profile) == 0
        assert profile.applications.get(saved.id).applicant.surname == "Гнатюк"
    finally:
        profile.close()


def test_a_case_the_registry_decided_past_the_window_is_stripped_and_one_decided_today_is_not(
    workstation: Workstation,
) -> None:
    store, registry = workstation.profile.applications, workstation.registry
    old = store.save(application(surname="Гнатюк"), "o").application
    today = store.save(application(surname="Бондар", serial=5), "o").application
    engine = workstation.engine()
    engine.sync_once()
    registry.cli("decide", old.number, "refuse", "--reason", "Доходи перевищують межу")
    registry.cli("decide", today.number, "grant")
    # The back office refused the first 91 days ago, by the registry's clock.
    database = Database(create_engine(registry.database_url))
    try:
        with database.write() as conn:
            conn.execute(
                changes.update()
                .where(changes.c.application_id == old.id, changes.c.status == "refused")
                .values(created_at=iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=91)))
            )
    finally:
        database.close()
    assert [c["status"] for c in engine.sync_once().pull.applied] == ["refused", "granted"]
    # Both reached the laptop today: by its clock neither period has passed yet.
    assert retention.due_count(workstation.profile) == 0
    # With the laptop's clock a year ahead, the registry's clock still keeps the one it
    # decided today; the one it decided 91 days ago goes.
    a_year_ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    assert retention.remove_expired(workstation.profile, a_year_ahead) == 1
    assert store.get(old.id).applicant.surname == "" and store.get(old.id).status_reason == ""
    assert store.get(today.id).applicant.surname == "Бондар"


def test_demo_runs_the_whole_loop_on_one_machine(tmp_path: Path) -> None:

    result = run_cli("--data-dir", str(tmp_path / "demo"), "demo", "--no-gui", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Надіслано: 22; у реєстрі заяв: 22" in result.stdout
    assert "127.0.0.1" in result.stdout
    again = run_cli("--data-dir", str(tmp_path / "demo"), "demo", "--no-gui", timeout=120)
    assert again.returncode == 0, again.stderr  # (its registry on another port, same laptop)


def test_application_whose_scan_is_lost_here_is_quarantined_not_blocking(
    workstation: Workstation,
) -> None:
    lost = application()
    lost.attachments = [Attachment("ab" * 32, "lost.jpg", "image/jpeg", 10)]
    broken = workstation.profile.applications.save(lost, "o").application
    assert_only_the_bad_one_is_held(workstation, broken, "attachment.missing")


def test_a_registry_restored_from_an_older_copy_still_delivers_its_decisions(
    workstation: Workstation,
) -> None:
    """The registry's database was restored from a copy older than where this laptop had
    read its feed to: the registry says it does not know the cursor, the laptop reads the
    feed from the start, and the decision recorded since arrives; nothing is recorded twice."""
    profile = workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    history = len(profile.applications.history(saved.id))
    # Where the laptop had read to, before the registry's restore:
    profile.outbox.set_setting(CURSOR_KEY, encode_cursor(999_999))
    workstation.registry.cli("decide", saved.number, "refuse", "--reason", "Не та громада")
    report = workstation.engine().sync_once()
    assert [c["status"] for c in report.pull.applied] == ["refused"]
    assert profile.applications.get(saved.id).status is Status.REFUSED
    steps = [h["action"] for h in profile.applications.history(saved.id)][history:]
    assert steps == ["status:refused"]  # "accepted", read again, was not recorded again
    assert workstation.engine().sync_once().pull.applied == []


def test_applications_without_scans_are_not_held_behind_another_ones_big_scan(
    workstation: Workstation,
) -> None:
    """(a 12 MB PDF claimed with ten plain applications: on a 1 MB/s link none arrived for
    15 s, and a link lost meanwhile delivered none of them) The plain ones go first."""
    store = workstation.profile.applications
    plain = [store.save(application(surname=f"Бондар{'а' * i}", serial=i), "o") for i in range(3)]
    scan = os.urandom(256 * 1024)
    heavy = application(surname="Коваленко", serial=9)
    heavy.attachments = [
        Attachment(store.put_blob(scan), "довідка.pdf", "application/pdf", len(scan))
    ]
    store.save(heavy, "o")
    plain += [
        store.save(application(surname=f"Мельник{'а' * i}", serial=20 + i), "o") for i in range(3)
    ]
    engine = workstation.engine()
    delivered_before_upload: list[int] = []
    upload = engine._client.upload_blob

    def watched(sha256: str, data: bytes, *args: object, **kwargs: object) -> int:
        delivered_before_upload.append(
            sum(store.get(r.application.id).status is Status.SENT for r in plain)
        )
        return upload(sha256, data, *args, **kwargs)

    engine._client.upload_blob = watched  # type: ignore[method-assign]
    report = engine.sync_once()
    assert report.push.delivered == 7
    assert delivered_before_upload == [6]  # every plain one was in before the scan went up
    assert workstation.profile.outbox.pending(10) == []


def test_one_batch_sent_leaves_the_scanned_rest_waiting_not_in_flight(
    workstation: Workstation,
) -> None:
    store = workstation.profile.applications
    store.save(application(surname="Бондар"), "o")
    scan = os.urandom(1024)
    heavy = application(surname="Коваленко", serial=9)
    heavy.attachments = [Attachment(store.put_blob(scan), "d.pdf", "application/pdf", len(scan))]
    store.save(heavy, "o")
    assert workstation.engine().push_once().delivered == 1
    assert workstation.profile.outbox.in_flight() == []  # (not left for the next round to ask)
    [waiting] = workstation.profile.outbox.pending(10)
    assert waiting.attachments


def test_a_batch_that_never_left_goes_back_to_waiting_when_the_link_drops(
    workstation: Workstation,
) -> None:
    """(the scanned part of a claim, never sent, stayed 'maybe delivered' when the plain
    part's send failed: unchangeable until a later round asked the registry)"""
    store = workstation.profile.applications
    store.save(application(surname="Бондар"), "o")
    scan = os.urandom(1024)
    heavy = application(surname="Коваленко", serial=9)
    heavy.attachments = [Attachment(store.put_blob(scan), "d.pdf", "application/pdf", len(scan))]
    heavy = store.save(heavy, "o").application
    engine = workstation.engine()

    def lost(body: bytes, count: int) -> object:
        raise Offline()

    engine._client.push_encoded = lost  # type: ignore[method-assign]
    with pytest.raises(Offline):
        engine.push_all()
    in_flight = [item.application_id for item in workstation.profile.outbox.in_flight()]
    assert heavy.id not in in_flight
    assert heavy.id in [item.application_id for item in workstation.profile.outbox.pending(10)]


def test_a_round_asked_to_stop_begins_no_next_batch_and_claims_no_success(
    workstation: Workstation,
) -> None:
    """The app closing (or a colleague's session taking over) stops its round: the round
    went on sending the whole outbox, and the new session's waited for all of it. The
    batch on the wire is finished and recorded; the rest waits, pending, for the next
    round; no success is recorded for a round cut short."""
    import threading

    profile = workstation.profile
    for serial, surname in enumerate(("Бондар", "Гнатюк", "Дячук", "Кравець", "Лисенко"), 1):
        profile.applications.save(application(surname=surname, serial=serial), "o")
    stopping = threading.Event()
    engine, transport = connect(
        profile,
        depth=1,
        progress=lambda stage, _done, _n: stopping.set() if stage == "push" else None,
    )
    engine._batch_size = 2
    try:
        report = engine.sync_once(stopping=stopping)
    finally:
        transport.close()
    sent = report.push.delivered  # the batch on the wire, and the one claimed behind it
    assert 2 <= sent < 5
    status = profile.outbox.status()
    assert status.pending == 5 - sent and status.in_flight == 0
    assert profile.outbox.setting("sync.last_success") is None
    again = workstation.engine().sync_once()
    assert again.push.delivered == 5 - sent
