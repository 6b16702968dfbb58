"""The status bar says a long message whole, on as many lines as the window's width needs,
and is one line again after it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import main_window
from ui.session import Session

# What a van worker reads the next morning (ui.main_window._new_day_text), 180 characters.
NEW_DAY = (
    "Новий день: сьогоднішнє місце роботи — офіс (було: Мобільний пункт (автомобіль): "
    "Маршрут 3: Тетерівка — Вереси — Станишівка, Тетерівка). Якщо сьогодні ви знову на "
    "виїзді, вкажіть це в Налаштуваннях."
)
LAPTOP_AT_150 = (910, 470)  # 1366×708 at 150 %, in Qt's pixels


def test_a_message_longer_than_the_window_is_wide_goes_on_to_the_next_line(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(Qt's status bar drew one line and cut the rest off mid-word: «…Якщо сьогодні ви
    знову на виїзді, вка», with nothing to show there was more)"""
    with main_window(qtbot, session, profile_root) as window:
        window.resize(*LAPTOP_AT_150)
        bar = window.statusBar()
        QApplication.processEvents()
        one_line = bar.height()

        window.show_message(NEW_DAY)
        wrapped = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap

        def whole() -> bool:
            room = QRect(0, 0, bar.width() - 28, 10_000)  # (its margins and the size grip)
            needed = bar.fontMetrics().boundingRect(room, wrapped, NEW_DAY).height()
            return bar.height() >= needed > one_line

        qtbot.waitUntil(whole, timeout=5_000)
        assert bar.currentMessage() == NEW_DAY
        window.resize(1366, 740)  # wider: fewer lines
        qtbot.waitUntil(lambda: bar.height() < 3 * one_line, timeout=5_000)

        bar.clearMessage()  # (its time is over)
        qtbot.waitUntil(lambda: bar.height() == one_line, timeout=5_000)
