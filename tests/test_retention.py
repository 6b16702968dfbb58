"""Personal data kept no longer than needed: decided cases are stripped after the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import frontdesk.store.applications as applications_module
from frontdesk.errors import InvalidInput
from frontdesk.model import Application, Attachment, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.applications import Filter, SaveResult
from frontdesk.store.audit import stamp
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from frontdesk.store.rows import ORDERS, SUMMARY_COLUMNS, filtered_query
from tests.conftest import run_cli
from tests.factories import IBAN, SetClock, application

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


def test_the_command_line_says_by_whose_clock_and_what_it_says_is_due_is_what_goes(
    profile: Profile, profile_dir: object
) -> None:
    old = _decided(profile, application(surname="Гнатюк"), Status.GRANTED, days_ago=200)
    recent = _sent(profile, "Бондар", 5)
    _pulled(profile, recent, Status.REFUSED, at=NOW - dt.timedelta(days=100))
    # The registry's time is 3 days ahead of this computer's: its clock reads behind.
    _registry_says_its_time(profile, NOW + dt.timedelta(days=3))
    profile.close()
    shown = run_cli("--data-dir", str(profile_dir), "retention")
    assert shown.returncode == 0, shown.stderr
    assert "за обома годинниками" in shown.stdout and "відстає від реєстру" in shown.stdout
    # Decided 200 days ago by both clocks: due. Decided 100 days ago by the registry's, but
    # it reached this computer today: not yet.
    assert "Строк минув: 1 заява" in shown.stdout
    done = run_cli("--data-dir", str(profile_dir), "retention", "--run")
    assert "Персональні дані видалено: 1 заява" in done.stdout, done.stderr
    with Profile.open(profile_dir) as again:  # type: ignore[arg-type]
        assert again.applications.get(old.id).applicant.surname == ""
        assert again.applications.get(recent.id).applicant.surname == "Бондар"


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


@pytest.fixture
def laptop() -> SetClock:
    return SetClock(NOW)


@pytest.fixture
def clocked(profile_dir: Path, laptop: SetClock) -> Iterator[Profile]:
    """A profile whose store reads the time from ``laptop``."""
    with Profile.create(
        profile_dir, workstation="ZT01", community="UA18040530000045696", clock=laptop
    ) as p:
        yield p


def _sent(profile: Profile, surname: str, serial: int = 1) -> Application:
    saved = profile.applications.save(application(surname=surname, serial=serial), "o").application
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
    return saved


def _pulled(
    profile: Profile,
    app: Application,
    status: Status,
    at: dt.datetime | None,
    *,
    again: bool = False,
) -> None:
    """The registry's status for ``app`` pulled, with its time of it (None: a registry that
    does not say); ``again``: one recorded here already (the feed read from the start)."""
    change: dict[str, Any] = {
        "kind": "status",
        "application_id": app.id,
        "number": app.number,
        "revision": app.revision,
        "status": status.value,
        "reason": "Доходи перевищують межу" if status is Status.REFUSED else None,
    }
    if at is not None:
        change["at"] = at.isoformat(timespec="microseconds")
    now = at.isoformat() if at is not None else None  # (the page's time: the decision's)
    applied = profile.outbox.apply_changes([change], f"c-{app.id}", registry_time=now)
    assert applied == ([] if again else [change])


def _registry_says_its_time(profile: Profile, now: dt.datetime) -> None:
    """A page of the feed with nothing new but the registry's time."""
    profile.outbox.apply_changes([], "c-now", registry_time=now.isoformat())


def _still_there(profile: Profile, surname: str) -> bool:
    return len(profile.applications.search(Filter(text=surname))) == 1


def test_a_decision_pulled_while_the_clock_was_a_year_behind_waits_its_window(
    clocked: Profile, laptop: SetClock
) -> None:
    """A dead CMOS battery: the decision reaches the laptop while its clock reads a year
    ago; the clock is put right an hour later, and the next run must not strip it."""
    saved = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=365)
    _pulled(clocked, saved, Status.GRANTED, at=NOW)  # decided at the registry today
    laptop.moment = NOW + dt.timedelta(hours=1)  # the clock put right
    assert retention.due_count(clocked) == 0
    assert retention.remove_expired(clocked) == 0
    assert _still_there(clocked, "Гнатюк")
    # Its window passes by the registry's clock: the run after that sync strips it.
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=89))
    assert retention.remove_expired(clocked) == 0
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=91))
    laptop.moment = NOW + dt.timedelta(days=91)
    assert retention.due_count(clocked) == 1
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Гнатюк")


def test_a_clock_set_a_year_ahead_for_one_session_strips_nothing_decided_within_the_window(
    clocked: Profile, laptop: SetClock
) -> None:
    today = _sent(clocked, "Бондар", 5)
    earlier = _sent(clocked, "Мельник", 6)
    laptop.moment = NOW - dt.timedelta(days=60)  # (it reached the laptop when decided)
    _pulled(clocked, earlier, Status.REFUSED, at=NOW - dt.timedelta(days=60))
    laptop.moment = NOW
    _pulled(clocked, today, Status.GRANTED, at=NOW)
    laptop.moment = NOW + dt.timedelta(days=365)  # a slip of the worker's finger
    assert retention.due_count(clocked) == 0
    assert retention.remove_expired(clocked, laptop.moment) == 0
    laptop.moment = NOW  # (and put right again: nothing was lost)
    assert _still_there(clocked, "Бондар") and _still_there(clocked, "Мельник")
    # By the registry's clock 70 days on, the one decided 130 days before goes.
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=70))
    laptop.moment = NOW + dt.timedelta(days=70)
    assert retention.remove_expired(clocked) == 1
    assert _still_there(clocked, "Бондар") and not _still_there(clocked, "Мельник")


