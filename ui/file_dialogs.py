"""The file dialogs, without the trail Qt's own dialog leaves.

Qt's dialog keeps the folders it visited in its settings file (``QtProject.conf``), in
plain text: a folder named after a resident ("Коваленко Марʼяна") would stay on the laptop
there. Each dialog here forgets them once it is closed; the worker's choice is returned
as Qt returns it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

_TRAIL = ("FileDialog/history", "FileDialog/lastVisited")


def forget_visited_folders() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in _TRAIL:
        settings.remove(key)
    settings.sync()


def save_file_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
    try:
        return QFileDialog.getSaveFileName(*args, **kwargs)
    finally:
        forget_visited_folders()


def open_file_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
    try:
        return QFileDialog.getOpenFileName(*args, **kwargs)
    finally:
        forget_visited_folders()


def open_file_names(*args: Any, **kwargs: Any) -> tuple[list[str], str]:
    try:
        return QFileDialog.getOpenFileNames(*args, **kwargs)
    finally:
        forget_visited_folders()


def existing_directory(*args: Any, **kwargs: Any) -> str:
    try:
        return QFileDialog.getExistingDirectory(*args, **kwargs)
    finally:
        forget_visited_folders()
