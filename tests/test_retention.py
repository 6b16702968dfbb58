"""Personal data kept no longer than needed: decided cases are stripped after the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import frontdesk.store.applications as applications_module
from frontdesk.errors import InvalidInput
from frontdesk.model import Application, Attachment, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.applications import Filter, SaveResult
from frontdesk.store.audit import stamp
from frontdesk.store.rows import ORDERS, SUMMARY_COLUMNS, filtered_query
from tests.conftest import run_cli
from tests.factories import IBAN, application

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _decided(
    profile: Profile, app: Application, status: Status, days_ago: int, reason: str = ""
) -> Application:
    """``app`` saved, sent, and decided ``days_ago`` days before NOW; its scans stored
    then too."""
    store = profile.applications
    saved = store.save(app, "o").application
    with profile.db.transaction() as conn:
        for scan in saved.attachments:
            conn.execute(
                "UPDATE blobs_stored SET stored_at = ? WHERE sha256 = ?",
                (stamp(NOW - dt.timedelta(days=days_ago + 1)), scan.sha256),
            )
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
        assert profile.from_registry.set_status(conn, saved.id, saved.revision, status, reason)
        conn.execute(
            "UPDATE applications SET updated_at = ? WHERE id = ?",
            (stamp(NOW - dt.timedelta(days=days_ago)), saved.id),
        )
    return store.get(saved.id)


def _with_scans(app: Application, *scans: str) -> Application:
    app.attachments = [Attachment(s, f"{i}.jpg", "image/jpeg", 1300) for i, s in enumerate(scans)]
    return app


def _index_bytes(profile: Profile) -> bytes:
    """The search index as stored (its segments), deleted terms included until removed."""
    rows = profile.db.execute("SELECT block FROM applications_fts_data").fetchall()
    return b"".join(bytes(row[0]) for row in rows)


def _terms(profile: Profile) -> set[str]:
    """Every term the search index holds."""
    profile.db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, applications_fts, row)"
    )
    return {row[0] for row in profile.db.execute("SELECT term FROM temp.terms").fetchall()}


def test_a_case_decided_past_the_window_keeps_its_number_and_status_and_nothing_of_the_person(
    profile: Profile,
) -> None:
    store = profile.applications
    own_scan = store.put_blob(b"passport of the resident" * 50)
    shared_scan = store.put_blob(b"a certificate two applications hold" * 50)
    old = _decided(
        profile,
        _with_scans(application(surname="Гнатюк", serial=3), own_scan, shared_scan),
        Status.REFUSED,
        days_ago=120,
        reason="Доходи родини Гнатюків перевищують межу",
    )
    other = store.save(_with_scans(application(surname="Мельник"), shared_scan), "o").application
    recent = _decided(profile, application(surname="Бондар"), Status.GRANTED, days_ago=10)

    assert retention.due(profile.db, NOW, 90) == [old.id]
    assert retention.purge(profile.db, store, NOW, 90) == 1

    left = store.get(old.id)
    assert (left.number, left.status, left.revision) == (old.number, Status.REFUSED, 1)
    assert left.services == old.services and left.created_at == old.created_at
    assert left.consent.given and left.consent.given_at == old.consent.given_at
    assert left.documents == old.documents
    person = left.applicant
    assert (person.surname, person.given_name, person.rnokpp, person.unzr) == ("", "", "", "")
    assert person.birth_date is None and person.document is None and not person.phone
    assert left.household == [] and left.attachments == [] and left.payment.iban == ""
    assert left.registered_address.street == "" and left.status_reason == ""
    assert IBAN not in profile.db.scalar(
        "SELECT document FROM applications WHERE id = ?", (old.id,)
    )
    # Found by its number (the resident's receipt), no longer by the person.
    [line] = store.search(Filter(text=old.number))
    assert line.personal_data_removed and line.applicant_name == ""
    assert store.search(Filter(text="гнатюк")) == []
    assert store.search(Filter(text=old.applicant.rnokpp)) == []
    terms = _terms(profile)
    assert "гнатюк" not in terms and old.applicant.rnokpp not in terms
    assert "гнатюк".encode() not in _index_bytes(profile)
    assert "мельник" in terms
    # Its own scan is gone; the one another application holds stays.
    assert not store.has_blob(own_scan) and store.has_blob(shared_scan)
    assert store.get(other.id).attachments[0].sha256 == shared_scan
    # The recent decision and the undecided application are untouched.
    assert store.get(recent.id).applicant.surname == "Бондар"
    assert not store.search(Filter(text="бондар"))[0].personal_data_removed
    assert store.history(old.id)[-1]["action"] == "personal_data_removed"
    assert profile.db.scalar("PRAGMA integrity_check") == "ok"
    profile.db.execute("INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')")
    assert retention.purge(profile.db, store, NOW, 90) == 0  # done once


def _surnames(profile: Profile, order: str, limit: int = 100) -> list[str]:
    rows = profile.applications.search(order=order, limit=limit)
    return ["(removed)" if r.personal_data_removed else r.applicant_name.split()[0] for r in rows]


def test_sorted_by_applicant_cases_whose_personal_data_left_come_after_the_names(
    profile: Profile,
) -> None:
    """(they came first, by an empty name: a page of blank lines before Абрамчук)"""
    for serial, surname in enumerate(["Бондар", "Яковенко"], start=1):
        _decided(profile, application(surname=surname, serial=serial), Status.GRANTED, 120)
    for serial, surname in enumerate(["Гнатюк", "Ющенко", "Абрамчук"], start=5):
        profile.applications.save(application(surname=surname, serial=serial), "o")
    assert retention.purge(profile.db, profile.applications, NOW, 90) == 2
    names = ["Абрамчук", "Гнатюк", "Ющенко", "(removed)", "(removed)"]
    assert _surnames(profile, "name") == names
    assert _surnames(profile, "name", limit=2) == ["Абрамчук", "Гнатюк"]
    assert _surnames(profile, "name_desc") == names[::-1]  # (the same list, reversed)
    # Still read from the sort key's index, page by page, not sorted whole.
    sql, params = filtered_query(Filter(), SUMMARY_COLUMNS)
    plan = profile.db.execute(
        f"EXPLAIN QUERY PLAN {sql} ORDER BY {ORDERS['name']} LIMIT 100", params
    ).fetchall()
    assert "SCAN a USING INDEX applications_name_sort" in [row[-1] for row in plan]
    # Personal data written again (the registry's later revision): sorted by its name.
    [removed, _] = profile.applications.search(Filter(status="granted"))
    with profile.db.transaction() as conn:
        again = application(surname="Бондар")
        again.id, again.revision = removed.id, 2
        again.created_at, again.updated_at = removed.created_at, removed.updated_at
        assert profile.from_registry.take_from_registry(conn, again)
    assert _surnames(profile, "name") == ["Абрамчук", "Бондар", "Гнатюк", "Ющенко", "(removed)"]


def test_a_returned_or_undecided_case_or_one_with_something_to_send_is_never_stripped(
    profile: Profile,
) -> None:
    store = profile.applications
    returned = _decided(profile, application(surname="Гнатюк"), Status.RETURNED, days_ago=400)
    accepted = _decided(profile, application(surname="Бондар"), Status.ACCEPTED, days_ago=400)
    waiting = _decided(profile, application(surname="Мельник"), Status.GRANTED, days_ago=400)
    profile.db.execute(
        "INSERT INTO outbox (application_id, revision, state) VALUES (?, 1, 'quarantined')",
        (waiting.id,),
    )
    assert retention.due(profile.db, NOW, 90) == []
    assert retention.purge(profile.db, store, NOW, 90) == 0
    for app in (returned, accepted, waiting):
        assert store.get(app.id).applicant.surname == app.applicant.surname


def test_a_scan_shared_by_two_cases_stripped_together_goes_with_them(profile: Profile) -> None:
    store = profile.applications
    scan = store.put_blob(b"one certificate for two cases" * 50)
    first = _decided(profile, _with_scans(application(), scan), Status.GRANTED, days_ago=200)
    second = _decided(
        profile, _with_scans(application(surname="Бондар"), scan), Status.REFUSED, days_ago=100
    )
    assert retention.due(profile.db, NOW, 90) == [first.id, second.id]  # longest decided first
    assert retention.purge(profile.db, store, NOW, 90) == 2
    assert not store.has_blob(scan)


def test_the_window_is_a_setting_within_sensible_bounds(profile: Profile) -> None:
    assert retention.retention_days(None) == retention.DEFAULT_DAYS
    assert retention.retention_days("nonsense") == retention.DEFAULT_DAYS
    assert retention.retention_days("1") == retention.MIN_DAYS
    with pytest.raises(InvalidInput):
        retention.check_days(0)
    _decided(profile, application(), Status.GRANTED, days_ago=40)
    assert retention.due_count(profile, NOW) == 0
    profile.set_setting(retention.RETENTION_KEY, "30")
    assert retention.due_count(profile, NOW) == 1
    assert retention.remove_expired(profile, NOW) == 1


def test_the_command_line_shows_sets_and_applies_the_window(
    profile: Profile, profile_dir: object
) -> None:
    _decided(profile, application(surname="Гнатюк"), Status.GRANTED, days_ago=40)
    profile.close()
    shown = run_cli("--data-dir", str(profile_dir), "retention")
    assert shown.returncode == 0, shown.stderr
    assert "90 днів після рішення" in shown.stdout and "Строк минув: 0 заяв" in shown.stdout
    assert "строк рахується за годинником цього комп'ютера" in shown.stdout
    bad = run_cli("--data-dir", str(profile_dir), "retention", "--days", "0")
    assert bad.returncode == 1 and "строк зберігання 0" in bad.stderr
    done = run_cli("--data-dir", str(profile_dir), "retention", "--days", "30", "--run")
    assert done.returncode == 0, done.stderr
    assert "30 днів" in done.stdout and "Персональні дані видалено: 1 заява" in done.stdout
    with Profile.open(profile_dir) as again:  # type: ignore[arg-type]
        assert again.setting(retention.RETENTION_KEY) == "30"
        assert again.applications.search(Filter(text="гнатюк")) == []
        again.applications.save(application(surname="Мельник", serial=2), "o")

    # What is left of the stripped case is no application to take elsewhere: the export
    # leaves it out, and says so (before, its empty applicant made an import elsewhere
    # report nine missing required fields, as if the export were broken).
    exported = run_cli("--data-dir", str(profile_dir), "export")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) == 1 and "Мельник" in lines[0]
    assert "Не експортовано: 1" in exported.stderr and "строку зберігання" in exported.stderr


def test_drafts_nobody_changed_for_the_window_are_named_and_kept(
    profile: Profile, profile_dir: object
) -> None:
    """A resident's data typed into a draft nobody finished stays for ever: retention
    strips decided cases only. The drafts older than the window are named, never removed
    (nothing typed is lost)."""
    store = profile.applications
    for surname, days_ago in (("Гнатюк", 120), ("Бондар", 100), ("Мельник", 3)):
        draft = store.save(
            replace(application(surname=surname), status=Status.DRAFT), "olena"
        ).application
        when = stamp(store.now() - dt.timedelta(days=days_ago))
        profile.db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (when, draft.id))
    profile.close()
    shown = run_cli("--data-dir", str(profile_dir), "retention")
    done = run_cli("--data-dir", str(profile_dir), "retention", "--run")
    for said in (shown, done):
        assert said.returncode == 0, said.stderr
        assert "Без змін понад 90 днів: 2 чернетки з персональними даними" in said.stdout
    with Profile.open(profile_dir) as again:  # type: ignore[arg-type]
        assert len(again.applications.search(Filter(status=Status.DRAFT))) == 3


def test_a_case_returned_or_decided_again_while_a_run_goes_on_is_not_stripped(
    profile: Profile,
) -> None:
    """A run takes minutes at 100,000; sync, on another connection, may return a case
    meanwhile (and the worker start its correction), or decide it again today."""
    store, registry = profile.applications, profile.from_registry
    returned = _decided(profile, application(surname="Гнатюк"), Status.REFUSED, 200, "Доходи")
    again = _decided(profile, application(surname="Бондар", serial=5), Status.REFUSED, 200)
    run = retention.Purge(profile.db, store, NOW)
    assert run.prepare(90) == 2
    with profile.db.transaction() as conn:
        assert registry.set_status(conn, returned.id, 1, Status.RETURNED, "Додайте довідку")
        assert registry.set_status(conn, again.id, 1, Status.GRANTED)  # (an appeal: today)
    draft = store.start_revision(returned.id, "o")
    assert run.step() == 0
    now = store.get(returned.id)
    assert now.applicant.surname == "Гнатюк" and store.correction_reason(now) == "Додайте довідку"
    assert store.get(again.id).applicant.surname == "Бондар"
    draft.status = Status.READY  # corrected, sent, granted: its own period starts then
    store.save(draft, "o")
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox")
        registry.set_status(conn, returned.id, 2, Status.GRANTED)
    assert not store.search(Filter(text="гнатюк"))[0].personal_data_removed
    assert returned.id in retention.due(profile.db, NOW + dt.timedelta(days=400), 90)


def test_a_scan_the_worker_attaches_again_while_a_run_goes_on_stays(profile: Profile) -> None:
    """The same resident applies again with the same file: the form stores it (the same
    scan, content-addressed) a moment before its autosave names it."""
    store = profile.applications
    data = b"the resident's passport, the same file again" * 50
    scan = store.put_blob(data)
    _decided(profile, _with_scans(application(surname="Гнатюк"), scan), Status.GRANTED, 200)
    run = retention.Purge(profile.db, store, NOW)
    assert run.prepare(90) == 1
    assert store.put_blob(data) == scan
    assert run.step() == 1
    saved = store.save(_with_scans(application(surname="Гнатюк"), scan), "o").application
    assert store.get_blob(saved.attachments[0].sha256) == data


def test_a_scan_attached_again_just_before_a_run_looks_stays(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form stores the file at once and names it in the draft at the autosave, ~1.5 s
    later; a run that looks and strips in between leaves the scan, also with the laptop's
    clock stepped back a few minutes meanwhile (a time sync)."""
    store = profile.applications
    data = b"the resident's passport, the same file again" * 50
    scan = store.put_blob(data)
    _decided(profile, _with_scans(application(surname="Гнатюк"), scan), Status.GRANTED, 200)
    behind = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(timespec="microseconds")
    monkeypatch.setattr(applications_module, "moment_now", lambda: behind)
    assert store.put_blob(data) == scan  # the worker drops the file on a new form
    run = retention.Purge(profile.db, store, NOW)
    assert run.prepare(90) == 1 and run.step() == 1  # the run, before the autosave
    draft = replace(_with_scans(application(surname="Гнатюк"), scan), status=Status.DRAFT)
    saved = store.save(draft, "o").application
    assert store.get_blob(saved.attachments[0].sha256) == data


