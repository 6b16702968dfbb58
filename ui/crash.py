"""Bugs: log them, tell the worker plainly, offer a diagnostics file without personal data.

Known errors (:class:`~frontdesk.errors.FrontDeskError`) are handled where
they happen and never reach this hook. The diagnostics file holds the
traceback and versions only — no application data, no local variables.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from frontdesk import __version__
from ui import file_dialogs

log = logging.getLogger("frontdesk.crash")


def diagnostics(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    frames = "".join(traceback.format_tb(tb))
    return (
        f"FrontDesk {__version__}, PySide6 {pyside_version}, Python {platform.python_version()}, "
        f"{platform.platform()}\n\n{frames}{exc_type.__name__}\n"
    )  # the exception's message is left out: it may quote what was typed


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is None:
        return
    report = diagnostics(exc_type, exc, tb)
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Crash", "Internal error"))
    box.setText(
        QCoreApplication.translate(
            "Crash",
            "Something went wrong inside the program. What you saved is safe; the form keeps "
            "its autosaved draft. You can save a diagnostics file (no personal data in it) "
            "for your administrator.",
        )
    )
    save = box.addButton(
        QCoreApplication.translate("Crash", "Save diagnostics…"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Close)

    def clicked(button: object) -> None:
        if button is save:
            name, _ = file_dialogs.save_file_name(
                None, QCoreApplication.translate("Crash", "Diagnostics"), "frontdesk-diag.txt"
            )
            if name:
                Path(name).write_text(report, encoding="utf-8")

    box.buttonClicked.connect(clicked)
    box.finished.connect(box.deleteLater)
    box.open()


def install() -> None:
    sys.excepthook = handle
