"""Where the application form lives in the main window, and what happens around it.

:class:`FormHost` owns the :class:`ui.form.ApplicationForm` (built alongside
this shell; a placeholder stands in if it cannot be imported). The form is
built when first needed — the main window asks right after the journal's
first paint, so start-up does not wait for it. The host starts new
applications, continues drafts, begins the correction of a returned
application on the db lane, and reopens the draft that was open when the app
last stopped (the form keeps ``ui.open_draft`` up to date and keeps what was
typed as a draft whenever another application takes its place).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from frontdesk.errors import NotFound
from frontdesk.model import Application
from ui.notices import notice
from ui.session import APPLICATIONS, Session

log = logging.getLogger(__name__)


class FormHost(QWidget):
    applicationSaved = Signal(object)  # an Application saved ready to send
    receiptRequested = Signal(object, str)  # Application, "print" or "pdf"
    opened = Signal()  # the form shows something to work on: bring it to the front
    openRequested = Signal(str)  # the form links to another application (a duplicate)
    message = Signal(object)  # for the status bar: a ui.status_message.StatusText

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel()
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._placeholder)
        self._tried = False
        self.form: Any = None

    @property
    def available(self) -> bool:
        """Whether this build has the form (builds it if not built yet)."""
        return self.ensure_form() is not None

    def ensure_form(self) -> Any:
        if self._tried:
            return self.form
        self._tried = True
        try:
            from ui.form import ApplicationForm
        except ImportError as exc:  # built in parallel; the rest of the app works without it
            log.warning("the application form is not available: %s", exc)
            self._placeholder.setText(
                self.tr("The application form is not available in this build.")
            )
            return None
        self.form = ApplicationForm(self._session, self)
        self.form.saved.connect(self.applicationSaved)
        self.form.header.receiptRequested.connect(self.receiptRequested)
        self.form.openRequested.connect(self.openRequested)
        self._layout.removeWidget(self._placeholder)
        self._placeholder.deleteLater()
        self._layout.addWidget(self.form)
        return self.form

    def has_unsaved_changes(self) -> bool:
        return bool(self.form is not None and self.form.has_unsaved_changes())

    def save_draft_now(self) -> None:
        if self.form is not None:
            self.form.save_draft_now()

    def finish_editing(self) -> None:
        if self.form is not None:
            self.form.finish_editing()

    def new_application(self) -> None:
        if self.ensure_form() is not None:
            self.form.new_application()
            self.opened.emit()

    def open_draft(self, app: Application) -> None:
        if self.ensure_form() is not None:
            self.form.open_application(app)
            self.opened.emit()

    def correct(self, application_id: str) -> None:
        """A returned application: start a new revision (a draft) and open it in the form."""
        if self.ensure_form() is None:
            return
        operator = self._session.operator
        self._session.write(
            lambda profile: profile.applications.start_revision(application_id, operator),
            APPLICATIONS,
            self._correction_started,
            self._correction_failed,
            owner=self,
        )

    def _correction_failed(self, exc: BaseException) -> None:
        notice(self, self.tr("Correction"), self._session.message(exc))

    def restore(self) -> bool:
        """Reopen the draft that was open when the app last stopped; True if there was one."""
        if self.ensure_form() is None:
            return False
        from ui.form import pending_draft_id

        draft_id = pending_draft_id(self._session.reader, self._session.operator)
        if not draft_id:
            return False
        try:
            app = self._session.reader.applications.get(draft_id)
        except NotFound:
            return False
        self.open_draft(app)
        number = app.number
        self.message.emit(
            lambda: self.tr("Reopened the unfinished application %1.").replace("%1", number)
        )
        return True

    def _correction_started(self, draft: Application) -> None:
        self.open_draft(draft)
        number, revision = draft.number, str(draft.revision)
        self.message.emit(
            lambda: (
                self.tr("Correcting %1 (revision %2): fix it and save to send it again.")
                .replace("%1", number)
                .replace("%2", revision)
            )
        )
