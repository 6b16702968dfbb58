"""Upgrades of the encrypted database: numbered migrations, each once and whole, what
they bring to data an older version wrote, and a profile a newer version updated."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from frontdesk import codifier_file
from frontdesk import text as text_module
from frontdesk.errors import (
    NewerVersion,
)
from frontdesk.model import Status
from frontdesk.profile import DATABASE_FILE, Profile
from frontdesk.store import db as store_db
from frontdesk.store import retention
from frontdesk.store import rows as rows_module
from frontdesk.store.applications import Filter
from frontdesk.store.migrations import MIGRATIONS
from tests.conftest import run_cli
from tests.factories import application

COMMUNITY = "UA18040530000045696"

# What each migration since version 5 added: taken away, a profile is as that version left it.
# (Migration 8 made search keys again, which a test makes as version 7 did where it needs
# them so, and put stripped cases after the names.)
_ADDED_BY = {
    12: ("DROP INDEX applications_retention",),
    11: ("DROP INDEX audit_application",),
    10: ("DROP TABLE set_aside",),
    9: ("ALTER TABLE applications DROP COLUMN decided_at",),
    8: ("UPDATE applications SET name_sort = '' WHERE purged_at IS NOT NULL",),
    7: (
        "ALTER TABLE applications DROP COLUMN purged_at",
        "DROP TABLE blobs_stored",
        "DROP INDEX IF EXISTS imported_lines_application",
    ),
    6: ("DROP TABLE imported_lines",),
}


def _back_to_version(db: Any, version: int) -> None:
    for number in sorted(_ADDED_BY, reverse=True):
        if number > version:
            for statement in _ADDED_BY[number]:
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")


def test_migrations_bring_a_new_database_to_the_latest_version(profile: Profile) -> None:
    assert profile.db.schema_version == len(MIGRATIONS)


def test_a_failing_migration_changes_nothing(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(), "o")
    broken = "CREATE TABLE extra (x INTEGER);\nINSERT INTO no_such_table VALUES (1)"
    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(Exception, match="no_such_table"):
        Profile.open(profile_dir)
    monkeypatch.setattr(store_db, "MIGRATIONS", MIGRATIONS)
    with Profile.open(profile_dir) as profile:
        assert profile.db.schema_version == len(MIGRATIONS)
        assert not profile.db.utils["extra"].exists()
        assert profile.applications.count() == 1


def test_a_new_migration_is_applied_once(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY).close()
    extra = "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1)"
    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, extra])
    for _ in range(2):
        with Profile.open(profile_dir) as profile:
            assert profile.db.schema_version == len(MIGRATIONS) + 1
            assert profile.db.scalar("SELECT count(*) FROM extra") == 1


def test_names_indexed_before_search_keys_dropped_stress_marks_are_found_after_upgrade(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:  # search keys as version 2 made them
        apostrophes = re.escape(text_module.APOSTROPHE_VARIANTS)
        old.setattr(text_module, "_DROPPED_RE", re.compile(f"[{apostrophes}]"))
        with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
            profile.applications.save(application(surname="Сидорчу\u0301к"), "o")
            profile.applications.save(application(surname="Бондар"), "o")
            assert not profile.applications.search(Filter(text="Сидорчук"))
            _back_to_version(profile.db, 2)
            for statement in (  # the schema as version 2 left it
                "DROP INDEX applications_name_sort",
                "ALTER TABLE applications DROP COLUMN name_sort",
                "CREATE INDEX applications_name ON applications(name_key)",
            ):
                profile.db.execute(statement)
    with Profile.open(profile_dir) as profile:  # migration 3 makes the keys again
        assert profile.db.schema_version == len(MIGRATIONS)
        found = profile.applications.search(Filter(text="Сидорчук"))
        assert [r.applicant_name.split()[0] for r in found] == ["Сидорчу\u0301к"]
        assert len(profile.applications.search(Filter(text="Бондар"))) == 1  # untouched
        # Migration 4: the names indexed before sort in the alphabet's order too.
        names = [r.applicant_name.split()[0] for r in profile.applications.search(order="name")]
        assert names == ["Бондар", "Сидорчу\u0301к"]


def _search_key_of_version_7(value: str) -> str:
    """Search keys as versions up to 7 made them: Latin look-alikes and ґ as typed."""
    value = unicodedata.normalize("NFC", value).casefold()
    value = re.sub(r"[\W_]", " ", text_module._DROPPED_RE.sub("", value))
    return " ".join(value.split())


def _name_keys_of_version_7(value: str) -> tuple[str, str]:
    key = _search_key_of_version_7(value)
    return key, key.translate(text_module._SORT_TABLE)


def test_names_keyed_before_latin_look_alikes_were_read_as_cyrillic_are_found_after_upgrade(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codifier = tmp_path / "katottg.csv"
    codifier.write_text(
        "first;second;third;fourth;extra;category;name\n"
        "UA05080110090063607;;;;;C;Дзиґівка\nUA05080110090063608;;;;;C;Гнатівка\n",
        encoding="utf-8",
    )
    with monkeypatch.context() as old:  # keys as version 7 made them
        old.setattr(rows_module, "name_keys", _name_keys_of_version_7)
        old.setattr(codifier_file, "search_key", _search_key_of_version_7)
        with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
            for serial, surname in enumerate(["Iваненко", "Ґудзь", "Kоваленко", "Бондар"], 1):
                profile.applications.save(application(surname=surname, serial=serial), "o")
            profile.places.import_csv(codifier, allow_smaller=True)
            assert not profile.applications.search(Filter(text="Іваненко"))
            _back_to_version(profile.db, 7)
    with Profile.open(profile_dir) as profile:  # migration 8 makes them again
        assert profile.db.schema_version == len(MIGRATIONS)
        search = profile.applications.search
        for typed, surname in [
            ("Іваненко", "Iваненко"),
            ("Коваленко", "Kоваленко"),
            ("Гудзь", "Ґудзь"),
        ]:
            assert [r.applicant_name.split()[0] for r in search(Filter(text=typed))] == [surname]
        assert len(search(Filter(text="Бондар"))) == 1
        names = [r.applicant_name.split()[0] for r in search(order="name")]
        assert names == ["Бондар", "Ґудзь", "Iваненко", "Kоваленко"]
        assert [p.name for p in profile.places.search("Дзигівка")] == ["Дзиґівка"]
        profile.db.execute(
            "INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')"
        )
        assert profile.db.scalar("PRAGMA integrity_check") == "ok"


def _search_ids_of_version_7(app: Any, _former_numbers: Any = ()) -> str:
    """An application's identifier terms as versions up to 7 indexed them (no number it
    had before either)."""
    number = app.number.replace("-", "").lower()
    return " ".join((number, app.number.rsplit("-", 1)[-1], *rows_module.person_keys(app)))


def test_applications_indexed_before_numbers_were_found_by_year_and_sequence_are_after_upgrade(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:  # identifiers indexed as version 7 did
        old.setattr(rows_module, "search_ids", _search_ids_of_version_7)
        with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
            number = profile.applications.save(
                application(surname="Бондар"), "o"
            ).application.number
            year = number.split("-")[1]
            assert not profile.applications.search(Filter(text=f"{year}-000001"))
            _back_to_version(profile.db, 7)
    with Profile.open(profile_dir) as profile:  # migration 8 indexes them again
        for typed in (f"{year}-000001", f"{year}-0000", number, f"ZT01-{year}-1"):
            found = profile.applications.search(Filter(text=typed))
            assert [r.number for r in found] == [number], typed
        profile.db.execute(
            "INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')"
        )


def test_cases_stripped_before_they_sorted_last_come_after_the_names_after_upgrade(
    profile_dir: Path,
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        store = profile.applications
        removed = store.save(application(surname="Бондар"), "o").application
        store.save(application(surname="Гнатюк", serial=8), "o")
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox")
            assert profile.from_registry.set_status(conn, removed.id, 1, Status.GRANTED)
            conn.execute(
                "UPDATE applications SET updated_at = '2025-01-01T10:00:00Z' WHERE id = ?",
                (removed.id,),
            )
        assert retention.purge(profile.db, store, dt.datetime.now(dt.UTC), 90) == 1
        _back_to_version(profile.db, 7)  # as version 7 left it: the empty name first
        assert store.search(order="name")[0].personal_data_removed
    with Profile.open(profile_dir) as profile:
        rows = profile.applications.search(order="name")
        assert [r.personal_data_removed for r in rows] == [False, True]
        assert rows[0].applicant_name.startswith("Гнатюк")


def test_cases_decided_before_the_registry_said_its_times_are_aged_as_before_after_upgrade(
    profile_dir: Path,
) -> None:
    now = dt.datetime.now(dt.UTC)
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        store = profile.applications
        old = store.save(application(surname="Бондар"), "o").application
        recent = store.save(application(surname="Гнатюк", serial=8), "o").application
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox")
            assert profile.from_registry.set_status(conn, old.id, 1, Status.GRANTED)
            assert profile.from_registry.set_status(conn, recent.id, 1, Status.REFUSED, "Доходи")
            conn.execute(
                "UPDATE applications SET updated_at = '2025-01-01T10:00:00Z' WHERE id = ?",
                (old.id,),
            )
        _back_to_version(profile.db, 8)  # as version 8 left it: no decision times
    with Profile.open(profile_dir) as profile:
        assert profile.db.schema_version == len(MIGRATIONS)
        assert profile.db.scalar("SELECT count(*) FROM applications WHERE decided_at IS NULL") == 2
        assert retention.due(profile.db, now, 90) == [old.id]  # by when it reached the laptop
        # The registry's time of a decision pulled since is kept.
        change = {"kind": "status", "application_id": recent.id, "revision": 1}
        at = (now - dt.timedelta(days=100)).isoformat()
        page = [{**change, "status": "granted", "at": at}]
        profile.outbox.apply_changes(page, "c1", registry_time=now.isoformat())
        held = "SELECT decided_at FROM applications WHERE id = ?"
        assert profile.db.scalar(held, (recent.id,)) is not None
        # (it reached this laptop today: by its clock the period has only begun)
        assert retention.due(profile.db, now, 90) == [old.id]


def test_an_upgrade_lists_a_paper_application_entered_late_by_its_date(
    profile_dir: Path,
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(surname="Бондар"), "o")
        paper = application(surname="Гнатюк")
        paper.created_at = "2026-01-15T09:00:00+02:00"
        profile.applications.import_document(paper, "import")
        for statement in (  # rowids in the order of entry, as version 4 gave them
            "UPDATE applications SET rowid = "
            "CASE WHEN applicant_name LIKE 'Бондар%' THEN 1 ELSE 2 END",
            "INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')",
        ):
            profile.db.execute(statement)
        _back_to_version(profile.db, 4)
        assert profile.db.scalar("SELECT max(rowid) FROM applications") == 2
    with Profile.open(profile_dir) as profile:
        assert profile.db.schema_version == len(MIGRATIONS)
        names = [r.applicant_name.split()[0] for r in profile.applications.search()]
        assert names == ["Бондар", "Гнатюк"]
        found = profile.applications.search(Filter(text="гнатюк"))
        assert [r.applicant_name.split()[0] for r in found] == ["Гнатюк"]
        day = dt.date(2026, 1, 15)
        assert profile.applications.count(Filter(created_from=day, created_to=day)) == 1
        profile.db.execute(
            "INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')"
        )
        assert profile.db.scalar("PRAGMA integrity_check") == "ok"
        profile.applications.save(application(surname="Яковенко"), "o")  # numbering goes on
        assert profile.applications.search(limit=1)[0].applicant_name.startswith("Яковенко")


def test_a_migration_another_program_applied_meanwhile_is_not_applied_again(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app and a scheduled backup start together after an upgrade: both saw the old
    version; the second to get the write lock finds the work done."""
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(surname="Бондар"), "o")
    monkeypatch.setattr(store_db.Database, "schema_version", property(lambda _db: 3))
    with Profile.open(profile_dir) as profile:  # saw version 3; the file is at the latest
        assert profile.applications.count() == 1
        assert profile.db.scalar("PRAGMA user_version") == len(MIGRATIONS)


