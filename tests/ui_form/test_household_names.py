"""The household's names can be read against the family's documents: not cut off at a
laptop's width, widened by hand if a name is longer still, and whole in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QToolTip
from pytestqt.qtbot import QtBot

from ui.form.form import ApplicationForm
from ui.form.household import COLUMNS

TEXT_MARGINS = 12  # a cell's padding and frame, both sides


def test_the_names_take_the_room_left_and_may_be_widened_by_hand(
    qtbot: QtBot, form: ApplicationForm
) -> None:
    """The names could not be widened: stretched to share what the other columns left, on
    a laptop no more than "Коваленко" (the table does not scroll sideways there), and
    "Володимирович" or a double surname could not be read except by editing the cell."""
    table = form.household.table
    metrics = table.fontMetrics()
    form.resize(1900, 900)  # a wide screen: the room left is the names'
    qtbot.waitUntil(lambda: table.viewport().width() > 1200, timeout=5000)
    for key, name in (
        ("surname", "Новохатько-Коваль"),
        ("given_name", "Олександр"),
        ("patronymic", "Володимирович"),
    ):
        column = COLUMNS.index(key)
        assert table.columnWidth(column) >= metrics.horizontalAdvance(name) + TEXT_MARGINS, name
    assert table.horizontalScrollBar().maximum() == 0

    header = table.horizontalHeader()
    surname = COLUMNS.index("surname")
    assert header.sectionResizeMode(surname) == QHeaderView.ResizeMode.Interactive
    header.resizeSection(surname, 500)  # the worker drags it wider
    form.resize(1800, 900)  # (and it stays as she made it)
    qtbot.wait(50)
    assert table.columnWidth(surname) == 500


def test_a_name_cut_off_is_whole_in_its_tooltip(qtbot: QtBot, form: ApplicationForm) -> None:
    table = form.household.table
    column = COLUMNS.index("surname")
    long_name = "Новохатько-Григоренко-Коваленко"
    table.item(0, column).setText(long_name)
    table.setColumnWidth(column, 60)
    index = table.model().index(0, column)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = table.visualRect(index)
    where = option.rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    delegate = table.itemDelegateForColumn(column)
    assert delegate.helpEvent(event, table, option, index)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == long_name
    QToolTip.hideText()
