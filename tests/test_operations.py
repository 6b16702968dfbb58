"""Backup, restore and the daily copies: what the IT person relies on to lose nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
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
from frontdesk.text import local_time
from tests.conftest import CLI_COMMUNITY, EXAMPLES, ROOT, example_documents, run_cli
from tests.factories import application

PASSPHRASE = "довга фраза для копії"


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


def test_a_daily_backup_set_up_before_the_stricter_rule_still_makes_its_copies(
    profile: Profile, tmp_path: Path
) -> None:
    """(the rule checks a passphrase when it is chosen: one taken before goes on working)"""
    folder = tmp_path / "daily"
    folder.mkdir()
    profile.secrets.set(backups.PASSPHRASE_SECRET, "1111111111")  # accepted back then
    profile.set_setting(daily_backup.AUTO_FOLDER_KEY, str(folder))
    profile.set_setting(daily_backup.AUTO_KEEP_KEY, "2")
    assert daily_backup.auto_backup(profile) is not None
    assert len(list(folder.glob("*.fdbackup"))) == 1


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


def test_daily_backup_keeps_the_newest(profile: Profile, tmp_path: Path) -> None:
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 2, PASSPHRASE)
    day = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    for n in range(4):
        assert daily_backup.auto_backup(profile, day + dt.timedelta(days=n)) is not None
        assert daily_backup.auto_backup(profile, day + dt.timedelta(days=n, hours=2)) is None
    kept = sorted(p.name for p in folder.iterdir())
    mine = profile.profile_id[:8]
    assert kept == [f"frontdesk-2026110{d}-080000-{mine}.fdbackup" for d in (3, 4)]
    daily_backup.disable_auto_backup(profile)
    assert daily_backup.auto_backup(profile, day + dt.timedelta(days=9)) is None
    assert len(list(folder.iterdir())) == 2


def test_a_clock_set_back_never_costs_the_copy_just_made(profile: Profile, tmp_path: Path) -> None:
    """Copies are named by the clock's date: set back a year, today's copy sorted first and
    was deleted at once, every day, while the app said it was written."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 3, PASSPHRASE)
    for day in (20, 21, 22):
        daily_backup.auto_backup(profile, dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
    made = daily_backup.auto_backup(profile, dt.datetime(2025, 11, 23, 9, tzinfo=dt.UTC))
    assert made is not None and made.path.exists()
    assert len(list(folder.iterdir())) == 3  # the newest two others kept beside it


def test_a_clock_set_back_to_the_same_hour_at_every_start_still_gets_a_copy_each_day(
    profile: Profile, tmp_path: Path
) -> None:
    """A dead CMOS battery: the laptop starts at 01.01.2009 00:00 every morning and works
    offline all day. By the wall clock alone the first day's copy stayed "minutes old" and
    no copy was made again, every day, with no word; the app's own running time since the
    copy shows the clock was set back. With a clock that is right, still one a day."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 7, PASSPHRASE)
    boot = dt.datetime(2009, 1, 1, 0, 0, tzinfo=dt.UTC)
    first = dt.timedelta(seconds=10)  # (the app's first look, just after it starts)

    def working_day(start: dt.datetime) -> int:  # (the computer started: its uptime from 0)
        up = first.total_seconds()
        made = daily_backup.auto_backup(profile, start + first, first, up) is not None
        for hour in range(1, 9):  # then hourly while the app runs
            looked = start + first + dt.timedelta(hours=hour)
            ran, up = dt.timedelta(hours=1), up + 3600
            made += daily_backup.auto_backup(profile, looked, ran, up) is not None
        return int(made)

    assert [working_day(boot) for _ in range(5)] == [1, 1, 1, 1, 1]
    assert len(list(folder.iterdir())) == 5  # (named by the same second: none replaced)
    right = dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC)
    assert [working_day(right + dt.timedelta(days=n)) for n in range(3)] == [1, 1, 1]


def test_copies_made_while_the_clock_ran_ahead_go_first_once_it_is_right(
    profile: Profile, tmp_path: Path
) -> None:
    """Two days with the clock a year ahead, then right again: the copies named in 2027
    sorted last, so every day the newest real copy was deleted and the stale ones kept (a
    technician restoring the newest-named file got days-old data)."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 3, PASSPHRASE)
    days = [dt.datetime(2026, 11, d, 9, tzinfo=dt.UTC) for d in range(1, 8)]
    days[2], days[3] = days[2].replace(year=2027), days[3].replace(year=2027)
    made = [daily_backup.auto_backup(profile, day) for day in days]
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted(m.path.name for m in made[-3:] if m is not None)


def test_a_profile_restored_beside_the_original_keeps_only_its_own_daily_copies(
    profile: Profile, tmp_path: Path
) -> None:
    """Both back up daily into one folder (the restore carries the setting and, on the
    same laptop, the passphrase): neither may delete the other's copies."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 2, PASSPHRASE)
    source = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path
    day = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    with backups.restore(source, tmp_path / "restored", PASSPHRASE) as restored:
        for n in range(3):
            daily_backup.auto_backup(profile, day + dt.timedelta(days=n))
            daily_backup.auto_backup(restored, day + dt.timedelta(days=n, hours=1))
        names = sorted(p.name for p in folder.iterdir())
        for owner in (profile, restored):
            own = [n for n in names if n.endswith(f"-{owner.profile_id[:8]}.fdbackup")]
            assert len(own) == 2, names  # each keeps its newest two


def cli_profile_with_examples(tmp_path: Path) -> str:
    """A profile made and filled through the command line; returns its folder."""
    data_dir = str(tmp_path / "p")
    init = ("init", "--workstation", "ZT01", "--community", "UA18040530000045696")
    assert run_cli("--data-dir", data_dir, *init).returncode == 0
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    return data_dir


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


def test_a_daily_backup_whose_passphrase_this_keyring_lacks_fails_aloud(
    profile: Profile, tmp_path: Path
) -> None:
    """Restored on a new laptop, a profile keeps the daily backup's folder and not its
    passphrase (the old laptop's keyring had it): 'No backup due' was said day after day
    while no copy was made. It is a failure, kept and told; a restore says so at once."""
    stick = tmp_path / "stick"
    daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
    profile.secrets.delete(backups.PASSPHRASE_SECRET)
    monday = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    with pytest.raises(backups.DailyPassphraseMissing):
        daily_backup.auto_backup(profile, monday)
    failure = daily_backup.last_failure(profile)
    assert failure is not None and "пароль щоденної копії не збережено" in failure.message("uk")
    told = run_cli("--data-dir", str(profile.root), "backup", "--auto")
    assert told.returncode == 1
    assert "Щоденну копію не зроблено: пароль щоденної копії не збережено" in told.stderr
    assert not stick.exists() or list(stick.iterdir()) == []
    file = tmp_path / "copy.fdbackup"
    backups.backup(profile, file, PASSPHRASE)
    restored = run_cli(
        "--data-dir", str(tmp_path / "new"), "restore", str(file), input_text=PASSPHRASE
    )
    assert restored.returncode == 0, restored.stderr
    assert "пароль щоденної копії не збережено" in restored.stderr


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


def test_copies_cut_short_do_not_fill_the_backup_stick(profile: Profile, tmp_path: Path) -> None:
    """Each backup cut short (the laptop went off) left a full-size hidden file: the next
    backup removes those over an hour old, and leaves a younger one (another program's
    backup may be writing it)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    old = stick / ".backup-k2j4.fdbackup"
    old_journal = stick / ".backup-k2j4.fdbackup-journal"
    young = stick / ".backup-x9z1.fdbackup"
    for partial in (old, old_journal, young):
        partial.write_bytes(b"\0" * 4096)
    two_hours_ago = time.time() - 7200
    for partial in (old, old_journal):
        os.utime(partial, (two_hours_ago, two_hours_ago))
    backups.backup(profile, stick / "monday.fdbackup", PASSPHRASE)
    assert sorted(p.name for p in stick.iterdir()) == [young.name, "monday.fdbackup"]


def test_a_backup_leaves_out_the_space_of_scans_removed(profile: Profile, tmp_path: Path) -> None:
    """(40 drafts with a scan each, all discarded: the copy still took 43 MB)"""
    from frontdesk.model import Status

    store = profile.applications
    drafts = []
    for i in range(20):
        scan = store.put_blob(bytes([i]) * 1024 * 1024)
        draft = application(surname="Бондар", serial=i)
        draft.status = Status.DRAFT
        draft.attachments = [Attachment(scan, f"{i}.jpg", "image/jpeg", 1024 * 1024)]
        drafts.append(store.save(draft, "o").application)
    for draft in drafts:  # a day's drafts thrown away
        store.discard_draft(draft.id, "o")
    info = backups.backup(profile, tmp_path / "copy.fdbackup", PASSPHRASE)
    assert info.size < 2 * 1024 * 1024
    with backups.restore(tmp_path / "copy.fdbackup", tmp_path / "restored", PASSPHRASE) as back:
        assert back.db.scalar("PRAGMA integrity_check") == "ok" and back.applications.count() == 0


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


def test_the_daily_backup_folder_cannot_be_the_profile_folder(
    profile: Profile, tmp_path: Path
) -> None:
    with pytest.raises(backups.BackupInsideProfile):
        daily_backup.configure_auto_backup(profile, profile.root / "daily", 7, PASSPHRASE)
    assert profile.setting(daily_backup.AUTO_FOLDER_KEY) is None


def test_scheduling_onto_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    """(«…— File exists» in English, and only once the first daily backup failed)"""
    data_dir = cli_profile_with_examples(tmp_path)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    schedule = ("--data-dir", data_dir, "backup", "--schedule")
    taken = run_cli(*schedule, str(a_file), input_text=PASSPHRASE + "\n" + PASSPHRASE + "\n")
    assert taken.returncode == 1
    assert f"Не вдалося записати в {a_file} — на цьому місці вже є файл" in taken.stderr
    assert "File exists" not in taken.stderr and a_file.read_text(encoding="utf-8") == "mine"
    with Profile.open(Path(data_dir)) as profile:
        assert profile.setting(daily_backup.AUTO_FOLDER_KEY) is None


@pytest.mark.skipif(
    shutil.which("capsh") is None or os.geteuid() != 0,
    reason="needs root and capsh (Debian libcap2-bin) to test permissions",
)
def test_scheduling_onto_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    data_dir = cli_profile_with_examples(tmp_path)
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o555)
    command = " ".join(
        [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "backup", "--schedule"]
    )
    taken = subprocess.run(
        [
            "capsh",
            "--drop=cap_dac_override,cap_dac_read_search,cap_fowner",
            "--",
            "-c",
            f"{command} {read_only}",
        ],
        input=PASSPHRASE + "\n" + PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert taken.returncode == 1, taken.stdout
    assert f"Не вдалося записати в {read_only} — немає дозволу" in taken.stderr
    with Profile.open(Path(data_dir)) as profile:
        assert profile.setting(daily_backup.AUTO_FOLDER_KEY) is None


def test_a_failed_daily_backup_is_kept_with_its_reason_until_one_is_made(
    profile: Profile, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
    stick.rmdir()
    stick.write_text("a file where the folder should be", encoding="utf-8")
    monday = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    with pytest.raises(CannotWrite):
        daily_backup.auto_backup(profile, monday)
    failure = daily_backup.last_failure(profile)
    assert failure is not None and failure.at == monday.isoformat()
    assert (
        failure.message("uk")
        == f"Не вдалося записати в {stick} — на цьому місці вже є файл з такою назвою"
    )
    assert failure.message("en").startswith(f"Could not write to {stick}")
    told = run_cli("--data-dir", str(profile.root), "status").stdout  # (the IT person's view)
    assert f"Щоденну резервну копію не зроблено ({local_time(monday.isoformat())})" in told
    assert "на цьому місці вже є файл з такою назвою" in told
    stick.unlink()
    assert daily_backup.auto_backup(profile, monday + dt.timedelta(hours=1)) is not None
    assert daily_backup.last_failure(profile) is None


def _backups_logged(profile: Profile) -> list[tuple[str, str]]:
    rows = profile.db.query(
        "SELECT operator, action FROM audit WHERE application_id IS NULL "
        "AND action LIKE 'backup%' ORDER BY seq"
    )
    return [(r["operator"], r["action"]) for r in rows]


def test_a_daily_copy_made_is_the_days_though_its_record_waits_on_a_busy_database(
    profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(another program holding the database just after the copy was made: "the daily
    backup failed" was said and kept of a copy made, and the old copies were not removed)"""
    stick = tmp_path / "stick"
    daily_backup.configure_auto_backup(profile, stick, 2, PASSPHRASE)
    monday = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    for day in range(2):
        assert daily_backup.auto_backup(profile, monday + dt.timedelta(days=day)) is not None
    other = Profile.open(profile.root)  # (a long `frontdesk import`, say)
    real = daily_backup._made_order

    def then_busy(of: Profile) -> list[str]:  # (read once the copy is made)
        other.db.conn.execute("BEGIN IMMEDIATE")
        return real(of)

    monkeypatch.setattr(daily_backup, "_made_order", then_busy)
    try:
        made = daily_backup.auto_backup(profile, monday + dt.timedelta(days=2))
    finally:
        other.db.conn.execute("COMMIT")
        other.close()
    assert made is not None and made.path.exists()
    assert sorted(stick.iterdir())[-1] == made.path and len(list(stick.iterdir())) == 2
    assert daily_backup.last_failure(profile) is None
    assert _backups_logged(profile) == [("daily", "backup")] * 3  # (before each copy)


def test_the_scheduled_daily_backup_with_none_set_up_fails_and_says_how_to_set_it_up(
    tmp_path: Path,
) -> None:
    """(«Резервна копія не потрібна», exit status 0, day after day: no copy was ever made,
    and the system's scheduler showed the task as succeeding)"""
    data_dir = cli_profile_with_examples(tmp_path)
    auto = run_cli("--data-dir", data_dir, "backup", "--auto")
    assert auto.returncode == 1
    assert "Щоденну резервну копію не налаштовано, тож її не зроблено" in auto.stderr
    assert "frontdesk backup --schedule ТЕКА" in auto.stderr
    assert "не потрібна" not in auto.stdout
    status = run_cli("--data-dir", data_dir, "status").stdout
    assert "Щоденна резервна копія: не налаштовано — frontdesk backup --schedule ТЕКА" in status
    data = json.loads(run_cli("--data-dir", data_dir, "status", "--json").stdout)
    assert data["daily_backup_folder"] is None
    stick = tmp_path / "stick"
    with Profile.open(Path(data_dir)) as profile:
        daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
    assert f"Щоденна резервна копія: {stick}" in run_cli("--data-dir", data_dir, "status").stdout
    made = run_cli("--data-dir", data_dir, "backup", "--auto")
    assert made.returncode == 0 and "Резервну копію записано" in made.stdout, made.stderr
    again = run_cli("--data-dir", data_dir, "backup", "--auto")  # (set up, not due: as before)
    assert again.returncode == 0 and "Резервна копія не потрібна" in again.stdout


def test_the_daily_backup_is_turned_off_at_the_command_line_signed_in(tmp_path: Path) -> None:
    """(nothing turned it off: a stick lost for good failed aloud every day)"""
    data_dir = cli_profile_with_examples(tmp_path)
    stick = tmp_path / "stick"
    with Profile.open(Path(data_dir)) as profile:
        daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
        profile.operators.add("oksana", "correct horse", "Оксана Коваль")
    off = ("--data-dir", data_dir, "backup", "--schedule-off")
    refused = run_cli(*off, input_text="wrong password\n")
    assert refused.returncode != 0
    turned = run_cli(*off, "--operator", "oksana", input_text="correct horse\n")
    assert turned.returncode == 0, turned.stderr
    assert f"Щоденну резервну копію вимкнено; зроблені копії лишаються в {stick}" in turned.stdout
    with Profile.open(Path(data_dir)) as profile:
        assert profile.setting(daily_backup.AUTO_FOLDER_KEY) is None
        assert profile.secrets.get(backups.PASSPHRASE_SECRET) is None
        assert daily_backup.auto_backup(profile) is None
    assert "--schedule-off" in run_cli("backup", "--help").stdout


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


def test_a_copy_the_systems_scheduler_made_while_the_app_ran_is_the_days_for_the_app_too(
    profile: Profile, tmp_path: Path
) -> None:
    """``frontdesk backup --auto`` made the day's copy between two of the app's hourly
    looks: the app counted its whole hour since its previous look as time run since that
    copy, took the clock for set back, and made a second copy minutes later, every such
    day (7 copies kept then held 3-4 days)."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 7, PASSPHRASE)
    start = dt.datetime(2026, 11, 2, 8, 0, 10, tzinfo=dt.UTC)
    assert daily_backup.auto_backup(profile, start, dt.timedelta(seconds=10), 10.0)
    hour = dt.timedelta(hours=1)
    for n in range(1, 9):
        assert daily_backup.auto_backup(profile, start + n * hour, hour, 10.0 + 3600 * n) is None
    # Asleep overnight; in the morning the scheduler's copy, then the app's next look.
    morning = start + dt.timedelta(days=1)
    scheduled = daily_backup.auto_backup(
        profile, morning - dt.timedelta(minutes=40), looked_at=50_000.0
    )
    assert scheduled is not None
    assert daily_backup.auto_backup(profile, morning, hour, 50_000.0 + 2400) is None
    assert len(list(folder.iterdir())) == 2


def test_an_hourly_look_at_a_busy_database_is_not_a_failed_daily_backup(
    profile: Profile, tmp_path: Path
) -> None:
    """The look keeps how long the app ran since the last copy: on a database another
    program holds, not keeping it is no failure to show every hour when no copy is due."""
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 7, PASSPHRASE)
    day = dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC)
    assert daily_backup.auto_backup(profile, day) is not None
    other = Profile.open(profile.root)
    other.db.execute("BEGIN IMMEDIATE")
    try:
        looked = day + dt.timedelta(hours=1)
        assert daily_backup.auto_backup(profile, looked, dt.timedelta(hours=1)) is None
    finally:
        other.db.execute("ROLLBACK")
        other.close()
    assert daily_backup.last_failure(profile) is None
