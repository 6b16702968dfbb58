"""Backup, restore and the daily copies: what the IT person relies on to lose nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontdesk import backup as backups
from frontdesk import daily_backup
from frontdesk.document import parse
from frontdesk.errors import CannotWrite, InvalidInput, ProfileExists
from frontdesk.model import Attachment
from frontdesk.profile import DATABASE_FILE, Profile
from tests.conftest import (
    CLI_COMMUNITY,
    PASSPHRASE,
    ROOT,
    cli_profile_with_examples,
    example_documents,
    run_cli,
)
from tests.factories import application


def fill(profile: Profile) -> list[bytes]:
    """The example applications, two of them with scans; returns the scans."""
    scans = [os.urandom(300_000), "скан паспорта Коваленко".encode() * 100]
    for i, data in enumerate(example_documents()):
        app = parse(data)
        if i < len(scans):
            digest = profile.applications.put_blob(scans[i])
            app.attachments = [Attachment(digest, f"scan{i}.jpg", "image/jpeg", len(scans[i]))]
        profile.applications.import_document(app, "oksana")
    return scans


def personal_strings(profile: Profile) -> list[str]:
    found = []
    for app in profile.applications.export():
        person = app.applicant
        found += [person.surname, person.given_name, person.rnokpp, person.unzr, app.payment.iban]
        if person.document:
            found.append(person.document.number)
    return [s for s in found if s and len(s) > 3]


def test_backup_restore_brings_back_every_application_and_attachment(
    profile: Profile, tmp_path: Path
) -> None:
    scans = fill(profile)
    target = tmp_path / "copies" / "monday.fdbackup"
    info = backups.backup(profile, target, PASSPHRASE)
    assert info.applications == len(example_documents())
    content = target.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert all(s.encode() not in content for s in personal_strings(profile))

    with backups.restore(target, tmp_path / "new-laptop", PASSPHRASE) as restored:
        assert [a.to_dict() for a in restored.applications.export()] == [
            a.to_dict() for a in profile.applications.export()
        ]
        for scan in scans:
            digest = profile.applications.put_blob(scan)
            assert restored.applications.get_blob(digest) == scan
        assert restored.outbox.status().pending == profile.outbox.status().pending
        assert restored.profile_id != profile.profile_id
        assert restored.workstation == profile.workstation
    # The original is untouched and still opens with its own key.
    with Profile.open(profile.root) as again:
        assert again.applications.count() == len(example_documents())


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(
    profile: Profile, tmp_path: Path
) -> None:
    fill(profile)
    target = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    before = target.read_bytes()
    new_root = tmp_path / "new"
    with pytest.raises(backups.WrongPassphrase) as caught:
        backups.restore(target, new_root, "не та фраза зовсім")
    assert "нічого не змінено" in caught.value.message("uk")
    assert not Profile.exists(new_root)
    assert not new_root.exists()
    assert target.read_bytes() == before


def test_a_backup_a_newer_version_wrote_is_refused_and_nothing_is_made(
    profile: Profile, tmp_path: Path
) -> None:
    """(a backup of an updated laptop restored on a spare one with the old bundle) it was
    restored, and the restored profile then did not open, or opened a schema unknown here."""
    from frontdesk.store.migrations import MIGRATIONS

    fill(profile)
    profile.set_setting("schema_by", "0.9.0")
    profile.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    target = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    new_root = tmp_path / "new"
    with pytest.raises(backups.BackupFromNewerVersion) as caught:
        backups.restore(target, new_root, PASSPHRASE)
    said = caught.value.message("uk")
    assert "Цю резервну копію записала новіша версія FrontDesk (0.9.0" in said
    assert "нічого не змінено" in said
    assert not new_root.exists()
    assert not list(tmp_path.glob(".restore-*"))


def test_restore_never_overwrites_a_profile(profile: Profile, tmp_path: Path) -> None:
    target = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    with pytest.raises(ProfileExists):
        backups.restore(target, profile.root, PASSPHRASE)


def test_short_passphrase_is_refused(profile: Profile, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        backups.backup(profile, tmp_path / "b.fdbackup", "short")
    assert not (tmp_path / "b.fdbackup").exists()


@pytest.mark.parametrize(
    "easy", ["1111111111", "1234567890", "qwertyuiop", "0987654321", "йцукенгшщз", "1212121212"]
)
def test_a_passphrase_easy_to_guess_is_refused_and_nothing_is_written(
    profile: Profile, tmp_path: Path, easy: str
) -> None:
    """(a backup on a USB stick, lost, is open to guessing at leisure: "1111111111" was
    taken because only its length was checked)"""
    with pytest.raises(InvalidInput) as refused:
        backups.backup(profile, tmp_path / "b.fdbackup", easy)
    assert "надто простий" in refused.value.message("uk")
    assert not list(tmp_path.glob("*.fdbackup"))
    with pytest.raises(InvalidInput):
        daily_backup.configure_auto_backup(profile, tmp_path / "daily", 2, easy)
    assert profile.setting(daily_backup.AUTO_FOLDER_KEY) is None


def test_backup_while_the_app_writes_is_consistent(profile: Profile, tmp_path: Path) -> None:
    """A second connection keeps saving during the backup; the copy is a clean snapshot."""
    writer = Profile.open(profile.root)
    stop = threading.Event()
    saved: list[str] = []

    def keep_saving() -> None:
        while not stop.is_set() and len(saved) < 400:
            saved.append(writer.applications.save(application(), "o").application.id)

    thread = threading.Thread(target=keep_saving)
    thread.start()
    try:
        copies = []
        for i in range(3):
            copies.append(backups.backup(profile, tmp_path / f"b{i}.fdbackup", PASSPHRASE))
    finally:
        stop.set()
        thread.join(timeout=60)
        writer.close()
    assert len(saved) > 0
    for i, info in enumerate(copies):
        with backups.restore(info.path, tmp_path / f"r{i}", PASSPHRASE) as restored:
            assert restored.db.scalar("PRAGMA integrity_check") == "ok"
            count = restored.applications.count()
            assert count == info.applications
            # Every application in the copy came with its outbox and audit entries.
            assert restored.db.scalar("SELECT count(*) FROM outbox") == count
            assert restored.db.scalar("SELECT count(DISTINCT application_id) FROM audit") == count


def test_cli_backup_restore_and_diagnose(tmp_path: Path) -> None:
    data_dir = cli_profile_with_examples(tmp_path)
    file = str(tmp_path / "cli.fdbackup")
    made = run_cli("--data-dir", data_dir, "backup", file, input_text=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    wrong = run_cli(
        "--data-dir", str(tmp_path / "q"), "restore", file, input_text="неправильна фраза\n"
    )
    assert wrong.returncode == 1 and "не підходить" in wrong.stderr
    easy = run_cli("--data-dir", data_dir, "backup", file + "2", input_text="1111111111\n" * 2)
    assert easy.returncode != 0 and "надто простий" in easy.stderr
    assert not Path(file + "2").exists()
    back = run_cli("--data-dir", str(tmp_path / "q"), "restore", file, input_text=PASSPHRASE + "\n")
    assert back.returncode == 0, back.stderr
    listed = run_cli("--data-dir", str(tmp_path / "q"), "list", "--json")
    assert len(json.loads(listed.stdout)) == len(example_documents())
    report = tmp_path / "diag.json"
    diag = run_cli("--data-dir", data_dir, "diagnose", "--output", str(report))
    assert diag.returncode == 0
    text = report.read_text(encoding="utf-8")
    with Profile.open(Path(data_dir)) as profile:
        assert [s for s in personal_strings(profile) if s in text] == []


def test_a_piped_backup_passphrase_is_read_as_the_passwords_are(
    profile: Profile, tmp_path: Path
) -> None:
    """Piped in, the passphrase was taken with its spaces and byte-order mark ("echo phrase
    | frontdesk backup …" in cmd sends "phrase "): the copy opened with no passphrase its
    owner knew. It is read as the passwords are (UTF-8, without them); a copy made the old
    way still opens with the line that made it; an empty one is said to be missing, not
    the backup damaged (SQLCipher's own complaint no more on the screen)."""
    fill(profile)
    data_dir = str(profile.root)
    file = str(tmp_path / "piped.fdbackup")
    made = run_cli("--data-dir", data_dir, "backup", file, input_text=f"\ufeff{PASSPHRASE} \n")
    assert made.returncode == 0, made.stderr
    back = run_cli("--data-dir", str(tmp_path / "a"), "restore", file, input_text=PASSPHRASE)
    assert back.returncode == 0, back.stderr
    old = tmp_path / "old.fdbackup"  # (made by an earlier version: the space kept)
    backups.backup(profile, old, PASSPHRASE + " ")
    again = run_cli(
        "--data-dir", str(tmp_path / "b"), "restore", str(old), input_text=f"{PASSPHRASE} \n"
    )
    assert again.returncode == 0, again.stderr
    for empty in ("\n", ""):
        none = run_cli("--data-dir", str(tmp_path / "c"), "restore", file, input_text=empty)
        assert none.returncode == 1 and "Пароль не надійшов" in none.stderr, none.stderr
        assert "пошкоджено" not in none.stderr and "sqlcipher" not in none.stderr.lower()
    with pytest.raises(backups.WrongPassphrase):
        backups.restore(Path(file), tmp_path / "d", "")
    assert not (tmp_path / "c").exists() and not (tmp_path / "d").exists()
    command = f'exec "{sys.executable}" -m frontdesk --data-dir "{tmp_path / "e"}" restore "{file}"'
    closed = subprocess.run(  # (started by a scheduler with no standard input at all)
        ["sh", "-c", command + " <&-"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip
    assert closed.returncode == 1 and "стандартний ввід закрито" in closed.stderr, closed.stderr


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 4000])
def test_a_file_that_is_no_backup_is_said_to_be_none_and_changes_nothing(
    tmp_path: Path, content: bytes
) -> None:
    """A copy to a stick that failed (empty), or another file altogether."""
    source = tmp_path / "frontdesk-20261122.fdbackup"
    source.write_bytes(content)
    new_root = tmp_path / "new"
    with pytest.raises((backups.NotABackup, backups.WrongPassphrase)) as caught:
        backups.restore(source, new_root, PASSPHRASE)
    assert "нічого не змінено" in caught.value.message("uk")
    assert not new_root.exists() and source.read_bytes() == content
    assert not list(tmp_path.glob(".restore-*"))


def _die_at(
    call: str, *args: str, nth: int = 1, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``frontdesk ARGS`` in a child that dies (no clean-up, as under SIGKILL or a power
    cut) at the ``nth`` call of ``call`` (a dotted name: module.function)."""
    module, function = call.rsplit(".", 1)
    script = (
        "import os, sys, importlib\n"
        f"module = importlib.import_module({module!r})\n"
        f"real, calls = getattr(module, {function!r}), []\n"
        "def dying(*a, **k):\n"
        "    calls.append(1)\n"
        f"    if len(calls) == {nth}:\n"
        "        os._exit(9)\n"
        "    return real(*a, **k)\n"
        f"setattr(module, {function!r}, dying)\n"
        "from frontdesk.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        input=input_text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )


def test_an_init_cut_short_is_made_again_where_it_was(tmp_path: Path) -> None:
    """The laptop went off while `frontdesk init` wrote the new profile: running it again
    works (the half-made database, which nothing could ever open, is moved aside)."""
    root = tmp_path / "new"
    init = ["--data-dir", str(root), "init", "--workstation", "ZT01", "--community", CLI_COMMUNITY]
    died = _die_at("frontdesk.profile.write_profile_file", *init)
    assert died.returncode == 9
    written = [root / DATABASE_FILE, root / f"{DATABASE_FILE}-wal"]
    assert sum(p.stat().st_size for p in written if p.exists()) > 16 * 1024  # a whole schema
    assert not Profile.orphaned(root)
    again = run_cli(*init)
    assert again.returncode == 0, again.stderr
    assert list(root.glob(f"{DATABASE_FILE}.stub-*"))
    assert run_cli("--data-dir", str(root), "status").returncode == 0


@pytest.mark.parametrize(
    ("call", "nth"),
    [
        ("frontdesk.backup._fsync", 1),  # the copy re-keyed, nothing in place yet
        ("os.replace", 2),  # the profile file written as pending, the database not moved
        ("os.replace", 3),  # the database in place, its profile file not yet named
    ],
)
def test_a_restore_cut_short_leaves_the_folder_as_it_was_or_restored(
    profile: Profile, tmp_path: Path, call: str, nth: int
) -> None:
    """The replacement laptop went off during `frontdesk restore`: the folder is not left
    refused for good (it used to say a database without its profile file is there)."""
    fill(profile)
    copy = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    root = tmp_path / "replacement"
    restore = ["--data-dir", str(root), "restore", str(copy)]
    died = _die_at(call, *restore, nth=nth, input_text=PASSPHRASE + "\n")
    assert died.returncode == 9, died.stderr
    status = run_cli("--data-dir", str(root), "status")
    if (root / DATABASE_FILE).exists():  # restored: it opens, with every application
        assert status.returncode == 0, status.stderr
        with Profile.open(root) as restored:
            assert restored.applications.count() == len(example_documents())
    else:  # as it was: restoring again works
        again = run_cli(*restore, input_text=PASSPHRASE + "\n")
        assert again.returncode == 0, again.stderr
    assert not list(tmp_path.glob(".restore-*"))


def keyring_entries() -> list[str]:
    """The names of the secrets in the test keyring (a plain file)."""
    import configparser

    import keyring

    store = configparser.RawConfigParser()
    store.read(keyring.get_keyring().file_path)  # type: ignore[attr-defined]
    return [name for section in store.sections() for name in store.options(section)]


def _flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes(b ^ 0xFF for b in data[at : at + 4]) + data[at + 4 :]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda data: _flipped(data, 20_000), id="4-bytes-changed-past-the-first-pages"
        ),
        pytest.param(
            lambda data: _flipped(data, len(data) - 3000), id="4-bytes-changed-near-the-end"
        ),
        pytest.param(lambda data: data[: 100 * 1024], id="cut-to-100-KB"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
        pytest.param(lambda data: data[: 4096 * 3], id="cut-at-a-page-boundary"),
    ],
)
def test_a_damaged_backup_is_said_to_be_damaged_and_leaves_nothing_behind(
    profile: Profile, tmp_path: Path, damage: Any
) -> None:
    """A failing stick, a copy stopped midway: it used to end in SQLCipher's «PRAGMA key or
    rekey» error (a traceback on the command line, «an internal error» in the app) or «the
    database file is damaged — call your administrator», and left a key in the keyring."""
    fill(profile)
    whole = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    damaged = tmp_path / "damaged.fdbackup"
    damaged.write_bytes(damage(whole.read_bytes()))
    keys_before = keyring_entries()
    new_root = tmp_path / "new"
    with pytest.raises(backups.NotABackup) as caught:
        backups.restore(damaged, new_root, PASSPHRASE)
    said = caught.value.message("uk")
    assert "це не резервна копія FrontDesk" in said and "пошкоджений" in said
    assert "адміністратора" not in said
    assert not new_root.exists() and not list(tmp_path.glob(".restore-*"))
    assert keyring_entries() == keys_before  # no key of a profile never made


def test_the_command_line_says_a_damaged_backup_is_damaged(tmp_path: Path) -> None:
    data_dir = cli_profile_with_examples(tmp_path)
    file = tmp_path / "cli.fdbackup"
    made = run_cli("--data-dir", data_dir, "backup", str(file), input_text=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    file.write_bytes(_flipped(file.read_bytes(), 20_000))
    back = run_cli("--data-dir", str(tmp_path / "q"), "restore", str(file), input_text=PASSPHRASE)
    assert back.returncode == 1
    assert "Traceback" not in back.stderr and "PRAGMA" not in back.stderr
    assert f"{file}: це не резервна копія FrontDesk" in back.stderr
    assert not (tmp_path / "q").exists()


def test_the_command_line_says_what_to_do_when_a_restore_cannot_start(tmp_path: Path) -> None:
    """(«Неправильні дані: nonexist.fdbackup»; «Профіль уже існує: p1» without a way out)"""
    data_dir = cli_profile_with_examples(tmp_path)
    missing = run_cli(
        "--data-dir", str(tmp_path / "q"), "restore", "nonexist.fdbackup", input_text=PASSPHRASE
    )
    assert missing.returncode == 1
    assert "Файл резервної копії не знайдено: nonexist.fdbackup" in missing.stderr
    assert "Неправильні дані" not in missing.stderr and not (tmp_path / "q").exists()

    file = str(tmp_path / "cli.fdbackup")
    assert run_cli("--data-dir", data_dir, "backup", file, input_text=PASSPHRASE).returncode == 0
    taken = run_cli("--data-dir", data_dir, "restore", file, input_text=PASSPHRASE + "\n")
    assert taken.returncode == 1
    assert f"У теці {data_dir} уже є профіль" in taken.stderr
    assert "--data-dir" in taken.stderr and "порожню" in taken.stderr


@pytest.mark.parametrize("inside", ["frontdesk.db", "profile.json", "copies/today.fdbackup", "."])
def test_a_backup_into_the_profile_folder_is_refused_and_changes_nothing(
    tmp_path: Path, inside: str
) -> None:
    """`frontdesk backup P/frontdesk.db` wrote the copy over the live database: the profile
    was gone."""
    data_dir = Path(cli_profile_with_examples(tmp_path))
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    made = run_cli(
        "--data-dir", str(data_dir), "backup", str(data_dir / inside), input_text=PASSPHRASE
    )
    assert made.returncode == 1
    assert "Резервну копію не можна записувати в теку профілю" in made.stderr
    assert "нічого не змінено" in made.stderr and "Traceback" not in made.stderr
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before
    assert not (data_dir / "copies").exists()
    with Profile.open(data_dir) as profile:
        assert profile.applications.count() == len(example_documents())


@contextlib.contextmanager
def _files_cannot_grow_past(size: int) -> Iterator[None]:
    """Every file written stops at ``size`` bytes with a write error (EFBIG: SQLite's "disk
    I/O error", as for a stick pulled out or failing); the profile itself is not written."""
    import resource  # (POSIX only)

    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
        signal.signal(signal.SIGXFSZ, old_handler)


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE (POSIX)")
def test_a_stick_that_fails_while_written_is_named_not_the_sound_profile(
    profile: Profile, tmp_path: Path
) -> None:
    """(«Немає доступу до файлу бази даних: …/frontdesk.db»: the profile was blamed for the
    stick's write error, and an IT person would have restored over a sound profile)"""
    for number in range(3):
        scan = os.urandom(1024 * 1024)
        app = application(surname="Коваленко", serial=number + 1)
        app.attachments = [
            Attachment(profile.applications.put_blob(scan), "s.jpg", "image/jpeg", len(scan))
        ]
        profile.applications.save(app, "oksana")
    profile.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # (its notes fit in the limit)
    stick = tmp_path / "stick"
    with _files_cannot_grow_past(1024 * 1024), pytest.raises(CannotWrite) as caught:
        backups.backup(profile, stick / "monday.fdbackup", PASSPHRASE)
    said = caught.value.message("uk")
    assert said == f"Не вдалося записати в {stick} — помилка читання чи запису диска" + (
        " (чи не від'єднано його?)"
    )
    assert DATABASE_FILE not in said and list(stick.iterdir()) == []
    daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
    monday = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    with _files_cannot_grow_past(1024 * 1024), pytest.raises(CannotWrite):
        daily_backup.auto_backup(profile, monday)
    failure = daily_backup.last_failure(profile)
    assert failure is not None
    assert (
        failure.message("en")
        == f"Could not write to {stick} — the disk failed to read or write (was it unplugged?)"
    )
    assert profile.applications.count() == 3  # (and the profile is as sound as it was)
    assert backups.backup(profile, stick / "tuesday.fdbackup", PASSPHRASE).applications == 3


def test_the_installer_removes_the_previous_versions_bundle_files_before_an_update() -> None:
    """Inno Setup writes the new files over the old and leaves the rest: a Qt plugin or a
    library the new version no longer ships stayed in _internal and was loaded by it."""
    recipe = (ROOT / "packaging" / "frontdesk.iss").read_text(encoding="utf-8")
    sections = re.split(r"^\[(\w+)\]\s*$", recipe, flags=re.MULTILINE)
    named = dict(zip(sections[1::2], sections[2::2], strict=True))
    entries = [line for line in named.get("InstallDelete", "").splitlines() if line.strip()]
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in entries
    assert named["Files"].strip().startswith('Source: "..\\dist\\frontdesk\\*"')
