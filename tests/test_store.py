"""The local store: atomic saves, numbering, editing rules (its search:
tests/test_store_search.py; documents from files: tests/test_store_import.py; scans:
tests/test_store_scans.py)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

import pytest

from frontdesk.errors import (
    DiskFull,
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
from tests.factories import application, counts


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
    # The resident's receipt names the number it had: it still finds it (a resident who
    # calls with it was told «Заяву не знайдено»), and so do its year and sequence.
    assert [a.id for a in store.search(Filter(text=saved.number))] == [saved.id]
    assert [a.id for a in store.search(Filter(text=saved.number[-11:]))] == [saved.id]
    assert store.get_by_number(saved.number).id == saved.id
    history = store.history(saved.id)
    assert (history[-1]["action"], history[-1]["detail"]) == ("renumbered", saved.number)
    edited = store.get(saved.id)
    edited.applicant.phone = "+380501112233"
    store.save(edited, "oksana")  # (an edit keeps it findable)
    assert [a.id for a in store.search(Filter(text=saved.number))] == [saved.id]
    assert store.save(application(surname="Бондар"), "o").application.number == f"{series}000012"
    for _ in range(4):  # each time after every number here
        assert renumber() is not None
    assert renumber() is None  # five times is a registry to look at, not a number to try
    assert store.get(saved.id).number == f"{series}000016"
    assert store.get_by_number(f"{series}000013").id == saved.id  # each number it had

    imported = application(surname="Гнатюк")
    imported.id = new_application_id()  # (moved here by export)
    imported.number = "AB12-2026-000007"  # another workstation's number: not ours to give
    other = store.import_document(imported, "o").application
    with profile.db.transaction() as conn:
        assert profile.from_registry.renumber(conn, other.id, other.revision, None) is None
    assert store.get(other.id).number == "AB12-2026-000007"


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
