"""Every string of the form and the receipt has its Ukrainian translation, compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "frontdesk_form_uk.ts"
QM = TS.with_suffix(".qm")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_translation_file_covers_every_string_in_the_code(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [lupdate, "-extensions", "py", "ui/form", "ui/receipt.py", "-ts", str(fresh)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert set(_messages(fresh)) == set(_messages(TS))


def test_every_string_is_translated_and_compiled() -> None:
    untranslated = [
        key
        for key, message in _messages(TS).items()
        if not (message.findtext("translation") or "").strip()
        or message.find("translation").get("type")  # type: ignore[union-attr]
    ]
    assert untranslated == []
    assert QM.is_file() and QM.stat().st_mtime >= TS.stat().st_mtime - 1
