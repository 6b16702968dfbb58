"""The file dialogs, without the trail a file dialog leaves on the laptop.

Every file dialog of FrontDesk is opened here, and each is Qt's own
(``DontUseNativeDialog``): the desktop's dialog keeps a list of the files chosen in it
— GTK's (GNOME, Cinnamon, MATE, XFCE) in ``~/.local/share/recently-used.xbel``,
Windows' in Recent Items and its dialog history (OpenSavePidlMRU) — and scans are named
after the resident ("Паспорт Шевчуківна Ганна.png"). Qt's dialog keeps the folders it
visited in its settings file (``QtProject.conf``), in plain text: each dialog here
forgets them once it is closed. The worker's choice is returned as Qt returns it.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_TRAIL = ("FileDialog/history", "FileDialog/lastVisited")
NOT_NATIVE = QFileDialog.Option.DontUseNativeDialog


def forget_visited_folders() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in _TRAIL:
        settings.remove(key)
    settings.sync()


def save_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> tuple[str, str]:
    try:
        return QFileDialog.getSaveFileName(parent, caption, directory, filter, options=NOT_NATIVE)
    finally:
        forget_visited_folders()


def open_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> tuple[str, str]:
    try:
        return QFileDialog.getOpenFileName(parent, caption, directory, filter, options=NOT_NATIVE)
    finally:
        forget_visited_folders()


def open_file_names(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> tuple[list[str], str]:
    try:
        return QFileDialog.getOpenFileNames(parent, caption, directory, filter, options=NOT_NATIVE)
    finally:
        forget_visited_folders()


def existing_directory(parent: QWidget | None, caption: str = "", directory: str = "") -> str:
    try:
        return QFileDialog.getExistingDirectory(
            parent, caption, directory, options=QFileDialog.Option.ShowDirsOnly | NOT_NATIVE
        )
    finally:
        forget_visited_folders()
