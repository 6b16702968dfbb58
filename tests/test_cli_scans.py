"""Scans carried to another laptop by ``export --scans`` / ``import --scans``, and what
the commands say when they are not (run as separate processes, as an IT person would)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from frontdesk.model import Attachment
from frontdesk.profile import Profile
from tests.conftest import CLI_COMMUNITY, run_cli, run_init
from tests.factories import application

PASSPORT = b"\xff\xd8\xff\xe0 a passport page " + bytes(range(256)) * 4
INCOME = b"%PDF-1.4 an income declaration"


def laptop_with_scans(
    root: Path, scans: list[list[tuple[str, bytes]]], community: str = CLI_COMMUNITY
) -> list[str]:
    """A profile at ``root`` (ZT01 of ``community``, no operator) with a ready application
    for each list of (file name, bytes) in ``scans``; returns their numbers."""
    numbers = []
    with Profile.create(root, workstation="ZT01", community=community) as profile:
        store = profile.applications
        for index, files in enumerate(scans):
            app = application(surname=["Коваленко", "Бондар", "Мельник"][index])
            app.attachments = [
                Attachment(store.put_blob(data), name, "image/jpeg", len(data))
                for name, data in files
            ]
            numbers.append(store.save(app, "oksana.k").application.number)
    return numbers


@pytest.fixture
def old_laptop(tmp_path: Path) -> tuple[str, str]:
    """The offline laptop, with one ready application holding a passport scan; its number."""
    root = tmp_path / "old"
    [number] = laptop_with_scans(root, [[("паспорт.jpg", PASSPORT)]])
    return str(root), number


@pytest.fixture
def new_laptop(tmp_path: Path) -> str:
    root = tmp_path / "new"
    assert run_init(root).returncode == 0
    return str(root)


def test_scans_exported_with_scans_dir_arrive_on_the_new_laptop(
    old_laptop: tuple[str, str], new_laptop: str, tmp_path: Path
) -> None:
    old, number = old_laptop
    dump, folder = tmp_path / "moved.jsonl", tmp_path / "scans"
    exported = run_cli("--data-dir", old, "export", "--output", str(dump), "--scans", str(folder))
    assert exported.returncode == 0, exported.stderr
    assert f"Експортовано сканів: 1 → {folder}" in exported.stdout
    assert f"скани в теці {folder} НЕ зашифровано" in exported.stderr
    assert "НЕ перенесено" not in exported.stderr
    sha256 = hashlib.sha256(PASSPORT).hexdigest()
    assert [p.name for p in folder.iterdir()] == [sha256]
    assert (folder / sha256).read_bytes() == PASSPORT
    if os.name == "posix":  # (readable by the exporting account only)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / sha256).stat().st_mode) == 0o600

    imported = run_cli("--data-dir", new_laptop, "import", str(dump), "--scans", str(folder))
    assert imported.returncode == 0, imported.stderr
    assert "Імпортовано: 1, уже були: 0, відхилено: 0" in imported.stdout
    assert "сканів" not in imported.stderr and "скан" not in imported.stdout
    with Profile.open(Path(new_laptop)) as profile:
        moved = profile.applications.get_by_number(number)
        assert [a.filename for a in moved.attachments] == ["паспорт.jpg"]
        assert profile.applications.get_blob(moved.attachments[0].sha256) == PASSPORT


def test_export_without_scans_says_how_many_scans_of_how_many_applications_stay(
    tmp_path: Path,
) -> None:
    root = tmp_path / "old"
    laptop_with_scans(
        root,
        [[("паспорт.jpg", PASSPORT), ("декларація.pdf", INCOME)], [("паспорт.jpg", INCOME)], []],
    )
    exported = run_cli("--data-dir", str(root), "export", "--output", str(tmp_path / "a.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert "Експортовано: 3 заяви" in exported.stdout
    assert "скани НЕ перенесено: 2 скани (2 заяви зі сканами)" in exported.stderr
    assert "--scans ТЕКА" in exported.stderr
    english = run_cli("--data-dir", str(root), "export", env={"FRONTDESK_LANG": "en"})
    assert "scans NOT carried: 2 scans (2 applications with scans)" in english.stderr
    assert "--scans DIR" in english.stderr
    assert len(english.stdout.splitlines()) == 3  # (standard output stays JSON Lines)


def test_import_without_the_scans_names_the_line_number_and_files_then_takes_them_later(
    old_laptop: tuple[str, str], new_laptop: str, tmp_path: Path
) -> None:
    old, number = old_laptop
    dump, folder = tmp_path / "moved.jsonl", tmp_path / "scans"
    assert run_cli("--data-dir", old, "export", "--output", str(dump)).returncode == 0
    imported = run_cli("--data-dir", new_laptop, "import", str(dump))
    assert imported.returncode == 0, imported.stderr  # (a warning, not a rejection)
    assert "Імпортовано: 1, уже були: 0, відхилено: 0" in imported.stdout
    assert (
        f"рядок 1 ({number}): на цьому комп'ютері немає сканів: паспорт.jpg — заяву не "
        "вдасться надіслати" in imported.stderr
    )
    assert "Без своїх сканів на цьому комп'ютері: 1 заява" in imported.stderr

    # The same file again with the scans the old laptop writes now: they are taken.
    run_cli("--data-dir", old, "export", "--output", str(dump), "--scans", str(folder))
    again = run_cli("--data-dir", new_laptop, "import", str(dump), "--scans", str(folder))
    assert again.returncode == 0, again.stderr
    assert "уже були: 1" in again.stdout and "немає сканів" not in again.stderr
    with Profile.open(Path(new_laptop)) as profile:
        moved = profile.applications.get_by_number(number)
        assert profile.applications.get_blob(moved.attachments[0].sha256) == PASSPORT


def test_a_scan_file_whose_bytes_do_not_match_its_name_is_not_stored_and_is_named(
    old_laptop: tuple[str, str], new_laptop: str, tmp_path: Path
) -> None:
    old, number = old_laptop
    dump, folder = tmp_path / "moved.jsonl", tmp_path / "scans"
    run_cli("--data-dir", old, "export", "--output", str(dump), "--scans", str(folder))
    [scan] = folder.iterdir()
    scan.write_bytes(PASSPORT[:-1] + b"!")  # damaged on the stick, or changed
    imported = run_cli("--data-dir", new_laptop, "import", str(dump), "--scans", str(folder))
    assert imported.returncode == 0, imported.stderr
    assert f"рядок 1: скан «паспорт.jpg»: вміст файлу {scan} не відповідає" in imported.stderr
    assert f"рядок 1 ({number}): на цьому комп'ютері немає сканів: паспорт.jpg" in imported.stderr
    with Profile.open(Path(new_laptop)) as profile:
        assert not profile.applications.has_blob(scan.name)
        assert not profile.applications.has_blob(hashlib.sha256(scan.read_bytes()).hexdigest())


def test_scans_folder_mistakes_are_said_before_anything_is_done(
    old_laptop: tuple[str, str], new_laptop: str, tmp_path: Path
) -> None:
    old, _ = old_laptop
    dump = tmp_path / "moved.jsonl"
    nowhere = tmp_path / "no" / "scans"
    exported = run_cli("--data-dir", old, "export", "--output", str(dump), "--scans", str(nowhere))
    assert exported.returncode != 0 and f"теки {nowhere.parent} немає" in exported.stderr
    assert not dump.exists()
    run_cli("--data-dir", old, "export", "--output", str(dump))
    imported = run_cli("--data-dir", new_laptop, "import", str(dump), "--scans", str(nowhere))
    assert imported.returncode != 0 and f"{nowhere}: теки немає" in imported.stderr
    with Profile.open(Path(new_laptop)) as profile:
        assert profile.applications.count() == 0


def test_export_to_standard_output_with_scans_keeps_standard_output_json_lines(
    old_laptop: tuple[str, str], tmp_path: Path
) -> None:
    old, number = old_laptop
    folder = tmp_path / "scans"
    exported = run_cli("--data-dir", old, "export", "--scans", str(folder))
    assert exported.returncode == 0, exported.stderr
    [line] = exported.stdout.splitlines()
    assert json.loads(line)["number"] == number
    assert f"Експортовано сканів: 1 → {folder}" in exported.stderr
    assert (folder / hashlib.sha256(PASSPORT).hexdigest()).read_bytes() == PASSPORT
