"""Parts the backup, daily-backup and restore dialogs share.

The passphrase fields (typed twice, with the rule in plain words), a file or
folder field with a "Choose…" button, and how a failed operation is worded
for the worker. No disk or database work happens here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.backup_texts import MIN_PASSPHRASE
from frontdesk.errors import FrontDeskError, os_reason
from frontdesk.operators import easy_to_guess
from ui.widgets import error_label

log = logging.getLogger(__name__)
DONE_STYLE = "color: #1e6b2f;"
Chooser = Callable[[QWidget, str], str]  # (parent, current text) → the chosen path or ""


def grow_to_fit(dialog: QWidget) -> None:
    """Let an open dialog grow once a wrapped message got longer (Qt does not by itself)."""

    def fit() -> None:
        hint = dialog.sizeHint()
        width = max(dialog.width(), hint.width())
        # wrapped lines need the height they take at this width, more than the hint says
        height = max(hint.height(), dialog.heightForWidth(width))
        dialog.resize(width, max(dialog.height(), height))

    QTimer.singleShot(0, dialog, fit)


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def problem_text(exc: BaseException, language: str, *, logged: bool = False) -> str:
    """What to tell the worker about a failed backup, restore or diagnostics file. A bug
    goes to the log with its traceback, unless the caller has ``logged`` it."""
    if isinstance(exc, FrontDeskError):
        return exc.message(language)
    if isinstance(exc, OSError):
        reason = os_reason(exc, language)  # the system's words are English
        where = f" ({_known_name(exc.filename)})" if exc.filename else ""
        return QCoreApplication.translate(
            "BackupWidgets", "The file or folder cannot be written or read: %1"
        ).replace("%1", reason + where)
    if not logged:
        log.error("backup operation failed", exc_info=exc)
    return QCoreApplication.translate(
        "BackupWidgets", "Something went wrong inside the program; the details are in the log."
    )


def _known_name(filename: object) -> str:
    """A path the worker knows: a hidden file being written (".backup-…") by its folder."""
    path = Path(str(filename))
    return str(path.parent) if path.name.startswith(".") else str(path)


class PassphraseFields(QWidget):
    """The backup passphrase, typed twice, with the rule next to it.

    ``optional`` (the daily backup when a passphrase is already stored): both
    fields left empty mean "keep the stored one".
    """

    changed = Signal()

    def __init__(self, *, repeat: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = False
        self.first = QLineEdit()
        self.second = QLineEdit()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._edited)
        self.rule = QLabel(
            self.tr(
                "The backup passphrase: at least %1 characters. Write it down and keep it "
                "apart from this computer: without it the backup cannot be restored."
            ).replace("%1", str(MIN_PASSPHRASE))
        )
        self.rule.setWordWrap(True)
        self.problem = error_label()
        # The wrapped texts below the form, not in its rows: a form row gave the rule the
        # height of one line once the problem appeared, and cut off its warning.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.first)
        if repeat:
            form.addRow(self.tr("The passphrase again:"), self.second)
        else:
            self.second.hide()
        self._repeat = repeat
        column.addLayout(form)
        column.addWidget(self.rule)
        column.addWidget(self.problem)

    def set_optional(self, optional: bool) -> None:
        self.optional = optional
        hint = self.tr("leave empty to keep the stored one") if optional else ""
        for edit in (self.first, self.second):
            edit.setPlaceholderText(hint)
        self._edited()

    def passphrase(self) -> str:
        return self.first.text()

    def check(self) -> str:
        """Why the typed passphrase cannot be used ("" when it can)."""
        first, second = self.first.text(), self.second.text()
        if self.optional and not first and not second:
            return ""
        if len(first) < MIN_PASSPHRASE:
            return (
                self.tr("The passphrase is too short: %1 of at least %2 characters.")
                .replace("%1", str(len(first)))
                .replace("%2", str(MIN_PASSPHRASE))
            )
        if self._repeat and easy_to_guess(first):  # (a new one: restoring takes any)
            return self.tr(
                "This passphrase is too easy to guess (a common one, a few characters "
                "repeated, or keys in a row). Use a few words."
            )
        if self._repeat and first != second:
            return self.tr("The two passphrases differ.")
        return ""

    def acceptable(self) -> bool:
        return not self.check()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _edited(self, _text: str = "") -> None:
        # Say what is wrong once there is something to judge, not at the first keystroke.
        typed_both = bool(self.second.text()) or not self._repeat
        problem = self.check() if self.first.text() and typed_both else ""
        if problem != self.problem.text():
            self.problem.setText(problem)
            if problem:
                grow_to_fit(self.window())  # the rule above it stays whole
        self.changed.emit()


class PathField(QWidget):
    """A path in a line edit with a "Choose…" button that asks ``chooser``."""

    changed = Signal()

    def __init__(self, chooser: Chooser, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chooser = chooser
        self.edit = QLineEdit(text)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.edit.editingFinished.connect(self._show_full)
        self.button = QPushButton(self.tr("Choose…"))
        self.button.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def add_to(self, form: QFormLayout, label: str) -> QLabel:
        """A row of ``form``: its label names the line edit, for a screen reader too (a
        label given with the field named the row's container, which has no text)."""
        title = QLabel(label)
        title.setBuddy(self.edit)
        self.edit.setAccessibleName(label.rstrip(":："))
        form.addRow(title, self)
        return title

    def choose(self) -> None:
        chosen = self._chooser(self, self.edit.text())
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path | None:
        """The path typed or chosen, always in full: a bare or relative name is taken in the
        worker's Documents folder (the folder the program started in is System32 from a
        Start-menu shortcut, and a copy written there was found by nobody)."""
        text = self.edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else documents_folder() / path

    def _show_full(self) -> None:
        """A relative name typed is shown as the full path it stands for."""
        text = self.edit.text().strip()
        if text and not Path(text).expanduser().is_absolute():
            self.edit.setText(str(documents_folder() / Path(text).expanduser()))
