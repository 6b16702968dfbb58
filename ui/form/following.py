"""The application on screen as the store holds it now (part of the form).

Kept apart from :mod:`ui.form.form` so each file has one job; the methods run on
the :class:`~ui.form.form.ApplicationForm` they are mixed into.

The background sync changes applications while one is on screen: it sends one
waiting to be sent, renumbers it, records the registry's decisions, and a
decision on a returned revision withdraws the correction being typed (the store
sets it aside). So:

- "Change it" (or "Edit" on the card) takes the application out of the queue at
  once, on the db lane, before the fields unlock: the store refuses it if it is
  being sent or was sent, and the form then stays read-only and says so. One the
  registry did not accept (set aside by the sync) too: it still waits in the queue,
  and ``import --scans`` finding its scans would send it again as it was;
- whenever applications change, the form reads its application again: shown
  read-only, its heading and notice follow its status and number; being edited,
  if the revision it edits is gone (or no longer editable), the form says why,
  turns read-only, and says whether what was typed is kept.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from frontdesk.errors import FrontDeskError, NotEditable
from frontdesk.model import Application, Status
from frontdesk.store.applications import SaveResult
from ui.session import APPLICATIONS
from ui.wording import status_name

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from ui.form.drafts import DraftKeeper
    from ui.form.header import FormHeader
    from ui.form.services import ServicesSection
    from ui.session import Session

log = logging.getLogger(__name__)


class Following:
    """Taking a saved application out of the queue, and following what the store holds."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationForm they are mixed into
        _session: Session
        _keeper: DraftKeeper
        _base: Application
        _saving: bool
        _generation: int
        _saved_generation: int
        _autosave_timer: QTimer
        header: FormHeader
        services: ServicesSection

        @property
        def read_only(self) -> bool: ...

        def current_application(self) -> Application: ...

        def _set_read_only(self, read_only: bool) -> None: ...

    # Set while "Change it" waits for the store (the fields stay held); and once the
    # revision on screen is gone (decided by the back office): nothing more is saved.
    _unlocking = False
    _decided = False

    # --- "Change it" ----------------------------------------------------------------------

    def change_saved(self) -> None:
        """The worker means to change the saved application: it becomes a draft again (out
        of the queue) at once, and the fields unlock only once the store has it so. Not one
        being sent right now, nor one sent meanwhile: what would be typed could never be
        saved, and the old version would reach the registry."""
        stored = self._stored(self._base.id)
        if stored is not None and not stored.status.editable:
            self._stored_now(stored)
            self._say_sent_meanwhile(stored)
            return
        self._take_out_of_queue()

    def _take_out_of_queue(self) -> None:
        """(the application on screen is saved as ready) Write it as a draft, then unlock."""
        self._set_read_only(True)
        self.header.set_read_only(True, changeable=False)  # (nothing to press meanwhile)
        self._unlocking = True
        app = self.current_application()
        app.status = Status.DRAFT
        keeper = self._keeper
        keeper.save(
            app,
            lambda result: self._taken_out(result, keeper),
            lambda exc: self._not_taken_out(exc, keeper),
            self._generation,
        )

    def _taken_out(self, _result: SaveResult, keeper: DraftKeeper) -> None:
        self._session.changed.data_changed.emit(APPLICATIONS)  # (out of the queue)
        if keeper is not self._keeper:
            return  # the worker went on to another application meanwhile
        self._unlocking = False
        self._set_read_only(False)
        if not self.header.refused_shown:  # (why the registry refused it stays on screen)
            self._warn_changing()
        self.services.list.setFocus()

    def _not_taken_out(self, exc: BaseException, keeper: DraftKeeper) -> None:
        if keeper is not self._keeper:
            return
        self._unlocking = False
        stored = self._stored(self._base.id)
        if isinstance(exc, NotEditable) and stored is not None:
            if not stored.status.editable:
                self._stored_now(stored)
                self._say_sent_meanwhile(stored)
                return
            # Still waiting, but in flight: the sync is sending it right now.
            self._stored_now(stored)
            self.header.set_read_only(True)  # ("Change it" again once the registry answered)
            number = stored.number
            self.header.notice(
                lambda: QCoreApplication.translate(
                    "Following",
                    "Application № %1 is being sent to the registry right now, so it cannot "
                    "be changed. Once the registry has answered it is either sent (and can no "
                    "longer be changed here) or waiting again: then press “Change it” again.",
                ).replace("%1", number),
                error=True,
            )
            return
        if not isinstance(exc, FrontDeskError):
            log.error("taking the application out of the queue failed", exc_info=exc)
        self.header.set_read_only(True)
        self.header.notice(lambda: self._session.message(exc), error=True)

    def _say_sent_meanwhile(self, stored: Application) -> None:
        number = stored.number
        self.header.notice(
            lambda: QCoreApplication.translate(
                "Following",
                "Application № %1 has been sent to the registry meanwhile: it can no "
                "longer be changed here.",
            ).replace("%1", number),
            error=True,
        )

    def _warn_changing(self) -> None:
        number = self._base.number
        self.header.notice(
            lambda: QCoreApplication.translate(
                "Following",
                "Changing application № %1: until you save it again (Ctrl+S) it is a draft "
                "and is not sent.",
            ).replace("%1", number),
            error=True,
        )

    # --- following the stored application --------------------------------------------------

    def _stored(self, application_id: str) -> Application | None:
        """The application as stored now (one row, by its key: read at once)."""
        if not application_id:
            return None
        try:
            return self._session.reader.applications.get(application_id)
        except FrontDeskError:
            return None

    def _look_again(self) -> None:
        """Read the application on screen as stored now (on the db lane, after the writes
        queued before), and follow it: :meth:`_follow`."""
        keeper = self._keeper
        app_id = keeper.identity.id
        if not app_id or self._saving or self._unlocking or self._decided:
            return
        profile = self._session.profile
        self._session.db.run(
            lambda: profile.applications.get(app_id),
            lambda stored: self._follow(stored, keeper),
            lambda _exc: None,  # (gone, or the database busy: the next change looks again)
            owner=self,  # type: ignore[arg-type]  # (the form, a QWidget)
        )

    def _follow(self, stored: Application, keeper: DraftKeeper) -> None:
        if keeper is not self._keeper or stored.id != keeper.identity.id:
            return  # another application is on screen by now
        if self._saving or self._unlocking or self._decided:
            return  # (its own write settles it)
        revision = keeper.identity.revision
        if self.read_only:
            if stored.revision < revision:  # (a correction saved ready, then withdrawn)
                self._revision_gone(stored, revision)
            else:
                self._stored_now(stored)
        elif stored.revision != revision or not stored.status.editable:
            self._revision_gone(stored, revision)
        elif stored.number != self._base.number:
            self._base.number = stored.number
            self.header.show_renumbered(stored)

    def _stored_now(self, stored: Application) -> None:
        """The saved application shown read-only, as stored now: its new number (the
        registry had another under it), its status (sent, accepted, a decision)."""
        if stored.id != self._base.id or not self.read_only:
            return
        if stored.number != self._base.number:
            self._base.number = stored.number
            self.header.show_renumbered(stored)
        if not stored.status.editable:
            self.header.show_sent(stored)

    def _revision_gone(self, stored: Application, revision: int) -> None:
        """The revision on screen is no longer the application's, nor can it be saved: the
        back office decided the revision it had returned (the correction is set aside in
        the store, what of it was saved), or it was sent meanwhile. The form says why and
        whether what was typed is kept, turns read-only, and counts nothing as unsaved (it
        could never be saved: signing out or handing over does not wait for it)."""
        self._autosave_timer.stop()
        kept = any(
            k.revision == revision for k in self._session.reader.applications.set_aside(stored.id)
        )
        latest_lost = self._generation != self._saved_generation
        self._decided = True
        self._saved_generation = self._generation
        self._set_read_only(True)
        self.header.show_decided(stored)
        number, old = stored.number, str(revision)
        decision, reason = stored.status, stored.status_reason

        def said() -> str:
            if stored.revision < revision:
                why = QCoreApplication.translate(
                    "Following",
                    "The registry's decision on application № %1: %2. The back office no "
                    "longer waits for the correction (revision %3): it cannot be saved or "
                    "sent, and the form is read-only.",
                )
            else:
                why = QCoreApplication.translate(
                    "Following",
                    "Application № %1 is now “%2” in the registry: revision %3 on screen "
                    "cannot be saved or sent any more, and the form is read-only.",
                )
            status = status_name(decision) + (f" ({reason})" if reason else "")
            lines = [why.replace("%1", number).replace("%2", status).replace("%3", old)]
            if kept and not latest_lost:
                lines.append(
                    QCoreApplication.translate(
                        "Following",
                        "What you typed is kept on this computer: the application's card in "
                        "the journal shows it under “Not sent”.",
                    )
                )
            elif kept:
                lines.append(
                    QCoreApplication.translate(
                        "Following",
                        "What you typed up to the last automatic save is kept on this "
                        "computer (the application's card shows it under “Not sent”); your "
                        "latest changes are NOT kept: they are only on this screen until "
                        "another application is opened.",
                    )
                )
            else:
                lines.append(
                    QCoreApplication.translate(
                        "Following",
                        "What you typed in this revision is NOT kept on this computer: it "
                        "is only on this screen until another application is opened.",
                    )
                )
            return "\n".join(lines)

        self.header.notice(said, error=True)
