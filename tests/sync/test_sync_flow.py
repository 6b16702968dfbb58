"""The sync engine against a real registry process on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from frontdesk.errors import InvalidInput, KeyringUnavailable
from frontdesk.model import Attachment, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.applications import Filter
from frontdesk.store.outbox import CURSOR_KEY
from registry.db import Database, changes, create_engine, iso
from registry.feed import encode_cursor
from sync.errors import EnrolmentRefused, NeedsEnrolment, Offline, SyncError
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
    enrolled,
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


def test_returned_application_is_corrected_as_a_new_revision(workstation: Workstation) -> None:
    profile = workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    reason = "Немає довідки ВПО.\n  Додайте   довідку про доходи  \n\n\n"  # a list, typed
    workstation.registry.cli("decide", saved.number, "return", "--reason", reason)
    workstation.engine().sync_once()
    returned = profile.applications.get(saved.id)
    assert returned.status is Status.RETURNED
    assert returned.status_reason == "Немає довідки ВПО.\n  Додайте   довідку про доходи"

    corrected = profile.applications.start_revision(saved.id, "oksana")
    shown_here = run_cli("--data-dir", str(profile.root), "show", saved.number)
    assert "(редакція 2) — чернетка" in shown_here.stdout
    assert (
        "Повернуто на доопрацювання: Немає довідки ВПО.\n  Додайте   довідку" in shown_here.stdout
    )
    corrected.applicant.phone = "+380509998877"
    corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    assert workstation.engine().sync_once().push.delivered == 1
    [row] = workstation.registry_applications()
    assert row["revision"] == 2
    shown = json.loads(workstation.registry.cli("show", saved.number, "--json").stdout)
    assert "+380509998877" in json.dumps(shown, ensure_ascii=False)
    workstation.registry.cli("decide", saved.number, "grant")
    workstation.engine().sync_once()
    assert profile.applications.get(saved.id).status is Status.GRANTED


def test_the_worker_reads_the_back_offices_reason_as_it_was_typed(
    workstation: Workstation,
) -> None:
    """The reason is the evidence: which apostrophe, which quotes, the spacing of a list."""
    profile = workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    typed = (
        "В заяві — «Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна` у довідці).\r\n"
        '\t1. Паспорт:  сторінка 11\r\n\t2. "Довідка"\x07 ВПО'
    )

    workstation.registry.cli("decide", saved.number, "return", "--reason", typed)
    workstation.engine().sync_once()

    expected = (
        "В заяві — «Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна` у довідці).\n"
        '\t1. Паспорт:  сторінка 11\n\t2. "Довідка" ВПО'
    )
    assert profile.applications.get(saved.id).status_reason == expected
    shown = json.loads(workstation.registry.cli("show", saved.number, "--json").stdout)
    assert shown["decisions"][0]["reason"] == expected
    shown_here = run_cli("--data-dir", str(profile.root), "show", saved.number).stdout
    assert "«Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна`" in shown_here


def _backdate_decision(workstation: Workstation, app_id: str, days: int) -> None:
    """The registry recorded the application's decision ``days`` ago, by its clock."""
    database = Database(create_engine(workstation.registry.database_url))
    try:
        with database.write() as conn:
            conn.execute(
                changes.update()
                .where(changes.c.application_id == app_id, changes.c.status == "refused")
                .values(created_at=iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=days)))
            )
    finally:
        database.close()


