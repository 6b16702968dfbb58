"""Starting the workstation app: first run, sign in, main window, background sync.

``frontdesk`` (or ``frontdesk gui``, or ``python -m ui``) ends up in
:func:`main`. Ukrainian is the default language; the profile's ``ui.language``
setting switches it once the profile is open.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.import_scan import quicker_scan

quicker_scan()  # before PySide6 is first loaded: it then looks at every module loaded

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from frontdesk import hardening
from frontdesk.errors import FrontDeskError, ProfileFileMissing
from frontdesk.paths import data_dir
from frontdesk.profile import Profile
from ui import crash
from ui.clipboard import clear_own_clipboard
from ui.fonts import install_fonts
from ui.i18n import Translations
from ui.login import LoginDialog
from ui.preferences import DEFAULT_LANGUAGE, Preferences
from ui.pyside_fixes import keep_singletons_alive
from ui.single_instance import SingleInstance, ask_to_show

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.session import Session
    from ui.sync_controller import SyncController

log = logging.getLogger(__name__)
STARTUP_SYNC_FALLBACK_MS = 3000  # start syncing even if the journal could not be shown
AUTO_BACKUP_DELAY_MS = 10_000  # the daily backup waits until start-up work is done
RETENTION_DELAY_MS = 60_000  # a minute after sign-in: start-up and the daily backup first
LISTEN_AFTER_MS = 200  # for a later start of FrontDesk on this profile (ui.single_instance)
UPGRADING_MARK = ".upgrading"  # in the profile folder while the database is brought up to date
UPGRADE_WAIT_MS = 120_000  # how long a second start waits for that
# What the main window needs and the sign-in does not: loaded while the worker types the
# password, so the sign-in shows sooner and the journal follows it as soon as before.
AFTER_SIGN_IN = ("ui.main_window", "ui.session", "ui.sync_controller")


def load_after_sign_in() -> None:
    for name in AFTER_SIGN_IN:
        importlib.import_module(name)


def create_application(argv: list[str] | None = None) -> tuple[QApplication, Translations]:
    keep_singletons_alive()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("FrontDesk")
    app.setOrganizationName("FrontDesk")
    # Not the desktop's file dialogs, which list the files chosen in them (ui.file_dialogs),
    # also for those Qt opens by itself (the printer dialog's "Print to file" on Linux).
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    install_fonts(app)
    translations = Translations()
    translations.switch(DEFAULT_LANGUAGE)
    return app, translations


class Startup:
    """First run → sign in → main window; holds what must be closed at the end."""

    def __init__(self, root: Path, translations: Translations) -> None:
        self.root = root
        self.translations = translations
        self.session: Session | None = None
        self.window: MainWindow | None = None
        self.controller: SyncController | None = None
        self._upgrading: QLabel | None = None
        self.password_dialog: QDialog | None = None  # her own password, before she works

    def run(self) -> bool:
        operator = ""
        if Profile.orphaned(self.root):  # not a first run: the first-run wizard would lose it
            self._fatal(ProfileFileMissing(path=str(self.root)).message(self.translations.language))
            return False
        if not Profile.exists(self.root):
            first = self._first_run()
            if first is None:
                return False
            operator = first  # "" after a restore: the restored operators sign in
        try:
            reader = Profile.open(self.root, on_upgrade=self._show_upgrading)
        except FrontDeskError as exc:
            self._fatal(exc.message(self.translations.language))
            return False
        finally:
            self._close_upgrading()
        try:
            prefs = Preferences.load(reader)
            if prefs.language != self.translations.language:
                self.translations.switch(prefs.language)
            if not operator and not reader.operators.logins():
                operator = self._first_operator()  # the first run stopped before it
                if not operator:
                    reader.close()
                    return False
            if not operator:
                login = LoginDialog(reader.operators, reader.workstation)
                login.first_painted.connect(load_after_sign_in)
                if login.exec() != QDialog.DialogCode.Accepted:
                    reader.close()
                    return False
                operator = login.operator
            if not self._own_password(reader, operator):
                reader.close()
                return False
            profile = Profile.open(self.root)
        except FrontDeskError as exc:
            reader.close()
            self._fatal(exc.message(self.translations.language))
            return False
        self._open_window(profile, reader, operator)
        return True

    def _open_window(self, profile: Profile, reader: Profile, operator: str) -> None:
        """``operator``'s session over the two connections, and the main window."""
        from ui.main_window import MainWindow  # (loaded already while signing in)
        from ui.session import session_for
        from ui.sync_controller import SyncController

        self.session = session_for(profile, reader, operator)
        self.controller = SyncController(self.root)
        self.window = MainWindow(self.session, self.controller, self.translations)
        self.window.handedOver.connect(self._hand_over)
        self.window.show()
        # Sync (its thread imports the HTTP client) starts once the journal is on screen.
        self.window.ready.connect(self.controller.start)
        QTimer.singleShot(STARTUP_SYNC_FALLBACK_MS, self.controller, self.controller.start)
        # The daily backup (if due) once signed in, then a look every hour; on the db lane.
        QTimer.singleShot(AUTO_BACKUP_DELAY_MS, self.window, self.window.auto_backup.start)
        # Decided cases' personal data past its retention period leaves, after the backup.
        QTimer.singleShot(RETENTION_DELAY_MS, self.window, self.window.retention.start)

    def _hand_over(self, operator: str) -> None:
        """The window was closed at its lock screen for ``operator``, who signed in there
        (what was typed is its owner's draft by now). Once the window is gone, its
        session ends (its last writes done) and hers opens, as after the sign-in at start:
        she sees nothing of the other's, and the app does not quit in between."""
        window, session = self.window, self.session
        if window is None or session is None:
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        self.window = None
        window.destroyed.connect(lambda: self._open_for(operator, session))
        window.deleteLater()

    def _open_for(self, operator: str, ended: Session) -> None:
        ended.close()
        self.session = None
        try:
            reader = Profile.open(self.root)
            try:
                if not self._own_password(reader, operator):
                    reader.close()
                    QApplication.quit()  # (as a sign-in cancelled at start)
                    return
                profile = Profile.open(self.root)
            except BaseException:
                reader.close()
                raise
        except FrontDeskError as exc:
            self._fatal(exc.message(self.translations.language))
            QApplication.quit()
            return
        self._open_window(profile, reader, operator)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)

    def _own_password(self, reader: Profile, operator: str) -> bool:
        """Whether ``operator`` may go on: yes, unless someone else set her password (she
        forgot hers) and she closes the dialog instead of choosing her own."""
        set_by = reader.operators.password_set_by(operator)
        if not set_by:
            return True
        from ui.password import ChangePasswordDialog
        from ui.tasks import TaskRunner

        dialog = ChangePasswordDialog(
            reader.operators,
            operator,
            TaskRunner("password", synchronous=True),  # (no session yet: as the sign-in)
            set_by=set_by,
        )
        self.password_dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _first_run(self) -> str | None:
        """The first-run wizard, opened again in the language the worker picks on its first
        page. Returns the first operator's login ("" after a restore), or None if closed."""
        from ui.wizard import LANGUAGE_SWITCHED, FirstRunWizard  # first run only

        typed = ""
        while True:
            wizard = FirstRunWizard(
                self.root, language=self.translations.language, workstation=typed
            )
            result = wizard.exec()
            if result != LANGUAGE_SWITCHED:
                break
            self.translations.switch(wizard.language)
            typed = wizard.workstation_page.code.text()
        if result != QDialog.DialogCode.Accepted or not Profile.exists(self.root):
            return None
        return wizard.operator

    def _first_operator(self) -> str:
        """The wizard's last page again, for a profile that has no operator yet: nobody
        could sign in to it otherwise. Returns the new operator's login ("" if closed)."""
        from ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(
            self.root, language=self.translations.language, existing=Profile.open(self.root)
        )
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return ""
        return wizard.operator

    def close(self) -> None:
        if self.controller is not None:
            from ui.sync_controller import CLOSING_WAIT_S  # (loaded with the controller)

            self.controller.stop(CLOSING_WAIT_S)
        if self.session is not None:
            self.session.close()
            self.session = None

    def bring_to_front(self) -> None:
        """Another start of FrontDesk on this profile: show what is open here instead."""
        shown = QApplication.activeModalWidget() or self.window
        if shown is None:
            return
        if shown.isMinimized():  # (a maximised window comes back maximised)
            shown.setWindowState(shown.windowState() & ~Qt.WindowState.WindowMinimized)
        shown.raise_()
        shown.activateWindow()

    def _show_upgrading(self) -> None:
        """The first start after an update: the database is brought up to date before
        anything else shows (seconds, with many applications); a window says why."""
        notice = QLabel(
            QCoreApplication.translate(
                "Startup",
                "FrontDesk is updating its database for the new version. This happens once "
                "and may take up to a minute; nothing is lost.",
            )
        )
        notice.setWindowTitle("FrontDesk")
        notice.setWordWrap(True)
        notice.setMargin(24)
        notice.resize(440, 120)
        notice.show()
        for _ in range(3):  # painted before the work holds this thread
            QApplication.processEvents()
        self._upgrading = notice
        with contextlib.suppress(OSError):  # (what a second start meanwhile is told)
            (self.root / UPGRADING_MARK).touch()

    def _close_upgrading(self) -> None:
        notice, self._upgrading = self._upgrading, None
        if notice is not None:
            notice.close()
            notice.deleteLater()
        with contextlib.suppress(OSError):  # (also one a crash during an update left)
            (self.root / UPGRADING_MARK).unlink(missing_ok=True)

    @staticmethod
    def _fatal(message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, "FrontDesk", message)
        box.exec()


