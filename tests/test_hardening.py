"""The workstation process at start: no crash dump of its memory (the database key and the
decrypted applications), and the files it writes readable by its user only."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk.logs import LOG_FILE
from frontdesk.profile import DATABASE_FILE, PROFILE_FILE, Profile
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")

# A command of the real command line (frontdesk.cli.main) whose work is replaced by
# ``WORK``; the process starts as `frontdesk` starts.
COMMAND = """
import ctypes, json, os, resource, signal, sys
import frontdesk.cli.apps as apps

def work(args):
    {work}
    return 0

apps.list_applications = work
from frontdesk.cli import main
sys.exit(main(["list"]))
"""
REPORT = (
    "print(json.dumps({'core': resource.getrlimit(resource.RLIMIT_CORE), "
    "'dumpable': ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), "
    "'umask': os.umask(0o077), "
    "'status': open('/proc/self/status').read().startswith('Name:')}))"
)
# The GUI's start (ui.app.main, as `python -m ui` and the frozen app reach it), stopped
# before any window.
GUI = """
import ctypes, json, os, resource, sys
import ui.app

def stop(*args, **kwargs):
    {report}
    raise SystemExit(0)

ui.app.create_application = stop
ui.app.main(None)
"""


def _run(script: str, cwd: Path, core_unlimited: bool = False) -> subprocess.CompletedProcess[str]:
    def unlimited() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)

    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": ""},
        preexec_fn=unlimited if core_unlimited else None,
        check=False,
    )


@pytest.mark.skipif(not LINUX, reason="Linux: core files and the dumpable flag")
def test_a_command_runs_with_no_core_file_allowed_and_not_dumpable(tmp_path: Path) -> None:
    """A core dump of the app held the database key in hex and residents' names, РНОКПП and
    IBAN: nothing turned crash dumps off."""
    done = _run(COMMAND.format(work=REPORT), tmp_path, core_unlimited=True)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.splitlines()[-1])
    assert state["core"] == [1, 1]  # no file (under a page); no pipe to a collector either
    assert state["dumpable"] == 0
    assert state["status"]  # what bench reads from /proc/self still reads


@pytest.mark.skipif(not LINUX, reason="Linux: the dumpable flag")
def test_the_gui_starts_with_no_core_file_allowed_and_not_dumpable(tmp_path: Path) -> None:
    done = _run(GUI.format(report=REPORT), tmp_path, core_unlimited=True)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.splitlines()[-1])
    assert (state["core"], state["dumpable"], state["umask"]) == ([1, 1], 0, 0o077)


def _core_files_are_plain_files() -> bool:
    try:
        pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    except OSError:
        return False
    return not pattern.startswith("|") and "/" not in pattern


@pytest.mark.skipif(
    not LINUX or not _core_files_are_plain_files(),
    reason="needs core_pattern to write a plain file in the crashed process's folder",
)
def test_a_crash_in_a_command_leaves_no_core_file(tmp_path: Path) -> None:
    """(started with `ulimit -c unlimited`, as some distributions and shells set it)"""
    folder = tmp_path / "where-it-ran"
    folder.mkdir()
    crash = "os.kill(os.getpid(), signal.SIGSEGV)"
    done = _run(COMMAND.format(work=crash), folder, core_unlimited=True)
    assert done.returncode == -signal.SIGSEGV
    assert [p.name for p in folder.iterdir()] == []


POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@POSIX
def test_a_profile_made_with_the_command_line_is_readable_by_its_user_only(
    data_dir: str, tmp_path: Path
) -> None:
    """The profile folder was 0755 and frontdesk.db, its -wal and -shm and frontdesk.log
    0644: any account on the laptop could copy them."""
    root = Path(data_dir)
    assert _mode(root) == 0o700
    assert _mode(root / DATABASE_FILE) == 0o600
    assert _mode(root / PROFILE_FILE) == 0o600
    assert _mode(tmp_path / "logs" / LOG_FILE) == 0o600  # (FRONTDESK_LOG_DIR in the tests)
    with Profile.open(root) as profile:  # (SQLite gives the WAL the database's mode)
        profile.set_setting("probe", "1")
        assert _mode(root / f"{DATABASE_FILE}-wal") == 0o600
        assert _mode(root / f"{DATABASE_FILE}-shm") == 0o600


@POSIX
def test_the_command_line_and_the_app_write_what_they_write_for_their_user_only(
    tmp_path: Path,
) -> None:
    """(receipts, backups, exports: the umask of the whole process)"""
    state = json.loads(_run(COMMAND.format(work=REPORT), tmp_path).stdout.splitlines()[-1])
    assert state["umask"] == 0o077


@POSIX
def test_a_profile_made_before_is_made_private_when_it_is_opened(
    data_dir: str, tmp_path: Path
) -> None:
    root = Path(data_dir)
    log = tmp_path / "logs" / LOG_FILE
    older_log = log.with_name(LOG_FILE + ".1")
    older_log.write_text("", encoding="utf-8")
    root.chmod(0o755)
    for path in (root / DATABASE_FILE, root / PROFILE_FILE, log, older_log):
        path.chmod(0o644)
    listed = run_cli("--data-dir", data_dir, "list")
    assert listed.returncode == 0, listed.stderr
    assert _mode(root) == 0o700
    for path in (root / DATABASE_FILE, root / PROFILE_FILE, log, older_log):
        assert _mode(path) == 0o600, path.name


@POSIX
def test_a_profile_folder_that_cannot_be_made_private_opens_all_the_same(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(a FAT USB stick has no modes: chmod is refused)"""
    Profile.create(profile_dir, workstation="ZT01", community="UA18040530000045696").close()
    profile_dir.chmod(0o755)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "chmod", refused)
    with Profile.open(profile_dir) as profile:
        assert profile.workstation == "ZT01"
