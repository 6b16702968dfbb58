"""Restoring a backup: into a new folder from the running app, or in the first-run wizard.

A restore never touches a profile that exists: :func:`frontdesk.backup.restore`
builds a new profile (new id, new key in this computer's keyring) in an empty
folder. It runs on a lane of its own, never on the session's connections. A
wrong passphrase says so and leaves nothing behind. From the running app the
restored profile is then opened by starting FrontDesk again with
``--data-dir``; on a replacement laptop the wizard restores into the folder it
was going to use and goes on to sign-in.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from frontdesk.backup import PASSPHRASE_SECRET, WrongPassphrase, restore
from frontdesk.daily_backup import AUTO_FOLDER_KEY
from frontdesk.paths import program_dir
from frontdesk.profile import Profile
from ui import file_dialogs
from ui.backup_widgets import (
    DONE_STYLE,
    PathField,
    documents_folder,
    grow_to_fit,
    problem_text,
)
from ui.tasks import TaskRunner
from ui.widgets import ERROR_STYLE

if TYPE_CHECKING:
    from ui.wizard import FirstRunWizard


@dataclass(frozen=True)
class RestoreResult:
    root: Path
    applications: int
    operators: tuple[str, ...]
    # Set in the backup, and its passphrase not in this computer's keyring (restored on
    # another laptop): it must be typed again here. ("" on the same laptop: restore()
    # carried the passphrase over, and the note sent the worker to type it for nothing.)
    daily_folder: str


class FolderNotEmpty(Exception):
    """The chosen folder holds other files; a restore goes into an empty one."""


def restore_into(
    source: Path, root: Path, passphrase: str, *, require_empty: bool, secrets_backend: Any = None
) -> RestoreResult:
    """Restore on a worker thread; on any failure leave no folder this call created."""
    new_folders = [folder for folder in (root, *root.parents) if not folder.exists()]
    if require_empty and not new_folders and not Profile.exists(root) and any(root.iterdir()):
        raise FolderNotEmpty(str(root))  # (an existing profile: restore() says so itself)
    try:
        with restore(source, root, passphrase, secrets_backend=secrets_backend) as profile:
            return RestoreResult(
                root,
                profile.applications.count(),
                tuple(profile.operators.logins()),
                _daily_unkeyed(profile),
            )
    except BaseException:
        for folder in new_folders:  # innermost first; rmdir keeps anything not empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _daily_unkeyed(profile: Profile) -> str:
    """The daily backups' folder when they are set up and their passphrase is not in this
    computer's keyring; else "" (as ``frontdesk restore`` tells it)."""
    folder = profile.setting(AUTO_FOLDER_KEY) or ""
    return folder if folder and not profile.secrets.get(PASSPHRASE_SECRET) else ""


