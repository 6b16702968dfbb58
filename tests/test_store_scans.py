"""Scans in the store: kept by content, gone with the last application that names them,
never taken from a worker attaching the same file again, swept once nothing holds them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from frontdesk.model import Attachment, Status
from frontdesk.profile import Profile
from frontdesk.store.audit import moment_now
from tests.factories import application


def test_a_scan_removed_before_sending_leaves_the_laptop(profile: Profile) -> None:
    """(personal data kept no longer than needed) unless another application holds the
    same file."""
    store = profile.applications
    passport = store.put_blob(b"passport scan" * 100)
    shared = store.put_blob(b"certificate scan" * 100)
    draft = application(surname="Бондар")
    draft.status = Status.DRAFT
    draft.attachments = [
        Attachment(passport, "passport.jpg", "image/jpeg", 1300),
        Attachment(shared, "certificate.jpg", "image/jpeg", 1600),
    ]
    draft = store.save(draft, "o").application
    other = application(surname="Гнатюк")
    other.attachments = [Attachment(shared, "certificate.jpg", "image/jpeg", 1600)]
    store.save(other, "o")
    draft.attachments = []  # the worker removed both scans
    store.save(draft, "o")
    assert not store.has_blob(passport)
    assert store.has_blob(shared)  # still part of the other application


def test_a_scan_stored_again_after_the_caller_took_what_it_writes_stays(profile: Profile) -> None:
    """A form's write waits its turn behind others: the worker removed a scan and attached
    the same file again before the removal was written. The file stays (the form's next
    save names it; the daily sweep takes it if none does); one not stored again goes."""
    store = profile.applications
    scan = store.put_blob(b"passport scan" * 100)
    draft = application(surname="Бондар")
    draft.status = Status.DRAFT
    draft.attachments = [Attachment(scan, "passport.jpg", "image/jpeg", 1300)]
    draft = store.save(draft, "o").application
    taken = moment_now()  # the form takes the draft without the scan...
    store.put_blob(b"passport scan" * 100)  # ...and the same file is stored again first
    store.save(replace(draft, attachments=[]), "o", as_of=taken)
    assert store.has_blob(scan)
    draft = store.save(draft, "o").application  # named again
    taken = moment_now()
    store.put_blob(b"passport scan" * 100)  # attached to the next resident's, meanwhile
    assert store.discard_draft(draft.id, "o", as_of=taken) is None
    assert store.has_blob(scan)
    draft = store.save(replace(draft, id="", number=""), "o").application
    store.save(replace(draft, attachments=[]), "o", as_of=moment_now())
    assert not store.has_blob(scan)  # removed, and not stored again since: gone


def test_attachments_are_content_addressed(profile: Profile) -> None:
    data = b"%PDF-1.4 scan" * 1000
    digest = profile.applications.put_blob(data)
    assert profile.applications.put_blob(data) == digest
    assert profile.db.scalar("SELECT count(*) FROM blobs") == 1
    assert profile.applications.get_blob(digest) == data


def test_scans_no_application_holds_are_swept_once_a_day_old(profile: Profile) -> None:
    """A scan added and removed before its draft was first saved (the previous resident's
    photo, picked by mistake), or left by a form that never saved, was kept for good, in
    every backup. One being attached now is never taken."""
    from frontdesk.store.scans import sweep_unheld

    store = profile.applications
    held = store.put_blob(b"the resident's passport" * 50)
    mistaken = store.put_blob(b"the previous resident's passport" * 50)
    just_now = store.put_blob(b"a scan being attached right now" * 50)
    app = application()
    app.attachments = [Attachment(held, "p.jpg", "image/jpeg", 1150)]
    store.save(app, "o")
    profile.db.execute(
        "UPDATE blobs_stored SET stored_at = '2026-01-01T00:00:00.000000+00:00' "
        "WHERE sha256 IN (?, ?)",
        (held, mistaken),
    )
    assert sweep_unheld(profile.db) == 1
    assert store.has_blob(held) and store.has_blob(just_now) and not store.has_blob(mistaken)
    assert profile.db.scalar("SELECT count(*) FROM blobs_stored WHERE sha256 = ?", (mistaken,)) == 0
    assert sweep_unheld(profile.db) == 0


def test_a_scan_of_a_version_set_aside_is_not_swept(profile: Profile) -> None:
    """(the draft set aside when the registry's revision replaced it still named its scan,
    and the daily sweep deleted the scan: the version kept for the worker lost its file)"""
    from frontdesk.model import Attachment
    from frontdesk.store.scans import sweep_unheld

    store = profile.applications
    scan = b"resident passport scan" * 300
    digest = store.put_blob(scan)
    draft = application()
    draft.status = Status.DRAFT
    draft.attachments = [Attachment(digest, "passport.jpg", "image/jpeg", len(scan))]
    saved = store.save(draft, "oksana").application
    theirs = store.get(saved.id)  # the registry's revision 1, finished on the lost laptop
    theirs.attachments = []
    theirs.status = Status.SENT
    with profile.db.transaction() as conn:
        assert profile.from_registry.take_from_registry(conn, theirs)
    [aside] = store.set_aside(saved.id)
    assert aside.document["attachments"][0]["sha256"] == digest
    sweep_unheld(profile.db, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    assert store.get_blob(digest) == scan
