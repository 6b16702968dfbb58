"""A laptop screen at 150 % for a child process: 1366×768 less a taskbar (1366×708), which
leaves about 910×470 logical pixels (Qt's offscreen platform, sized by a config file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_at_150_percent(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (Python) on that screen; a profile it creates keeps its key in a file
    keyring under ``tmp_path``."""
    screens = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 708}
    screens.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={screens}",
        QT_SCALE_FACTOR="1.5",
        PYTHONPATH=str(ROOT),
        FRONTDESK_ALLOW_INSECURE_KEYRING="1",
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