def _take_over_from(host: str, instance: SingleInstance) -> bool:
    """The profile is marked open by FrontDesk on another computer (the folder was
    carried over from it, or this computer was renamed, after a crash or a power cut):
    the worker decides; True when this start took the profile over."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "FrontDesk",
        QCoreApplication.translate(
            "Startup",
            "This profile is marked as open in FrontDesk on the computer “{host}”. If "
            "FrontDesk is not working with this profile there now (the folder was moved "
            "from that computer, or this computer was renamed), open it here. Never work "
            "with one profile on two computers at once.",
        ).format(host=host),
    )
    here = box.addButton(
        QCoreApplication.translate("Startup", "Open here"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("Startup", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not here:
        return False
    if not instance.take_over():
        log.warning("could not take over the profile lock left by another computer")
        return False
    log.info("took over the profile lock left by another computer")
    return True


def main(args: argparse.Namespace | None = None) -> int:
    missed = hardening.harden_process()  # (done already when started as `frontdesk`)
    if missed:
        log.info("not available on this system: %s", ", ".join(missed))
    crash.install()
    app, translations = create_application()
    root = data_dir(getattr(args, "data_dir", None) if args else None)
    instance = SingleInstance(root)
    if not instance.acquire():
        host = instance.other_computer()
        if host is not None:
            if not _take_over_from(host, instance):
                return 1
        elif ask_to_show(root) or (
            # The first start after an update is bringing the database up to date (it
            # answers once that is done): this start waits for it, as the worker would.
            (root / UPGRADING_MARK).exists() and ask_to_show(root, UPGRADE_WAIT_MS)
        ):
            log.info("FrontDesk is already open on this profile: showed that window")
            return 0
        elif (root / UPGRADING_MARK).exists():
            Startup._fatal(
                QCoreApplication.translate(
                    "Startup",
                    "FrontDesk is already open with this profile and is updating its database "
                    "for the new version. Wait until its window opens.",
                )
            )
            return 1
        else:
            Startup._fatal(
                QCoreApplication.translate(
                    "Startup",
                    "FrontDesk is already open on this computer with this profile, but does not "
                    "answer. Wait a minute and try again; if it stays so, restart the computer.",
                )
            )
            return 1
    startup = Startup(root, translations)
    instance.activated.connect(startup.bring_to_front)
    # Also while a sign-in or first-run dialog is open; after its first paint (QtNetwork
    # loads then: ~10 ms). A start meanwhile keeps knocking (ask_to_show).
    QTimer.singleShot(LISTEN_AFTER_MS, instance.listen)
    app.aboutToQuit.connect(instance.release)  # first: a start meanwhile opens anew
    app.aboutToQuit.connect(clear_own_clipboard)  # (not handed to a clipboard manager)
    app.aboutToQuit.connect(startup.close)
    if not startup.run():
        startup.close()
        instance.release()
        return 1
    return app.exec()
