"""Scans no application refers to leave the registry once older than the grace period.

A workstation uploads scans before pushing the batch; an application the registry never
takes (refused, or its wrong scan replaced before delivery) left them in the blob store
for good. ``frontdesk-registry blobs sweep`` and the server itself remove them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from registry.blobs import BlobStore
from registry.db import Database, application_blobs, blobs, create_engine, iso, utc_now
from registry.sweep import BlobSweep, DailySweep, SweepReport
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document, revised
from tests.registry_process import RunningRegistry

OCTETS = {"Content-Type": "application/octet-stream"}
GRACE = dt.timedelta(days=30)


@pytest.fixture
def client(own_registry: RunningRegistry) -> Iterator[RegistryClient]:
    made = RegistryClient(own_registry, own_registry.enrol())
    yield made
    made.close()


def _scan() -> tuple[bytes, str]:
    data = os.urandom(20_000)
    return data, hashlib.sha256(data).hexdigest()


def _stored(registry: RunningRegistry, sha: str) -> Path:
    return registry.blobs_dir / sha[:2] / sha


def _partial(registry: RunningRegistry, sha: str) -> Path:
    return registry.blobs_dir / "partial" / sha


def _age(registry: RunningRegistry, *shas: str, days: float) -> None:
    """Make these blobs' rows say they were uploaded ``days`` ago."""
    then = iso(utc_now() - dt.timedelta(days=days))
    engine = create_engine(registry.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                blobs.update()
                .where(blobs.c.sha256.in_(shas))
                .values(
                    created_at=then,
                    completed_at=sa.case((blobs.c.complete, then), else_=None),
                )
            )
    finally:
        engine.dispose()


def _rows(registry: RunningRegistry) -> set[str]:
    engine = create_engine(registry.database_url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.select(blobs.c.sha256)).scalars())
    finally:
        engine.dispose()