def launch_command(root: Path) -> tuple[str, list[str]]:
    """How to start FrontDesk on the profile in ``root`` (frozen bundle or source tree)."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--data-dir", str(root)]
    return sys.executable, ["-m", "frontdesk", "--data-dir", str(root)]


def start_frontdesk(root: Path) -> bool:
    program, arguments = launch_command(root)
    started, _pid = QProcess.startDetached(program, arguments, str(program_dir()))
    return bool(started)


def choose_backup_source(parent: QWidget | None, current: str = "") -> str:
    name, _ = file_dialogs.open_file_name(
        parent,
        QCoreApplication.translate("RestoreDialog", "The backup file"),
        current or str(documents_folder()),
        QCoreApplication.translate(
            "RestoreDialog", "FrontDesk backups (*.fdbackup);;All files (*)"
        ),
    )
    return name


def choose_new_folder(parent: QWidget | None, current: str = "") -> str:
    title = QCoreApplication.translate("RestoreDialog", "A new, empty folder for the profile")
    return file_dialogs.existing_directory(parent, title, current)


class RestoreDialog(QDialog):
    """Pick the backup (and, from the running app, a new folder); type the passphrase."""

    restored = Signal(object)  # RestoreResult
    openRequested = Signal(object)  # Path: start FrontDesk on the restored profile now

    def __init__(
        self,
        *,
        language: str,
        target: Path | None = None,
        suggested: Path | None = None,
        lane: TaskRunner | None = None,
        secrets_backend: Any = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._target = target  # fixed (the wizard's folder), or None: the worker picks one
        self._backend = secrets_backend
        self._own_lane = lane is None
        self.lane = lane or TaskRunner("restore", parent=self)
        self.busy = False
        self.result_info: RestoreResult | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setMinimumWidth(600)
        if target is None:
            intro = self.tr(
                "A restore never changes the profile you work in now. It creates a new "
                "profile from the backup file in an empty folder; then FrontDesk can open it. "
                "Operators sign in with the passwords they had when the backup was made."
            )
        else:
            intro = self.tr(
                "For a replacement computer: the profile is restored from the backup file into "
                "the folder FrontDesk uses here (%1). Operators then sign in with the "
                "passwords they had when the backup was made."
            ).replace("%1", str(target))
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.source = PathField(choose_backup_source)
        self.folder = PathField(choose_new_folder, str(suggested or ""))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        for signal in (self.source.changed, self.folder.changed, self.passphrase.textChanged):
            signal.connect(self._update)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = QPushButton(self.tr("Restore"))
        self.open_button = QPushButton(
            self.tr("Open the restored profile") if target is None else self.tr("Go on to sign in")
        )
        for button in (self.start_button, self.open_button):  # AcceptRole: Enter presses it
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.hide()  # (adding it to the box showed it) until there is a profile
        self.start_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.source.add_to(form, self.tr("Backup file:"))
        if target is None:
            self.folder.add_to(form, self.tr("New profile folder:"))
        else:
            self.folder.hide()
        form.addRow(self.tr("Backup passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.finished.connect(lambda _result: self._release())
        self._update()

    def target(self) -> Path | None:
        return self._target or self.folder.path()

    def _update(self, _text: str = "") -> None:
        ready = bool(self.source.path() and self.target() and self.passphrase.text())
        self.start_button.setEnabled(ready and not self.busy and self.result_info is None)

    def start(self) -> None:
        source, root = self.source.path(), self.target()
        if source is None or root is None or self.busy:
            return
        passphrase, backend = self.passphrase.text(), self._backend
        require_empty = self._target is None
        self._set_busy(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Restoring… (checking the passphrase, then copying)"))
        self.lane.run(
            lambda: restore_into(
                source, root, passphrase, require_empty=require_empty, secrets_backend=backend
            ),
            self._restored,
            self._failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.source, self.folder, self.passphrase, self.buttons):
            widget.setEnabled(not busy)
        self._update()

    def _restored(self, result: RestoreResult) -> None:
        self.result_info = result
        self._set_busy(False)
        self.passphrase.clear()
        for widget in (self.source, self.folder, self.passphrase):
            widget.setEnabled(False)  # done: this dialog restores once
        self.start_button.hide()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        lines = [
            self.tr("Restored. Applications: %1; operators: %2.")
            .replace("%1", str(result.applications))
            .replace("%2", ", ".join(result.operators) or "—")
        ]
        if self._target is None:
            program = "frontdesk"
            lines.append(
                self.tr(
                    "The restored profile is in %1. The profile you work in now stays as it "
                    "was, and a plain start of FrontDesk still opens it. To work in the "
                    "restored one later, start: %2"
                )
                .replace("%1", str(result.root))
                .replace("%2", f'{program} --data-dir "{result.root}"')
            )
        if result.daily_folder:
            lines.append(
                self.tr(
                    "Daily backups were set up: type their passphrase again in "
                    "Service → Daily backup (it stays in the old computer's keyring)."
                )
            )
        self.status.setStyleSheet(DONE_STYLE)
        self.status.setText("\n\n".join(lines))
        grow_to_fit(self)
        self.restored.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
            self.passphrase.setFocus()
            text = exc.message(self._language)
        elif isinstance(exc, FolderNotEmpty):
            text = self.tr(
                "The folder %1 is not empty. Choose a new, empty folder (or type the name "
                "of one that does not exist yet): nothing was changed."
            ).replace("%1", str(exc))
        else:
            text = problem_text(exc, self._language)
        self.status.setText(text)
        grow_to_fit(self)

    def _open(self) -> None:
        if self.result_info is not None:
            self.openRequested.emit(self.result_info.root)
        self.accept()

    def reject(self) -> None:
        if not self.busy:  # a half-restored profile must not be left behind
            super().reject()

    def _release(self) -> None:
        if self._own_lane:
            self.lane.shutdown()


class WizardRestore(QObject):
    """The first-run wizard's "Restore from a backup…" button (first page only)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.dialog: RestoreDialog | None = None
        self._first = wizard.pageIds()[0]
        wizard.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Restore from a backup…"))
        wizard.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        wizard.customButtonClicked.connect(self._clicked)
        wizard.currentIdChanged.connect(self._page_changed)

    def _page_changed(self, page_id: int) -> None:
        on_first = page_id in (-1, self._first)
        self._wizard.setOption(QWizard.WizardOption.HaveCustomButton1, on_first)

    def _clicked(self, which: int) -> None:
        if which != QWizard.WizardButton.CustomButton1.value:
            return
        wizard = self._wizard
        self.dialog = RestoreDialog(
            language=wizard.language,
            target=wizard.root,
            lane=wizard.lane,
            secrets_backend=wizard.secrets_backend,
            parent=wizard,
        )
        self.dialog.finished.connect(self._finished)
        self.dialog.open()

    def _finished(self, _result: int) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.result_info is not None:
            # The profile exists now, however the dialog was closed: on to sign-in.
            self._wizard.operator = ""
            self._wizard.accept()
