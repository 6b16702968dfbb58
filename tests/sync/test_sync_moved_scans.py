"""A case moved to a new laptop by export and import reaches the registry with its scans;
one whose scans stayed behind is set aside naming them, and goes once they are imported."""

from __future__ import annotations

from pathlib import Path

from frontdesk.messages import refusal_text
from frontdesk.model import Attachment
from frontdesk.profile import Profile
from tests.conftest import run_cli
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import Workstation, assert_only_the_bad_one_is_held, enrolled
from tests.test_cli_scans import PASSPORT, laptop_with_scans


def moved(tmp_path: Path, registry: RunningRegistry, *, scans: bool) -> tuple[Workstation, str]:
    """The new laptop (ZT01, enrolled) after importing the offline laptop's export of one
    ready application with a passport scan, ``scans`` carried or not; and its number."""
    new = enrolled(tmp_path, registry, name="new", code="ZT01")
    new.close()  # (the import is the IT person's command, in a process of its own)
    old = tmp_path / "old"
    [number] = laptop_with_scans(old, [[("паспорт.jpg", PASSPORT)]], new.community)
    dump, folder = tmp_path / "moved.jsonl", tmp_path / "scans"
    carry = ["--scans", str(folder)] if scans else []
    exported = run_cli("--data-dir", str(old), "export", "--output", str(dump), *carry)
    assert exported.returncode == 0, exported.stderr
    imported = run_cli("--data-dir", str(tmp_path / "new"), "import", str(dump), *carry)
    assert imported.returncode == 0, imported.stderr
    return Workstation(Profile.open(tmp_path / "new"), registry, new.community), number


def test_a_case_moved_with_its_scans_is_delivered_with_them(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    station, number = moved(tmp_path, registry, scans=True)
    try:
        report = station.engine().sync_once()
        assert (report.push.delivered, report.push.quarantined) == (1, 0)
    finally:
        station.close()
    copies = tmp_path / "copies"
    shown = registry.cli(
        "attachments", number, "--output", str(copies), "--blobs", str(registry.blobs_dir)
    )
    assert shown.returncode == 0, shown.stderr
    [copy] = copies.iterdir()
    assert copy.name.endswith("паспорт.jpg") and copy.read_bytes() == PASSPORT


def test_a_case_moved_without_its_scans_is_set_aside_naming_them_until_they_are_imported(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    station, number = moved(tmp_path, registry, scans=False)
    try:
        report = station.engine().sync_once()
        assert (report.push.delivered, report.push.quarantined) == (0, 1)
        [held] = station.profile.outbox.quarantined()
        assert held.reason["files"] == ["паспорт.jpg"]
        assert refusal_text(held.reason) == [
            "Скан «паспорт.jpg» зник з цього комп'ютера — додайте його знову і збережіть заяву"
        ]
        assert "“паспорт.jpg”" in refusal_text(held.reason, "en")[0]
    finally:
        station.close()

    # The old laptop writes its scans now; the same file imported again with them.
    old, dump, folder = tmp_path / "old", tmp_path / "moved.jsonl", tmp_path / "scans"
    run_cli("--data-dir", str(old), "export", "--output", str(dump), "--scans", str(folder))
    again = run_cli(
        "--data-dir", str(tmp_path / "new"), "import", str(dump), "--scans", str(folder)
    )
    assert again.returncode == 0, again.stderr
    assert f"рядок 1 ({number}): скани тепер на місці — заяву знову в черзі" in again.stdout
    station = Workstation(Profile.open(tmp_path / "new"), registry, station.community)
    try:
        report = station.engine().sync_once()
        assert (report.push.delivered, report.push.quarantined) == (1, 0)
        assert station.profile.outbox.quarantined() == []
    finally:
        station.close()


def test_a_quarantine_for_scans_lost_here_names_their_files(workstation: Workstation) -> None:
    lost = application()
    lost.attachments = [
        Attachment("ab" * 32, "lost.jpg", "image/jpeg", 10),
        Attachment("cd" * 32, "", "application/pdf", 10),
    ]
    broken = workstation.profile.applications.save(lost, "o").application
    assert_only_the_bad_one_is_held(workstation, broken, "attachment.missing")
    [held] = workstation.profile.outbox.quarantined()
    assert held.reason["files"] == ["lost.jpg", "cd" * 32]
    [line] = refusal_text(held.reason, "en")
    assert line.startswith(f"The scans “lost.jpg”, “{'cd' * 32}” are gone from this computer")
