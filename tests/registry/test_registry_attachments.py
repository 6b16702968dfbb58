"""The back office's copies of a case's scans (``frontdesk-registry attachments``, ``show``):
the pages in the order the worker attached them, and no copy that only looks whole."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry import cli as registry_cli
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document
from tests.registry_process import RunningRegistry


def _accepted(client: RegistryClient, pages: list[bytes], names: list[str]) -> str:
    """An application with ``pages`` attached in this order, named ``names``; its number."""
    document = make_document(client.device.community, attachments=pages)
    for described, name in zip(document["attachments"], names, strict=True):
        described["filename"] = name
    for page in pages:
        client.upload(page)
    [result] = client.send(document)
    assert result["outcome"] == "accepted", result
    number: str = document["number"]
    return number


def test_the_back_office_gets_the_pages_in_the_order_they_were_attached(
    client: RegistryClient, registry: RunningRegistry, tmp_path: Path
) -> None:
    """Four pages of a passport attached as стор-1..4 were saved as «…-1-паспорт-стор-4.pdf»,
    «…-2-…стор-2», … and listed so by `show` and the API: the order the database read
    them in (here: by hash, the reverse of the worker's), not the order she attached them."""
    pages = sorted(
        (b"%PDF-1.4 page " + os.urandom(2000) for _ in range(4)),
        key=lambda page: hashlib.sha256(page).hexdigest(),
        reverse=True,
    )
    names = [f"паспорт-стор-{i}.pdf" for i in range(1, 5)]
    number = _accepted(client, pages, names)
    output = tmp_path / "scans"

    saved = registry.cli(
        "attachments", number, "--output", str(output), "--blobs", str(registry.blobs_dir)
    )
    shown = json.loads(registry.cli("show", number, "--json").stdout)
    printed = registry.cli("show", number).stdout
    over_http = client.shown(number)

    expected = [output / f"{number}-{i}-{name}" for i, name in enumerate(names, start=1)]
    assert saved.stdout.splitlines() == [str(path) for path in expected]
    assert [path.read_bytes() for path in expected] == pages
    assert [a["filename"] for a in shown["attachments"]] == names
    assert [a["filename"] for a in over_http["attachments"]] == names
    listed = [line.split()[-1] for line in printed.splitlines() if line.startswith("  attachment ")]
    assert listed == names


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE (POSIX)")
def test_a_disk_that_fills_up_while_saving_scans_leaves_no_copy_that_looks_whole(
    client: RegistryClient, registry: RunningRegistry, tmp_path: Path
) -> None:
    """The disk filled up on the second page: it stayed under its own name, cut short,
    the message named no file («помилка: : No space left on device»), and the same
    command run again once there was room refused it («File exists»). Here the files
    the command writes cannot grow past 64 kB (a disk with that much room left)."""
    import resource  # (POSIX only)

    pages = [os.urandom(20_000), os.urandom(200_000), os.urandom(20_000)]
    names = ["заява.pdf", "довідка-про-доходи.pdf", "паспорт.jpg"]
    number = _accepted(client, pages, names)
    output = tmp_path / "scans"
    command = [
        sys.executable, "-m", "registry.cli", "--database", registry.database_url,
        "attachments", number, "--output", str(output), "--blobs", str(registry.blobs_dir),
    ]  # fmt: skip

    def disk_nearly_full() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    full = subprocess.run(
        command,
        cwd=registry.workdir,
        env=registry.env({"FRONTDESK_LANG": "uk"}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        preexec_fn=disk_nearly_full,
    )

    cut = output / f"{number}-2-довідка-про-доходи.pdf"
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    [said] = full.stderr.splitlines()
    assert said.startswith(f"помилка: Не вдалося зберегти {cut} — "), said
    assert f"Жодної копії вкладень заяви {number} у {output} не залишено" in said
    assert list(output.iterdir()) == []  # no page cut short, none of the pages before it
    again = registry.cli(
        "attachments", number, "--output", str(output), "--blobs", str(registry.blobs_dir)
    )
    expected = [output / f"{number}-{i}-{name}" for i, name in enumerate(names, start=1)]
    assert again.stdout.splitlines() == [str(path) for path in expected]
    assert [path.read_bytes() for path in expected] == pages
    assert sorted(output.iterdir()) == sorted(expected)  # no temporary file left either


def test_a_disk_error_that_names_no_file_is_said_without_an_empty_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """(«помилка: : No space left on device»: the operating system names no file for a
    full disk.)"""

    def disk_full(_args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(registry_cli, "cmd_community_list", disk_full)
    monkeypatch.setenv("FRONTDESK_LANG", "uk")

    umask = os.umask(0o077)  # (main sets it for the process: given back after)
    try:
        status = registry_cli.main(["community", "list"])
    finally:
        os.umask(umask)

    assert status == 1
    said = capsys.readouterr().err
    assert said.splitlines() == [f"помилка: {os.strerror(errno.ENOSPC)}"]


def test_a_scan_named_long_in_cyrillic_is_saved_under_a_name_the_disk_takes(
    client: RegistryClient, registry: RunningRegistry, tmp_path: Path
) -> None:
    """A Cyrillic letter is two bytes, a dash «–» or «№» three: a 120-letter name with the
    number and the place before it passed the 255 bytes a file system takes a name («File
    name too long»: no page saved)."""
    name = ("Довідка–про–доходи–№" * 8)[:116] + ".pdf"
    page = b"%PDF-1.4 " + os.urandom(500)
    number = _accepted(client, [page], [name])
    output = tmp_path / "scans"

    saved = registry.cli(
        "attachments", number, "--output", str(output), "--blobs", str(registry.blobs_dir)
    )

    [path] = [Path(line) for line in saved.stdout.splitlines()]
    assert path.read_bytes() == page
    assert len(path.name.encode()) <= 255 and path.suffix == ".pdf"
    assert path.name.startswith(f"{number}-1-Довідка–про–доходи–№Довідка")
