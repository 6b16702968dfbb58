"""Documents from files into the store (paper and spreadsheet intake, cases moved from
another laptop): numbers, communities, times and duplicates as a file brings them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from frontdesk.errors import (
    DuplicateApplication,
    InvalidInput,
)
from frontdesk.model import Application, Status, new_application_id
from frontdesk.profile import Profile
from frontdesk.store.applications import SaveResult
from tests.factories import application, counts


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
