"""An export (or a receipt) cut off half-way leaves no hidden copy of residents' data.

Each was written to a hidden partial beside its target; a command ended by the system
(shut down: SIGTERM) or by its terminal closed (SIGHUP) died without removing it, and
nothing removed one left by a power cut: the worker deleted the export as told, and the
hidden file stayed, in clear, for good.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontdesk import partials
from frontdesk.model import Attachment
from frontdesk.profile import Profile, write_whole
from tests.conftest import CLI_COMMUNITY, ROOT, run_cli
from tests.factories import application

SCAN_SIZE = 1_000_000


def _laptop(root: Path, count: int) -> None:
    """A profile with ``count`` applications, each with a scan of its own (1 MB)."""
    with Profile.create(root, workstation="ZT01", community=CLI_COMMUNITY) as profile:
        store = profile.applications
        for index in range(count):
            scan = b"%PDF-1.4\n" + os.urandom(SCAN_SIZE) + b"\n%%EOF\n"
            app = application(surname="Зозулякевич", serial=index)
            app.attachments = [
                Attachment(store.put_blob(scan), "паспорт.pdf", "application/pdf", len(scan))
            ]
            store.save(app, "o")


def _hidden(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob(".*") if path.is_file())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_an_export_ended_by_the_system_leaves_no_hidden_partial(
    tmp_path: Path, sig: signal.Signals
) -> None:
    root, out = tmp_path / "profile", tmp_path / "Documents"
    _laptop(root, 40)
    out.mkdir()
    command = ["export", "--output", str(out / "export.jsonl"), "--scans", str(out / "scans")]
    export = subprocess.Popen(
        [sys.executable, "-m", "frontdesk", "--data-dir", str(root), *command],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((out / "scans").glob("*")):
            time.sleep(0.01)  # (under way: its scans are being written)
        export.send_signal(sig)
        code = export.wait(60)
    finally:
        export.kill()
    assert code == 128 + sig  # stopped half-way, by the signal
    assert _hidden(out) == []  # no partial of the export or of a scan
    assert not (out / "export.jsonl").exists()


def test_partials_of_an_export_cut_off_before_are_removed_by_the_next(tmp_path: Path) -> None:
    """A power cut (or kill -9): nothing ran to remove them. The next export to that place
    does; a partial some writer still holds (another export under way) is left."""
    root, out = tmp_path / "profile", tmp_path / "Documents"
    _laptop(root, 2)
    (out / "scans").mkdir(parents=True)
    abandoned = [out / ".export.jsonl.k3j9x1.part", out / "scans" / f".{'ab' * 32}.q8w2.part"]
    for path in abandoned:
        path.write_text('{"applicant": {"surname": "Зозулякевич"}}', encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))
    theirs = out / "scans" / ".photo.jpg.part"  # (another program's, in the same folder)
    theirs.write_bytes(b"not ours")
    os.utime(theirs, (time.time() - 60, time.time() - 60))
    held = out / ".export.jsonl.m4n5b6.part"
    held.write_text("another export under way", encoding="utf-8")
    os.utime(held, (time.time() - 60, time.time() - 60))
    writer = os.open(held, os.O_RDWR)
    try:
        partials.hold(writer)
        done = run_cli(
            "--data-dir", str(root), "export",
            "--output", str(out / "export.jsonl"), "--scans", str(out / "scans"),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert not any(path.exists() for path in abandoned)
        assert held.exists()
        assert theirs.exists()
    finally:
        os.close(writer)
    assert (out / "export.jsonl").read_text(encoding="utf-8").count("\n") == 2


def test_a_receipt_written_whole_removes_one_cut_off_before(tmp_path: Path) -> None:
    cut_off = tmp_path / ".frontdesk-x7y8z9.tmp"
    cut_off.write_bytes(b"%PDF-1.4 a resident's receipt")
    os.utime(cut_off, (time.time() - 60, time.time() - 60))
    just_made = tmp_path / ".frontdesk-a1b2c3.tmp"  # (between its creation and its lock)
    just_made.write_bytes(b"%PDF-1.4 another program's")
    write_whole(tmp_path / "receipt.pdf", b"%PDF-1.4 the receipt")
    assert not cut_off.exists()
    assert just_made.exists()
    assert (tmp_path / "receipt.pdf").read_bytes() == b"%PDF-1.4 the receipt"


def test_a_partial_of_an_export_to_another_name_is_removed_too(tmp_path: Path) -> None:
    """(yesterday's export, `--output export-2026-11-24.jsonl`, killed half-way: today's,
    to export-2026-11-25.jsonl, left its hidden partial, residents' data in clear, beside
    the new file, though the worker deleted the export after use as told)"""
    root, out = tmp_path / "profile", tmp_path / "Documents"
    _laptop(root, 1)
    out.mkdir()
    yesterdays = out / ".frontdesk-export-export-2026-11-24.jsonl.nzchnxdx.part"
    yesterdays.write_text('{"applicant": {"surname": "Зозулякевич"}}', encoding="utf-8")
    os.utime(yesterdays, (time.time() - 60, time.time() - 60))
    done = run_cli(
        "--data-dir", str(root), "export", "--output", str(out / "export-2026-11-25.jsonl")
    )
    assert done.returncode == 0, done.stderr
    assert _hidden(out) == []
    assert [p.name for p in out.iterdir()] == ["export-2026-11-25.jsonl"]
