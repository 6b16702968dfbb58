"""The daily backup: its settings dialog, and the timer that makes it while the app runs.

:class:`AutoBackup` asks :func:`frontdesk.daily_backup.auto_backup` once after
sign-in and then every hour, always on the session's db lane; the core
decides whether a day has passed and prunes old copies. A failure goes to the
status bar and the log — never a dialog in the worker's face.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.backup import PASSPHRASE_SECRET, BackupInfo
from frontdesk.daily_backup import (
    AUTO_FOLDER_KEY,
    AUTO_KEEP_KEY,
    AUTO_LAST_KEY,
    BackupFailure,
    auto_backup,
    configure_auto_backup,
    disable_auto_backup,
    last_failure,
)
from frontdesk.errors import FrontDeskError
from frontdesk.profile import Profile
from frontdesk.text import local_time
from ui import file_dialogs
from ui.backup_widgets import PassphraseFields, PathField, problem_text
from ui.notices import ask, notice
from ui.session import SETTINGS, Session
from ui.status_message import StatusText
from ui.tasks import Periodic
from ui.widgets import error_label
from ui.wording import time_ago

log = logging.getLogger(__name__)
HOUR_MS = 60 * 60 * 1000
DEFAULT_KEEP = 7
Clock = Callable[[], dt.datetime | None]  # None: the real time


@dataclass(frozen=True)
class DailyState:
    folder: str
    keep: int
    last: str | None
    has_passphrase: bool
    failure: BackupFailure | None = None  # the last one, until a copy is made again


def read_state(profile: Profile) -> DailyState:
    """The daily backup's settings (db lane: the passphrase is looked up in the keyring)."""
    try:
        keep = int(profile.setting(AUTO_KEEP_KEY) or DEFAULT_KEEP)
    except ValueError:
        keep = DEFAULT_KEEP
    return DailyState(
        folder=profile.setting(AUTO_FOLDER_KEY) or "",
        keep=keep,
        last=profile.setting(AUTO_LAST_KEY),
        has_passphrase=bool(profile.secrets.get(PASSPHRASE_SECRET)),
        failure=last_failure(profile),
    )


def _on_own_connection(
    session: Session, now: dt.datetime | None, ran: dt.timedelta, looked_at: float
) -> BackupInfo | None:
    """The daily backup on a connection of its own: reading a page damaged on disk leaves
    SQLCipher's connection read-only, and on the saves' one every later save failed."""
    with Profile.open(session.profile.root) as own:
        return auto_backup(own, now, ran, looked_at)


class AutoBackup(Periodic):
    """Runs the daily backup on the copies lane: at :meth:`start`, then every
    ``interval_ms``."""

    def __init__(
        self,
        session: Session,
        report: Callable[[StatusText], None],
        *,
        interval_ms: int = HOUR_MS,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(interval_ms, parent)
        self._session = session
        self._report = report
        self._clock: Clock = clock or (lambda: None)
        self._looked = time.monotonic()  # (the app's start, for its first look)

    def begin(self) -> None:
        session, now = self._session, self._clock()
        # How long the app ran since its last look, by a clock no one sets: the daily
        # backup sees from it a computer's clock set back at every start (a dead battery).
        looked, self._looked = self._looked, time.monotonic()
        ran, looked_at = dt.timedelta(seconds=self._looked - looked), self._looked
        session.copies.run(  # (not the db lane: the saves do not wait for the copy)
            lambda: _on_own_connection(session, now, ran, looked_at),
            self._done,
            self._failed,
            owner=self,
        )

    def _done(self, info: BackupInfo | None) -> None:
        self.running = False
        if info is None:
            return  # not due yet, or not set up
        log.info("daily backup written: %s (%d bytes)", info.path.name, info.size)
        path = str(info.path)
        self._report(lambda: self.tr("Daily backup written: %1").replace("%1", path))

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, FrontDeskError | OSError):
            log.warning("daily backup failed: %s", type(exc).__name__)
        else:
            log.error("daily backup failed", exc_info=exc)
        session = self._session
        self._report(  # (said again in a language switched to: logged here, once)
            lambda: self.tr("The daily backup failed: %1").replace(
                "%1", problem_text(exc, session.language, logged=True)
            )
        )


def choose_folder(parent: QWidget | None, current: str = "") -> str:
    title = QCoreApplication.translate("DailyBackupDialog", "Folder for the daily backups")
    return file_dialogs.existing_directory(parent, title, current)