def test_a_returned_case_never_corrected_is_refused_and_leaves_the_laptop_in_time(
    workstation: Workstation,
) -> None:
    """The resident never brought the correction: the back office closes the case."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку про доходи")
    workstation.engine().sync_once()
    reason = "Довідку не подано протягом місяця"

    refused = registry.cli("decide", saved.number, "refuse", "--reason", reason)

    assert "refused" in refused.stdout
    _backdate_decision(workstation, saved.id, 91)
    applied = workstation.engine().sync_once().pull.applied
    assert [(c["status"], c["reason"]) for c in applied] == [("refused", reason)]
    here = profile.applications.get(saved.id)
    assert (here.status, here.status_reason) == (Status.REFUSED, reason)
    a_year_ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    assert retention.due_count(profile, a_year_ahead) == 1
    assert retention.remove_expired(profile, a_year_ahead) == 1
    assert profile.applications.get(saved.id).applicant.surname == ""


@pytest.mark.parametrize("finished", [False, True], ids=["draft", "ready"])
def test_a_correction_of_a_case_refused_meanwhile_is_withdrawn_and_never_sent(
    workstation: Workstation, finished: bool
) -> None:
    """The worker began (or finished) the correction offline; the back office had refused
    the returned case meanwhile: the refusal closes it, on the laptop too."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку")
    workstation.engine().sync_once()
    corrected = profile.applications.start_revision(saved.id, "oksana")
    corrected.applicant.phone = "+380509998877"
    if finished:
        corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    registry.cli("decide", saved.number, "refuse", "--reason", "Довідку не подано вчасно")

    workstation.engine().sync_once()

    here = profile.applications.get(saved.id)
    assert (here.revision, here.status) == (1, Status.REFUSED)
    assert here.status_reason == "Довідку не подано вчасно"
    assert here.applicant.phone != "+380509998877"
    status = profile.outbox.status()
    assert (status.pending, status.quarantined) == (0, 0)
    assert "correction_withdrawn" in [e["action"] for e in profile.applications.history(saved.id)]
    again = workstation.engine().sync_once()
    assert (again.push.delivered, again.push.quarantined) == (0, 0)
    [row] = workstation.registry_applications()
    assert (row["revision"], row["status"]) == (1, "refused")
    _backdate_decision(workstation, saved.id, 91)
    workstation.engine().sync_once()
    assert retention.due_count(profile, dt.datetime.now(dt.UTC) + dt.timedelta(days=365)) == 1


def test_401_stops_and_reenrolment_recovers(workstation: Workstation) -> None:
    ids = workstation.capture_examples()
    workstation.profile.secrets.set(TOKEN, "revoked-or-forged-token")
    with pytest.raises(NeedsEnrolment) as caught:
        workstation.engine().sync_once()
    assert "повторна реєстрація" in caught.value.message("uk")
    assert workstation.profile.outbox.status().to_dict()["pending"] == len(ids)
    # (the token was revoked by the admin; a forged one proves no right to the code)
    registry = workstation.registry
    [device] = json.loads(
        registry.cli("device", "list", "--community", workstation.community, "--json").stdout
    )
    registry.cli("device", "revoke", device["id"])
    code = registry.enrolment_code(workstation.community)
    enrol(workstation.profile, registry.url, code)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)


