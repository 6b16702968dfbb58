"""One signed-in operator's working session: the profile, the lanes, and who/where.

The :class:`Session` is passed to every window and form (dependencies come in
through constructors). Two connections to the same encrypted database:

- ``profile`` belongs to the **db lane**: touch it only inside work functions
  given to ``session.db.run(...)`` (saves, imports, sync bookkeeping, PDF data);
- ``reader`` is for quick reads on the GUI thread (one journal page, a count,
  settlement completion). Never write through it.

A third lane, ``copies``, makes backups on a connection of their own (opened in the
work): a copy of 300,000 applications takes ~20 s, and on the db lane every save and
journal search waited that long.

After a write, emit ``session.changed.data_changed`` with what changed
(:data:`APPLICATIONS`, :data:`SYNC`, :data:`SETTINGS`, :data:`DRAFTS`,
:data:`CATALOG`, :data:`SENDING`);
views refresh from that one signal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from frontdesk.catalog import ServiceCatalog
from frontdesk.errors import FrontDeskError
from frontdesk.model import ServicePoint
from frontdesk.profile import Profile
from ui.preferences import Preferences
from ui.tasks import Failed, TaskRunner

log = logging.getLogger(__name__)
APPLICATIONS = "applications"
DRAFTS = "drafts"
SYNC = "sync"
SETTINGS = "settings"
CATALOG = "catalog"  # a newer service catalogue came (see OtherPrograms)
# What the app's sync has in flight changed (a batch claimed, answered, a round ended): an
# application waiting to be sent may be being sent now, or no longer (ui.sync_panel).
SENDING = "sending"


class DataChanges(QObject):
    """The app's one "data changed" signal; the argument says what changed."""

    data_changed = Signal(str)


@dataclass(eq=False)
class Session:
    profile_root: Path
    profile: Profile  # db lane only
    reader: Profile  # GUI-thread reads only
    operator: str
    operator_name: str
    db: TaskRunner
    net: TaskRunner
    copies: TaskRunner  # backups, each on its own connection: never the profile's
    language: str = "uk"
    service_point: ServicePoint = field(default_factory=ServicePoint)
    earlier_point: ServicePoint | None = None  # an earlier day's, replaced by the office
    point_day: dt.date = field(default_factory=dt.date.today)  # the day service_point is for
    changed: DataChanges = field(default_factory=DataChanges)
    idle_minutes: float = 10.0

    def write(
        self,
        work: Callable[[Profile], Any],
        what: str = APPLICATIONS,
        on_done: Callable[[Any], None] | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work(profile)`` on the db lane; then announce ``what`` changed and call back
        (the callbacks are skipped if ``owner``, the widget they update, was deleted)."""

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def done(value: Any) -> None:
            self.changed.data_changed.emit(what)  # whoever asked, the data did change
            if on_done is not None and alive():
                on_done(value)

        def failed(exc: BaseException) -> None:
            if on_error is not None and alive():
                on_error(exc)
            elif on_error is None:
                log.error("write on the db lane failed", exc_info=exc)

        self.db.run(lambda: work(self.profile), done, failed)

    def note_access(self, action: str, detail: str = "") -> None:
        """In the access log, on the db lane (nothing waits for it): the signed-in operator
        saw or handed out residents' data (``action`` "viewed", the number in ``detail``,
        as ``frontdesk show`` writes it); no personal data."""
        who, applications = self.operator, self.profile.applications
        self.db.run(
            lambda: applications.note_access(who, action, detail),
            None,
            # (the database busy for longer than its wait: said in the program's log)
            lambda exc: log.warning("%s not noted (%s)", action, type(exc).__name__),
        )

    def message(self, exc: BaseException) -> str:
        """What to tell the worker about ``exc``, in the session's language."""
        if isinstance(exc, FrontDeskError):
            return exc.message(self.language)
        if self.language == "en":
            return "Something went wrong inside the program; the details are in the log."
        return "Сталася внутрішня помилка програми; подробиці записано в журнал."

    def close(self) -> None:
        """Finish queued work, then close both connections."""
        self.db.shutdown()
        self.net.shutdown()
        self.copies.shutdown()  # (a backup under way finishes: seconds)
        self.reader.close()
        self.profile.close()


