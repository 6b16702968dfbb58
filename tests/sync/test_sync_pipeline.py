"""The pipelined push: what leaves is exactly what was claimed, and a failure stops it cleanly."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frontdesk.document import content_hash
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY, OutboxItem
from sync.engine import SyncEngine
from sync.errors import Offline
from sync.protocol import encode_batch, encode_batch_texts
from sync.workstation import TOKEN
from tests.conftest import ROOT
from tests.factories import application
from tests.sync.conftest import Workstation, assert_exactly_once
from tests.sync.proxy import DroppingProxy
from tests.sync.test_sync_faults import capture_many


def test_an_item_is_sent_as_its_document_without_reencoding(profile: Profile) -> None:
    saved = profile.applications.save(application(), "o").application
    [item] = profile.outbox.claim(10)

    assert json.loads(item.document_json()) == item.document
    assert item.content_hash == content_hash(item.document) == content_hash(saved)
    assert (item.application_id, item.revision, item.number) == (saved.id, 1, saved.number)
    assert item.attachments == []
    body = encode_batch_texts([(item.document_json(), item.content_hash)])
    assert json.loads(body) == json.loads(encode_batch([(item.document, item.content_hash)]))


@pytest.mark.parametrize("reason", ["", 'Бракує довідки "про склад сім\'ї"\n'])
def test_the_volatile_fields_are_appended_as_json(reason: str) -> None:
    content = json.dumps({"id": "a", "revision": 2, "number": "ZT01-2026-000001"})
    item = OutboxItem(1, 1, content, "h", "a", 2, "ZT01-2026-000001", "ready", reason, None)

    parsed = json.loads(item.document_json())
    assert parsed == item.document
    assert parsed["status"] == "ready" and parsed["updated_at"] is None
    assert parsed.get("status_reason", "") == reason


@pytest.mark.parametrize("depth", [1, 2])
def test_after_a_lost_answer_nothing_more_is_sent_and_the_queued_batch_is_pending_again(
    workstation: Workstation, depth: int
) -> None:
    """Batch 1's answer is lost while the batches sent beside it are answered and one
    more waits behind them in the pipeline: that one must not be sent and must go back
    to pending (not stay "maybe delivered"); only batch 1 is in flight, and the next
    sync settles it without duplicates."""
    ids = capture_many(workstation, 350)
    with DroppingProxy(workstation.registry.port, drops=1) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        base = workstation.engine()
        engine = SyncEngine(
            workstation.profile.outbox, workstation.profile.applications, base._client, depth=depth
        )
        with pytest.raises(Offline):
            engine.push_all()
        assert proxy.dropped == 1
        status = workstation.profile.outbox.status()
        # Sent beside batch 1 (none with one on the wire), answered and recorded.
        answered = workstation.profile.db.scalar("SELECT count(*) FROM audit WHERE action = 'sent'")
        assert answered == 0 if depth == 1 else answered >= 100
        assert (status.in_flight, status.pending) == (100, 350 - 100 - answered)
        # Whatever went back to pending never reached the registry.
        assert len(workstation.registry_applications()) == 100 + answered
        report = workstation.engine().sync_once()
    assert report.push.resolved_in_flight == 100
    assert report.push.delivered == 350 - answered
    assert_exactly_once(workstation, ids)
    assert workstation.profile.outbox.status().to_dict()["pending"] == 0


def test_quitting_while_a_batch_is_on_the_wire_does_not_wait_for_it(
    profile: Profile, tmp_path: Path
) -> None:
    """The app quits at once even when the registry holds a request open (the sender is a
    daemon thread); what was on the wire stays in flight, to be resolved next time."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:  # accepts and never answers, like a registry that hangs
        with contextlib.suppress(OSError):
            while len(held) < 4:
                held.append(listener.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    profile.applications.save(application(), "olena")
    profile.secrets.set(TOKEN, "device-token")
    profile.outbox.set_setting(REGISTRY_KEY, f"http://127.0.0.1:{listener.getsockname()[1]}")
    code = (
        "import sys, threading, time\n"
        "from pathlib import Path\n"
        "from frontdesk.profile import Profile\n"
        "from sync.workstation import connect\n"
        "engine, _ = connect(Profile.open(Path(sys.argv[1])))\n"
        "threading.Thread(target=engine.push_all, daemon=True).start()\n"
        "time.sleep(1.5)\n"
    )
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", code, str(profile.root)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=50,  # the read timeout is 60 s: waiting for the request would fail here
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 30
        assert held, "the batch never reached the wire"
        assert [i.application_id for i in profile.outbox.in_flight()] != []
    finally:
        for connection in held:
            connection.close()
        listener.close()


def test_answers_are_recorded_once_even_when_a_step_after_recording_fails(
    workstation: Workstation,
) -> None:
    """A failure after a batch's answers are committed (here: the progress report) must
    not make the clean-up record them a second time."""
    ids = capture_many(workstation, 150)
    base = workstation.engine()
    calls: list[int] = []

    def progress(stage: str, delivered: int, _count: int) -> None:
        if stage != "push":  # (the report of a batch's answers recorded)
            return
        calls.append(delivered)
        raise RuntimeError("the progress display broke")

    engine = SyncEngine(
        workstation.profile.outbox,
        workstation.profile.applications,
        base._client,  # the same registry client, with a failing progress report
        progress=progress,
    )
    with pytest.raises(RuntimeError):
        engine.push_all()
    assert calls == [100, 50]  # the batch behind it answered too: recorded in the clean-up
    sent = workstation.profile.db.scalar("SELECT count(*) FROM audit WHERE action = 'sent'")
    distinct = workstation.profile.db.scalar(
        "SELECT count(DISTINCT application_id) FROM audit WHERE action = 'sent'"
    )
    assert sent == distinct == 150
    workstation.engine().sync_once()  # the rest, and whatever stayed in flight
    assert_exactly_once(workstation, ids)
    assert workstation.profile.db.scalar(
        "SELECT count(*) FROM audit WHERE action = 'sent'"
    ) == workstation.profile.db.scalar(
        "SELECT count(DISTINCT application_id) FROM audit WHERE action = 'sent'"
    )


def test_a_claim_whose_report_fails_puts_its_applications_back_in_the_queue(
    workstation: Workstation,
) -> None:
    """The report that a batch was put in flight (an open card stops offering Edit) failing
    leaves nothing in flight: none of it was sent, and the worker may change it."""
    ids = capture_many(workstation, 3)
    base = workstation.engine()

    def progress(stage: str, _done: int, _count: int) -> None:
        if stage == "claim":
            raise RuntimeError("the card's notice broke")

    engine = SyncEngine(
        workstation.profile.outbox,
        workstation.profile.applications,
        base._client,
        progress=progress,
    )
    with pytest.raises(RuntimeError):
        engine.push_all()
    assert workstation.profile.outbox.in_flight() == []
    assert sorted(i.application_id for i in workstation.profile.outbox.pending(10)) == sorted(ids)