def test_a_second_laptop_with_the_same_workstation_code_is_not_enrolled(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Two laptops of one community set up as ZT01 both printed ZT01-…-000001: the
    registry renumbered almost every receipt. The second is refused in words that tell
    the IT person what to do; the first goes on numbering as before."""
    registry, community = workstation.registry, workstation.community
    [device] = json.loads(registry.cli("device", "list", "--community", community, "--json").stdout)
    second = Profile.create(tmp_path / "second", workstation="ZT01", community=community)
    try:
        code = registry.enrolment_code(community)
        with pytest.raises(EnrolmentRefused) as refused:
            enrol(second, registry.url, code)
        said = refused.value.message("uk")
        assert "ZT01 уже використовує інший ноутбук" in said
        assert f"frontdesk-registry device revoke {device['id']}" in said
        assert "Код реєстрації не використано" in said
        assert second.outbox.status().registry is None  # nothing enrolled: it sends nothing

        saved = [
            workstation.profile.applications.save(application(surname=n), "o").application
            for n in ("Бондар", "Гнатюк")
        ]
        report = workstation.engine().sync_once()
        assert report.push.renumbered == []
        assert [workstation.profile.applications.get(a.id).number for a in saved] == [
            a.number for a in saved
        ]

        # The laptop replaced for real: the admin revokes the old one, the same code works.
        registry.cli("device", "revoke", device["id"])
        enrol(second, registry.url, code)
        assert second.outbox.status().registry == registry.url
    finally:
        second.close()


def test_a_revoked_workstation_sends_nothing_more_until_enrolled_again(
    workstation: Workstation,
) -> None:
    """The laptop was lost: the admin revokes its token, the replacement enrols anew."""
    ids = workstation.capture_examples()
    workstation.engine().sync_once()
    registry = workstation.registry
    [device] = json.loads(
        registry.cli("device", "list", "--community", workstation.community, "--json").stdout
    )
    assert (device["workstation"], device["revoked_at"]) == ("ZT01", None)
    assert "token" not in json.dumps(device)  # never shown, not even hashed

    revoked = registry.cli("device", "revoke", device["id"])
    assert "revoked" in revoked.stdout
    late = workstation.profile.applications.save(application(surname="Бондар"), "o").application
    with pytest.raises(NeedsEnrolment):
        workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)  # what it delivered before stays, and nothing more
    assert workstation.profile.outbox.status().to_dict()["pending"] == 1  # kept for later

    enrol(workstation.profile, registry.url, registry.enrolment_code(workstation.community))
    workstation.engine().sync_once()
    assert_exactly_once(workstation, [*ids, late.id])
    listed = json.loads(registry.cli("device", "list", "--json").stdout)
    mine = [d for d in listed if d["community"] == workstation.community]
    assert [d["revoked_at"] is None for d in mine] == [False, True]  # oldest first
    again = registry.cli("device", "revoke", device["id"])  # a second time: no change
    assert device["id"] in again.stdout
    unknown = registry.cli("device", "revoke", "no-such-device", check=False)
    assert unknown.returncode == 1 and "no-such-device" in unknown.stderr


def test_enrolling_clears_the_last_problem_but_claims_no_sync(workstation: Workstation) -> None:
    outbox = workstation.profile.outbox
    assert outbox.status().last_success is None  # enrolled, nothing sent or pulled yet
    outbox.record_error("sync.offline")
    code = workstation.registry.enrolment_code(workstation.community)
    enrol(workstation.profile, workstation.registry.url, code)  # enrolled again
    assert outbox.status().last_error is None and outbox.status().last_success is None
    workstation.engine().sync_once()
    assert outbox.status().last_success is not None


def test_enrolment_code_of_another_community_is_refused(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    other = registry.add_community()
    code = registry.enrolment_code(other)
    with pytest.raises(EnrolmentRefused) as wrong:
        enrol(workstation.profile, registry.url, code)
    assert "код не використано" in wrong.value.message("uk")
    # The code is still good for a workstation of its community, and none was made for
    # this one there (which would have kept its code from its own community).
    there = Profile.create(tmp_path / "there", workstation="KH07", community=other)
    try:
        enrol(there, registry.url, code)
    finally:
        there.close()
    listed = registry.cli("device", "list", "--community", other, "--json").stdout
    assert [d["workstation"] for d in json.loads(listed)] == ["KH07"]
    enrol(workstation.profile, registry.url, registry.enrolment_code(workstation.community))
    with pytest.raises(EnrolmentRefused) as refused:
        enrol(workstation.profile, registry.url, "not-a-code")
    said = refused.value.message("uk")  # the registry's reason, in the worker's words
    assert "вже використано" in said and "expired" not in said
    with pytest.raises(InvalidInput):
        enrol(workstation.profile, "ftp://example", "x")
    # Plain http only to a registry on this computer: the token and the applications would
    # cross the network in clear (nothing is sent: the address is refused first).
    for elsewhere in ("http://registry.example.gov.ua", "http://127.attacker.example"):
        with pytest.raises(InvalidInput) as clear:
            enrol(workstation.profile, elsewhere, "x")
        assert "https://" in clear.value.message("uk")


def test_communities_are_isolated(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    other = enrolled(tmp_path, registry, "other", code="KH07")
    try:
        mine = workstation.profile.applications.save(application(), "oksana").application
        theirs = other.profile.applications.save(application(surname="Бондар"), "o").application
        workstation.engine().sync_once()
        other.engine().sync_once()
        registry.cli("decide", mine.number, "grant")
        assert other.engine().sync_once().pull.applied == []
        assert [c["application_id"] for c in workstation.engine().sync_once().pull.applied] == [
            mine.id
        ]
        assert other.profile.applications.get(theirs.id).status is Status.ACCEPTED
        assert_exactly_once(workstation, [mine.id])
        assert_exactly_once(other, [theirs.id])
    finally:
        other.close()


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
    from tests.conftest import run_cli

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


def test_a_workstation_code_belongs_to_one_community(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    from frontdesk.profile import Profile

    other_community = registry.add_community()
    twin = Profile.create(tmp_path / "twin", workstation="ZT01", community=other_community)
    try:
        with pytest.raises(EnrolmentRefused) as caught:
            enrol(twin, registry.url, registry.enrolment_code(other_community))
        assert "another community" in caught.value.message("en")
        # The first laptop is revoked before it delivered anything: it numbered nothing
        # at the registry, so its code is free for the other community.
        listed = registry.cli("device", "list", "--community", workstation.community, "--json")
        [device] = json.loads(listed.stdout)
        registry.cli("device", "revoke", device["id"])
        enrol(twin, registry.url, registry.enrolment_code(other_community))
        # Once applications numbered ZT01-… came from the twin's community, no laptop of
        # another community may take the code, revoked or not.
        twin.applications.save(application(), "o")
        engine, transport = connect(twin)
        try:
            assert engine.sync_once().push.delivered == 1
        finally:
            transport.close()
        listed = registry.cli("device", "list", "--community", other_community, "--json")
        [twin_device] = json.loads(listed.stdout)
        registry.cli("device", "revoke", twin_device["id"])
        with pytest.raises(EnrolmentRefused):
            enrol(
                workstation.profile,
                registry.url,
                registry.enrolment_code(workstation.community),
            )
    finally:
        twin.close()


def test_a_keyring_that_cannot_keep_the_token_leaves_the_code_unspent(
    registry: RunningRegistry, workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring locked mid-session: enrolment says so before it spends the one-time
    code, and the same code works once the keyring does."""
    code = registry.enrolment_code(workstation.community)
    secrets = workstation.profile.secrets
    with monkeypatch.context() as locked:

        def refuse(_what: str, _value: str) -> None:
            raise KeyringUnavailable("locked")

        locked.setattr(secrets, "set", refuse)
        with pytest.raises(KeyringUnavailable):
            enrol(workstation.profile, registry.url, code)
    enrol(workstation.profile, registry.url, code)  # not used up
    workstation.profile.applications.save(application(), "o")
    assert workstation.engine().sync_once().push.delivered == 1


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


_CYRILLIC_TWINS = str.maketrans("abcehkmptxy", "авсенкмртху")


def test_an_enrolment_code_typed_with_cyrillic_look_alikes_enrols(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """A code typed in the Ukrainian layout («С» on the C key) was "no such code, used or
    expired — ask for a new one", and the new one, typed the same way, failed again."""
    community = registry.add_community()
    for _ in range(50):  # a code with a letter that has a Cyrillic twin (nearly every one)
        code = registry.enrolment_code(community)
        typed = code.lower().translate(_CYRILLIC_TWINS)
        if typed != code.lower():
            break
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        with pytest.raises(InvalidInput) as refused:
            enrol(profile, registry.url, "ЯЧСМ-" + code[5:])  # the Z, X, C, V keys
        assert "у ньому є літери кирилиці — наберіть його латиницею" in (
            refused.value.message("uk")
        )
        assert typed != code.lower()
        assert enrol(profile, registry.url, typed).community == community


def test_an_address_where_no_registry_answers_is_not_called_a_refused_code(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """The registry's API address (".../v1") or another web server said "the enrolment
    code was refused: Not Found", and people asked for new codes."""
    import http.server
    import threading

    class Site(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Not here</body></html>")

        def log_message(self, *_args: object) -> None:
            pass

    site = http.server.HTTPServer(("127.0.0.1", 0), Site)
    serving = threading.Thread(target=site.serve_forever, daemon=True)
    serving.start()
    community = registry.add_community()
    code = registry.enrolment_code(community)
    try:
        with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
            for url in (registry.url + "/v1", f"http://127.0.0.1:{site.server_port}"):
                with pytest.raises(SyncError) as caught:
                    enrol(profile, url, code)
                said = caught.value.message("uk")
                assert said.startswith(f"За адресою {url} немає реєстру FrontDesk (HTTP 404)")
                assert "код реєстрації не використано" in said
            assert enrol(profile, registry.url, code).community == community
    finally:
        site.shutdown()
        site.server_close()
        serving.join(timeout=10)
