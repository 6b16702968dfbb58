"""The always-visible sync strip: what waits to be sent, when the last sync was, what is wrong.

It reads the outbox counters on the db lane (a long outbox takes a while to count),
listens to the :class:`~ui.sync_controller.SyncController`, and has the
"Sync now" button. A sync started by hand reports in a dialog; background
rounds only change the strip (STYLE.md, "Errors").
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
)

from frontdesk.errors import FrontDeskError
from frontdesk.messages import text
from frontdesk.model import Status
from frontdesk.store.from_registry import REOPENED
from frontdesk.store.outbox import SyncStatus
from sync.errors import NotEnrolled
from ui.session import APPLICATIONS, SENDING, SYNC, Session
from ui.sync_controller import SyncController
from ui.widgets import ElidedLabel
from ui.wording import plural, status_name, time_ago

if TYPE_CHECKING:
    from sync.reports import SyncReport

OK, PENDING, SYNCING, PROBLEM, LOCAL_ONLY = "ok", "pending", "syncing", "problem", "local-only"
_COLOURS = {
    OK: "#2e7d32",
    PENDING: "#1565c0",
    SYNCING: "#1565c0",
    PROBLEM: "#c62828",
    LOCAL_ONLY: "#757575",
}
MAX_LISTED = 12  # new numbers listed in the window itself (the rest under "Show Details")
TICK_MS = 30_000  # "5 хвилин тому" moves on by itself
# The problem keeps about this many characters on a narrow window: "Last sync: …" gives way
# first.
PROBLEM_LEAST_CHARS = 14  # (widths of "…": about twice as many letters)


# What the registry decided (the worker acts on it, or tells the resident); "accepted" is
# not one: the back office only took the application up.
DECISIONS = (Status.GRANTED, Status.REFUSED, Status.RETURNED)


class SyncPanel(QFrame):
    # (both a ui.status_message.StatusText: how to say it, again if the language switches)
    decisionsArrived = Signal(object)  # an announcement for the status bar, with an alert
    newsArrived = Signal(object)  # the status bar only: what needs no one's attention (acceptances)
    showNotAccepted = Signal()  # the worker asks to see what the registry did not accept

    def __init__(self, session: Session, controller: SyncController, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._controller = controller
        self._manual: int | None = None  # rounds started before "Sync now" was pressed
        self._stop_reason: BaseException | None = None
        self._other_running = False  # this round waits for another program's
        self._sending = False  # a round is sending what waits (from its first claim to its end)
        self.state = LOCAL_ONLY
        self.status: SyncStatus | None = None
        self._reading = False  # a status read is on its way
        self._read_again = False
        self.report_box: QMessageBox | None = None
        self.renumbered_box: QMessageBox | None = None  # the last list of new numbers
        self._renumberings = session.reader.outbox.renumberings()  # told once each

        self.setObjectName("SyncPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.dot = QLabel("●")
        self.pending_label = QLabel()
        self.last_label = ElidedLabel()  # (narrow: "Last sync: 5 min…", whole in its tooltip)
        # One line (wrapped, a long problem took five on a laptop at 150 %, and the form's
        # rows gave way): what does not fit is in its tooltip. text() is the whole of it.
        self.problem_label = ElidedLabel(least=PROBLEM_LEAST_CHARS)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.not_accepted_button = QPushButton()  # shown while something waits for a fix
        self.not_accepted_button.clicked.connect(self.showNotAccepted)
        self.not_accepted_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.dot)
        # One line, however narrow the window (a laptop at 150 % keeps the form's rows):
        # the last sync and the problem give way, whole in their tooltips.
        self.counts = QHBoxLayout()
        self.counts.setSpacing(6)
        self.counts.addWidget(self.pending_label)
        self.between = _separator()
        self.counts.addWidget(self.between)
        self.counts.addWidget(self.last_label)
        layout.addLayout(self.counts)
        layout.addWidget(_separator())
        layout.addWidget(self.problem_label, 1)
        layout.addWidget(self.not_accepted_button)
        layout.addWidget(self.sync_button)

        controller.round_finished.connect(self._round_finished)
        controller.stopped.connect(self._stopped)
        controller.link_changed.connect(lambda _up: self.refresh())
        controller.waiting_for_other.connect(self._other_round)
        # (an open card offers Edit only while its application is not being sent)
        controller.sending_changed.connect(self._round_sends)
        session.changed.data_changed.connect(self._data_changed)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.refresh)
        self._tick.start(TICK_MS)
        self.retranslate()

    # --- actions ----------------------------------------------------------------------

    def sync_now(self) -> None:
        self._stop_reason = None
        self._show(SYNCING, self.tr("Syncing…"))
        self._manual = self._controller.wake()

    def _data_changed(self, what: str) -> None:
        if what in (APPLICATIONS, SYNC):
            self.refresh()

    def _other_round(self) -> None:
        """Another program's round is under way (``frontdesk sync``): this one waits for
        it, said in the strip until it ends ("Syncing…" stayed for as long as the other
        one took, minutes for a day's catch-up, and the worker pressed the button again)."""
        self._other_running = True
        self.refresh()

    def _round_sends(self) -> None:
        """A background round claimed (or got the answers of) a batch: the strip says it is
        sending, and its count goes down as they are answered (a first sync of thousands
        said «Буде надіслано під час наступної синхронізації» all the while)."""
        self._sending = True
        self._sending_changed()
        self.refresh()

    def _round_finished(
        self, report: SyncReport | None, error: FrontDeskError | None, number: int
    ) -> None:
        self._stop_reason = None
        self._other_running = False
        self._sending = False
        answered = self._manual is not None and number > self._manual
        renumbered = self._renumberings.untold()
        self._announce(report, renumbered)
        if renumbered or (report is not None and report.changed_anything):
            self._session.changed.data_changed.emit(APPLICATIONS)
        # (what it claimed is answered, or back in the queue: the link dropped first)
        self._sending_changed()
        if answered:
            self._manual = None
        self.refresh()
        if answered:
            self._report(report, error)

    def _stopped(self, error: BaseException) -> None:
        self._stop_reason = error
        self._other_running = False
        self._sending = False
        manual, self._manual = self._manual, None
        self._sending_changed()
        self.refresh()
        if manual is not None:
            self._report(None, error)

    def _sending_changed(self) -> None:
        self._session.changed.data_changed.emit(SENDING)

    # --- showing ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the outbox counters off the GUI thread (a long outbox takes a while to count)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        session = self._session
        session.db.run(
            lambda: session.profile.outbox.status(),
            self._status_read,
            self._read_failed,
            owner=self,
        )

    def _status_read(self, status: SyncStatus) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()
        self.show_status(status)

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        self._show(PROBLEM, self._session.message(exc))

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        waiting = status.pending + status.in_flight
        self.pending_label.setText(self.tr("Waiting to be sent: %1").replace("%1", str(waiting)))
        # Not connected to a registry: no "last sync" at all, nor its separator.
        self.last_label.setText(
            self.tr("Last sync: %1").replace("%1", time_ago(status.last_success))
            if status.registry
            else ""
        )
        self.last_label.setVisible(bool(status.registry))
        self._show_between()
        problem = self._problem(status)
        self.not_accepted_button.setVisible(status.quarantined > 0)
        if self._other_running:
            self._show(
                SYNCING,
                self.tr(
                    "Waiting: another program on this computer is syncing this profile "
                    "(frontdesk sync); this sync follows when it ends"
                ),
            )
            return
        if self.state == SYNCING and self._manual is not None:
            self._show(SYNCING, self.tr("Syncing…"))  # (again: the language may be new)
            return  # until the round the worker asked for reports
        if self._sending:  # (until the round ends: the decisions come last; what went
            # wrong before, a round ago, is not what is happening now)
            self._show(SYNCING, self.tr("Syncing…"))
            return
        if not status.registry or isinstance(self._stop_reason, NotEnrolled):
            self._show(LOCAL_ONLY, problem or self._local_only_text())
        elif problem:
            self._show(PROBLEM, self._with_corrections(problem))
        elif waiting:
            self._show(PENDING, self._with_corrections(self.tr("Will be sent at the next sync")))
        elif status.corrections:  # not everything is sent: corrections wait to be finished
            self._show(PENDING, self._with_corrections(""))
        else:
            self._show(OK, self.tr("Everything is sent"))

    def _with_corrections(self, said: str) -> str:
        """``said``, and how many corrections are begun and not finished (not sent)."""
        count = self.status.corrections if self.status is not None else 0
        if not count:
            return said
        unfinished = plural(
            self.tr("Not sent: %n unfinished correction(s) (in the journal: %1)", "", count),
            count,
        ).replace("%1", status_name(Status.RETURNED))
        # What the worker must do first: on one elided line, the end is what may be cut.
        return f"{unfinished} · {said}" if said else unfinished

    def _problem(self, status: SyncStatus) -> str:
        lang = self._session.language
        if self._stop_reason is not None and not isinstance(self._stop_reason, FrontDeskError):
            # (a fault in the program ended the round: not "will be sent automatically")
            return self.tr(
                "Sync stopped because of a fault in the program. It tries again in 5 minutes, "
                "or now with “Sync now”; the applications are kept"
            )
        if isinstance(self._stop_reason, FrontDeskError) and not isinstance(
            self._stop_reason, NotEnrolled
        ):
            return self._stop_reason.message(lang)
        if self._controller.link_up is False and status.registry:
            return text("sync.offline", lang)
        parts = []
        if status.quarantined:  # (first: the worker's to fix; the strip is one elided line)
            count = status.quarantined
            parts.append(
                plural(
                    self.tr(
                        "%n application(s) not accepted by the registry",
                        "",
                        count,
                    ),
                    count,
                )
            )
        if status.last_error:
            parts.append(status.error_message(lang))
        return " · ".join(parts)

    def _local_only_text(self) -> str:
        return self.tr(
            "Not connected to a registry: applications are kept on this computer "
            "(Settings → Registry to connect)"
        )

    def _show(self, state: str, message: str) -> None:
        self.state = state
        self.problem_label.setText(message)
        self.dot.setStyleSheet(f"color: {_COLOURS[state]}; font-size: 16px;")
        self.problem_label.setStyleSheet(
            f"color: {_COLOURS[PROBLEM]}; font-weight: bold;" if state == PROBLEM else ""
        )
        self.sync_button.setEnabled(state != SYNCING)

    def _announce(self, report: SyncReport | None, renumbered: list[tuple[str, str]]) -> None:
        applied = report.pull.applied if report is not None else []
        counts = Counter(str(change.get("status")) for change in _decisions(applied))
        accepted = _acceptances(applied)
        reopened = sum(1 for change in applied if change.get("status") == REOPENED)

        def news() -> str:
            return self.tr("The registry accepted applications: %1").replace("%1", str(accepted))

        def said() -> str:
            parts = []
            if counts:
                details = ", ".join(
                    f"{status_name(Status(s))}: {n}" for s, n in sorted(counts.items())
                )
                message = self.tr("Registry decisions arrived: %1 (%2)")
                parts.append(message.replace("%1", str(counts.total())).replace("%2", details))
            if reopened:
                message = self.tr(
                    "Decisions cancelled by the back office, the applications to be decided "
                    "again: %1 (the reason is in each card)"
                )
                parts.append(message.replace("%1", str(reopened)))
            if renumbered:  # (the list itself: a window that stays, _show_renumbered)
                count = len(renumbered)
                message = self.tr(
                    "New numbers were given to %n application(s): give the residents new "
                    "receipts (the list is in the window opened)",
                    "",
                    count,
                )
                parts.append(plural(message, count))
            return " ".join(parts + ([news()] if accepted else []))

        if renumbered:
            self._show_renumbered(renumbered)
        if counts or renumbered or reopened:
            self.decisionsArrived.emit(said)
        elif accepted:
            self.newsArrived.emit(news)

    def _show_renumbered(self, renumbered: list[tuple[str, str]]) -> None:
        """Which residents hold a receipt whose number is now another's: a window that
        stays until closed (one line of the status bar, for 15 seconds, cut the list off
        on a laptop's screen), with each number's old and new and whose it is."""
        lines = []
        for old, new in renumbered:
            try:
                person = self._session.reader.applications.get_by_number(new).applicant
                who = " ".join(filter(None, (person.surname, person.given_name)))
            except FrontDeskError:  # (gone meanwhile: the numbers are what matter)
                who = ""
            lines.append(f"{old} → {new}" + (f"  {who}" if who else ""))
        box = QMessageBox(self.window())
        box.setWindowTitle(self.tr("New numbers"))
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr(
                "The registry already had these numbers: the applications were given new "
                "ones. Give these residents new receipts (in each card: “Print receipt”); "
                "the numbers on their old ones are not theirs any more."
            )
        )
        box.setInformativeText("\n".join(lines[:MAX_LISTED]) + ("\n…" * (len(lines) > MAX_LISTED)))
        if len(lines) > MAX_LISTED:  # (all of them a click away, the box still on screen)
            box.setDetailedText("\n".join(lines))
        self.renumbered_box = box
        box.finished.connect(box.deleteLater)
        box.open()

    def _report(self, report: SyncReport | None, error: BaseException | None) -> None:
        """The result of a sync the worker asked for, in a dialog that does not block."""
        box = QMessageBox(self.window())
        box.setWindowTitle(self.tr("Sync"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # (an error may carry the registry's words)
        if isinstance(error, NotEnrolled):  # (its message names the command line's way)
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(self._local_only_text())
        elif error is not None:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(self._session.message(error))
        elif report is not None:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(
                self.tr(
                    "Sent: %1. Not accepted: %2. Decisions received: %3. "
                    "Accepted by the registry: %4."
                )
                .replace("%1", str(report.push.delivered))
                .replace("%2", str(report.push.quarantined))
                .replace("%3", str(len(_decisions(report.pull.applied))))
                .replace("%4", str(_acceptances(report.pull.applied)))
            )
        self.report_box = box
        box.finished.connect(box.deleteLater)
        box.open()

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Send what is waiting and fetch decisions (F5)"))
        self.not_accepted_button.setText(self.tr("Show them"))
        self.not_accepted_button.setToolTip(
            self.tr("The journal lists them; open one to see why, correct it and save")
        )
        self.refresh()

    def _show_between(self) -> None:
        """The separator between the counts: when both are shown."""
        self.between.setVisible(not self.last_label.isHidden())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _decisions(applied: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [change for change in applied if change.get("status") in DECISIONS]


def _acceptances(applied: list[dict[str, Any]]) -> int:
    """How many applications the back office took up (a status, not a decision)."""
    return sum(1 for change in applied if change.get("status") == Status.ACCEPTED)


def _separator() -> QLabel:
    label = QLabel("|")
    label.setStyleSheet("color: #9e9e9e;")
    return label
