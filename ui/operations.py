"""The "Service" menu: the operator's own password; backup, daily backup, diagnostics and
restore for the IT person.

Each item opens a dialog or a file chooser on the GUI thread; the work itself
runs off it — the backup, the daily-backup settings and the diagnostics file
on the session's db lane, a restore on a lane of its own (it builds a new
profile and never uses the session's connections).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from frontdesk.worktime import kyiv_now
from ui import file_dialogs
from ui.notices import notice
from ui.session import Session

if TYPE_CHECKING:  # the dialogs load when first opened, not at start-up
    from frontdesk.backup import BackupInfo
    from ui.auto_backup import AutoBackup, DailyBackupDialog
    from ui.backup_dialog import BackupDialog
    from ui.password import ChangePasswordDialog
    from ui.restore import RestoreDialog

log = logging.getLogger(__name__)


class ServiceMenu(QMenu):
    message = Signal(object)  # for the status bar: a ui.status_message.StatusText

    def __init__(self, session: Session, window: QWidget, auto_backup: AutoBackup) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._auto_backup = auto_backup
        self.dialog: QDialog | None = None  # the one opened last
        self.password_action = self.addAction("")
        self.addSeparator()
        self.backup_action = self.addAction("")
        self.daily_action = self.addAction("")
        self.diagnostics_action = self.addAction("")
        self.addSeparator()
        self.restore_action = self.addAction("")
        self.password_action.triggered.connect(lambda _checked=False: self.change_password())
        self.backup_action.triggered.connect(lambda _checked=False: self.back_up())
        self.daily_action.triggered.connect(lambda _checked=False: self.set_up_daily_backup())
        self.diagnostics_action.triggered.connect(lambda _checked=False: self.write_diagnostics())
        self.restore_action.triggered.connect(lambda _checked=False: self.restore_backup())
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Service"))
        self.password_action.setText(self.tr("Change my password…"))
        self.backup_action.setText(self.tr("Back up…"))
        self.daily_action.setText(self.tr("Daily backup…"))
        self.diagnostics_action.setText(self.tr("Diagnostics…"))
        self.restore_action.setText(self.tr("Restore from a backup…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- the operator's own password ----------------------------------------------------

    def change_password(self) -> ChangePasswordDialog:
        from ui.password import ChangePasswordDialog

        session = self._session
        dialog = ChangePasswordDialog(
            session.profile.operators,
            session.operator,
            session.db,
            self._window,
        )
        dialog.accepted.connect(
            lambda: self.message.emit(lambda: self.tr("Your password is changed."))
        )
        self._show(dialog)
        return dialog

    # --- backup -----------------------------------------------------------------------

    def back_up(self) -> BackupDialog | None:
        from ui.backup_dialog import BackupDialog, choose_backup_file

        name = choose_backup_file(self._window)
        if not name:
            return None
        dialog = BackupDialog(self._session, Path(name), self._window)
        dialog.written.connect(self._backup_written)
        self._show(dialog)
        return dialog

    def _backup_written(self, info: BackupInfo) -> None:
        path = str(info.path)
        self.message.emit(lambda: self.tr("Backup written: %1").replace("%1", path))

    def set_up_daily_backup(self) -> DailyBackupDialog:
        from ui.auto_backup import DailyBackupDialog

        dialog = DailyBackupDialog(self._session, self._window)
        dialog.saved.connect(self._daily_backup_saved)
        self._show(dialog)
        return dialog

    def _daily_backup_saved(self) -> None:
        self.message.emit(lambda: self.tr("Daily backup is set up."))
        self._auto_backup.run_now()  # the first copy now, if one is due

    # --- diagnostics ------------------------------------------------------------------

    def write_diagnostics(self) -> None:
        from frontdesk.diagnostics import write_report
        from frontdesk.profile import Profile
        from ui.backup_widgets import documents_folder

        suggested = documents_folder() / f"frontdesk-diagnostics-{kyiv_now():%Y%m%d-%H%M}.json"
        name, _ = file_dialogs.save_file_name(
            self._window,
            self.tr("Where to write the diagnostics file"),
            str(suggested),
            self.tr("Diagnostics (*.json)"),
        )
        if not name:
            return
        session, path = self._session, Path(name)
        self.diagnostics_action.setEnabled(False)
        self.message.emit(lambda: self.tr("Writing the diagnostics file (checking the database)…"))
        root = session.profile_root

        def work() -> Path:
            # The database check reads every page: on a connection of its own, on the
            # copies lane, so that the saves do not wait for it (as a backup).
            with Profile.open(root) as own:
                return write_report(own, path)

        session.copies.run(
            work,
            self._diagnostics_written,
            self._diagnostics_failed,
            owner=self,
        )

    def _diagnostics_written(self, path: Path) -> None:
        self.diagnostics_action.setEnabled(True)
        self.message.emit(lambda: self.tr("Diagnostics file written: %1").replace("%1", str(path)))
        notice(
            self._window,
            self.tr("Diagnostics"),
            self.tr(
                "The diagnostics file is written:\n%1\n\nIt holds versions, counts, the "
                "database check and error codes — no personal data: no names, РНОКПП, "
                "addresses or anything else from the applications. Send it to your "
                "administrator as it is."
            ).replace("%1", str(path)),
            QMessageBox.Icon.Information,
        )

    def _diagnostics_failed(self, exc: BaseException) -> None:
        from ui.backup_widgets import problem_text

        self.diagnostics_action.setEnabled(True)
        notice(
            self._window,
            self.tr("Diagnostics"),
            self.tr("The diagnostics file was not written: %1").replace(
                "%1", problem_text(exc, self._session.language)
            ),
        )

    # --- restore ----------------------------------------------------------------------

    def restore_backup(self) -> RestoreDialog:
        from ui.restore import RestoreDialog

        root = self._session.profile_root
        suggested = root.parent / f"restored-{kyiv_now():%Y%m%d-%H%M}"
        dialog = RestoreDialog(
            language=self._session.language, suggested=suggested, parent=self._window
        )
        dialog.openRequested.connect(self.open_restored)
        self._show(dialog)
        return dialog

    def open_restored(self, root: Path) -> None:
        """Start FrontDesk on the restored profile and close this window (its draft is kept)."""
        from ui.restore import launch_command, start_frontdesk

        if start_frontdesk(root):
            log.info("started FrontDesk on a restored profile")
            self._window.close()
            return
        program, arguments = launch_command(root)
        notice(
            self._window,
            self.tr("Restore from a backup"),
            self.tr("FrontDesk could not be started by itself. Start it with:\n%1").replace(
                "%1", " ".join([program, *arguments])
            ),
        )
