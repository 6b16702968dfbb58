"""The file dialogs: the trail of folders Qt's dialog leaves in its settings file, and the
desktop's own dialog (which lists the files chosen in it) never used."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from ui import file_dialogs

UI = Path(__file__).resolve().parents[2] / "ui"


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


def _inspect_when_shown(seen: list[bool]) -> None:
    """Note whether the file dialog on screen is Qt's own (not the desktop's), then cancel
    it (a bounded number of looks)."""
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(dialog.testOption(QFileDialog.Option.DontUseNativeDialog))
            dialog.reject()
        elif tries[0] < 100:
            tries[0] += 1
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


@pytest.mark.parametrize(
    "ask",
    [
        lambda folder: file_dialogs.save_file_name(None, "Розписка", str(folder / "r.pdf")),
        lambda folder: file_dialogs.open_file_name(None, "Кодифікатор", str(folder), "*.csv"),
        lambda folder: file_dialogs.open_file_names(None, "Скани", str(folder), "*"),
        lambda folder: file_dialogs.existing_directory(None, "Тека копій", str(folder)),
    ],
    ids=["save", "open", "open-many", "folder"],
)
def test_the_file_dialogs_are_qts_own_never_the_desktops_that_lists_the_files_chosen(
    qtbot: QtBot, tmp_path: Path, ask: Callable[[Path], object]
) -> None:
    """GTK's dialog (GNOME, Cinnamon, MATE, XFCE) wrote every scan chosen in it, named after
    the resident, to ~/.local/share/recently-used.xbel; Windows' to its Recent Items."""
    not_native: list[bool] = []
    _inspect_when_shown(not_native)
    ask(tmp_path)
    assert not_native == [True]


def test_every_file_dialog_of_the_app_is_opened_through_file_dialogs() -> None:
    """(a QFileDialog opened elsewhere would be the desktop's again)"""
    direct = re.compile(r"QFileDialog\b")
    elsewhere = [
        str(path.relative_to(UI.parent))
        for path in sorted(UI.rglob("*.py"))
        if path.name != "file_dialogs.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


def test_no_dialog_qt_opens_by_itself_is_the_desktops_either(qapp: QApplication) -> None:
    """(the printer dialog's "Print to file" chooser on Linux is Qt's static call)"""
    from ui.app import create_application

    app, translations = create_application()
    try:
        assert app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    finally:
        translations.switch("en")  # (the next tests' language is theirs to choose)
