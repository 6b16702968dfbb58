"""The GUI draws Cyrillic on any machine: an installed font if one will do, else the
bundled DejaVu Sans."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CHOOSE = """
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from ui.fonts import install_fonts
app = QApplication([])
family = install_fonts(app)
cyrillic = QFontDatabase.families(QFontDatabase.WritingSystem.Cyrillic)
print(family, "|", app.font().family(), "|", family in cyrillic)
"""


def _choose(env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHOOSE],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return [part.strip() for part in done.stdout.strip().splitlines()[-1].split("|")]


def test_a_machine_without_fonts_gets_the_bundled_one(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"  # fontconfig that knows no fonts at all
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{tmp_path / 'none'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    assert _choose({"FONTCONFIG_FILE": str(config)}) == ["DejaVu Sans", "DejaVu Sans", "True"]


def test_an_installed_font_with_cyrillic_is_used(tmp_path: Path) -> None:
    family, applied, draws_cyrillic = _choose({})
    assert family == applied and draws_cyrillic == "True"
