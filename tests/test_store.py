"""The local store: atomic saves, numbering, editing rules, attachments (its search:
tests/test_store_search.py)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

import pytest

from frontdesk.errors import (
    DiskFull,
    DuplicateApplication,
    InvalidInput,
    NotEditable,
    NotFound,
    SeriesExhausted,
    ValidationFailed,
)
from frontdesk.model import Application, Attachment, IdentityDocument, Status, new_application_id
from frontdesk.profile import Profile
from frontdesk.store.applications import Filter, SaveResult, Summary
from tests.conftest import ROOT
from tests.factories import application


def counts(profile: Profile) -> dict[str, int]:
    return {
        table: int(profile.db.scalar(f"SELECT count(*) FROM {table}"))
        for table in ("applications", "outbox", "audit")
    }


def test_save_writes_application_outbox_and_audit_together(profile: Profile) -> None:
    result = profile.applications.save(application(), "oksana")
    app = result.application
    assert result.created and app.id and app.number.startswith("ZT01-")
    assert app.number.endswith("-000001")
    assert counts(profile) == {
        "applications": 1,
        "outbox": 1,
        "audit": 1,
    }
    stored = profile.applications.get(app.id)
    assert stored.applicant.full_name == "Коваленко Марʼяна Іванівна"
    assert stored.operator == "oksana" and stored.consent.given_at
    [event] = profile.applications.history(app.id)
    assert event["operator"] == "oksana" and event["action"] == "created"


def test_imported_numbers_are_never_issued_again(profile: Profile) -> None:
    year = dt.datetime.now(dt.UTC).year
    imported = application()
    imported.number = f"ZT01-{year}-000041"
    profile.applications.import_document(imported, "import")
    other = application(surname="Бондар")
    other.id = new_application_id()  # moved here by export: it keeps its number
    other.number = f"KH07-{year}-000900"  # another workstation's number: no effect on ours
    profile.applications.import_document(other, "import")
    assert profile.applications.save(application(), "o").application.number == (
        f"ZT01-{year}-000042"
    )


def test_a_series_used_up_says_so_and_never_issues_a_seven_digit_number(
    profile: Profile,
) -> None:
    year = dt.datetime.now(dt.UTC).year
    last = profile.applications.save(application(), "o").application
    profile.db.execute(  # a year of intake later: the end of this workstation's series
        "UPDATE applications SET number = ? WHERE id = ?", (f"ZT01-{year}-999999", last.id)
    )
    with pytest.raises(SeriesExhausted) as raised:
        profile.applications.save(application(surname="Бондар"), "o")
    assert f"ZT01-{year}-999999" in raised.value.message()
    [refused, kept] = profile.applications.import_batch(
        [application(surname="Ткачук"), _numbered(application(surname="Мороз"), year)], "import"
    )
    assert isinstance(refused, SeriesExhausted)  # that line alone is refused
    assert isinstance(kept, SaveResult) and kept.application.number == f"ZT01-{year}-000007"
    assert profile.applications.count() == 2


def test_a_typo_in_a_paper_receipts_number_cannot_use_up_the_series(profile: Profile) -> None:
    """A converted paper receipt keeps its number, but not one far past the last: 999999
    typed for 000099 would leave nothing to number for the rest of the year."""
    year = dt.datetime.now(dt.UTC).year
    typo = application()
    typo.number = f"ZT01-{year}-999999"
    with pytest.raises(InvalidInput) as raised:
        profile.applications.import_document(typo, "import")
    assert f"ZT01-{year}-000000" in raised.value.message()
    assert profile.applications.count() == 0
    paper = application(surname="Бондар")
    paper.number = f"ZT01-{year}-000099"
    assert profile.applications.import_document(paper, "import").application.number == (
        paper.number
    )
    assert profile.applications.save(application(surname="Мороз"), "o").application.number == (
        f"ZT01-{year}-000100"
    )


def test_a_new_document_takes_the_importing_workstations_community(profile: Profile) -> None:
    """A spreadsheet's column with another hromada's code would have the registry refuse
    the application for good (community.mismatch): it is this workstation's."""
    line = application()
    line.community, line.workstation = "UA18080010000090720", "KH07"
    saved = profile.applications.import_document(line, "import").application
    assert (saved.community, saved.workstation) == ("UA18040530000045696", "ZT01")


def _numbered(app: Application, year: int) -> Application:
    app.number = f"ZT01-{year}-000007"
    return app


