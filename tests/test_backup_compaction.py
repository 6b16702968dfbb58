"""A backup leaves out the space of what was removed, whatever the profile's size."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk import backup as backups
from frontdesk.errors import CannotWrite
from frontdesk.model import Attachment, Status
from frontdesk.profile import Profile
from tests.conftest import PASSPHRASE, ROOT
from tests.factories import application

MB = 1024 * 1024


def _drafts_with_scans(profile: Profile, count: int, size: int, seed: int) -> list[str]:
    """``count`` drafts with a scan of ``size`` bytes each; returns their ids."""
    store = profile.applications
    ids = []
    for i in range(count):
        scan = store.put_blob(os.urandom(size))
        draft = application(surname="Бондар", serial=seed + i)
        draft.status = Status.DRAFT
        draft.attachments = [Attachment(scan, f"{i}.jpg", "image/jpeg", size)]
        ids.append(store.save(draft, "o").application.id)
    return ids


def test_a_backup_leaves_out_the_space_of_scans_removed(profile: Profile, tmp_path: Path) -> None:
    """(40 drafts with a scan each, all discarded: the copy still took 43 MB)"""
    for draft in _drafts_with_scans(profile, 20, MB, 0):  # a day's drafts thrown away
        profile.applications.discard_draft(draft, "o")
    info = backups.backup(profile, tmp_path / "copy.fdbackup", PASSPHRASE)
    assert info.size < 2 * MB
    with backups.restore(tmp_path / "copy.fdbackup", tmp_path / "restored", PASSPHRASE) as back:
        assert back.db.scalar("PRAGMA integrity_check") == "ok" and back.applications.count() == 0


# The command run in a child process, which then writes its own peak resident memory
# (VmHWM: this process's alone; ru_maxrss would count the test process it was forked from).
_MEASURED = """
import sys
from pathlib import Path
from frontdesk.cli import main

out, args = Path(sys.argv[1]), sys.argv[2:]
try:
    code = main(args)
finally:
    status = Path("/proc/self/status").read_text().splitlines()
    out.write_text(next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""


def _backup_peak_rss(root: Path, target: Path) -> int:
    """``frontdesk backup`` of ``root`` in a child process, as the IT person runs it;
    returns the child's peak resident memory in bytes."""
    peak = target.with_suffix(".peak")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURED,
            str(peak),
            "--data-dir",
            str(root),
            "backup",
            str(target),
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(peak.read_text()) * 1024  # (kB)


def test_a_profile_over_256_mb_compacts_without_holding_it_in_memory(
    profile: Profile, tmp_path: Path
) -> None:
    """A ЦНАП's profile with years of scans (over 256 MB) was never compacted: VACUUM
    builds the copy again in memory, so a copy that large was left as it was, the space of
    every scan removed copied onto the backup stick day after day. A copy is now compacted
    on disk, in memory that does not grow with the profile: here 264 MB of scans kept and
    96 MB removed."""
    _drafts_with_scans(profile, 66, 4 * MB, 0)
    for draft in _drafts_with_scans(profile, 24, 4 * MB, 100):
        profile.applications.discard_draft(draft, "o")
    peak = _backup_peak_rss(profile.root, tmp_path / "copy.fdbackup")

    size = (tmp_path / "copy.fdbackup").stat().st_size
    assert 264 * MB < size < 270 * MB  # the scans kept, not the space of those removed
    assert peak < 200 * MB  # (a copy built in memory: over 264 MB)
    with backups.restore(tmp_path / "copy.fdbackup", tmp_path / "back", PASSPHRASE) as back:
        assert back.db.scalar("PRAGMA integrity_check") == "ok"
        assert back.applications.count() == 66


@pytest.fixture
def small_stick(tmp_path: Path) -> Iterator[Path]:
    """A 10 MB disk (a tmpfs: needs root, as CI runs), unmounted after."""
    stick = tmp_path / "stick"
    stick.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(stick)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {mounted.stderr.decode().strip()}")
    try:
        yield stick
    finally:
        subprocess.run(["umount", "-l", str(stick)], check=False)


def test_a_stick_with_no_room_to_key_the_copy_is_said_to_be_full(
    profile: Profile, small_stick: Path
) -> None:
    """The copy fits on the stick, but keying it with the passphrase rewrites it through a
    journal as large: SQLCipher says only «An error occurred with PRAGMA key or rekey», and
    the IT person was told the stick failed («чи не від'єднано його?»)."""
    _drafts_with_scans(profile, 6, MB, 0)
    with pytest.raises(CannotWrite) as caught:
        backups.backup(profile, small_stick / "monday.fdbackup", PASSPHRASE)
    assert caught.value.message("en") == (
        f"Could not write to {small_stick} — the disk is full — free some space"
    )
    assert sorted(p.name for p in small_stick.iterdir()) == []  # (nor a journal left)
