"""The daily copies: made each day whatever the clock does, kept newest first, and a
failure said until the next one is made."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontdesk import backup as backups
from frontdesk import daily_backup
from frontdesk.errors import CannotWrite
from frontdesk.profile import Profile
from frontdesk.text import local_time
from tests.conftest import (
    PASSPHRASE,
    cli_profile_with_examples,
    run_cli,
)


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


def test_daily_backup_keeps_the_newest(profile: Profile, tmp_path: Path) -> None:
    folder = tmp_path / "daily"
    daily_backup.configure_auto_backup(profile, folder, 2, PASSPHRASE)
    day = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    for n in range(4):
        assert daily_backup.auto_backup(profile, day + dt.timedelta(days=n)) is not None
        assert daily_backup.auto_backup(profile, day + dt.timedelta(days=n, hours=2)) is None
    kept = sorted(p.name for p in folder.iterdir())
    mine = profile.profile_id[:8]
    # (named by the worker's clock: Kyiv's, 10:00 at 08:00 UTC in November)
    assert kept == [f"frontdesk-2026110{d}-100000-{mine}.fdbackup" for d in (3, 4)]
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


def test_a_daily_backup_onto_a_stick_not_plugged_in_fails_and_makes_no_folder(
    profile: Profile, tmp_path: Path
) -> None:
    """(the folder on the stick was made again on the laptop's disk, under the stick's
    mount point, and «Щоденну резервну копію записано: …/media/USB…» was said: a copy
    that looked off the laptop and was not)"""
    mount = tmp_path / "media" / "USB-KINGSTON"
    stick = mount / "FrontDesk-копії"
    daily_backup.configure_auto_backup(profile, stick, 7, PASSPHRASE)
    shutil.rmtree(mount)  # the stick is pulled out; the mount point goes with it
    monday = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)

    with pytest.raises(backups.DailyFolderMissing):
        daily_backup.auto_backup(profile, monday)

    assert not mount.exists()
    failure = daily_backup.last_failure(profile)
    assert failure is not None
    assert f"теки для щоденних копій немає: {stick}" in failure.message("uk")
    told = run_cli("--data-dir", str(profile.root), "backup", "--auto")
    assert told.returncode == 1 and "якщо вона на флешці, вставте її" in told.stderr
    mount.mkdir(parents=True)  # plugged in again (its folder is on it)
    stick.mkdir()
    assert daily_backup.auto_backup(profile, monday) is not None
    assert len(list(stick.iterdir())) == 1
