"""The pipelined push: what leaves is exactly what was claimed, and a failure stops it cleanly."""

from __future__ import annotations

import json

import pytest

from frontdesk.document import content_hash
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY, OutboxItem
from sync.errors import Offline
from sync.protocol import encode_batch, encode_batch_texts
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


def test_after_a_lost_answer_nothing_more_is_sent_and_the_queued_batch_is_pending_again(
    workstation: Workstation,
) -> None:
    """Batch 1's answer is lost while batch 2 waits behind it in the pipeline: batch 2
    must not be sent and must go back to pending (not stay "maybe delivered"); only
    batch 1 is in flight, and the next sync settles it without duplicates."""
    ids = capture_many(workstation, 250)
    with DroppingProxy(workstation.registry.port, drops=1) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(Offline):
            workstation.engine().sync_once()
        assert proxy.dropped == 1
        status = workstation.profile.outbox.status()
        assert (status.in_flight, status.pending) == (100, 150)
        assert len(workstation.registry_applications()) == 100  # batch 1 only
        report = workstation.engine().sync_once()
    assert report.push.resolved_in_flight == 100
    assert report.push.delivered == 250
    assert_exactly_once(workstation, ids)
    assert workstation.profile.outbox.status().to_dict()["pending"] == 0