def test_an_upgrade_keeps_applications_dated_before_2000_and_first(profile_dir: Path) -> None:
    """A profile from before migration 5 with a typo in a year ("1970-01-01…"): its new
    rowids must not collide with the old ones, or the profile would not open again."""
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        batch = [application(surname="Бондар") for _ in range(1001)]
        profile.applications.import_batch(batch, "import")
        for statement in (  # rowids in the order of entry, as version 4 gave them
            "UPDATE applications SET rowid = -rowid",
            "CREATE TEMP TABLE entry AS SELECT rowid AS old, "
            "row_number() OVER (ORDER BY rowid DESC) AS new FROM applications",
            "UPDATE applications SET rowid = "
            "(SELECT new FROM entry WHERE old = applications.rowid)",
            "UPDATE applications SET created_at = '1970-01-01T00:00:01Z' WHERE rowid = 1",
            "INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')",
        ):
            profile.db.execute(statement)
        _back_to_version(profile.db, 4)
    with Profile.open(profile_dir) as profile:
        assert profile.db.schema_version == len(MIGRATIONS)
        assert len(list(profile.applications.export())) == 1001
        [first] = profile.applications.search(order="oldest", limit=1)
        assert first.created_at.startswith("1970")
        assert profile.db.scalar("PRAGMA integrity_check") == "ok"


