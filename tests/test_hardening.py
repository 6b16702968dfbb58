"""The workstation process at start: no crash dump of its memory (the database key and the
decrypted applications)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

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
    "'status': open('/proc/self/status').read().startswith('Name:')}))"
)
# The GUI's start (ui.app.main, as `python -m ui` and the frozen app reach it), stopped
# before any window.
GUI = """
import ctypes, json, resource, sys
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
    assert (state["core"], state["dumpable"]) == ([1, 1], 0)


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