def open_session(
    root: Path,
    operator: str,
    synchronous: bool = False,
    *,
    secrets_backend: Any = None,
    parent: QObject | None = None,
) -> Session:
    """Open the profile at ``root`` twice (writer for the db lane, reader) for ``operator``.

    ``synchronous=True`` runs lane work inline (tests).
    """
    profile = Profile.open(root, secrets_backend=secrets_backend)
    try:
        reader = Profile.open(root, secrets_backend=secrets_backend)
    except BaseException:
        profile.close()
        raise
    return session_for(profile, reader, operator, synchronous=synchronous, parent=parent)


def session_for(
    profile: Profile,
    reader: Profile,
    operator: str,
    *,
    synchronous: bool = False,
    parent: QObject | None = None,
) -> Session:
    prefs = Preferences.load(reader)
    session = Session(
        profile_root=profile.root,
        profile=profile,
        reader=reader,
        operator=operator,
        operator_name=reader.operators.full_name(operator),
        db=TaskRunner("db", synchronous=synchronous, parent=parent),
        net=TaskRunner("net", synchronous=synchronous, parent=parent),
        copies=TaskRunner("copies", synchronous=synchronous, parent=parent),
        language=prefs.language,
        service_point=prefs.service_point,
        earlier_point=prefs.earlier_point,
        idle_minutes=prefs.idle_minutes,
    )
    if prefs.earlier_point is not None:  # a new day began at the office: keep it so
        session.db.run(lambda: prefs.save(profile))
    return session


OTHERS_CHECK_MS = 15_000


class OtherPrograms(QObject):
    """What other programs change in the profile reaches the views: ``frontdesk import``,
    ``retention --run``, ``set-community`` or ``sync`` run by the IT person while the app
    is open. The journal and an open card refresh on the session's ``data_changed``,
    which only the app's own writes emitted: an import of a hundred paper applications
    stayed out of the journal until the app itself next wrote something.

    Every change to an application writes an audit entry, so the audit's highest sequence
    (one look at its key, on the db lane) changes with every one, whoever made it; when it
    changed since the last look, :data:`APPLICATIONS` is announced. The app's own changes
    announce themselves as well: one more refresh at most, every
    :data:`OTHERS_CHECK_MS`, and only while something changes.

    A newer service catalogue, which a sync (the app's own or another program's) keeps in
    the profile, is taken up the same way: saves are checked against it, and
    :data:`CATALOG` is announced so that the journal's filter lists its services and new
    forms offer them (a new service stayed out of reach until the app was restarted).

    The same look sees whether the signed-in operator is still active: one deactivated by
    the IT person (``frontdesk operator deactivate``) kept the open window's full access
    (new applications, a backup of every one) until the idle lock, or for good with that
    turned off. While she is deactivated, ``deactivated`` is emitted after each look (the
    window locks; :meth:`check` looks at once, before a sensitive action).
    """

    deactivated = Signal()

    def __init__(
        self, session: Session, interval_ms: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._seen: int | None = None
        self._reading = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms or OTHERS_CHECK_MS)
        self.check()

    def check(self) -> None:
        if self._reading:
            return
        self._reading = True
        profile, login = self._session.profile, self._session.operator
        self._session.db.run(
            lambda: (
                profile.applications.last_change(),
                profile.catalog_received(),
                was_deactivated(profile, login),
            ),
            self._read,
            self._not_read,
            owner=self,
        )

    def _read(self, found: tuple[int, ServiceCatalog | None, bool]) -> None:
        self._reading = False
        seq, catalog, deactivated = found
        if deactivated:
            self.deactivated.emit()
        if catalog is not None:
            self._session.reader.use_catalog(catalog)
            self._session.changed.data_changed.emit(CATALOG)
        before, self._seen = self._seen, seq
        if before is not None and seq != before:
            self._session.changed.data_changed.emit(APPLICATIONS)

    def _not_read(self, exc: BaseException) -> None:
        self._reading = False  # (the database busy just then: the next look sees it)
        log.info("cannot look for other programs' changes (%s)", type(exc).__name__)


def was_deactivated(profile: Profile, login: str) -> bool:
    """Whether ``login`` is an operator of the profile who is no longer active (a look by
    its key; the second, at all the logins, only once she is not)."""
    operators = profile.operators
    return not operators.active(login) and login in operators.logins(inactive=True)