def test_the_command_line_says_when_it_updates_the_database(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY).close()
    with Profile.open(profile_dir) as profile:  # as a profile of the version before
        _back_to_version(profile.db, len(MIGRATIONS) - 1)
    first = run_cli("--data-dir", str(profile_dir), "status")
    assert first.returncode == 0, first.stderr
    assert "Оновлення бази даних" in first.stderr
    again = run_cli("--data-dir", str(profile_dir), "status")
    assert "Оновлення бази даних" not in again.stderr


def _as_a_newer_version_left_it(profile_dir: Path, needed: str | None) -> None:
    """The profile as a newer FrontDesk leaves it: one migration more than this one knows
    (a table of its own), and, when ``needed``, the version that made it so."""
    with Profile.open(profile_dir) as profile:
        profile.db.execute("CREATE TABLE from_the_future (x INTEGER)")
        if needed is not None:
            profile.set_setting("schema_by", needed)
        else:  # (made by a version from before the versions said so)
            profile.db.execute("DELETE FROM meta WHERE key = ?", ("schema_by",))
        profile.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")


def test_a_profile_a_newer_version_updated_is_refused_by_an_older_one_unchanged(
    profile_dir: Path,
) -> None:
    """(the bundle updated, then the old one started again from a desktop shortcut) it
    opened as if nothing happened and wrote into a schema it does not know."""
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(surname="Бондар"), "o")
    _as_a_newer_version_left_it(profile_dir, "0.9.0")
    before = (profile_dir / DATABASE_FILE).read_bytes()
    with pytest.raises(NewerVersion) as caught:
        Profile.open(profile_dir, on_upgrade=lambda: pytest.fail("no upgrade"))
    said = caught.value.message("uk")
    assert "новіша версія FrontDesk (0.9.0" in said
    assert f"знає лише до {len(MIGRATIONS)}" in said
    assert "Установіть FrontDesk 0.9.0 або новіший" in said
    assert "Install FrontDesk 0.9.0 or newer" in caught.value.message("en")
    assert (profile_dir / DATABASE_FILE).read_bytes() == before
    result = run_cli("--data-dir", str(profile_dir), "list")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [said]


