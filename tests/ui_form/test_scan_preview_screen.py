"""A scan looked at large fits the screen it is on: a page photographed upright is seen
whole, down to its foot, with no scrolling, on a laptop at 150 %."""

from __future__ import annotations

from pathlib import Path

from tests.ui.screens import run_at_150_percent

UPRIGHT_PAGE = """
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QScrollArea
from ui.form.scan_preview import ScanPreview
from ui.widgets import TITLE_BAR_ALLOWANCE

app = QApplication([])
page = QImage(3000, 4000, QImage.Format.Format_RGB32)  # a phone's photo of an A4 page
page.fill(QColor("white"))
preview = ScanPreview("IMG_20261125_101500.jpg", page)
preview.show()
for _ in range(10):
    app.processEvents()
area = preview.findChild(QScrollArea)
room = preview.screen().availableGeometry()
print("scrolls", area.verticalScrollBar().maximum(), area.horizontalScrollBar().maximum())
print("fits", preview.height() + TITLE_BAR_ALLOWANCE <= room.height())
print("large", preview.picture.pixmap().height() >= room.height() * 0.6)
"""


def test_a_page_photographed_upright_is_seen_whole_at_150_percent(tmp_path: Path) -> None:
    """(scaled to 90 % of the screen's height, then the dialog's buttons and margins on
    top: capped to the screen, it had to be scrolled to see the foot of the page)"""
    shown = run_at_150_percent(UPRIGHT_PAGE, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == ["scrolls 0 0", "fits True", "large True"]