def test_the_year_in_a_number_is_the_year_of_the_workers_calendar(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """00:30 on 1 January in Kyiv is still 31 December in UTC: the receipt says 2027, and so
    must the number."""
    with monkeypatch.context() as kyiv:
        kyiv.setenv("TZ", "Europe/Kyiv")
        time.tzset()
        moment = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)
        with Profile.open(profile.root, clock=lambda: moment) as at_new_year:
            number = at_new_year.applications.save(application(), "o").application.number
        assert number == "ZT01-2027-000001"
    time.tzset()


def test_numbers_are_sequential_per_workstation(profile: Profile) -> None:
    numbers = [profile.applications.save(application(), "o").application.number for _ in range(3)]
    year = dt.datetime.now(dt.UTC).year
    assert numbers == [f"ZT01-{year}-00000{i}" for i in (1, 2, 3)]


def test_ids_are_uuids_that_sort_in_the_order_applications_were_created(
    profile: Profile,
) -> None:
    """Version 7 UUIDs: unique, RFC 9562 layout, and later ones sort after earlier ones
    (indexes keyed by the id grow at their end)."""
    import time
    import uuid

    ids = []
    for _ in range(3):
        ids.append(profile.applications.save(application(), "olena").application.id)
        time.sleep(0.002)  # a new millisecond
    parsed = [uuid.UUID(i) for i in ids]
    assert [(u.version, u.variant) for u in parsed] == [(7, uuid.RFC_4122)] * 3
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [str(u) for u in parsed] == ids  # canonical lower-case text
    imported = application()
    imported.id = str(uuid.uuid4())  # an id made elsewhere is kept as it is
    saved = profile.applications.import_document(imported, "olena").application
    assert saved.id == imported.id


