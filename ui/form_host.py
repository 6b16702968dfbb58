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

from frontdesk.errors import FrontDeskError, NotFound
from frontdesk.model import Application
from frontdesk.profile import Profile
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

    def storing_files(self) -> bool:
        """Scans added are still being stored (each goes in the draft once stored)."""
        return bool(self.form is not None and self.form.attachments.busy)

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
        """A returned application: start a new revision (a draft) and open it in the form.

        One whose personal data retention removed from this laptop (decided, returned
        since) is asked of the registry first: the correction starts from its copy, never
        from the empty record left here."""
        if self.ensure_form() is None:
            return
        reader = self._session.reader.applications
        if reader.personal_data_removed_at(application_id):
            self._fetch_then_correct(reader.get(application_id))
            return
        self._start_correction(application_id, None)

    def _start_correction(self, application_id: str, registry_copy: Application | None) -> None:
        operator = self._session.operator
        self._session.write(
            lambda profile: profile.applications.start_revision(
                application_id, operator, registry_copy
            ),
            APPLICATIONS,
            self._correction_started,
            self._correction_failed,
            owner=self,
        )

    def _fetch_then_correct(self, stripped: Application) -> None:
        """(net lane, on a connection of its own) The returned revision as the registry
        holds it, then the correction from it."""
        root = self._session.profile_root
        app_id, revision, number = stripped.id, stripped.revision, stripped.number
        self.message.emit(
            lambda: self.tr(
                "Getting application %1 from the registry: its data was removed from this "
                "computer after the retention period…"
            ).replace("%1", number)
        )

        def work() -> Application | None:
            from sync.own_copy import sent_revision  # the HTTP client loads only when needed

            with Profile.open(root) as profile:
                return sent_revision(profile, app_id, revision)

        self._session.net.run(
            work,
            lambda copy: self._fetched(app_id, number, copy),
            lambda exc: self._not_fetched(number, exc),
            owner=self,
        )

    def _fetched(self, app_id: str, number: str, copy: Application | None) -> None:
        if copy is None:
            self._not_fetched(number, None)
            return
        self._start_correction(app_id, copy)

    def _not_fetched(self, number: str, exc: BaseException | None) -> None:
        """The registry's copy could not be had: the correction is not started (from the
        empty record it would send an empty person), and the worker is told why and what
        to do instead."""
        from sync.errors import NotEnrolled, Offline, ServerTrouble

        if exc is None:
            why = self.tr("the registry has no copy of it")
        elif isinstance(exc, NotEnrolled):
            why = self.tr("this computer is not connected to a registry")
        elif isinstance(exc, (Offline, ServerTrouble)):
            why = self.tr("there is no connection to the registry right now")
        else:
            if not isinstance(exc, FrontDeskError):
                log.error("asking the registry for a revision failed", exc_info=exc)
            why = self._session.message(exc)
        notice(
            self,
            self.tr("Correction"),
            self.tr(
                "Application № %1 was returned for correction, but its personal data was "
                "removed from this computer after the retention period (the case had been "
                "decided). The correction is not started: from the empty record left here it "
                "would send the registry an application with no one in it.\n\n"
                "The application could not be taken from the registry: %2.\n\n"
                "Connect to the registry and press “Correct and resend” again. If that is "
                "not possible, take the correction as a new application, or ask the back "
                "office what to do."
            )
            .replace("%1", number)
            .replace("%2", why),
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