class DailyBackupDialog(QDialog):
    """Where the daily backups go, how many are kept, and their passphrase."""

    saved = Signal()

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = True  # until the current settings arrive from the db lane
        self.state: DailyState | None = None
        self.setWindowTitle(self.tr("Daily backup"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Once a day, while FrontDesk runs, it writes a backup into this folder by "
                "itself and keeps the newest ones. Choose a USB disk or a network folder: "
                "a copy on this computer's own disk is lost with the computer."
            )
        )
        intro.setWordWrap(True)
        self.folder = PathField(choose_folder)
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(DEFAULT_KEEP)
        self.last = QLabel()
        self.last.setWordWrap(True)
        self.failure = error_label()  # why the last daily backup failed, until one is made
        self.passphrase = PassphraseFields()
        self.missing = error_label()
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        # (the stick lost for good, the office's copies made elsewhere: it stops for good)
        self.off_button = QPushButton(self.tr("Turn off daily backups"))
        self.buttons.addButton(self.off_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.off_button.hide()  # until the settings say there is a daily backup to stop
        self.off_button.clicked.connect(self.turn_off)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.folder.changed.connect(self._update)
        self.passphrase.changed.connect(self._update)
        form = QFormLayout()
        self.folder.add_to(form, self.tr("Folder:"))
        form.addRow(self.tr("How many to keep:"), self.keep)
        form.addRow(self.tr("Last daily backup:"), self.last)
        form.addRow(self.tr("Last failure:"), self.failure)
        self._form = form
        form.setRowVisible(self.failure, False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.missing)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.last.setText(self.tr("reading…"))
        self._update()
        session.db.run(lambda: read_state(session.profile), self._show, self._failed, owner=self)

    def _show(self, state: DailyState) -> None:
        self.state = state
        self.busy = False
        if state.folder and not self.folder.edit.text():
            self.folder.edit.setText(state.folder)
        self.keep.setValue(state.keep)
        if state.last:
            self.last.setText(f"{local_time(state.last)} ({time_ago(state.last)})")
        else:
            self.last.setText(self.tr("none yet"))
        failure = state.failure
        if failure is not None:
            self.failure.setText(
                self.tr("%1 (%2): %3")
                .replace("%1", local_time(failure.at))
                .replace("%2", time_ago(failure.at))
                .replace("%3", failure.message(self._session.language))
            )
        self._form.setRowVisible(self.failure, failure is not None)
        self.passphrase.set_optional(state.has_passphrase)
        self.off_button.setVisible(bool(state.folder or state.has_passphrase))
        if state.folder and not state.has_passphrase:
            self.missing.setText(
                self.tr(
                    "The passphrase of the daily backup is not stored on this computer (for "
                    "example, after a restore). Type it again, or no daily backup is made."
                )
            )
        self._update()

    def _update(self) -> None:
        ready = self.folder.path() is not None and self.passphrase.acceptable()
        self.save_button.setEnabled(ready and not self.busy)
        self.off_button.setEnabled(not self.busy)

    def save(self) -> None:
        folder = self.folder.path()
        if folder is None or not self.passphrase.acceptable() or self.busy:
            return
        keep, passphrase = self.keep.value(), self.passphrase.passphrase()
        self.busy = True
        self.error.clear()
        self._update()

        def work(profile: Profile) -> None:
            phrase = passphrase or profile.secrets.get(PASSPHRASE_SECRET) or ""
            configure_auto_backup(profile, Path(folder), keep, phrase)

        self._session.write(work, SETTINGS, self._saved, self._failed, owner=self)

    def turn_off(self) -> None:
        """Ask, then stop the daily backup on the db lane (the copies made stay)."""
        if self.busy or self.state is None:
            return
        folder = self.state.folder
        ask(
            self,
            self.tr("Turn off daily backups"),
            self.tr(
                "Stop the daily backups? No more copies are made into %1; the copies already "
                "there stay. The daily backups' passphrase is removed from this computer."
            ).replace("%1", folder or "—"),
            self.tr("Turn off"),
            self._turn_off,
            destructive=True,
        )

    def _turn_off(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.error.clear()
        self._update()
        operator = self._session.operator

        def work(profile: Profile) -> str:
            folder = profile.setting(AUTO_FOLDER_KEY) or ""
            disable_auto_backup(profile)
            profile.applications.note_access(operator, "backup_unscheduled")
            return folder

        self._session.write(work, SETTINGS, self._turned_off, self._failed, owner=self)

    def _turned_off(self, folder: str) -> None:
        self.busy = False
        self.passphrase.clear()
        notice(
            self.parentWidget(),
            self.tr("Daily backup"),
            self.tr("Daily backups are turned off. The copies already made stay in %1.").replace(
                "%1", folder or "—"
            ),
            QMessageBox.Icon.Information,
        )
        self.accept()

    def _saved(self, _: object) -> None:
        self.busy = False
        self.passphrase.clear()
        self.saved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.error.setText(problem_text(exc, self._session.language))
        self._update()

    def reject(self) -> None:
        if not (self.busy and self.state is not None):  # not while the settings are written
            super().reject()
