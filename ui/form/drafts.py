"""Nothing typed is lost: one application's writes, queued in order on the db lane.

The first save of a new application creates its record (id and number);
every later save must update that same record, so a :class:`DraftKeeper`
gives each write, when it runs on the db lane, the identity the previous
write returned. Autosaves coalesce: only the newest waiting snapshot is
written.

While a draft is open its id is kept in the profile setting
``ui.open_draft:<login>`` of the operator typing it; after a crash, or when she signs
in again after a colleague worked at her lock screen, the shell reopens it
(:func:`pending_draft_id`). A final save clears the setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from frontdesk.errors import NotFound
from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from frontdesk.store.applications import SaveResult
from frontdesk.store.audit import moment_now

if TYPE_CHECKING:
    from ui.session import Session

OPEN_DRAFT_KEY = "ui.open_draft"  # + ":" + the operator's login (open_draft_key)


def open_draft_key(operator: str) -> str:
    """The setting that keeps ``operator``'s open draft: one each, for a laptop shared
    at the lock screen kept one, and a colleague's intake took the place of hers."""
    return f"{OPEN_DRAFT_KEY}:{operator}"


Work = Callable[[Profile, Application], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def pending_draft_id(profile: Profile, operator: str) -> str | None:
    """The draft ``operator`` had open when the app stopped or she locked it, if it is
    still a draft and hers: a colleague signing in next on the same laptop was shown the
    resident's data, and their first keystroke made the intake theirs (the journal still
    lists the draft for its operator); and a colleague's intake at her lock screen took
    the place of hers (one setting for all)."""
    draft_id = profile.setting(open_draft_key(operator))
    if draft_id is None:  # (none kept for her yet: one an older version kept for all,
        draft_id = profile.setting(OPEN_DRAFT_KEY)  # checked as hers below)
    if not draft_id:
        return None
    try:
        app = profile.applications.get(draft_id)
    except NotFound:
        return None
    if app.operator != operator:
        return None
    return draft_id if app.status is Status.DRAFT else None


def remember_draft(profile: Profile, app: Application) -> None:
    """(db lane) ``app`` is the draft open in the form of its operator: reopened for her
    after a crash."""
    profile.set_setting(open_draft_key(app.operator), app.id)


@dataclass
class Identity:
    """What the store assigned: the form's application is this record from now on."""

    id: str = ""
    number: str = ""
    revision: int = 1
    created_at: str | None = None

    @classmethod
    def of(cls, app: Application) -> Identity:
        return cls(app.id, app.number, app.revision, app.created_at)

    def stamp(self, app: Application) -> Application:
        app.id, app.number, app.revision = self.id, self.number, self.revision
        app.created_at = self.created_at
        return app


class DraftKeeper(QObject):
    """Writes one application on the db lane, each write updating the record the last made.

    Jobs go to the db lane at once (it runs them in order, so a flush just before
    the app closes is never lost), and each takes the application's identity when
    it runs, from the write before it. An autosave that a newer one has overtaken
    is skipped when its turn comes.
    """

    saved = Signal(object, int)  # SaveResult of every successful save, and the job's tag
    failed = Signal(object)  # the exception of a failed autosave

    def __init__(self, session: Session, identity: Identity, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self.identity = identity  # replaced on the db lane as soon as a save returns
        self.remember = True  # keep ui.open_draft pointing at this draft
        self._remembered = ""  # db lane only
        self._pending = 0
        self._newest_autosave = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def autosave(self, app: Application, tag: int = 0) -> None:
        """Write ``app`` as it is now, unless a newer autosave comes before its turn."""
        self._newest_autosave += 1
        ticket = self._newest_autosave

        taken = moment_now()

        def work(profile: Profile, stamped: Application) -> SaveResult | None:
            if ticket != self._newest_autosave:
                return None  # a newer snapshot is queued behind this one
            return self._save_work(profile, stamped, taken)

        self._submit(app, work, None, None, tag)

    def save(
        self, app: Application, on_done: Done | None, on_error: Failed | None, tag: int = 0
    ) -> None:
        taken = moment_now()
        self._submit(
            app,
            lambda profile, stamped: self._save_work(profile, stamped, taken),
            on_done,
            on_error,
            tag,
        )

    def run(self, app: Application, work: Work, on_done: Done, on_error: Failed) -> None:
        """Run ``work(profile, app)`` after the writes asked for before it (``app`` stamped)."""
        self._submit(app, work, on_done, on_error, 0)

    def forget(self) -> None:
        """This application is no longer the open one (a new one took the form)."""
        self.remember = False

    def _submit(
        self, app: Application, work: Work, on_done: Done | None, on_error: Failed | None, tag: int
    ) -> None:
        self._pending += 1
        session = self._session

        def job() -> Any:
            return work(session.profile, self.identity.stamp(app))

        session.db.run(
            job,
            lambda value: self._finished(value, None, on_done, on_error, tag),
            lambda exc: self._finished(None, exc, on_done, on_error, tag),
        )

    def _save_work(self, profile: Profile, app: Application, taken: str) -> SaveResult:
        """On the db lane: save, then make the result the identity of the next write.
        ``taken``: when the form gave ``app`` (a scan it removed and the worker attached
        again while this write waited its turn stays: ApplicationStore.save's ``as_of``)."""
        result = profile.applications.save(app, self._session.operator, as_of=taken)
        saved = result.application
        self.identity = Identity.of(saved)
        if saved.status is not Status.DRAFT:
            key = open_draft_key(self._session.operator)
            if self._remembered or profile.setting(key) == saved.id:
                profile.set_setting(key, "")
            self._remembered = ""
        elif self.remember and saved.id != self._remembered:
            profile.set_setting(open_draft_key(self._session.operator), saved.id)
            self._remembered = saved.id
        return result

    def _finished(
        self,
        value: Any,
        error: BaseException | None,
        on_done: Done | None,
        on_error: Failed | None,
        tag: int,
    ) -> None:
        self._pending -= 1
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                self.failed.emit(error)
            return
        if isinstance(value, SaveResult):
            self.saved.emit(value, tag)
        if on_done is not None:
            on_done(value)
