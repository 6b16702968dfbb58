"""A scan shown large, to check it can be read before the resident leaves.

The image is decoded on the db lane from the encrypted store and shown from memory: nothing
of it is written to disk (a system viewer would need a decrypted copy in a temp folder).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.form.scans import read_image
from ui.notices import notice
from ui.widgets import TITLE_BAR_ALLOWANCE, resize_within_screen

if TYPE_CHECKING:
    from ui.session import Session

FILL = 0.9  # of the screen's room the dialog may take
AROUND = (40, 80)  # what the dialog takes around the picture: margins; buttons and margins


class ScanPreview(QDialog):
    """One scan, fitted to the screen (scrolled when larger); Esc or Enter closes it."""

    def __init__(self, filename: str, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(filename)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea()
        area.setWidget(self.picture)
        area.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        screen = self.screen()
        room = screen.availableGeometry().size() if screen is not None else None
        width, height = image.width(), image.height()
        if room is not None:
            # What the dialog around the picture takes (its buttons, margins, title bar) is
            # left out first: a page photographed upright had to be scrolled to its foot.
            wide = room.width() * FILL - AROUND[0]
            tall = min(room.height() * FILL, room.height() - TITLE_BAR_ALLOWANCE) - AROUND[1]
            scale = min(1.0, max(1, wide) / width, max(1, tall) / height)
            width, height = max(1, int(width * scale)), max(1, int(height * scale))
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        resize_within_screen(self, width + AROUND[0], height + AROUND[1])


def show_scan(session: Session, parent: QWidget, sha256: str, filename: str) -> None:
    """Read the scan off the GUI thread, then show it; a file that is not an image (a PDF)
    or is no longer here is said so."""

    def work() -> QImage | None:
        return read_image(session.profile.applications.get_blob(sha256))

    def done(image: QImage | None) -> None:
        if getattr(parent.window(), "locked", False):
            return  # (locked while it was read: the resident's scan is not shown over it)
        if image is None:
            only_images = QCoreApplication.translate(
                "ScanPreview", "Only images (JPEG, PNG, TIFF…) can be looked at here."
            )
            notice(parent, filename, only_images, QMessageBox.Icon.Information)
            return
        preview = ScanPreview(filename, image, parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()

    def failed(exc: BaseException) -> None:
        notice(parent, filename, session.message(exc))

    session.db.run(work, done, failed, owner=parent)
