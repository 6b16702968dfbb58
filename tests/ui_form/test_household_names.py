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


def test_typical_long_names_are_shown_whole_at_a_laptops_width(
    qtbot: QtBot, form: ApplicationForm
) -> None:
    """On a 1366-pixel laptop the name columns stayed at the width of "Коваленко":
    "Олександр", "Володимирович", "Новохатько-Коваль" were cut, and could not be widened."""
    form.resize(1280, 700)
    table = form.household.table
    metrics = table.fontMetrics()
    for key, name in (
        ("surname", "Новохатько-Коваль"),
        ("given_name", "Олександр"),
        ("patronymic", "Володимирович"),
        ("patronymic", "Вʼячеславівна"),
    ):
        column = COLUMNS.index(key)
        assert table.columnWidth(column) >= metrics.horizontalAdvance(name) + TEXT_MARGINS, name

    header = table.horizontalHeader()
    surname = COLUMNS.index("surname")
    assert header.sectionResizeMode(surname) == QHeaderView.ResizeMode.Interactive
    header.resizeSection(surname, 400)  # the worker drags it wider
    assert table.columnWidth(surname) == 400


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