def test_failure_between_writes_leaves_nothing(profile: Profile) -> None:
    """The audit insert (the last write of a save) fails: nothing of the save remains."""
    profile.db.execute(
        "CREATE TRIGGER fail_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    before = counts(profile)
    with pytest.raises(Exception, match="boom"):
        profile.applications.save(application(), "oksana")
    assert counts(profile) == before
    assert profile.applications.search(Filter(text="Коваленко")) == []
    profile.db.execute("DROP TRIGGER fail_audit")
    saved = profile.applications.save(application(), "oksana").application
    assert saved.number.endswith("-000001")  # the failed save did not use up a number


def test_disk_full_is_a_clear_error_and_changes_nothing(profile: Profile) -> None:
    profile.applications.save(application(), "o")
    before = counts(profile)
    pages = int(profile.db.scalar("PRAGMA page_count"))
    profile.db.execute(f"PRAGMA max_page_count = {pages}")
    big = application()
    big.status = Status.DRAFT  # (as ready, so long a name is refused before any write)
    big.applicant.patronymic = "Я" * 20000  # needs more pages than are left
    with pytest.raises(DiskFull) as caught:
        profile.applications.save(big, "o")
    assert "Диск заповнено" in caught.value.message("uk")
    assert counts(profile) == before


def test_ready_application_with_errors_is_refused_and_nothing_saved(profile: Profile) -> None:
    app = application()
    app.payment.iban = "UA00"
    with pytest.raises(ValidationFailed) as caught:
        profile.applications.save(app, "o")
    assert [p.field for p in caught.value.report.errors] == ["payment.iban"]
    assert counts(profile)["applications"] == 0


def test_draft_is_saved_whatever_its_problems_and_is_not_sent(profile: Profile) -> None:
    app = application()
    app.status = Status.DRAFT
    app.applicant.surname = ""
    result = profile.applications.save(app, "o")
    assert not result.report.ok
    assert counts(profile)["applications"] == 1 and counts(profile)["outbox"] == 0


def test_a_draft_whatever_its_identifiers_hold_is_imported_and_found(profile: Profile) -> None:
    draft = application()
    draft.status = Status.DRAFT
    draft.applicant.rnokpp = '12"34'  # a typo in a spreadsheet: a draft keeps it as typed
    draft.applicant.unzr = '1"2'
    [outcome] = profile.applications.import_batch([draft], "import")
    assert isinstance(outcome, SaveResult)
    again = application(surname="Бондар")
    again.status = Status.DRAFT
    again.applicant.rnokpp = '12"34'
    assert profile.applications.open_duplicates(again)  # the same person, found


def test_editing_before_sending_keeps_number_and_one_outbox_entry(profile: Profile) -> None:
    app = profile.applications.save(application(), "o").application
    app.applicant.phone = "+380501112233"
    again = profile.applications.save(app, "o").application
    assert again.number == app.number and again.id == app.id
    assert counts(profile)["outbox"] == 1
    assert profile.applications.get(app.id).applicant.phone == "+380501112233"


def test_application_in_flight_cannot_be_edited(profile: Profile) -> None:
    app = profile.applications.save(application(), "o").application
    profile.db.execute("UPDATE outbox SET state = 'in_flight'")
    with pytest.raises(NotEditable):
        profile.applications.save(app, "o")


def test_returned_application_gets_a_new_revision(profile: Profile) -> None:
    app = profile.applications.save(application(), "o").application
    with pytest.raises(NotEditable):
        profile.applications.start_revision(app.id, "o")
    with profile.db.transaction() as conn:
        profile.db.execute("DELETE FROM outbox")
        assert profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
    assert profile.applications.correction_reason(profile.applications.get(app.id)) == ""
    draft = profile.applications.start_revision(app.id, "o")
    assert draft.revision == 2 and draft.status is Status.DRAFT
    # The back office's reason is still there to read while the correction is made.
    assert profile.applications.correction_reason(draft) == "Немає довідки"
    draft.status = Status.READY
    saved = profile.applications.save(draft, "o").application
    assert saved.revision == 2 and saved.number == app.number
    assert profile.applications.correction_reason(saved) == "Немає довідки"
    outbox = profile.db.query("SELECT revision FROM outbox")
    assert outbox == [{"revision": 2}]
    [old] = profile.applications.revisions(app.id)
    assert old.revision == 1 and old.status is Status.RETURNED
    with profile.db.transaction() as conn:  # sent and accepted: the correction is done
        profile.db.execute("DELETE FROM outbox")
        assert profile.from_registry.set_status(conn, app.id, 2, Status.ACCEPTED)
    assert profile.applications.correction_reason(profile.applications.get(app.id)) == ""


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


def test_a_discarded_draft_leaves_the_laptop_and_its_number_is_not_given_again(
    profile: Profile,
) -> None:
    """A draft begun for a resident who then did not apply: nothing of them stays (no
    search entry, no scan), the log keeps that it was thrown away, and the next
    application does not get the number a receipt may already name."""
    store = profile.applications
    scan = store.put_blob(b"passport scan" * 100)
    kept = store.save(application(surname="Гнатюк"), "o").application
    draft = application(surname="Бондар", serial=3)
    draft.status = Status.DRAFT
    draft.attachments = [Attachment(scan, "passport.jpg", "image/jpeg", 1300)]
    draft = store.save(draft, "o").application
    assert store.discard_draft(draft.id, "oksana") is None
    with pytest.raises(NotFound):
        store.get(draft.id)
    assert [s.number for s in store.search(Filter(text="бондар"))] == []
    assert store.count() == 1 and not store.has_blob(scan)
    assert (
        profile.db.scalar(
            "SELECT count(*) FROM applications_fts WHERE applications_fts MATCH 'бондар*'"
        )
        == 0
    )
    index = b"".join(
        bytes(row[0]) for row in profile.db.execute("SELECT block FROM applications_fts_data")
    )
    assert "бондар".encode() not in index  # (not only unfindable: gone from its segments)
    assert draft.applicant.rnokpp.encode() not in index
    event = profile.db.query(
        "SELECT operator, detail FROM audit WHERE action = 'discarded' AND application_id = ?",
        (draft.id,),
    )
    assert event == [{"operator": "oksana", "detail": draft.number}]
    following = store.save(application(surname="Мельник"), "o").application
    assert following.number > draft.number > kept.number
    paper = application(surname="Ткачук")  # a paper receipt's number typed in a file
    paper.number = draft.number
    [refused] = store.import_batch([paper], "o")
    assert isinstance(refused, InvalidInput) and "видалено" in str(refused.message("uk"))
    assert profile.db.scalar("PRAGMA integrity_check") == "ok"
    assert profile.db.scalar("PRAGMA foreign_key_check") is None


def test_what_happened_to_one_application_is_read_without_reading_the_whole_log(
    profile: Profile,
) -> None:
    """The card's history and a late autosave's check that its draft was not discarded
    read the entries of that one application: reading the whole audit log for them
    (an entry or more for every application this laptop took) held the screen for
    26-160 ms when a card opened with 100,000 applications."""
    store = profile.applications
    saved = store.save(application(surname="Гнатюк"), "o").application
    late = application(surname="Бондар")  # an autosave of a draft this store never saw
    late.id, late.status = new_application_id(), Status.DRAFT
    statements: list[str] = []
    profile.db.conn.set_trace_callback(statements.append)
    try:
        assert [e["action"] for e in store.history(saved.id)] == ["created"]
        store.save(late, "o")
    finally:
        profile.db.conn.set_trace_callback(None)
    by_application = [s for s in statements if "FROM audit WHERE application_id" in s]
    assert len(by_application) == 2
    for statement in by_application:
        plan = [row[-1] for row in profile.db.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert not any(step.startswith("SCAN audit") for step in plan), (statement, plan)


def test_only_a_draft_nobody_is_sending_can_be_discarded(profile: Profile) -> None:
    store = profile.applications
    ready = store.save(application(), "o").application
    with pytest.raises(NotEditable):
        store.discard_draft(ready.id, "o")
    draft = application(surname="Бондар")
    draft.status = Status.DRAFT
    draft = store.save(draft, "o").application
    profile.db.execute(
        "INSERT INTO outbox (application_id, revision, state) VALUES (?, 1, 'in_flight')",
        (draft.id,),
    )
    before = counts(profile)
    with pytest.raises(NotEditable):
        store.discard_draft(draft.id, "o")
    assert counts(profile) == before and store.get(draft.id).status is Status.DRAFT
    with pytest.raises(NotFound):
        store.discard_draft("no-such-id", "o")


def test_a_cancelled_correction_leaves_the_application_as_it_was_returned(
    profile: Profile,
) -> None:
    store = profile.applications
    app = store.save(application(), "o").application
    with profile.db.transaction() as conn:
        profile.db.execute("DELETE FROM outbox")
        profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
    draft = store.start_revision(app.id, "o")
    new_scan = store.put_blob(b"new certificate" * 100)
    draft.applicant.surname = "Бондаренко"
    draft.attachments = [Attachment(new_scan, "cert.jpg", "image/jpeg", 1500)]
    store.save(draft, "o")
    returned = store.discard_draft(app.id, "o")
    assert returned is not None
    again = store.get(app.id)
    assert (again.revision, again.status, again.status_reason) == (
        1,
        Status.RETURNED,
        "Немає довідки",
    )
    assert again.applicant.surname == app.applicant.surname and again.number == app.number
    assert [s.id for s in store.search(Filter(text="бондаренко"))] == []
    assert [s.id for s in store.search(Filter(text=app.applicant.surname))] == [app.id]
    assert not store.has_blob(new_scan) and counts(profile)["outbox"] == 0
    assert store.history(app.id)[-1]["action"] == "correction_discarded"
    assert store.start_revision(app.id, "o").revision == 2  # it can be corrected again


def test_a_foreign_passport_is_found_however_its_latin_series_is_typed(profile: Profile) -> None:
    app = application()
    app.applicant.document = IdentityDocument(type="foreign_passport", series="FA", number="123456")
    saved = profile.applications.save(app, "o").application
    assert saved.applicant.document is not None and saved.applicant.document.series == "FA"
    for typed in ("FA123456", "fa 123456", "FА123456"):  # (the last with a Cyrillic А)
        assert [s.id for s in profile.applications.search(Filter(text=typed))] == [saved.id]


def test_attachments_are_content_addressed(profile: Profile) -> None:
    data = b"%PDF-1.4 scan" * 1000
    digest = profile.applications.put_blob(data)
    assert profile.applications.put_blob(data) == digest
    assert profile.db.scalar("SELECT count(*) FROM blobs") == 1
    assert profile.applications.get_blob(digest) == data


def test_duplicate_of_an_undecided_application_is_found(profile: Profile) -> None:
    first = profile.applications.save(application(), "o").application
    again = application()
    [dup] = profile.applications.open_duplicates(again)
    assert dup.number == first.number
    other_service = application()
    other_service.services[0].code = "664"
    assert profile.applications.open_duplicates(other_service) == []


def test_renumbering_follows_the_registrys_number_and_is_bounded(profile: Profile) -> None:
    store = profile.applications
    saved = store.save(application(), "oksana").application
    series = saved.number[:-6]
    registry_highest = f"{series}000010"

    def renumber() -> tuple[str, str] | None:
        with profile.db.transaction() as conn:
            return profile.from_registry.renumber(conn, saved.id, saved.revision, registry_highest)

    assert renumber() == (saved.number, f"{series}000011")
    assert [a.id for a in store.search(Filter(text=f"{series}000011"))] == [saved.id]
    assert store.search(Filter(text=saved.number)) == []
    history = store.history(saved.id)
    assert (history[-1]["action"], history[-1]["detail"]) == ("renumbered", saved.number)
    assert store.save(application(surname="Бондар"), "o").application.number == f"{series}000012"
    for _ in range(4):  # each time after every number here
        assert renumber() is not None
    assert renumber() is None  # five times is a registry to look at, not a number to try
    assert store.get(saved.id).number == f"{series}000016"

    imported = application(surname="Гнатюк")
    imported.id = new_application_id()  # (moved here by export)
    imported.number = "AB12-2026-000007"  # another workstation's number: not ours to give
    other = store.import_document(imported, "o").application
    with profile.db.transaction() as conn:
        assert profile.from_registry.renumber(conn, other.id, other.revision, None) is None
    assert store.get(other.id).number == "AB12-2026-000007"


def test_an_imported_time_in_the_future_is_refused_and_nothing_stored(profile: Profile) -> None:
    typo = application()
    typo.created_at = "2099-01-01T09:00:00Z"
    with pytest.raises(InvalidInput) as caught:
        profile.applications.import_document(typo, "import")
    assert "created_at" in caught.value.message("uk") and "майбутньому" in caught.value.message(
        "uk"
    )
    typo.created_at = "0026-11-20T09:00:00Z"  # 2026, a digit dropped
    with pytest.raises(InvalidInput) as ancient:
        profile.applications.import_document(typo, "import")
    assert "раніше 2000 року" in ancient.value.message("uk")
    typo.created_at = "0000-01-01T00:00:00Z"  # (no such year: it was taken as no time)
    with pytest.raises(InvalidInput) as none:
        profile.applications.import_document(typo, "import")
    assert "такого часу не буває" in none.value.message("uk")
    assert counts(profile)["applications"] == 0


def test_a_moved_case_with_a_time_past_9999_on_the_clock_is_refused_with_a_reason(
    profile: Profile,
) -> None:
    """A moved case (with its id) may be dated after now; 9999-12-31 at 23:59 in New York
    is in the year 10000 in UTC, which no time holds: it crashed the import, and the whole
    file with it."""
    moved = application(surname="Гнатюк")
    moved.id, moved.number = new_application_id(), "ZT01-2026-000003"
    moved.created_at = "9999-12-31T23:59:59-05:00"
    with pytest.raises(InvalidInput) as none:
        profile.applications.import_document(moved, "import")
    assert "такого часу не буває" in none.value.message("uk")
    assert counts(profile)["applications"] == 0


def test_a_moved_case_that_names_no_community_is_taken_as_this_ones(profile: Profile) -> None:
    """A line with an id written without "community" (or "workstation"): the registry
    refuses a case without its community, so it would have come back refused after
    sending; it is this workstation's community, as a new line's is."""
    moved = application(surname="Гнатюк")
    moved.id, moved.number = new_application_id(), "ZT01-2026-000003"
    moved.community, moved.workstation = "", ""
    moved.created_at = moved.updated_at = "2026-11-20T09:00:00Z"
    moved.consent.given_at = "2026-11-20T09:00:00Z"  # (an export has all of its times)
    kept = profile.applications.import_document(moved, "import").application
    stored = profile.applications.get(kept.id)
    assert stored.community == profile.community and stored.workstation == "ZT01"
    again = profile.applications.import_document(moved, "import")  # the same line again
    assert not again.created


def test_a_moved_case_written_without_its_times_or_operator_is_known_again(
    profile: Profile,
) -> None:
    """A line with an id written by hand, without times, operator or the consent's time:
    the store fills them in; imported again (a file run twice, by another operator), it
    is the same document, not "already here with another content" (exit 1)."""
    moved = application(surname="Гнатюк")
    moved.id, moved.number = new_application_id(), "ZT01-2026-000003"
    moved.status = Status.SENT
    moved.community = moved.workstation = moved.operator = moved.created_at = ""
    moved.updated_at = moved.consent.given_at = ""
    profile.applications.import_document(replace(moved), "olena")
    again = profile.applications.import_document(replace(moved), "petro")
    assert not again.created and again.application.operator == "olena"
    changed = replace(moved, applicant=replace(moved.applicant, phone="+380501112233"))
    with pytest.raises(InvalidInput, match="another revision or content"):
        profile.applications.import_document(changed, "petro")


def test_a_case_numbered_under_a_clock_run_ahead_moves_by_export_as_it_is(
    profile: Profile,
) -> None:
    """Cases numbered on a laptop whose clock was a year ahead could not be moved to a
    colleague's laptop with the right clock ("in the future"), though their receipts were
    printed with those dates and the registry may hold them so."""
    moved = application(surname="Гнатюк")
    moved.id, moved.number = new_application_id(), "ZT01-2027-000003"
    moved.created_at = moved.updated_at = "2027-11-20T09:00:00Z"
    moved.consent.given_at = "2027-11-20T09:00:00Z"
    kept = profile.applications.import_document(moved, "import").application
    assert profile.applications.get(kept.id).created_at == "2027-11-20T09:00:00Z"


def test_an_import_refused_as_in_the_future_names_the_day_this_laptops_clock_says(
    profile: Profile,
) -> None:
    """Paper applications converted on the office PC, imported on a laptop whose clock was
    reset to 01.01.2024 (a dead CMOS battery): each line was refused as a typo or "in the
    future", with no word that this laptop's clock might be what is wrong."""
    reset = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)
    dated = application(surname="Гнатюк")
    dated.created_at = "2026-11-20T10:00:00+02:00"
    numbered = application(surname="Ткачук")
    numbered.number = "ZT01-2026-000042"  # the paper receipt's number

    with Profile.open(profile.root, clock=lambda: reset) as behind:
        with pytest.raises(InvalidInput) as future:
            behind.applications.import_document(dated, "import")
        with pytest.raises(InvalidInput) as year:
            behind.applications.import_document(numbered, "import")

    assert future.value.message("uk") == (
        "Неправильні дані: created_at: 2026-11-20T10:00:00+02:00 — у майбутньому (сьогодні "
        "за годинником цього комп'ютера 01.01.2024; якщо це не так — виправте його)"
    )
    assert future.value.message("en") == (
        "Invalid input: created_at: 2026-11-20T10:00:00+02:00 — in the future (today is "
        "01.01.2024 by this computer's clock; if that is wrong, correct it)"
    )
    assert year.value.message("uk") == (
        "Неправильні дані: номер ZT01-2026-000042: такого року в номері ще бути не може (від "
        "2000 до 2024; сьогодні за годинником цього комп'ютера 01.01.2024; якщо це не так — "
        "виправте його) — перевірте, чи немає в ньому помилки"
    )
    assert "today is 01.01.2024 by this computer's clock; if that is wrong" in year.value.message(
        "en"
    )
    assert counts(profile)["applications"] == 0


@pytest.mark.parametrize("status", [Status.SENT, Status.ACCEPTED, Status.GRANTED])
def test_a_new_document_cannot_claim_it_was_sent_or_decided(
    profile: Profile, status: Status
) -> None:
    """A paper line marked "sent" (no id: never this workstation's, never the registry's)
    would be stored as sent and never queued; it is refused, and nothing is stored."""
    line = application()
    line.status = status
    with pytest.raises(InvalidInput) as caught:
        profile.applications.import_document(line, "import")
    assert "лише для заяви з id" in caught.value.message("uk")
    assert counts(profile)["applications"] == 0 and counts(profile)["outbox"] == 0
    line.status = Status.READY  # as it should have been written: queued to be sent
    saved = profile.applications.import_document(line, "import").application
    assert counts(profile)["outbox"] == 1 and saved.status is Status.READY


def test_a_decided_application_does_not_hide_the_same_persons_new_one(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = profile.applications
    [first] = store.import_batch([application()], "import", skip_imported=True)
    assert isinstance(first, SaveResult) and first.created
    [again] = store.import_batch([application()], "import", skip_imported=True)
    assert isinstance(again, SaveResult) and not again.created  # the file run twice
    with profile.db.transaction() as conn:
        assert profile.from_registry.set_status(conn, first.application.id, 1, Status.GRANTED)
    year_later = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    monkeypatch.setattr(store, "_clock", lambda: year_later)
    [next_year] = store.import_batch([application()], "import", skip_imported=True)
    assert isinstance(next_year, SaveResult) and next_year.created  # applying again
    assert store.count() == 2


def test_a_file_run_again_skips_lines_decided_or_corrected_since(profile: Profile) -> None:
    """The import was interrupted; before it is run again, as it says to, some of its
    applications were sent and decided, one returned and corrected: none is doubled."""
    store = profile.applications
    dated = application(surname="Гнатюк")
    dated.created_at = "2026-11-02T09:30:00Z"
    lines = [application(surname="Бондар"), application(surname="Яковенко"), dated]
    first = store.import_batch(lines, "import", skip_imported=True)
    ids = [r.application.id for r in first if isinstance(r, SaveResult)]
    assert len(ids) == 3
    with profile.db.transaction() as conn:
        profile.db.execute("DELETE FROM outbox")  # sent
        assert profile.from_registry.set_status(conn, ids[0], 1, Status.GRANTED)
        assert profile.from_registry.set_status(conn, ids[1], 1, Status.RETURNED, "Немає довідки")
        assert profile.from_registry.set_status(conn, ids[2], 1, Status.REFUSED, "Не та громада")
    corrected = store.start_revision(ids[1], "o")
    corrected.status = Status.READY
    store.save(corrected, "o")
    again = [application(surname="Бондар"), application(surname="Яковенко"), dated]
    rerun = store.import_batch(again, "import", skip_imported=True)
    assert [isinstance(r, SaveResult) and r.created for r in rerun] == [False, False, False]
    assert [r.application.id for r in rerun if isinstance(r, SaveResult)] == ids
    assert store.count() == 3


def test_a_paper_draft_with_no_identifiers_imported_twice_is_kept_once(profile: Profile) -> None:
    """Converted from paper before anyone had the passport at hand: only a name and a
    service. The file run again must not double it."""

    def paper() -> Application:
        draft = application()
        draft.status = Status.DRAFT
        draft.applicant.rnokpp = draft.applicant.unzr = ""
        draft.applicant.document = None
        return draft

    store = profile.applications
    [first] = store.import_batch([paper()], "import", skip_imported=True)
    [again] = store.import_batch([paper()], "import", skip_imported=True)
    assert isinstance(again, SaveResult) and not again.created
    assert again.application.id == first.application.id  # type: ignore[union-attr]
    other = paper()
    other.applicant.phone = "+380501112233"  # another paper form: kept as its own
    [second] = store.import_batch([other], "import", skip_imported=True)
    assert isinstance(second, SaveResult) and second.created
    assert store.count() == 2


def test_sorted_by_status_the_journal_follows_an_applications_life_page_by_page(
    profile: Profile,
) -> None:
    """Draft, waiting to be sent (the registry's refusals with them), sent, accepted,
    returned, granted, refused; newest first within each: not the codes' alphabet
    ("accepted" first, "sent" last)."""
    store = profile.applications
    made: dict[str, list[str]] = {}
    for i, status in enumerate(
        [Status.REFUSED, Status.DRAFT, Status.SENT, Status.GRANTED, Status.READY] * 3
        + [Status.ACCEPTED, Status.RETURNED]
    ):
        app = application(surname=f"Бондар{'а' * i}", serial=i)
        app.status = Status.DRAFT if status is Status.DRAFT else Status.READY
        saved = store.save(app, "o").application
        if status not in (Status.DRAFT, Status.READY):
            with profile.db.transaction() as conn:
                conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
                conn.execute(
                    "UPDATE applications SET status = ? WHERE id = ?", (status.value, saved.id)
                )
        made.setdefault(status.value, []).insert(0, saved.id)  # newest first
    [refused] = profile.outbox.claim(1)  # the registry did not accept one waiting
    profile.outbox.record_results([(refused, None, {"outcome": "rejected", "problems": []})])
    life = ["draft", "ready", "sent", "accepted", "returned", "granted", "refused"]
    expected = [app_id for status in life for app_id in made.get(status, [])]
    assert [s.id for s in store.search(order="status", limit=100)] == expected
    pages = [
        s.id
        for first in range(0, 17, 4)
        for s in store.search(order="status", limit=4, offset=first)
    ]
    assert pages == expected  # pages meet across statuses, none lost or doubled
    backwards = [s.id for s in store.search(order="status_desc", limit=100)]
    assert backwards == [a for status in reversed(life) for a in made.get(status, [])]
    waiting = store.search(Filter(status="ready"), order="status", limit=100)
    assert refused.application_id not in [s.id for s in waiting]  # the filter still says so
    assert len(waiting) == len(made["ready"]) - 1


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


@pytest.mark.parametrize(
    "order", ["newest", "oldest", "name", "name_desc", "number", "number_desc", "status"]
)
def test_pages_read_after_the_last_line_meet_exactly_in_every_order(
    profile: Profile, order: str
) -> None:
    """Each next page from after the last line read gives the whole list, none twice (ties
    of one surname, several statuses), with and without a search."""
    from bench.data import generate

    apps = generate(40, seed=12) + [application(surname="Коваленко", serial=i) for i in range(20)]
    store = profile.applications
    assert all(not isinstance(o, Exception) for o in store.import_batch(apps, "o"))
    for where in (Filter(), Filter(text="коваленко")):
        whole = [s.id for s in store.search(where, order=order, limit=1000)]
        paged: list[str] = []
        last = None
        while True:
            page = store.search(where, order=order, limit=7, after=last)
            if not page:
                break
            paged += [s.id for s in page]
            last = page[-1]
        assert paged == whole and len(set(paged)) == len(paged) > 0


def test_a_numbered_document_is_never_refused_as_a_duplicate(
    profile: Profile, tmp_path: Path
) -> None:
    """The duplicate rule is for people's files: an export (another workstation's, or this
    laptop's own brought to a new one) was numbered, and saved on the worker's word."""
    store = profile.applications
    store.save(application(surname="Гнатюк"), "o")  # undecided here
    with Profile.create(
        tmp_path / "zt02", workstation="ZT02", community="UA18040530000045696"
    ) as other:
        other.applications.save(application(surname="Гнатюк"), "o")
        exported = list(other.applications.export())
    [outcome] = store.import_batch(exported, "o", skip_imported=True, refuse_duplicates=True)
    assert isinstance(outcome, SaveResult) and outcome.created
    assert outcome.application.number.startswith("ZT02-")

    typed = application(surname="Гнатюк")  # a spreadsheet's line: no id, no number
    [refused] = store.import_batch([typed], "o", refuse_duplicates=True)
    assert isinstance(refused, DuplicateApplication)


def test_the_returned_ones_bring_their_corrections_not_sent_yet_page_by_page(
    profile: Profile,
) -> None:
    """A correction begun (a draft of revision 2) is found with the returned applications,
    in every order and page by page; listed once in the whole journal sorted by status."""
    store = profile.applications
    returned, corrected = [], []
    for serial in range(8):
        app = store.save(application(serial=serial), "olena").application
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE application_id = ?", (app.id,))
            profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
        if serial % 2:
            store.start_revision(app.id, "olena")
            corrected.append(app.id)
        else:
            returned.append(app.id)
    where = Filter(status=Status.RETURNED.value)
    assert store.count(where) == 8
    assert store.count(replace(where, exact_status=True)) == 4
    for order in ("newest", "oldest", "status", "status_desc", "name"):
        listed: list[Summary] = []
        while page := store.search(
            where, order=order, limit=3, after=listed[-1] if listed else None
        ):
            listed += page
        assert sorted(s.id for s in listed) == sorted(returned + corrected), order
        assert {s.id for s in listed if s.correcting} == set(corrected)
    for order in ("status", "status_desc"):
        everything: list[Summary] = []
        while page := store.search(
            order=order, limit=3, after=everything[-1] if everything else None
        ):
            everything += page
        assert len(everything) == len({s.id for s in everything}) == 8


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


def test_every_step_of_an_applications_history_is_worded(profile: Profile) -> None:
    """(a correction withdrawn by the back office's refusal read "correction_withdrawn" on
    the card): every action the store records of an application has words, in both
    languages."""
    import re

    from frontdesk.messages import history_text

    sources = "".join(
        (ROOT / "frontdesk" / "store" / name).read_text(encoding="utf-8")
        for name in ("applications.py", "from_registry.py", "outbox.py", "feed_side.py")
    )
    actions = set(re.findall(r'\baudit\(\s*conn,\s*[^,]+,\s*"([a-z_]+)"', sources))
    actions |= set(re.findall(r'action = "([a-z_]+)"', sources))
    actions |= set(re.findall(r"VALUES \(\?, '[a-z]+', '([a-z_]+)'", sources))
    actions -= {"discarded"}  # (its application is gone: no history is shown)
    assert {"correction_withdrawn", "set_aside", "created", "sent_again"} <= actions
    for action in sorted(actions):
        for lang in ("uk", "en"):
            assert history_text(action, "", lang) != action, (action, lang)
