"""A restore cut short (the laptop went off while it worked) is told as such."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PASSPHRASE, cli_profile_with_examples, run_cli


def _cut_short_restore(tmp_path: Path) -> tuple[str, Path]:
    """A backup, and a restore of it into a new folder stopped while it re-keyed its copy
    beside that folder (as kill -9 left it); returns the backup and the folder."""
    data_dir = cli_profile_with_examples(tmp_path)
    backup = str(tmp_path / "monday.fdbackup")
    assert run_cli("--data-dir", data_dir, "backup", backup, input_text=PASSPHRASE).returncode == 0
    target = tmp_path / "restored"
    staging = tmp_path / ".restore-restored.db"
    shutil.copyfile(backup, staging)
    staging.with_name(staging.name + "-journal").write_bytes(b"\0" * 4096)
    return backup, target


def test_a_restore_cut_short_is_told_to_be_run_again_and_then_leaves_nothing(
    tmp_path: Path,
) -> None:
    """(«Профіль робочого місця не створено … Виконайте «frontdesk init»»: after an init the
    same restore was refused, and the copy of every application stayed beside the folder)"""
    backup, target = _cut_short_restore(tmp_path)
    status = run_cli("--data-dir", str(target), "status")
    assert status.returncode != 0
    assert (
        f"Відновлення профілю з резервної копії в {target} було перервано, і профілю там "
        "немає. Запустіть відновлення ще раз (frontdesk restore ФАЙЛ)"
    ) in status.stderr
    again = run_cli("--data-dir", str(target), "restore", backup, input_text=PASSPHRASE)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.glob(".restore-*")) == []
    listed = run_cli("--data-dir", str(target), "status")
    assert listed.returncode == 0, listed.stderr


def test_a_new_profile_made_instead_removes_the_copy_a_restore_cut_short_left(
    tmp_path: Path,
) -> None:
    _backup, target = _cut_short_restore(tmp_path)
    init = ("init", "--workstation", "ZT02", "--community", "UA18040530000045696")
    made = run_cli("--data-dir", str(target), *init)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in tmp_path.glob(".restore-*")) == []
