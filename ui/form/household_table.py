"""The household section's table and its cells' delegates.

A cell's problem colour is painted by the delegates from the table's marks, never set
on the cell's item: Qt puts a cell's stored value back into its open editor whenever
the cell's data changes (in any role), and the form validates while the worker is still
typing in a cell.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QToolTip,
    QWidget,
)

from ui.form.choices import Choices
from ui.form.fields import ERROR_BACKGROUND, WARNING_BACKGROUND, ChoiceDelegate

_MARK_COLOURS = {"error": ERROR_BACKGROUND, "warning": WARNING_BACKGROUND}
CUT_PADDING = 8  # a cell's margins around its text, both sides


class HouseholdTable(QTableWidget):
    """The members' table: Delete (not editing) clears the current cell (``on_delete``).
    ``typed`` says a text cell's editor changed as the worker types, before the cell is
    left (:meth:`typing`: what it holds so far)."""

    typed = Signal()
    resized = Signal()  # (the name columns share the new width)

    def __init__(
        self, rows: int, columns: int, parent: QWidget, *, on_delete: Callable[[], None]
    ) -> None:
        super().__init__(rows, columns, parent)
        # (row, column) → "error" or "warning": painted by the delegates, see the module
        self.marks: dict[tuple[int, int], str] = {}
        self._on_delete = on_delete

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            self.state() != QAbstractItemView.State.EditingState
            and event.key() == Qt.Key.Key_Delete
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._on_delete()
            return
        super().keyPressEvent(event)

    def open_editor(self) -> QWidget | None:
        """The editor of the cell being typed in, if any: a child of the viewport, found so
        whether or not it has the focus (as when the screen locks with the window in the
        background)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        for editor in self.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if editor.isVisible():
                return editor
        return None

    def typing(self) -> tuple[int, int, str] | None:
        """The text cell being typed in now, and its text so far: (row, column, text)."""
        editor, current = self.open_editor(), self.currentIndex()
        if isinstance(editor, QLineEdit) and current.isValid():
            return current.row(), current.column(), editor.text()
        return None


def _paint_mark(
    table: HouseholdTable,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> None:
    colour = _MARK_COLOURS.get(table.marks.get((index.row(), index.column()), ""))
    if colour:
        option.backgroundBrush = QBrush(QColor(colour))


class _Marked(QStyledItemDelegate):
    """Colours a cell by its problem mark (the table's ``marks``)."""

    _table: HouseholdTable

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        _paint_mark(self._table, option, index)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """A cell cut off shows its whole text as the tooltip (a name read against the
        family's documents)."""
        if event.type() == QEvent.Type.ToolTip:
            shown = str(index.data() or "")
            room = option.rect.width() - CUT_PADDING
            if shown and option.fontMetrics.horizontalAdvance(shown) > room:
                QToolTip.showText(event.globalPos(), shown, view)
                return True
        return super().helpEvent(event, view, option, index)


class CellDelegate(_Marked):
    """A text cell, coloured by its problem mark; its editor says each change as typed (the
    draft's autosave takes it then, not only once the cell is left)."""

    def __init__(self, table: HouseholdTable) -> None:
        super().__init__(table)
        self._table = table

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self._table.typed)
        return editor


class ChoiceCellDelegate(_Marked, ChoiceDelegate):
    """A choice cell, coloured by its problem mark."""

    def __init__(self, choices: Callable[[], Choices], table: HouseholdTable) -> None:
        ChoiceDelegate.__init__(self, choices, table)
        self._table = table