def _upload_half(client: RegistryClient, data: bytes, sha: str) -> None:
    response = client.put(
        f"/v1/blobs/{sha}",
        params={"offset": 0, "size": len(data)},
        data=data[: len(data) // 2],
        headers=OCTETS,
    )
    assert response.status_code == 200, response.text


def _sweep(registry: RunningRegistry, *args: str) -> str:
    done = registry.cli("blobs", "sweep", "--blobs", str(registry.blobs_dir), *args)
    return done.stdout


def test_the_command_removes_old_scans_no_application_refers_to_and_keeps_the_others(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    (orphan, orphan_sha), (kept, kept_sha), (young, young_sha) = _scan(), _scan(), _scan()
    unfinished, unfinished_sha = _scan()
    for data in (orphan, kept, young):
        client.upload(data)
    _upload_half(client, unfinished, unfinished_sha)
    document = make_document(client.device.community, attachments=[kept])
    assert client.send(document)[0]["outcome"] == "accepted"
    _age(own_registry, orphan_sha, kept_sha, unfinished_sha, days=31)
    _age(own_registry, young_sha, days=29)  # its batch may still come
    stray = own_registry.blobs_dir / "partial" / hashlib.sha256(b"crash").hexdigest()
    stray.write_bytes(b"left by a crash")  # a file the database has no row for
    long_ago = time.time() - 31 * 86400
    os.utime(stray, (long_ago, long_ago))

    said = _sweep(own_registry)

    assert "removed: 3 attachment file(s)" in said, said
    assert "1 complete, 1 unfinished uploads, 1 with no record" in said
    assert not _stored(own_registry, orphan_sha).exists()
    assert not _partial(own_registry, unfinished_sha).exists()
    assert not stray.exists()
    assert _stored(own_registry, kept_sha).read_bytes() == kept
    assert _stored(own_registry, young_sha).read_bytes() == young
    assert _rows(own_registry) == {kept_sha, young_sha}
    assert client.get(f"/v1/blobs/{orphan_sha}").json()["received"] == 0
    assert orphan_sha not in said and "Шевченко" not in said  # counts only
    # The laptop whose batch comes after all is asked for the scan again, and gets it in.
    late = make_document(client.device.community, attachments=[orphan])
    assert client.send(late)[0]["outcome"] == "missing_blobs"
    client.upload(orphan)
    assert client.send(late)[0]["outcome"] == "accepted"


def test_a_scan_only_an_earlier_revision_refers_to_is_kept(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    (first, first_sha), (second, second_sha) = _scan(), _scan()
    client.upload(first)
    document = make_document(client.device.community, attachments=[first])
    assert client.send(document)[0]["outcome"] == "accepted"
    returned = client.decide(document["number"], "return", "Інший скан")
    assert returned.status_code == 200, returned.text
    client.upload(second)
    scans = make_document(client.device.community, attachments=[second])["attachments"]
    correction = revised(document, attachments=scans)  # the wrong scan replaced
    assert client.send(correction)[0]["outcome"] == "accepted"
    _age(own_registry, first_sha, second_sha, days=400)

    said = _sweep(own_registry, "--older-than-days", "1")

    assert "removed: 0 attachment file(s)" in said, said
    assert _stored(own_registry, first_sha).read_bytes() == first
    assert _stored(own_registry, second_sha).read_bytes() == second


def test_a_dry_run_says_what_would_go_and_removes_nothing(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    orphan, sha = _scan()
    client.upload(orphan)
    _age(own_registry, sha, days=31)

    said = _sweep(own_registry, "--dry-run")
    uk = own_registry.cli(
        "blobs", "sweep", "--blobs", str(own_registry.blobs_dir), "--dry-run", lang="uk"
    ).stdout

    assert "would remove: 1 attachment file(s)" in said and f"{len(orphan)} bytes" in said
    assert "було б видалено: 1" in uk
    assert _stored(own_registry, sha).read_bytes() == orphan
    assert _rows(own_registry) == {sha}


def test_the_server_sweeps_by_itself_when_it_starts(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    (orphan, orphan_sha), (kept, kept_sha) = _scan(), _scan()
    client.upload(orphan)
    client.upload(kept)
    assert client.send(make_document(client.device.community, attachments=[kept]))[0][
        "outcome"
    ] == ("accepted")
    _age(own_registry, orphan_sha, kept_sha, days=31)

    own_registry.stop()
    own_registry.start()  # then daily
    deadline = time.monotonic() + 20
    while _stored(own_registry, orphan_sha).exists() and time.monotonic() < deadline:
        time.sleep(0.1)

    assert not _stored(own_registry, orphan_sha).exists(), own_registry.log()
    assert _rows(own_registry) == {kept_sha}
    assert _stored(own_registry, kept_sha).read_bytes() == kept
    assert "swept 1 attachment file(s)" in own_registry.log()


def test_the_server_sweep_comes_again_after_its_interval(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    orphan, sha = _scan()
    client.upload(orphan)
    db = Database.open(own_registry.database_url)
    reports: list[SweepReport] = []
    daily = DailySweep(
        BlobSweep(db, BlobStore(db, own_registry.blobs_dir)),
        GRACE,
        reports.append,
        interval=dt.timedelta(seconds=0.2),  # a day, in a server
    ).start()
    try:
        deadline = time.monotonic() + 10
        while not reports and time.monotonic() < deadline:
            time.sleep(0.05)
        assert reports and reports[0].removed == 0  # young still, when the server started
        _age(own_registry, sha, days=31)
        while _stored(own_registry, sha).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        daily.stop()
        db.close()

    assert not _stored(own_registry, sha).exists()
    assert sum(r.removed for r in reports) == 1


# --- an intake naming the blob while the sweep removes it ------------------------------


def _in_process_sweep(registry: RunningRegistry, checkpoint: Any) -> tuple[BlobSweep, Database]:
    db = Database.open(registry.database_url)
    return BlobSweep(db, BlobStore(db, registry.blobs_dir), checkpoint=checkpoint), db


def _accepted_without_their_scans(registry: RunningRegistry) -> list[Any]:
    """Links of stored revisions to blobs that are not complete or not on disk."""
    engine = create_engine(registry.database_url)
    try:
        with engine.connect() as conn:
            links = conn.execute(
                sa.select(application_blobs.c.sha256, blobs.c.complete).join(
                    blobs, blobs.c.sha256 == application_blobs.c.sha256, isouter=True
                )
            ).all()
    finally:
        engine.dispose()
    return [
        link for link in links if not link.complete or not _stored(registry, link.sha256).is_file()
    ]


def test_a_batch_stored_after_the_sweep_chose_its_scan_keeps_it(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    scan, sha = _scan()
    client.upload(scan)
    _age(own_registry, sha, days=31)
    document = make_document(client.device.community, attachments=[scan])
    results: list[dict[str, Any]] = []

    def deliver(stage: str, _sha: str) -> None:
        if stage == "selected":  # the laptop's batch arrives at last
            results.append(own_registry.deliver(client.device, document))

    sweep, db = _in_process_sweep(own_registry, deliver)
    try:
        report = sweep.run(GRACE)
    finally:
        db.close()

    assert [r["outcome"] for r in results] == ["accepted"]
    assert (report.removed, report.kept) == (0, 1)
    assert _stored(own_registry, sha).read_bytes() == scan
    assert _accepted_without_their_scans(own_registry) == []


def test_a_batch_arriving_while_the_sweep_removes_its_scan_is_told_it_is_missing(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    scan, sha = _scan()
    client.upload(scan)
    _age(own_registry, sha, days=31)
    document = make_document(client.device.community, attachments=[scan])
    results: list[dict[str, Any]] = []
    sending: list[threading.Thread] = []

    def deliver(stage: str, _sha: str) -> None:
        if stage == "locked":  # the blob's row is locked: the batch comes in now
            thread = threading.Thread(
                target=lambda: results.append(own_registry.deliver(client.device, document))
            )
            thread.start()
            sending.append(thread)
            time.sleep(1.5)  # it reads the blob as complete and waits on the lock

    sweep, db = _in_process_sweep(own_registry, deliver)
    try:
        report = sweep.run(GRACE)
    finally:
        db.close()
    for thread in sending:
        thread.join(30)

    assert report.removed == 1
    assert [r["outcome"] for r in results] == ["missing_blobs"], results
    assert not _stored(own_registry, sha).exists()
    assert _accepted_without_their_scans(own_registry) == []
    client.upload(scan)  # the laptop does as told
    assert client.send(document)[0]["outcome"] == "accepted"
    assert _accepted_without_their_scans(own_registry) == []


def test_a_scan_a_stopped_sweep_had_moved_aside_goes_back(
    own_registry: RunningRegistry, client: RegistryClient
) -> None:
    scan, sha = _scan()
    client.upload(scan)
    document = make_document(client.device.community, attachments=[scan])
    assert client.send(document)[0]["outcome"] == "accepted"
    trash = own_registry.blobs_dir / "sweeping"
    trash.mkdir()
    _stored(own_registry, sha).rename(trash / f"{sha}.0")  # its process died before the commit

    _sweep(own_registry)

    assert _stored(own_registry, sha).read_bytes() == scan
    assert not any(trash.iterdir())