def test_the_registrys_feed_read_again_brings_no_reason_back_to_a_stripped_case(
    profile: Profile,
) -> None:
    store = profile.applications
    reason = "Доходи родини Гнатюків перевищують межу"
    old = _decided(profile, application(surname="Гнатюк"), Status.REFUSED, 200, reason)
    assert retention.purge(profile.db, store, NOW, 90) == 1
    change = {"kind": "status", "application_id": old.id, "revision": 1}
    applied = profile.outbox.apply_changes(
        [{**change, "status": "refused", "reason": reason}], "c1"
    )
    assert applied == []  # nothing new: not announced again
    assert store.get(old.id).status_reason == ""


def test_a_file_run_again_does_not_import_a_stripped_case_a_second_time(profile: Profile) -> None:
    store = profile.applications
    line = application(surname="Гнатюк")
    line.created_at = stamp(NOW - dt.timedelta(days=300))  # a dated line of a paper register
    [first] = store.import_batch([line], "import", skip_imported=True)
    assert isinstance(first, SaveResult)
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox")
        assert profile.from_registry.set_status(conn, first.application.id, 1, Status.GRANTED)
        conn.execute(
            "UPDATE applications SET updated_at = ?", (stamp(NOW - dt.timedelta(days=200)),)
        )
    assert retention.purge(profile.db, store, NOW, 90) == 1
    again = application(surname="Гнатюк")
    again.created_at = line.created_at
    [second] = store.import_batch([again], "import", skip_imported=True)
    assert isinstance(second, SaveResult) and not second.created
    assert store.count() == 1


# --- by the registry's clock, not the laptop's ----------------------------------------------
