"""The encrypted database: keys, keyring, and the sqlite-utils driver shim (its migrations:
tests/test_store_migrations.py)."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from keyrings.alt.file import PlaintextKeyring

from frontdesk import backup as backups
from frontdesk import secrets as secrets_module
from frontdesk.errors import (
    DatabaseMissing,
    KeyMissing,
    KeyringUnavailable,
    ProfileExists,
    ProfileFileDamaged,
    ProfileFileMissing,
    WrongKey,
)
from frontdesk.profile import DATABASE_FILE, PROFILE_FILE, Profile
from tests.conftest import example_documents
from tests.factories import application

COMMUNITY = "UA18040530000045696"


def test_sqlite_utils_runs_on_sqlcipher(profile: Profile) -> None:
    """Guards the pysqlite3 shim: sqlite-utils must use the SQLCipher driver."""
    import sqlcipher3

    assert profile.db.utils["applications"].exists()
    import sqlite_utils.db

    assert sqlite_utils.db.sqlite3 is sqlcipher3
    assert "outbox" in profile.db.utils.table_names()
    assert profile.db.scalar("PRAGMA cipher_version")


def test_pragmas(profile: Profile) -> None:
    assert profile.db.scalar("PRAGMA journal_mode") == "wal"
    assert profile.db.scalar("PRAGMA foreign_keys") == 1
    assert profile.db.scalar("PRAGMA synchronous") == 2  # FULL: a save survives power loss


def test_database_file_holds_no_personal_data_in_clear(profile: Profile) -> None:
    from frontdesk.document import parse

    docs = example_documents()
    needles: list[bytes] = []
    for data in docs:
        app = parse(data)
        profile.applications.import_document(app, "import")
        needles.append(app.applicant.surname.encode("utf-8"))
        if app.applicant.rnokpp:
            needles.append(app.applicant.rnokpp.encode("ascii"))
    attachment = "Прізвище-у-скані Коваленко".encode()
    profile.applications.put_blob(attachment)
    needles.append(attachment)
    files = [p for p in profile.root.iterdir() if p.name.startswith(DATABASE_FILE)]
    content = b"".join(p.read_bytes() for p in files)
    assert len(content) > 10_000
    assert len(needles) > 20
    leaked = [n.decode() for n in needles if n in content]
    assert leaked == []
    profile.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    main_file = (profile.root / DATABASE_FILE).read_bytes()
    assert not main_file.startswith(b"SQLite format 3")
    assert [n for n in needles if n in main_file] == []


def test_key_lives_in_keyring_not_beside_the_database(profile: Profile) -> None:
    key = profile.secrets.database_key()
    for path in profile.root.iterdir():
        assert key.encode() not in path.read_bytes()


def test_reopen_with_key_from_keyring(profile_dir: Path) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        number = profile.applications.save(application(), "o").application.number
    with Profile.open(profile_dir) as profile:
        assert profile.applications.get_by_number(number).applicant.surname == "Коваленко"


@pytest.fixture
def unconfigured_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine where the user configured nothing for keyring (no variable, no
    keyringrc.cfg) and keyring's own choice cannot hold secrets."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(secrets_module, "_loaded", {})
    keyring.set_keyring(NoKeyring())


def _profile_file(profile_dir: Path) -> dict[str, str]:
    return dict(json.loads((profile_dir / PROFILE_FILE).read_text(encoding="utf-8")))


def test_a_profile_remembers_which_keyring_holds_its_key(profile_dir: Path) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        key = profile.secrets.database_key()
    assert _profile_file(profile_dir)["keyring"] == "keyrings.alt.file.PlaintextKeyring"
    assert key not in (profile_dir / PROFILE_FILE).read_text(encoding="utf-8")


def test_the_remembered_keyring_opens_the_profile_without_asking_keyring(
    profile_dir: Path, unconfigured_keyring: None
) -> None:
    keyring.set_keyring(PlaintextKeyring())  # the fixture's file: where the key is
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        number = profile.applications.save(application(), "o").application.number
    keyring.set_keyring(NoKeyring())  # keyring's discovery would now find nothing usable
    with Profile.open(profile_dir) as profile:
        assert profile.applications.get_by_number(number).applicant.surname == "Коваленко"


def test_a_remembered_keyring_that_is_gone_is_replaced_by_the_one_that_has_the_key(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        number = profile.applications.save(application(), "o").application.number
    info = _profile_file(profile_dir)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    stale_names: list[object] = [
        "keyring.backends.uninstalled.Keyring",  # not installed any more
        "keyring.backends.null.Keyring",  # loads, but has no key
        ["keyring.backends.null.Keyring"],  # a hand-edited file
        "this.Keyring",  # not a keyring module: never imported
    ]
    for stale in stale_names:
        (profile_dir / PROFILE_FILE).write_text(json.dumps({**info, "keyring": stale}))
        with Profile.open(profile_dir) as profile:  # keyring's choice (the test keyring)
            assert profile.applications.get_by_number(number).applicant.surname == "Коваленко"
        assert _profile_file(profile_dir)["keyring"] == "keyrings.alt.file.PlaintextKeyring"
    assert "this" not in sys.modules


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps nothing in a file (FrontDesk takes it as a secure one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def test_a_remembered_plaintext_keyring_is_never_used_outside_tests(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch, unconfigured_keyring: None
) -> None:
    monkeypatch.delenv("FRONTDESK_ALLOW_INSECURE_KEYRING")
    keyring.set_keyring(MemoryKeyring())  # the OS keyring, as keyring finds it
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY):
        pass
    info = _profile_file(profile_dir)
    assert "keyring" not in info  # a backend outside keyring's packages is not remembered
    plaintext = "keyrings.alt.file.PlaintextKeyring"
    (profile_dir / PROFILE_FILE).write_text(json.dumps({**info, "keyring": plaintext}))
    with Profile.open(profile_dir) as profile:  # opens through the OS keyring all the same
        assert isinstance(profile.secrets.backend, MemoryKeyring)


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_lost_database_is_a_clear_error_and_never_made_anew(
    profile_dir: Path, damage: str
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(), "o")
    database = profile_dir / DATABASE_FILE
    if damage == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")
    with pytest.raises(DatabaseMissing) as caught:
        Profile.open(profile_dir)
    assert "резервної копії" in caught.value.message("uk")
    assert not database.exists() or database.stat().st_size == 0  # nothing put in its place


def test_a_database_without_its_profile_file_is_never_made_anew(
    profile_dir: Path, tmp_path: Path
) -> None:
    """profile.json lost (a copy made as another user, a clean-up): "run init" or the
    first-run wizard, or a restore, would have put an empty database over the applications."""
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        for _ in range(3):
            profile.applications.save(application(), "o")
        backup = backups.backup(profile, tmp_path / "b.fdbackup", "довга фраза для копії").path
    (profile_dir / PROFILE_FILE).unlink()
    database = profile_dir / DATABASE_FILE
    before = database.read_bytes()
    assert Profile.orphaned(profile_dir)
    with pytest.raises(ProfileFileMissing) as opened:
        Profile.open(profile_dir)
    assert "не втрачено" in opened.value.message("uk") and "init" not in opened.value.message("uk")
    with pytest.raises(ProfileFileMissing):
        Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY)
    with pytest.raises(ProfileFileMissing):
        backups.restore(backup, profile_dir, "довга фраза для копії")
    assert database.read_bytes() == before  # the applications are all still there


def test_a_stub_left_by_a_creation_cut_short_is_moved_aside(profile_dir: Path) -> None:
    """(a full disk during init) creating again works, and nothing is deleted."""
    profile_dir.mkdir(parents=True)
    (profile_dir / DATABASE_FILE).write_bytes(b"\0" * 4096)
    assert not Profile.orphaned(profile_dir)
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        assert profile.applications.count() == 0
    assert [p.name for p in profile_dir.glob(f"{DATABASE_FILE}.stub-*")]


def test_wrong_key_is_a_clear_error(profile_dir: Path) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(), "o")
        profile.secrets.set("database-key", "ab" * 32)
    with pytest.raises(WrongKey) as caught:
        Profile.open(profile_dir)
    assert "ключ" in caught.value.message("uk")


def test_missing_key_is_a_clear_error(profile_dir: Path) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.secrets.delete("database-key")
    with pytest.raises(KeyMissing) as caught:
        Profile.open(profile_dir)
    # (another account, an elevated prompt, a folder copied from another laptop: "restore
    # the profile from a backup" alone sent people to overwrite nothing and wonder)
    said = caught.value.message("uk")
    assert f"облікового запису «{getpass.getuser()}» на цьому комп'ютері" in said
    assert "скопійована тека профілю не відкривається деінде" in said


def test_no_keyring_means_no_profile_and_a_clear_message(profile_dir: Path) -> None:
    keyring.set_keyring(NoKeyring())
    with pytest.raises(KeyringUnavailable) as caught:
        Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY)
    assert "keyring" in caught.value.message("uk")
    assert not (profile_dir / DATABASE_FILE).exists()
    assert not Profile.exists(profile_dir)
    # A folder it made is not left behind, empty, to puzzle the IT person; one given is kept.
    new = profile_dir / "frontdesk"
    with pytest.raises(KeyringUnavailable):
        Profile.create(new, workstation="ZT01", community=COMMUNITY)
    assert not new.exists()
    given = profile_dir / "given"
    given.mkdir()
    with pytest.raises(KeyringUnavailable):
        Profile.create(given, workstation="ZT01", community=COMMUNITY)
    assert given.is_dir() and list(given.iterdir()) == []


def test_plaintext_keyring_is_refused_outside_tests(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTDESK_ALLOW_INSECURE_KEYRING")
    with pytest.raises(KeyringUnavailable):
        Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY)
    assert not Profile.exists(profile_dir)


def test_a_database_moved_away_while_open_is_not_written_to_as_if_nothing_happened(
    profile_dir: Path, tmp_path: Path
) -> None:
    """(an antivirus quarantine) SQLite would go on writing to the moved file and report
    success; no later start would find those applications."""
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(), "o")
        (profile_dir / DATABASE_FILE).rename(tmp_path / "quarantined.db")
        with pytest.raises(DatabaseMissing) as caught:
            profile.applications.save(application(), "o")
        assert "зник" in caught.value.message("uk")


@pytest.mark.parametrize("content", ["", "{not json", '["a list"]', '{"format": 1}'])
def test_a_damaged_profile_file_says_the_applications_are_untouched(
    profile_dir: Path, content: str
) -> None:
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        profile.applications.save(application(), "o")
    (profile_dir / PROFILE_FILE).write_text(content)
    with pytest.raises(ProfileFileDamaged) as caught:
        Profile.open(profile_dir)
    assert "не зачеплено" in caught.value.message("uk")
    with pytest.raises(ProfileExists):  # nor is a new profile made over it
        Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY)


def test_a_creation_cut_short_leaves_neither_a_database_nor_a_key(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(a full disk while writing profile.json) the next init starts clean."""
    import frontdesk.profile as profiles
    from frontdesk.errors import DiskFull

    stores: list[profiles.SecretStore] = []
    real_key = profiles.SecretStore.create_database_key

    def remembered(self: profiles.SecretStore) -> str:
        stores.append(self)
        return real_key(self)

    def full(*_args: object) -> None:
        raise DiskFull("No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(profiles.SecretStore, "create_database_key", remembered)
        patched.setattr(profiles, "write_profile_file", full)
        with pytest.raises(DiskFull):
            Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY)
    assert not (profile_dir / DATABASE_FILE).exists()
    [store] = stores
    assert store.get("database-key") is None
    with Profile.create(profile_dir, workstation="ZT01", community=COMMUNITY) as profile:
        assert profile.applications.count() == 0
