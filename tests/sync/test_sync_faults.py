"""Faults: each ends with the registry holding exactly the captured applications, once each,
with intact attachments."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frontdesk.model import Attachment
from frontdesk.store.outbox import REGISTRY_KEY
from sync.errors import Offline, SyncError
from tests.conftest import ROOT, run_cli
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import Workstation, assert_exactly_once, assert_only_the_bad_one_is_held
from tests.sync.proxy import DroppingProxy


def capture_many(station: Workstation, count: int, with_scans: int = 0) -> list[str]:
    """Capture ``count`` applications; the first ``with_scans`` carry a scan each."""
    from bench.data import generate

    apps = generate(count, seed=11)
    for i, app in enumerate(apps[:with_scans]):
        scan = os.urandom(300_000 + i)
        digest = station.profile.applications.put_blob(scan)
        app.attachments = [Attachment(digest, f"scan{i}.jpg", "image/jpeg", len(scan))]
    ids = []
    for start in range(0, count, 500):
        for outcome in station.profile.applications.import_batch(apps[start : start + 500], "o"):
            assert not isinstance(outcome, Exception)
            ids.append(outcome.application.id)
    return ids


def assert_scans_intact(station: Workstation) -> None:
    blobs = station.profile.db.query("SELECT sha256 FROM blobs")
    for row in blobs:
        [stored] = list(station.registry.blobs_dir.rglob(row["sha256"]))
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == row["sha256"]


def test_lost_acknowledgement_leads_to_no_duplicate(workstation: Workstation) -> None:
    ids = capture_many(workstation, 250, with_scans=3)
    with DroppingProxy(workstation.registry.port, drops=2) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(Offline):
            workstation.engine().sync_once()  # batch 1 committed, its answer lost
        assert proxy.dropped >= 1  # two batches are on the wire at once: maybe both
        assert workstation.profile.outbox.status().in_flight > 0  # "maybe delivered"
        if proxy.dropped == 1:
            with pytest.raises(Offline):
                workstation.engine().sync_once()
        assert proxy.dropped == 2
        report = workstation.engine().sync_once()
        assert report.push.resolved_in_flight > 0
    assert_exactly_once(workstation, ids)
    assert_scans_intact(workstation)
    assert workstation.profile.outbox.status().to_dict()["pending"] == 0


def test_registry_killed_mid_batch(workstation: Workstation) -> None:
    ids = capture_many(workstation, 1500, with_scans=5)
    engine = workstation.engine()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            engine.sync_once()
        except SyncError as exc:
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 30
    while workstation.profile.outbox.status().to_dict()["pending"] == len(ids):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    workstation.registry.stop(sig=signal.SIGKILL)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert failure, "the kill should have interrupted the sync"
    assert 0 < len(workstation.registry_applications_after_restart()) < len(ids)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)
    assert_scans_intact(workstation)


def test_client_killed_mid_sync_and_restarted(
    workstation: Workstation, registry: RunningRegistry
) -> None:
    ids = capture_many(workstation, 2000, with_scans=5)
    data_dir = str(workstation.profile.root)
    workstation.profile.close()
    command = [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "sync", "--once"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not _registry_has_some(workstation):
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    partial = len(workstation.registry_applications())
    assert 0 < partial < len(ids)

    again = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert again.returncode == 0, again.stderr
    from frontdesk.profile import Profile

    workstation.profile = Profile.open(Path(data_dir))
    assert_exactly_once(workstation, ids)
    assert_scans_intact(workstation)


def _registry_has_some(station: Workstation) -> bool:
    import requests

    response = requests.get(
        f"{station.registry.url}/v1/backoffice/applications",
        params={"community": station.community, "limit": 1},
        headers=station.registry.admin_headers,
        timeout=10,
    )
    return bool(response.ok and response.json().get("total"))


def test_a_proxy_answer_is_never_taken_for_the_registry(workstation: Workstation) -> None:
    """An office proxy's 407 while resolving "maybe delivered": the item stays in flight."""
    saved = workstation.profile.applications.save(application(), "o").application
    workstation.profile.outbox.claim(10)  # as if a crash happened right after sending
    with DroppingProxy(
        workstation.registry.port, unavailable=10, status=b"407 Proxy Authentication Required"
    ) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(SyncError):
            workstation.engine().sync_once()
    status = workstation.profile.outbox.status()
    assert (status.in_flight, status.pending) == (1, 0)
    workstation.profile.outbox.set_setting(REGISTRY_KEY, workstation.registry.url)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, [saved.id])


