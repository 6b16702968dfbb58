"""The outbox's guarantees, with two connections as the GUI and the sync thread have."""

from __future__ import annotations

import pytest

from frontdesk.errors import InvalidInput, NotEditable
from frontdesk.messages import refusal_text
from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.rows import Filter
from tests.factories import application


def test_claimed_items_are_exactly_what_becomes_immutable(profile: Profile) -> None:
    sync_side = Profile.open(profile.root)  # the sync thread's own connection
    try:
        saved = profile.applications.save(application(), "o").application
        [item] = sync_side.outbox.claim(10)
        assert item.application_id == saved.id and item.attempts == 1
        saved.applicant.phone = "+380500000000"
        with pytest.raises(NotEditable):
            profile.applications.save(saved, "o")  # in flight: "maybe delivered"
        assert sync_side.outbox.claim(10) == []
    finally:
        sync_side.close()


@pytest.mark.parametrize("late_answer", ["acknowledged", "refused"])
def test_a_late_answer_touches_only_its_own_application_when_a_queue_place_was_reused(
    profile: Profile, late_answer: str
) -> None:
    """Two syncs on one profile (the app's and ``frontdesk sync``): the first sends A and
    waits; the second delivers A meanwhile, and the worker saves B, whose queue row takes
    the place A's left (SQLite reuses it). The first's late answer for A left B "ready"
    with no place in the queue (never sent, and "nothing waiting" said), or put B aside
    with A's refusal."""
    slow, fast = Profile.open(profile.root), Profile.open(profile.root)
    try:
        profile.applications.save(application(), "o")
        [a_slow] = slow.outbox.claim(10)
        fast.outbox.release(a_slow)  # (as the other sync finds it maybe lost and sends it)
        [a_fast] = fast.outbox.claim(10)
        fast.outbox.acknowledge(a_fast, {"received_at": "2026-11-23T10:00:00Z"})
        b = profile.applications.save(application(), "o").application
        [b_row] = profile.db.execute("SELECT seq FROM outbox WHERE application_id = ?", (b.id,))
        assert b_row[0] == a_slow.seq  # the place A had

        if late_answer == "acknowledged":
            slow.outbox.acknowledge(a_slow, {"received_at": "2026-11-23T10:00:01Z"})
        else:
            slow.outbox.quarantine(a_slow, {"error": "revision.conflict"})

        [waiting] = slow.outbox.claim(10)
        assert waiting.application_id == b.id  # B is still to be sent
        assert profile.applications.get(b.id).status is Status.READY
    finally:
        slow.close()
        fast.close()


def test_an_application_taken_back_to_draft_is_not_claimed(profile: Profile) -> None:
    sync_side = Profile.open(profile.root)
    try:
        saved = profile.applications.save(application(), "o").application
        saved.status = Status.DRAFT
        saved.applicant.surname = "Змінено"
        profile.applications.save(saved, "o")
        assert sync_side.outbox.claim(10) == []
    finally:
        sync_side.close()


def test_a_quarantined_earlier_revision_is_dropped_when_a_new_one_starts(
    profile: Profile,
) -> None:
    saved = profile.applications.save(application(), "o").application
    [item] = profile.outbox.claim(10)
    profile.outbox.quarantine(item, {"outcome": "rejected"})
    with profile.db.transaction() as conn:
        profile.db.execute("UPDATE applications SET status = 'returned' WHERE id = ?", (saved.id,))
        assert conn
    profile.applications.start_revision(saved.id, "o")
    assert profile.outbox.quarantined() == []


def test_statuses_from_the_registry_never_touch_a_draft(profile: Profile) -> None:
    app = application()
    app.status = Status.DRAFT
    saved = profile.applications.save(app, "o").application
    with profile.db.transaction() as conn:
        assert not profile.from_registry.set_status(conn, saved.id, 1, Status.ACCEPTED)
    assert profile.applications.get(saved.id).status is Status.DRAFT


@pytest.mark.parametrize("number", ["ZT01-2026-1", "ZT01-2026-X1", "ABC"])
def test_imported_numbers_must_have_the_workstation_format(profile: Profile, number: str) -> None:
    odd = application()
    odd.number = number
    with pytest.raises(InvalidInput):
        profile.applications.import_document(odd, "import")
    assert profile.applications.save(application(), "o").application.number.endswith("-000001")