def test_a_profile_of_a_newer_version_that_does_not_name_itself_is_refused_too(
    profile_dir: Path,
) -> None:
    Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY).close()
    _as_a_newer_version_left_it(profile_dir, None)
    with pytest.raises(NewerVersion) as caught:
        Profile.open(profile_dir)
    assert "Установіть новішу версію FrontDesk" in caught.value.message("uk")


def test_an_upgrade_notes_the_version_that_made_the_schema(profile_dir: Path) -> None:
    from frontdesk import __version__

    Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY).close()
    with Profile.open(profile_dir) as profile:
        assert profile.setting("schema_by") == __version__
        _back_to_version(profile.db, len(MIGRATIONS) - 1)
        profile.set_setting("schema_by", "0.0.1")
    with Profile.open(profile_dir) as profile:
        assert profile.setting("schema_by") == __version__


def test_a_password_set_before_passwords_had_one_unicode_form_still_signs_in() -> None:
    """(hashed as typed, from a file with a decomposed "Ї"; compared in NFC since)"""
    import hashlib
    import unicodedata

    from frontdesk.operators import verify_password

    typed = unicodedata.normalize("NFD", "Їжачок-2024")
    salt = bytes(16)
    old = hashlib.scrypt(typed.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    stored = f"scrypt${2**14}$8$1${salt.hex()}${old.hex()}"
    assert verify_password(typed, stored)
    assert not verify_password("Їжачок-2025", stored)
