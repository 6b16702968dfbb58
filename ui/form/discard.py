"""Throwing a draft away (part of the form): a resident who did not apply after all.

Kept apart from :mod:`ui.form.form` so each file has one job; the methods run
on the :class:`~ui.form.form.ApplicationForm` they are mixed into. The draft
is deleted on the db lane after every write queued before it, and no autosave
may write it again meanwhile: the fields are held until it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from frontdesk.model import Application
from frontdesk.profile import Profile
from frontdesk.store.audit import moment_now
from ui.notices import ask
from ui.session import APPLICATIONS

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    from ui.form.attachments import AttachmentsSection
    from ui.form.drafts import DraftKeeper
    from ui.form.header import FormHeader
    from ui.session import Session


class DraftDiscarding:
    """ "Delete the draft" (or "Cancel the correction") in the form's header."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationForm they are mixed into
        _session: Session
        _keeper: DraftKeeper
        _saving: bool
        _generation: int
        _saved_generation: int
        _autosave_timer: QTimer
        header: FormHeader
        attachments: AttachmentsSection

        def current_application(self) -> Application: ...

        def _hold_fields(self, hold: bool) -> None: ...

        def _load(self, app: Application, *, focus: bool) -> None: ...

    def discard(self) -> None:
        """Ask, then throw away the draft on screen (a correction's draft: cancel it)."""
        app = self.current_application()
        if not app.id or self._saving:
            return
        if self.attachments.busy:
            self.header.notice_files_busy()  # (its files would stay behind, unreferenced)
            return
        if app.revision > 1:
            title = QCoreApplication.translate("DraftDiscarding", "Cancel the correction")
            text = QCoreApplication.translate(
                "DraftDiscarding",
                "Cancel the correction of application № %1?\n\nThe changes made in this "
                "revision are deleted. The application stays returned for correction, as "
                "the back office returned it.",
            )
            yes = QCoreApplication.translate("DraftDiscarding", "Cancel the correction")
        else:
            title = QCoreApplication.translate("DraftDiscarding", "Delete the draft")
            text = QCoreApplication.translate(
                "DraftDiscarding",
                "Delete draft № %1?\n\nEverything typed about the resident and the scans "
                "added are deleted from this computer; it cannot be undone. If the resident "
                "was given a receipt with this number, it is no longer valid.",
            )
            yes = QCoreApplication.translate("DraftDiscarding", "Delete")
        parent: QWidget = self  # type: ignore[assignment]
        ask(parent, title, text.replace("%1", app.number), yes, self._discard_now, destructive=True)

    def _discard_now(self) -> None:
        app = self.current_application()
        if not app.id or self._saving:
            return
        self._saving = True  # no autosave may write it again meanwhile
        self._autosave_timer.stop()
        self._hold_fields(True)
        # What was typed goes with it: another application opened before the discard's
        # turn on the db lane (Ctrl+N) leaves nothing of this one to write back.
        unsaved = self._saved_generation
        self._saved_generation = self._generation
        keeper = self._keeper
        keeper.forget()
        operator = self._session.operator
        taken = moment_now()

        def work(profile: Profile, stamped: Application) -> Application | None:
            return profile.applications.discard_draft(stamped.id, operator, as_of=taken)

        keeper.run(
            app,
            work,
            lambda returned: self._discarded(keeper, app.number, returned is not None),
            lambda exc: self._discard_failed(keeper, unsaved, exc),
        )

    def _discarded(self, keeper: DraftKeeper, number: str, correction: bool) -> None:
        self._session.changed.data_changed.emit(APPLICATIONS)
        if keeper is not self._keeper:
            return  # the worker went on to another application meanwhile: it stays
        self._load(Application(), focus=True)

        def said() -> str:
            if correction:
                text = QCoreApplication.translate(
                    "DraftDiscarding",
                    "The correction of application № %1 is cancelled: it is again returned "
                    "for correction.",
                )
            else:
                text = QCoreApplication.translate("DraftDiscarding", "Draft № %1 is deleted.")
            return text.replace("%1", number)

        self.header.notice(said, error=False)

    def _discard_failed(self, keeper: DraftKeeper, unsaved: int, exc: BaseException) -> None:
        if keeper is not self._keeper:
            return
        keeper.remember = True  # (still the open draft, with what was typed before)
        self._saved_generation = min(self._saved_generation, unsaved)
        self._autosave_timer.start()
        self._saving = False
        self._hold_fields(False)
        self.header.notice(lambda: self._session.message(exc), error=True)
