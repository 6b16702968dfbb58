"""A backup by hand: the file, the passphrase twice, then the copy on the db lane.

:func:`frontdesk.backup.backup` uses SQLite's online backup API, so it is a
consistent snapshot even while the worker keeps saving; it runs on the
session's db lane (the lane that owns the write connection) and the dialog
shows a busy bar meanwhile. Nothing typed is lost on an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.backup import SUFFIX, BackupInfo, logged_backup
from frontdesk.errors import OperatorDeactivated
from frontdesk.profile import Profile
from frontdesk.worktime import kyiv_today
from ui import file_dialogs
from ui.backup_widgets import (
    DONE_STYLE,
    PassphraseFields,
    PathField,
    documents_folder,
    grow_to_fit,
    problem_text,
)
from ui.session import Session, was_deactivated
from ui.widgets import ERROR_STYLE


def default_backup_name(today: dt.date | None = None) -> str:
    return f"frontdesk-{(today or kyiv_today()):%Y%m%d}{SUFFIX}"


def choose_backup_file(parent: QWidget | None, current: str = "") -> str:
    """Ask where to write a backup; "" when the worker cancels."""
    suggested = current or str(documents_folder() / default_backup_name())
    name, _ = file_dialogs.save_file_name(
        parent,
        QCoreApplication.translate("BackupDialog", "Where to write the backup"),
        suggested,
        QCoreApplication.translate("BackupDialog", "FrontDesk backups (*.fdbackup)"),
    )
    if name and not name.endswith(SUFFIX):
        name += SUFFIX
    return name


def megabytes(size: int) -> str:
    return QCoreApplication.translate("BackupDialog", "%1 MB").replace(
        "%1", QLocale().toString(size / 1_000_000, "f", 1)
    )


class BackupDialog(QDialog):
    written = Signal(object)  # BackupInfo

    def __init__(self, session: Session, target: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False
        self.info: BackupInfo | None = None
        self.setWindowTitle(self.tr("Back up the profile"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "The backup holds every application and attachment of this workstation, "
                "encrypted with the passphrase below. Making it takes a few seconds (a minute "
                "or so with many scans); this window stays until it is made, and the form "
                "keeps saving what was typed meanwhile."
            )
        )
        intro.setWordWrap(True)
        self.file = PathField(choose_backup_file, str(target))
        self.passphrase = PassphraseFields()
        self.passphrase.changed.connect(self._update)
        self.file.changed.connect(self._update)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the copy gives no steps
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = QPushButton(self.tr("Create the backup"))
        # AcceptRole makes it the default button (Enter); the box's accepted() is not used.
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.file.add_to(form, self.tr("Backup file:"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._update()
        self.passphrase.first.setFocus()

    def _update(self) -> None:
        ready = self.file.path() is not None and self.passphrase.acceptable()
        self.start_button.setEnabled(ready and not self.busy)

    def start(self) -> None:
        target = self.file.path()
        if target is None or not self.passphrase.acceptable() or self.busy:
            return
        passphrase = self.passphrase.passphrase()
        session = self._session
        self._set_busy(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Writing the backup…"))

        root, who = session.profile_root, session.operator

        def work() -> BackupInfo:
            # On a connection of its own, on the copies lane: the saves do not wait for it
            # (~20 s with 300,000 applications), and a page damaged on disk leaves this
            # one read-only, not the saves' one.
            with Profile.open(root) as own:
                # (deactivated since the window's last look: the dialog was opened before)
                if was_deactivated(own, who):
                    raise OperatorDeactivated()
                # Every resident's data on a stick: who made the copy, in the access log,
                # before it is made (an entry failing after it said a copy written was not).
                return logged_backup(own, target, passphrase, who)

        session.copies.run(
            work,
            self._written,
            self._failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.file, self.passphrase, self.buttons):
            widget.setEnabled(not busy)
        self._update()

    def _written(self, info: BackupInfo) -> None:
        self.info = info
        self._set_busy(False)
        self.passphrase.clear()  # not kept in memory longer than needed
        self.passphrase.hide()
        self.file.setEnabled(False)
        self.start_button.hide()
        self.status.setStyleSheet(DONE_STYLE)
        self.status.setText(
            self.tr(
                "The backup is written: %1\nApplications in it: %2; size: %3. Keep the "
                "passphrase apart from the backup file."
            )
            .replace("%1", str(info.path))
            .replace("%2", str(info.applications))
            .replace("%3", megabytes(info.size))
        )
        grow_to_fit(self)
        self.written.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(
            self.tr("The backup was not written: %1").replace(
                "%1", problem_text(exc, self._session.language)
            )
        )
        grow_to_fit(self)

    def reject(self) -> None:
        if not self.busy:  # the copy finishes first; it takes seconds, not minutes
            super().reject()
