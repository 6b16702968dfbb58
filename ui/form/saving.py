"""Saving as ready to send: check, look for duplicates, then write (part of the form).

Kept apart from :mod:`ui.form.form` so each file has one job; the methods run
on the :class:`~ui.form.form.ApplicationForm` they are mixed into.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from frontdesk.errors import FrontDeskError, ValidationFailed
from frontdesk.model import Status
from frontdesk.store.applications import SaveResult, Summary
from ui.form.fields import is_error
from ui.session import APPLICATIONS

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from frontdesk.model import Application
    from ui.form.attachments import AttachmentsSection
    from ui.form.drafts import DraftKeeper
    from ui.form.duplicates import DuplicateBanner
    from ui.form.fields import Shown
    from ui.form.header import FormHeader
    from ui.form.validation_view import ValidationView
    from ui.session import Session

log = logging.getLogger(__name__)


class ReadySaving:
    """Save (Ctrl+S): ready to send when there are no errors, after the duplicate check."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationForm they are mixed into
        _session: Session
        _keeper: DraftKeeper
        _saving: bool
        _status: Status
        _generation: int
        view: ValidationView
        header: FormHeader
        attachments: AttachmentsSection
        duplicates: DuplicateBanner

        @property
        def saved(self) -> SignalInstance: ...

        @property
        def read_only(self) -> bool: ...

        def validate(self) -> list[Shown]: ...

        def error_counts(self, errors: list[Shown]) -> tuple[int, int]: ...

        def focus_next_problem(self, *, first: bool = False) -> None: ...

        def current_application(self) -> Application: ...

        def show_saved_read_only(self) -> None: ...

        def finish_editing(self) -> None: ...

        def _autosave(self) -> None: ...

        def _hold_fields(self, hold: bool) -> None: ...

    def save(self) -> None:
        """Save as ready to send when there are no errors; otherwise show them, keep a draft."""
        if self._saving or self.read_only:  # saved already, and nothing changed since
            return
        # Ctrl+S from a cell or the settlement field: what is typed there is saved too.
        self.finish_editing()
        self.view.show_all = True
        problems = self.validate()
        errors = [p for p in problems if is_error(p)]
        if errors:
            self.header.notice_errors(*self.error_counts(errors))
            self._autosave()
            self.focus_next_problem(first=True)
            return
        if self.attachments.busy:
            self.header.notice_files_busy()
            return
        self._saving = True
        self.header.set_busy(True)
        self._hold_fields(True)
        keeper = self._keeper
        keeper.run(
            self.current_application(),
            lambda profile, app: profile.applications.open_duplicates(app),
            lambda summaries: self._duplicates_checked(summaries, keeper),
            self._save_failed,
        )

    def _duplicates_checked(self, summaries: list[Summary], keeper: DraftKeeper) -> None:
        if keeper is not self._keeper:
            return  # the worker moved on to another application meanwhile: do not save
        if summaries:
            self._saving = False
            self.header.set_busy(False)
            self._hold_fields(False)
            self.duplicates.show_duplicates(summaries)
            return
        self._save_ready()

    def _duplicates_confirmed(self) -> None:
        self.duplicates.hide()
        self._saving = True
        self.header.set_busy(True)
        self._hold_fields(True)
        self._save_ready()

    def _duplicates_cancelled(self) -> None:
        self.duplicates.hide()
        self.header.save_button.setFocus()

    def _save_ready(self) -> None:
        app = self.current_application()
        app.status = Status.READY
        keeper = self._keeper
        keeper.save(
            app,
            lambda result: self._saved_ready(result, keeper),
            self._save_failed,
            self._generation,
        )

    def _saved_ready(self, result: SaveResult, keeper: DraftKeeper) -> None:
        app = result.application
        self._session.changed.data_changed.emit(APPLICATIONS)
        self.saved.emit(app)
        if keeper is self._keeper:  # still the application on screen
            self._saving = False
            self._status = Status.READY
            self.header.set_busy(False)
            self.header.show_saved(app)
            self.show_saved_read_only()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.header.set_busy(False)
        self._hold_fields(False)
        if isinstance(exc, ValidationFailed):
            self.view.show_all = True
            self.view.show(exc.report.problems, self._session.language)
        elif not isinstance(exc, FrontDeskError):
            log.error("saving the application failed", exc_info=exc)
        self.header.notice(lambda: self._session.message(exc), error=True)
