"""Diagnostics, logs and portable mode: what the IT person reads, and what never holds
personal data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk.diagnostics import collect
from frontdesk.profile import DATABASE_FILE, Profile
from tests.conftest import CLI_COMMUNITY, ROOT, run_cli
from tests.test_operations import cli_profile_with_examples, fill, personal_strings

PASSPHRASE = "довга фраза для копії"


def test_diagnostics_hold_no_personal_data(profile: Profile) -> None:
    fill(profile)
    report = collect(profile)
    text = json.dumps(report, ensure_ascii=False)
    leaked = [s for s in personal_strings(profile) if s in text]
    assert leaked == []
    assert report["database"]["integrity"] == ["ok"]
    assert report["database"]["applications_by_status"]["ready"] == 22
    assert report["keyring_backend"].startswith("keyrings.alt")
    assert report["profile"]["workstation"] == "ZT01"


def test_a_password_in_the_registrys_address_is_not_in_diagnostics_nor_the_status(
    profile: Profile,
) -> None:
    """(enrolled as http://fduser:S3cretProxyPw@…, for a proxy in front of the registry:
    the password was in the diagnostics file, which says to send it as it is)"""
    from frontdesk.store.outbox import REGISTRY_KEY

    profile.outbox.set_setting(REGISTRY_KEY, "https://fduser:S3cretProxyPw@registry.example:8443")
    report = collect(profile)
    assert report["sync"]["registry"] == "https://registry.example:8443"
    assert "S3cretProxyPw" not in json.dumps(report) and "fduser" not in json.dumps(report)
    status = run_cli("--data-dir", str(profile.root), "status")
    assert "registry.example:8443" in status.stdout and "S3cretProxyPw" not in status.stdout


def test_logs_rotate_in_the_log_folder_without_personal_data(tmp_path: Path) -> None:
    data_dir = cli_profile_with_examples(tmp_path)
    run_cli("--data-dir", data_dir, "list", "--search", "Коваленко")
    log_file = Path(os.environ["FRONTDESK_LOG_DIR"]) / "frontdesk.log"
    text = log_file.read_text(encoding="utf-8")
    assert "frontdesk" in text
    with Profile.open(Path(data_dir)) as profile:
        assert [s for s in personal_strings(profile) if s in text] == []
    assert not (Path(data_dir) / DATABASE_FILE).read_bytes().startswith(b"SQLite")


def test_log_filter_masks_identifiers() -> None:
    import logging

    from frontdesk.logs import RedactIdentifiers

    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "saved %s with %s",
        ("3111912307", "UA213223130000026007233566001"),
        None,
    )
    RedactIdentifiers().filter(record)
    assert record.getMessage() == "saved *** with ***"


def test_portable_mode_keeps_data_and_logs_beside_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from frontdesk import paths

    monkeypatch.delenv("FRONTDESK_DATA_DIR")
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path / "usb")
    (tmp_path / "usb").mkdir()
    assert paths.portable_root() is None
    (tmp_path / "usb" / "portable").write_text("", encoding="utf-8")
    assert paths.data_dir() == tmp_path / "usb" / "data"
    assert paths.log_dir() == tmp_path / "usb" / "logs"
    assert paths.data_dir("/elsewhere") == Path("/elsewhere")


def test_portable_flag_on_the_command_line(tmp_path: Path) -> None:
    from frontdesk import paths

    env = {"FRONTDESK_DATA_DIR": ""}
    result = run_cli(
        "--portable", "init", "--workstation", "ZT01", "--community", "UA18040530000045696", env=env
    )
    try:
        assert result.returncode == 0, result.stderr
        assert Profile.exists(paths.program_dir() / "data")
    finally:
        import shutil

        shutil.rmtree(paths.program_dir() / "data", ignore_errors=True)
        shutil.rmtree(paths.program_dir() / "logs", ignore_errors=True)


def test_a_logged_traceback_keeps_its_frames_but_not_what_the_error_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception's message may quote what was typed or a file named after a resident:
    the log keeps where it happened and what kind of error it was."""
    import logging

    from frontdesk import logs

    monkeypatch.setenv("FRONTDESK_LOG_DIR", str(tmp_path / "private-logs"))
    name, rnokpp = "Коваленко Марʼяна", "3111912307"
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        logs.configure()
        try:
            try:
                open(tmp_path / name / "скан.jpg", "rb")  # noqa: SIM115
            except OSError as missing:
                raise ValueError(f"{name}, РНОКПП {rnokpp}") from missing
        except ValueError:
            logging.getLogger("frontdesk.test").exception("the scan could not be read")
    finally:
        for handler in root.handlers[len(before) :]:
            handler.close()
        root.handlers[:] = before
    text = (tmp_path / "private-logs" / "frontdesk.log").read_text(encoding="utf-8")
    assert "the scan could not be read" in text
    assert "test_a_logged_traceback_keeps_its_frames" in text  # the frames
    assert "FileNotFoundError [Errno 2]" in text and "ValueError" in text
    assert name not in text and rnokpp not in text


def test_diagnose_names_the_file_it_wrote_in_full(tmp_path: Path) -> None:
    """(run from an administrator's prompt, whose folder is System32) it said only the
    file's bare name, and nobody knew where to look for it."""
    made = run_cli("--data-dir", str(tmp_path / "p"), "init", "--workstation", "ZT01",
                   "--community", CLI_COMMUNITY)  # fmt: skip
    assert made.returncode == 0, made.stderr
    here = tmp_path / "prompt"
    here.mkdir()
    for data_dir in (tmp_path / "p", tmp_path / "none"):  # opened, and not
        told = subprocess.run(
            [sys.executable, "-m", "frontdesk", "--data-dir", str(data_dir), "diagnose"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=here,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        [written] = list(here.glob("frontdesk-diagnostics-*.json"))
        assert f": {written}" in told.stdout, told.stdout + told.stderr
        written.unlink()