def test_an_attachment_the_registry_refuses_blocks_only_its_application(
    workstation: Workstation,
) -> None:
    huge = os.urandom(1024) * (51 * 1024)  # 51 MiB: over the registry's 50 MB limit
    digest = workstation.profile.applications.put_blob(huge)
    heavy = application()
    heavy.attachments = [Attachment(digest, "video.mp4", "video/mp4", len(huge))]
    refused = workstation.profile.applications.save(heavy, "o").application
    assert_only_the_bad_one_is_held(workstation, refused, "attachment.refused")
    told = run_cli("--data-dir", str(workstation.profile.root), "status").stdout
    assert "Не прийнято реєстром: 1" in told  # (the journal's words, not the back office's)
    assert f"{refused.number} (ред. 1)" in told


def test_what_a_round_settled_before_the_link_dropped_is_in_its_report(
    workstation: Workstation,
) -> None:
    """Answers lost leave applications "maybe delivered"; the next round asks the registry
    about them, hears of the first, and the link drops: the round's report still says one
    was delivered (the journal is told), and a later round delivers the rest once."""
    from sync.reports import SyncReport

    ids = capture_many(workstation, 3)
    with DroppingProxy(workstation.registry.port, drops=1) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(Offline):
            workstation.engine().sync_once()
    assert workstation.profile.outbox.status().in_flight == 3
    with DroppingProxy(workstation.registry.port, cut=(b"/revisions/", 1)) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        report = SyncReport()
        with pytest.raises(Offline):
            workstation.engine().sync_once(report)
    assert report.push.delivered == 1 and report.changed_anything
    workstation.profile.outbox.set_setting(REGISTRY_KEY, workstation.registry.url)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)


def test_a_revision_maybe_on_its_way_stays_unchangeable_until_the_registry_answers(
    workstation: Workstation,
) -> None:
    """Two applications whose batch left and whose fate is unknown (a slow registry may
    still store it): the registry does not hold the first yet, and the link drops as the
    second is asked about. The first was put back in the queue, so the worker could change
    it while its first copy was still on its way; that copy stored, the change was refused
    as a conflict, and the decision was shown over content the registry never had. It
    stays in flight until the registry answers for it, and then goes once, as it was."""
    from frontdesk.errors import NotEditable

    ids = capture_many(workstation, 2)
    before = [workstation.profile.applications.get(app_id) for app_id in ids]
    assert len(workstation.profile.outbox.claim(10)) == 2  # on the wire; no answer came
    with DroppingProxy(workstation.registry.port, cut=(b"/revisions/", 1)) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(Offline):
            workstation.engine().sync_once()
    assert workstation.profile.outbox.status().in_flight == 2
    for app in before:
        changed = workstation.profile.applications.get(app.id)
        changed.applicant.phone = "+380509999999"
        with pytest.raises(NotEditable):
            workstation.profile.applications.save(changed, "o")

    workstation.profile.outbox.set_setting(REGISTRY_KEY, workstation.registry.url)
    report = workstation.engine().sync_once()
    assert report.push.delivered == 2 and report.push.resolved_in_flight == 2
    assert_exactly_once(workstation, ids)
    for app in before:  # the registry holds what was sent the first time
        assert app.applicant.phone
        stored = workstation.registry.cli("show", app.number, "--json").stdout
        assert app.applicant.phone in stored and "+380509999999" not in stored


def test_applications_the_registry_never_received_stay_editable_while_offline(
    workstation: Workstation,
) -> None:
    """(with no link, the first round's batch could not even connect, yet it was kept
    "maybe delivered": those applications could not be changed until the link came back,
    days later in a van)"""
    from tests.registry_process import free_port

    ids = capture_many(workstation, 3)
    workstation.profile.outbox.set_setting(REGISTRY_KEY, f"http://127.0.0.1:{free_port()}")
    for _ in range(2):
        with pytest.raises(Offline):
            workstation.engine().sync_once()
    status = workstation.profile.outbox.status()
    assert (status.in_flight, status.pending) == (0, 3)
    for app_id in ids:
        changed = workstation.profile.applications.get(app_id)
        changed.applicant.phone = "+380509999999"
        workstation.profile.applications.save(changed, "o")  # not "being sent"

    workstation.profile.outbox.set_setting(REGISTRY_KEY, workstation.registry.url)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)
    stored = workstation.registry.cli("show", changed.number, "--json").stdout
    assert "+380509999999" in stored
