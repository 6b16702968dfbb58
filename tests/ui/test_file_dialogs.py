"""Qt's file dialog and the trail of folders it leaves in its settings file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from ui import file_dialogs


def _close_when_shown() -> None:
    """Cancel the dialog once it is on screen (a bounded number of looks)."""
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            dialog.reject()
        elif tries[0] < 100:
            tries[0] += 1
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


def test_a_file_dialog_leaves_no_trail_of_the_folders_it_visited(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A folder named after a resident stayed in plain text in QtProject.conf."""
    user_scope = (QSettings.Format.NativeFormat, QSettings.Scope.UserScope)
    previous = Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).parent
    QSettings.setPath(*user_scope, str(tmp_path / "config"))
    try:
        folder = tmp_path / "Коваленко Марʼяна"
        folder.mkdir()
        conf = tmp_path / "config" / "QtProject.conf"
        trail = "%D0%9A%D0%BE%D0%B2%D0%B0%D0%BB%D0%B5%D0%BD%D0%BA%D0%BE"  # "Коваленко"

        _close_when_shown()
        QFileDialog.getSaveFileName(None, "Розписка", str(folder / "receipt.pdf"))
        assert trail in conf.read_text(encoding="utf-8")  # what Qt's own dialog leaves

        _close_when_shown()
        name, _ = file_dialogs.save_file_name(None, "Розписка", str(folder / "receipt.pdf"))
        assert name == ""
        assert trail not in conf.read_text(encoding="utf-8")
        assert "Коваленко" not in conf.read_text(encoding="utf-8")
    finally:
        QSettings.setPath(*user_scope, str(previous))