def test_a_case_decided_without_the_registrys_time_is_aged_by_the_laptop_unless_it_reads_behind(
    clocked: Profile, laptop: SetClock
) -> None:
    """A registry from before the feed said its times: the decision's time is when it
    reached the laptop, as before; once a registry says its time, the period must have
    passed by its clock too, so a case stamped while the laptop's clock ran ahead stays."""
    old = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=200)
    _pulled(clocked, old, Status.GRANTED, at=None)
    laptop.moment = NOW
    assert retention.due(clocked.db, NOW, 90) == [old.id]  # (no registry time: as before)
    ahead = _sent(clocked, "Бондар", 5)
    laptop.moment = NOW + dt.timedelta(days=200)  # the clock a while ahead as it arrived
    _pulled(clocked, ahead, Status.GRANTED, at=None)

    _registry_says_its_time(clocked, NOW)
    for behind in (dt.timedelta(days=2), dt.timedelta(hours=12)):
        laptop.moment = NOW - behind  # (old by both clocks, whichever is a little off)
        assert retention.due(clocked.db, laptop.moment, 90) == [old.id], behind
        assert retention.due_count(clocked) == 1, behind
    # The clock a year ahead: by the registry's, the one stamped ahead is recent; it stays.
    laptop.moment = NOW + dt.timedelta(days=365)
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Гнатюк") and _still_there(clocked, "Бондар")


def test_the_registrys_times_are_kept_with_the_cursor(clocked: Profile) -> None:
    store, outbox = clocked.applications, clocked.outbox
    first, second, third = (_sent(clocked, name, n) for n, name in enumerate("АБВ", start=1))
    page = [
        {"kind": "status", "application_id": first.id, "revision": 1, "status": "accepted"},
        {"kind": "status", "application_id": second.id, "revision": 1, "status": "granted"},
        {"kind": "status", "application_id": third.id, "revision": 1, "status": "refused"},
    ]
    page[0]["at"] = "2026-03-01T10:00:00.250000+00:00"
    page[1]["at"] = "2026-03-02T12:00:00+02:00"
    page[2]["at"] = "не час"
    outbox.apply_changes(page, "c1", registry_time="2026-03-03T09:30:00.000001+00:00")
    decided = dict(clocked.db.execute("SELECT id, decided_at FROM applications").fetchall())
    # Only a decision's time is kept, as the store writes times; none that is not a time.
    assert decided == {first.id: None, second.id: "2026-03-02T10:00:00Z", third.id: None}
    assert outbox.setting(REGISTRY_TIME_KEY) == "2026-03-03T09:30:00Z"
    assert outbox.setting("sync.cursor") == "c1"
    # A page without "now" (an older registry build): the time kept is forgotten, not left
    # standing still, when nothing would ever be due by it again.
    outbox.apply_changes([], "c2", registry_time=None)
    assert outbox.setting(REGISTRY_TIME_KEY) is None
    returned = {**page[0], "status": "returned", "at": "2026-04-01T08:00:00Z"}
    outbox.apply_changes([returned], "c3", registry_time="сьогодні")
    assert outbox.setting(REGISTRY_TIME_KEY) is None
    assert store.get(first.id).status is Status.RETURNED


def test_one_wrong_clock_of_either_side_strips_nothing_early_and_a_silent_registry_stops_nothing(
    clocked: Profile, laptop: SetClock
) -> None:
    """The period must have passed by both clocks. The registry's clock a year ahead for a
    sync (every laptop of the community at once) strips nothing decided today; a registry
    that no longer says its time (an older build again) does not freeze the count."""
    today = _sent(clocked, "Бондар", 5)
    _pulled(clocked, today, Status.GRANTED, at=NOW)
    _registry_says_its_time(clocked, NOW + dt.timedelta(days=365))
    assert retention.due_count(clocked) == 0 and retention.remove_expired(clocked) == 0
    assert _still_there(clocked, "Бондар")
    # The registry put right, then back to a build that sends no time: the period is
    # counted by this laptop's clock again, and passes.
    _registry_says_its_time(clocked, NOW)
    clocked.outbox.apply_changes([], "c-old-build", registry_time=None)
    laptop.moment = NOW + dt.timedelta(days=91)
    assert retention.remove_expired(clocked) == 1
    assert not _still_there(clocked, "Бондар")


def test_a_profile_moved_by_export_takes_the_registrys_decision_times_from_the_feed(
    clocked: Profile, laptop: SetClock, tmp_path: Path
) -> None:
    """The old laptop's clock read a year behind when the decision came: its time of it is
    wrong, and an export carries only that. On the new laptop the feed, read from the
    start, says again when the registry decided: the case is not stripped at once."""
    saved = _sent(clocked, "Гнатюк", 3)
    laptop.moment = NOW - dt.timedelta(days=365)
    _pulled(clocked, saved, Status.GRANTED, at=NOW)
    laptop.moment = NOW
    exported = list(clocked.applications.export())
    with Profile.create(
        tmp_path / "new", workstation="ZT01", community="UA18040530000045696"
    ) as new:
        assert not any(
            isinstance(o, Exception) for o in new.applications.import_batch(exported, "o")
        )
        _pulled(new, new.applications.get(saved.id), Status.GRANTED, at=NOW, again=True)
        assert retention.due(new.db, NOW + dt.timedelta(hours=1), 90) == []
        assert retention.due(new.db, NOW + dt.timedelta(days=91), 90) == []  # (registry: NOW)
        new.outbox.apply_changes(
            [], "c-later", registry_time=(NOW + dt.timedelta(days=91)).isoformat()
        )
        assert retention.due(new.db, NOW + dt.timedelta(days=91), 90) == [saved.id]
