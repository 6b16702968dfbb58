"""Smoke test of the frozen bundle (``make bundle``): it starts with no Python around,
creates a profile in a temp folder, saves and searches through its command line.

Skipped in the quick local run; ``.ci/run`` builds the bundle and sets
FRONTDESK_TEST_FROZEN=1. It uses a real Secret Service keyring (gnome-keyring
in a private D-Bus session), as a Linux desktop would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

BUNDLE = ROOT / "dist" / "frontdesk" / ("frontdesk.exe" if os.name == "nt" else "frontdesk")
pytestmark = pytest.mark.frozen


def frozen_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("FRONTDESK_ALLOW_INSECURE_KEYRING", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        FRONTDESK_LOG_DIR=str(tmp_path / "logs"),
    )
    return env


def in_keyring_session(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "home").mkdir(exist_ok=True)
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            message = f"{tool} not installed (apt-get install gnome-keyring dbus-x11)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
    wrapped = (
        "echo -n smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n"
        + script
    )
    return subprocess.run(
        ["dbus-run-session", "--", "bash", "-ec", wrapped],
        capture_output=True,
        text=True,
        timeout=300,
        env=frozen_env(tmp_path),
        check=False,
    )


def test_frozen_bundle_starts_saves_and_searches(tmp_path: Path) -> None:
    assert BUNDLE.exists(), "run `make bundle` first"
    data = tmp_path / "profile"
    app = f'"{BUNDLE}" --data-dir "{data}"'
    script = f"""
{app} --version
{app} init --workstation ZT01 --community UA18040530000045696
{app} import "{EXAMPLES}"
{app} list --search "мар'яна" --json > "{tmp_path}/found.json"
{app} status --json > "{tmp_path}/status.json"
{app} diagnose --output "{tmp_path}/diagnostics.json" >/dev/null
"""
    result = in_keyring_session(script, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FrontDesk" in result.stdout
    found = json.loads((tmp_path / "found.json").read_text(encoding="utf-8"))
    assert found and all("Марʼяна" in row["applicant_name"] for row in found)
    status = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert status["pending"] == 22
    assert not (data / "frontdesk.db").read_bytes().startswith(b"SQLite format 3")
    # (the bundle's diagnostics said null for Qt's and the HTTP client's versions)
    versions = json.loads((tmp_path / "diagnostics.json").read_text(encoding="utf-8"))["versions"]
    assert all(versions[name] for name in ("frontdesk", "PySide6", "requests", "keyring")), versions


def test_frozen_bundle_ships_no_plaintext_keyring() -> None:
    assert BUNDLE.exists(), "run `make bundle` first"
    internal = BUNDLE.parent / "_internal"
    assert not list(internal.rglob("keyrings")), "keyrings.alt must never ship"
    assert (internal / "resources" / "catalog" / "services.json").exists()
    assert list(internal.rglob("frontdesk_shell_uk.qm"))


def test_frozen_gui_starts_and_waits_for_sign_in(tmp_path: Path) -> None:
    """The window comes up (Qt plugins, fonts, translations all found) and stays up."""
    assert BUNDLE.exists(), "run `make bundle` first"
    data = tmp_path / "profile"
    app = f'"{BUNDLE}" --data-dir "{data}"'
    script = f"""
{app} init --workstation ZT01 --community UA18040530000045696 >/dev/null
set +e
timeout 8 {app} gui
echo "gui exit $?"
"""
    result = in_keyring_session(script, tmp_path)
    assert "gui exit 124" in result.stdout, result.stdout + result.stderr  # still running
    assert "Could not load the Qt platform plugin" not in result.stderr
    assert "Traceback" not in result.stderr
