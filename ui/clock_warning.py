"""The banner over the work while this laptop's clock is behind the registry's last time.

A dead CMOS battery resets a village laptop's clock to a year or two back. Saves are then
dated and numbered by the latest time known to have come (the registry's last time and what
the program has counted since: frontdesk.store.decision_time.KnownClock), but the worker
should put the clock right. The
registry's time at the last sync (:mod:`frontdesk.store.decision_time`) shows it: when
the laptop's clock reads more than a day before it, the banner says so, with both dates,
until the clock is put right. It looks again every :data:`CHECK_MS`, after each sync and
when the registry settings change: one row of ``meta``, read on the db lane (never the
GUI thread's), and not on every paint.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel

from frontdesk.profile import Profile
from frontdesk.store.decision_time import laptop_behind, registry_time
from frontdesk.worktime import in_kyiv
from ui.latest_day import know_today
from ui.session import SYNC, Session
from ui.sync_controller import SyncController

log = logging.getLogger(__name__)
CHECK_MS = 60_000  # the worker corrects the clock: the banner goes within a minute

Clocks = tuple[dt.datetime, dt.datetime | None]  # the laptop's now, the registry's last


def read_clocks(profile: Profile) -> Clocks:
    """This laptop's time now and the registry's at the last sync (None: none said)."""
    return profile.applications.now(), registry_time(profile.db)


class ClockWarning(QLabel):
    def __init__(self, session: Session, controller: SyncController, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._behind: Clocks | None = None  # the two times, while the laptop's is behind
        self._reading = False  # a read is on its way (one at a time)
        self.setObjectName("ClockWarning")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(
            "#ClockWarning { background: #ffebee; color: #b71c1c; font-weight: bold; "
            "border: 1px solid #c62828; padding: 6px; }"
        )
        self.hide()
        controller.round_finished.connect(lambda *_: self.check())
        session.changed.data_changed.connect(lambda what: self.check() if what == SYNC else None)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_MS)
        self.check()

    @property
    def behind(self) -> bool:
        return self._behind is not None

    def check(self) -> None:
        """Read both clocks on the db lane; show or hide the banner when they come."""
        if self._reading:
            return
        self._reading = True
        session = self._session
        session.db.run(lambda: read_clocks(session.profile), self._read, self._failed, owner=self)

    def _read(self, clocks: Clocks) -> None:
        self._reading = False
        laptop, registry = clocks
        self._behind = clocks if laptop_behind(registry, laptop) else None
        # (a two-digit year typed up to the registry's date is of this century)
        know_today(in_kyiv(registry).date() if self._behind and registry else None)
        self._show()

    def _failed(self, exc: BaseException) -> None:
        self._reading = False  # (as it was shown: the next look may read)
        log.warning("could not read the registry's last time", exc_info=exc)

    def _show(self) -> None:
        if self._behind is None:
            self.hide()
            self.clear()
            return
        laptop, registry = self._behind
        assert registry is not None
        self.setText(
            self.tr(
                "This computer's clock is behind: it says %1, and the registry has already "
                "seen %2. Until it is put right, new applications and receipts are dated by "
                "the latest time known (from %2 on) — correct the computer's date and time."
            )
            .replace("%1", _date(laptop))
            .replace("%2", _date(registry))
        )
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)


def _date(moment: dt.datetime) -> str:
    """A time as a date on the worker's calendar: 24.11.2026."""
    return f"{in_kyiv(moment):%d.%m.%Y}"
