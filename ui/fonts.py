"""Fonts: bundled ones first, then make sure the GUI font can draw Cyrillic.

PySide6 wheels ship no fonts; on a bare machine Qt may pick a family without
Cyrillic and the whole GUI turns into boxes. Any ``resources/fonts/*.ttf``
is registered, and the application font falls back to a family that has
Cyrillic glyphs.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from resources import resource

log = logging.getLogger(__name__)
PREFERRED = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Liberation Sans", "Arial", "Ubuntu")
POINT_SIZE = 10


def install_fonts(app: QGuiApplication) -> str:
    """Register bundled fonts and choose the GUI font; returns its family."""
    folder = resource("fonts")
    if folder.is_dir():
        for item in folder.iterdir():
            if not item.name.lower().endswith((".ttf", ".otf")):
                continue
            if QFontDatabase.addApplicationFontFromData(item.read_bytes()) < 0:
                log.warning("cannot load font %s", item.name)
    font = QFont(app.font())
    cyrillic = QFontDatabase.families(QFontDatabase.WritingSystem.Cyrillic)
    if font.family() not in cyrillic:
        choice = next((f for f in PREFERRED if f in cyrillic), cyrillic[0] if cyrillic else "")
        if choice:
            font.setFamily(choice)
        else:
            log.warning("no font with Cyrillic letters is installed")
    if font.pointSizeF() < POINT_SIZE:
        font.setPointSizeF(POINT_SIZE)
    app.setFont(font)
    return font.family()
