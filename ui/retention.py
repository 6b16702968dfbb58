"""Decided cases' personal data leaves the laptop once its retention period is over.

:class:`RetentionRunner` runs a :class:`frontdesk.store.retention.Purge` a
while after sign-in and then every few hours: one job finds what is due, on a
connection of its own (the copies lane); then each job on the session's db lane
strips a few hundred cases (a laptop updated with years of decided cases behind
it catches up without holding the worker's saves for long), and a last one
merges the search index. What it did goes to the status bar and the journal; a
failure to the status bar and the log, never a dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from frontdesk.errors import FrontDeskError
from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.retention import Purge, start_purge
from ui.session import APPLICATIONS, Session
from ui.status_message import StatusText
from ui.tasks import Periodic
from ui.wording import plural, status_name

log = logging.getLogger(__name__)
INTERVAL_MS = 6 * 60 * 60 * 1000
CHUNK = 300  # cases per db-lane job: the worker's saves wait at most about that long


def _prepared(session: Session) -> Purge:
    """What is due, found on a connection of its own, on the copies lane (after the daily
    backup, when one is under way): it reads every due case's document, seconds on a
    laptop with years of them, and on the db lane the worker's saves waited for it. The
    steps then write on the db lane."""
    with Profile.open(session.profile.root) as own:
        return start_purge(session.profile, read_on=own)


class RetentionRunner(Periodic):
    def __init__(
        self,
        session: Session,
        report: Callable[[StatusText], None],
        *,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(interval_ms, parent)
        self._session = session
        self._report = report

    def begin(self) -> None:
        session = self._session
        session.copies.run(lambda: _prepared(session), self._step, self._failed, owner=self)

    def _step(self, run: Purge) -> None:
        if run.finished or not self.timer.isActive():  # (stopped: the app is closing)
            self._session.db.run(
                lambda: run.finish(), lambda _: self._done(run), self._failed, owner=self
            )
            return
        if run.done:
            self._session.changed.data_changed.emit(APPLICATIONS)
        # (the database left to other programs a while between steps: run.pause)
        QTimer.singleShot(round(run.pause * 1000), self, lambda: self._strip(run))

    def _strip(self, run: Purge) -> None:
        self._session.db.run(
            lambda: run.step(CHUNK), lambda _: self._step(run), self._failed, owner=self
        )

    def _done(self, run: Purge) -> None:
        self.running = False
        stripped, stale = run.stripped, run.stale_drafts
        if not stripped and not stale:
            return
        if stripped:
            self._session.changed.data_changed.emit(APPLICATIONS)
            log.info("personal data of %d decided cases removed", stripped)
        days = run.days

        def said() -> str:
            parts = []
            if stripped:
                text = self.tr(
                    "Personal data of %n decided application(s) removed from this computer: "
                    "the retention period after the decision is over (the registry keeps them).",
                    "",
                    stripped,
                )
                parts.append(plural(text, stripped))
            if stale:  # (a resident's data in a draft nobody will send stays for ever)
                text = self.tr(
                    "Drafts not changed for over %1 days: %2 — they hold residents' personal "
                    "data; finish or discard them (in the journal: status «%3»)."
                )
                parts.append(
                    text.replace("%1", str(days))
                    .replace("%2", str(stale))
                    .replace("%3", status_name(Status.DRAFT))
                )
            return " ".join(parts)

        self._report(said)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if not isinstance(exc, FrontDeskError):
            log.error("removing expired personal data failed", exc_info=exc)
        else:
            log.warning("removing expired personal data failed: %s", type(exc).__name__)
        session = self._session
        self._report(
            lambda: self.tr("Expired personal data could not be removed now: %1").replace(
                "%1", session.message(exc)
            )
        )