def test_what_the_registry_refused_is_found_marked_and_explained(profile: Profile) -> None:
    refused = profile.applications.save(application(), "o").application
    other = profile.applications.save(application(surname="Іншенко"), "o").application
    [first, _in_flight] = profile.outbox.claim(10)
    assert first.application_id == refused.id
    reason = {
        "outcome": "rejected",
        "error": "validation",
        "problems": [
            {
                "field": "applicant.rnokpp",
                "code": "rnokpp.checksum",
                "message": "РНОКПП містить помилку: не збігається контрольна цифра",
                "message_en": "The РНОКПП has a typo: its check digit does not match",
            }
        ],
    }
    profile.outbox.record_results([(first, None, reason)])

    [line] = profile.applications.search(Filter(not_accepted=True))
    assert line.id == refused.id and line.not_accepted
    everything = {s.id: s.not_accepted for s in profile.applications.search()}
    assert everything == {refused.id: True, other.id: False}
    assert profile.applications.count(Filter(not_accepted=True)) == 1
    assert profile.outbox.refusal(refused.id) == reason
    assert profile.outbox.refusal(other.id) is None  # in flight, not refused
    assert refusal_text(reason) == ["РНОКПП містить помилку: не збігається контрольна цифра"]
    assert refusal_text(reason, "en") == ["The РНОКПП has a typo: its check digit does not match"]
    missing = {"outcome": "rejected", "error": "attachment.missing", "missing": ["ab"]}
    assert "додайте його знову" in refusal_text(missing)[0]
    # Every code the engine or the registry gives without per-field problems reads as words.
    for code in ("revision.conflict", "revision.unexpected", "blobs.missing", "attachment.refused"):
        [line] = refusal_text({"outcome": "conflict", "error": code, "problems": []})
        assert code not in line and "реєстр" in line.lower(), code
    assert refusal_text({"error": "blobs.missing", "problems": ["odd", 3]}) == [
        refusal_text({"error": "blobs.missing"})[0]
    ]

    # The worker corrects it and saves: it waits to be sent again and is no longer marked.
    fixed = profile.applications.get(refused.id)
    fixed.applicant.phone = "+380501112233"
    profile.applications.save(fixed, "o")
    assert profile.applications.search(Filter(not_accepted=True)) == []
    assert profile.outbox.refusal(refused.id) is None
    assert [i.application_id for i in profile.outbox.claim(10)] == [refused.id]


def test_a_refused_application_taken_back_to_a_draft_is_a_draft_again(profile: Profile) -> None:
    saved = profile.applications.save(application(), "o").application
    [item] = profile.outbox.claim(10)
    profile.outbox.record_results([(item, None, {"outcome": "rejected", "error": "x"})])
    saved.status = Status.DRAFT
    profile.applications.save(saved, "o")
    [line] = profile.applications.search()
    assert line.status is Status.DRAFT and not line.not_accepted
    assert profile.outbox.refusal(saved.id) is None
    assert profile.outbox.status().quarantined == 0
    saved.status = Status.READY  # ready again: queued afresh
    profile.applications.save(saved, "o")
    assert [i.application_id for i in profile.outbox.claim(10)] == [saved.id]


def test_a_feed_read_again_never_takes_the_form_back_to_an_older_catalogue(
    profile: Profile,
) -> None:
    """Read whole again (after enrolling anew), the feed tells every catalogue ever
    published, oldest first: the newest one received stays the one in use."""
    import json

    from frontdesk.catalog import ServiceCatalog
    from resources import resource

    bundled = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))

    def published(version: int) -> dict[str, object]:
        return {"kind": "catalog", "version": version, "catalog": bundled | {"version": version}}

    newest = bundled["version"] + 2
    profile.outbox.apply_changes([published(newest - 1), published(newest)], "c1")
    assert ServiceCatalog.newest(profile.setting("catalog")).version == newest
    profile.outbox.read_feed_from_start()
    profile.outbox.apply_changes([published(newest - 1)], "c2")  # (the read cut short here)
    assert ServiceCatalog.newest(profile.setting("catalog")).version == newest
    profile.outbox.apply_changes([published(newest), published(newest + 1)], "c3")
    assert ServiceCatalog.newest(profile.setting("catalog")).version == newest + 1


def test_whether_one_application_is_being_sent_is_read_by_its_key(profile: Profile) -> None:
    """A card asks it when it opens: listing what is in flight read the whole outbox
    (~5 ms, twice a card, with 100,000 applications waiting) on the GUI thread."""
    store = profile.applications
    first = store.save(application(surname="Бондар"), "o").application
    second = store.save(application(surname="Гнатюк", serial=2), "o").application
    [claimed, _] = profile.outbox.claim(2)
    assert profile.outbox.being_sent(first.id, 1) and profile.outbox.being_sent(second.id, 1)
    assert not profile.outbox.being_sent(first.id, 2)
    profile.outbox.acknowledge(claimed, {"received_at": "2026-11-23T10:00:00Z"})
    statements: list[str] = []
    profile.db.conn.set_trace_callback(statements.append)
    try:
        assert not profile.outbox.being_sent(claimed.application_id, 1)
    finally:
        profile.db.conn.set_trace_callback(None)
    [asked] = [s for s in statements if "FROM outbox" in s]
    plan = [row[-1] for row in profile.db.execute(f"EXPLAIN QUERY PLAN {asked}")]
    assert not any(step.startswith("SCAN outbox") for step in plan), plan
