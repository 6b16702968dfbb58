"""Keeping what is typed as a draft: after a pause, every few seconds, and on leaving.

Kept apart from :mod:`ui.form.form` so each file has one job; the methods run on
the :class:`~ui.form.form.ApplicationForm` they are mixed into. Each application on
screen has its :class:`~ui.form.drafts.DraftKeeper`; one left behind finishes alone.
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING

from frontdesk.errors import FrontDeskError, NotEditable
from frontdesk.model import Application, Status
from frontdesk.store.applications import SaveResult
from ui.form.drafts import DraftKeeper, Identity, open_draft_key
from ui.session import DRAFTS

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance

    from ui.form.attachments import AttachmentsSection
    from ui.form.header import FormHeader
    from ui.session import Session

log = logging.getLogger(__name__)


class Autosaving:
    """The draft written on the db lane while the worker types (never sent: a draft)."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationForm they are mixed into
        _session: Session
        _keeper: DraftKeeper
        _retired: set[DraftKeeper]
        _base: Application
        _status: Status
        _point_settled: bool
        _saving: bool
        _decided: bool
        _generation: int
        _saved_generation: int
        _autosave_timer: QTimer
        header: FormHeader
        attachments: AttachmentsSection

        @property
        def draftSaved(self) -> SignalInstance: ...

        def current_application(self) -> Application: ...

        def _look_again(self) -> None: ...

    def has_unsaved_changes(self) -> bool:
        """Whether some edits are not in the store yet (an autosave is due or running), or
        scans added are still being stored (they go in the draft once stored: closing
        before left them out of it)."""
        return (
            self._generation != self._saved_generation or self._keeper.busy or self.attachments.busy
        )

    def save_draft_now(self) -> None:
        """Write pending edits at once (the shell calls this before closing)."""
        self._autosave()

    def _new_keeper(self, identity: Identity) -> DraftKeeper:
        keeper = DraftKeeper(self._session, identity)
        keeper.saved.connect(self._keeper_saved)
        keeper.failed.connect(self._autosave_failed)
        return keeper

    def _retire_keeper(self) -> None:
        """Hand the open application's last edits to its keeper and let it finish alone."""
        old = getattr(self, "_keeper", None)
        if old is None:
            return
        snapshot = self._autosave_snapshot()
        if snapshot is not None:
            old.autosave(snapshot, self._generation)
        old.forget()
        old.saved.disconnect(self._keeper_saved)
        old.failed.disconnect(self._autosave_failed)
        if (old.identity.id or old.busy) and self._status is Status.DRAFT:
            key = open_draft_key(self._session.operator)
            self._session.db.run(lambda: self._session.profile.set_setting(key, ""))
        if old.busy:
            self._retired.add(old)
            old.saved.connect(lambda _r, _t, k=old: self._release(k))
            old.failed.connect(lambda _e, k=old: self._release(k))

    def _release(self, keeper: DraftKeeper) -> None:
        if not keeper.busy:
            self._retired.discard(keeper)

    def _autosave_snapshot(self) -> Application | None:
        """What to write now, or None when nothing changed (or it must not be written)."""
        if self._generation == self._saved_generation or self._decided:
            return None
        app = self.current_application()
        # Always a draft: an application waiting to be sent leaves the outbox while it is
        # edited, so a half-done edit is never sent; Save puts it back.
        app.status = Status.DRAFT
        return app

    def _autosave(self) -> None:
        self._autosave_timer.stop()
        if self._saving:
            return
        app = self._autosave_snapshot()
        if app is not None:
            self.header.saving()
            self._keeper.autosave(app, self._generation)

    def _keeper_saved(self, result: SaveResult, generation: int) -> None:
        app = result.application
        self._base = copy.deepcopy(app)
        self._status = app.status
        if app.status is not Status.DRAFT:
            self._point_settled = True  # saved as ready: taken here, whatever comes later
        self._saved_generation = max(self._saved_generation, generation)
        self.header.show_application(app, saved=True)
        if app.status is Status.DRAFT:
            self._session.changed.data_changed.emit(DRAFTS)
            self.draftSaved.emit(app)

    def _autosave_failed(self, exc: BaseException) -> None:
        if self._decided:
            return  # (the notice says why nothing more is saved)
        if not isinstance(exc, FrontDeskError):
            log.error("autosave failed", exc_info=exc)
        self.header.failed(self._session.message(exc))
        if isinstance(exc, NotEditable):
            self._look_again()  # (decided, or sent meanwhile: the form says so)
