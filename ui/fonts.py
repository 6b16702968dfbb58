"""Fonts: make sure the GUI font can draw Cyrillic.

PySide6 wheels ship no fonts; on a bare machine Qt may pick a family without
Cyrillic and the whole GUI turns into boxes. The application font falls back
to a family that has Cyrillic glyphs; when none is installed, the bundled
``resources/fonts/*.ttf`` are registered first.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from resources import resource

log = logging.getLogger(__name__)
PREFERRED = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Liberation Sans", "Arial", "Ubuntu")
POINT_SIZE = 10


def install_fonts(app: QGuiApplication) -> str:
    """Choose the GUI font, one that draws Cyrillic; returns its family. The bundled fonts
    are registered only when no installed font will do (a bare machine): reading them
    costs every start ~7 ms. (The receipt registers them for itself: ui.receipt.)"""
    font = QFont(app.font())
    family = _cyrillic_family(font.family())
    if not family:
        _register_bundled()
        family = _cyrillic_family(font.family())
    if not family:
        cyrillic = QFontDatabase.families(QFontDatabase.WritingSystem.Cyrillic)
        family = cyrillic[0] if cyrillic else ""
    if family:
        font.setFamily(family)
    else:
        log.warning("no font with Cyrillic letters is installed")
    if font.pointSizeF() < POINT_SIZE:
        font.setPointSizeF(POINT_SIZE)
    app.setFont(font)
    return font.family()


def _cyrillic_family(current: str) -> str:
    """``current`` if it draws Cyrillic, else the first of :data:`PREFERRED` that does."""
    cyrillic = QFontDatabase.families(QFontDatabase.WritingSystem.Cyrillic)
    if current in cyrillic:
        return current
    return next((family for family in PREFERRED if family in cyrillic), "")


def _register_bundled() -> None:
    folder = resource("fonts")
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if not item.name.lower().endswith((".ttf", ".otf")):
            continue
        if QFontDatabase.addApplicationFontFromData(item.read_bytes()) < 0:
            log.warning("cannot load font %s", item.name)
