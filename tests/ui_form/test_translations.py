"""Every string of the app has its Ukrainian translation, compiled (the UI is Ukrainian by
default: a string left out shows in English)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT

FOLDER = ROOT / "resources" / "translations"
TS = FOLDER / "frontdesk_form_uk.ts"
CATALOGUES = sorted(FOLDER.glob("*_uk.ts"))  # all of them are loaded (ui/i18n.py)


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def _lupdate(sources: list[str], out: Path) -> dict[tuple[str, str], ET.Element]:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    subprocess.run(
        [lupdate, "-extensions", "py", *sources, "-ts", str(out)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return _messages(out)


def test_the_form_catalogue_covers_every_string_of_the_form(tmp_path: Path) -> None:
    fresh = _lupdate(["ui/form", "ui/receipt.py"], tmp_path / "fresh.ts")
    assert set(fresh) == set(_messages(TS))


def test_the_catalogues_together_cover_every_string_of_the_app(tmp_path: Path) -> None:
    fresh = _lupdate(["ui"], tmp_path / "fresh.ts")
    catalogued = {key for path in CATALOGUES for key in _messages(path)}
    assert sorted(set(fresh) - catalogued) == []  # shown in English in the Ukrainian UI
    assert sorted(catalogued - set(fresh)) == []  # left over from strings that are gone


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.stem)
def test_every_string_is_translated_and_compiled(catalogue: Path) -> None:
    untranslated = []
    for key, message in _messages(catalogue).items():
        translation = message.find("translation")
        # a plural ("%n day(s)") has one numerusform per Ukrainian form
        forms = [translation, *translation.iter("numerusform")] if translation is not None else []
        if (
            translation is None
            or translation.get("type")
            or not all("".join(form.itertext()).strip() for form in forms)
        ):
            untranslated.append(key)
    assert untranslated == []
    compiled = catalogue.with_suffix(".qm")
    assert compiled.is_file() and compiled.stat().st_mtime >= catalogue.stat().st_mtime - 1
