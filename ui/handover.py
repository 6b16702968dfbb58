"""Handing the resident a receipt (розписка) once an application is saved.

The receipt itself is rendered by :mod:`ui.receipt` (built alongside the
form). Printing needs the print dialog, so it runs on the GUI thread; a PDF
is rendered on the db lane and only the result comes back. Each receipt printed or saved
(a PDF is not encrypted) is in the access log, with its number.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QWidget

from frontdesk.errors import FrontDeskError
from frontdesk.model import Application
from ui import file_dialogs
from ui.notices import ask, notice
from ui.session import Session

log = logging.getLogger(__name__)


def _receipt_module() -> Any:
    """:mod:`ui.receipt`, imported when first needed (PDF and QR code libraries are slow to
    load); None when this build has no receipts."""
    try:
        from ui import receipt
    except ImportError as exc:  # built in parallel; the rest of the app works without it
        log.warning("receipts are not available: %s", exc)
        return None
    return receipt


class ReceiptDesk(QObject):
    message = Signal(object)  # for the status bar: a ui.status_message.StatusText

    def __init__(self, session: Session, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._session = session
        self._parent = parent_widget

    @property
    def available(self) -> bool:
        return _receipt_module() is not None

    def handle(self, app: Application, kind: str) -> None:
        """Hand over the receipt of ``app`` as it is stored now: the form's buttons hold it
        as it was saved, and the registry may have given it a new number since (its
        receipt carried the old one, now another resident's), or it was sent."""
        if not app.id:
            self._hand_over(app, kind)
            return
        profile = self._session.profile
        self._session.db.run(
            lambda: profile.applications.get(app.id),
            lambda stored: self._hand_over(stored, kind),
            lambda _exc: self._hand_over(app, kind),  # (gone meanwhile: as it was shown)
        )

    def _hand_over(self, app: Application, kind: str) -> None:
        if kind == "print":
            self.print(app)
        else:
            self.save_pdf(app)

    def print(self, app: Application) -> None:
        module = _receipt_module()
        if module is None:
            return
        try:
            printed = module.print_receipt(app, self._session, self._parent)
        except Exception as exc:  # a known error or a printer problem: tell, do not crash
            log.exception("printing the receipt failed")
            self._failed(exc)
            return
        if printed:  # (not when the print dialog was cancelled)
            self._session.note_access("receipt_printed", app.number)

    def save_pdf(self, app: Application, path: Path | None = None) -> None:
        module = _receipt_module()
        if module is None:
            return
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            if not Path(folder).is_dir():  # (no Documents folder: the dialog opened in the
                folder = str(Path.home())  # program's own, and the receipt went there)
            suggested = str(Path(folder) / self.tr("Receipt %1.pdf").replace("%1", app.number))
            name, _ = file_dialogs.save_file_name(
                self._parent, self.tr("Save the receipt"), suggested, self.tr("PDF (*.pdf)")
            )
            if not name:
                return
            path = Path(name)
            target = module.pdf_path(path)
            if target != path and target.exists():  # (the dialog asked of the name typed)
                ask(
                    self._parent,
                    self.tr("Save the receipt"),
                    self.tr("%1 already exists. Replace it?").replace("%1", target.name),
                    self.tr("Replace"),
                    lambda: self.save_pdf(app, target),
                    destructive=True,
                )
                return
        session, target = self._session, path

        def save() -> Path:
            saved: Path = module.save_receipt_pdf(app, session, target)
            # An unencrypted file with the resident's name and birth date: in the access log
            # as an export is, by the same task (a window closed meanwhile loses nothing).
            try:
                session.profile.applications.note_access(
                    session.operator, "receipt_saved", app.number
                )
            except FrontDeskError as exc:  # (the file is there: the worker is told so)
                log.warning("receipt_saved not noted (%s)", type(exc).__name__)
            return saved

        self._session.db.run(save, self._saved, self._failed)

    def _saved(self, path: Any) -> None:
        self.message.emit(lambda: self.tr("Receipt saved: %1").replace("%1", str(path)))

    def _failed(self, exc: BaseException) -> None:
        notice(self._parent, self.tr("Receipt"), self._session.message(exc))
