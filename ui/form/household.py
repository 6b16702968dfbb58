"""Household members in a table; the applicant's row follows the applicant's fields.

Keyboard: anywhere in the section, Insert adds a member and starts editing and
Ctrl+Delete removes the current member; while editing, Tab moves to the next cell;
Delete clears a cell; Tab (not editing) leaves the table. Fields the table has no
column for (a member's citizenship, the document's dates, …) are kept from the loaded
application. The applicant's row follows the fields above, all but its disability group
and ability to work, typed in the row itself. Those two columns show when the chosen
services look at them (:meth:`HouseholdSection.show_columns_for`).

A cell's problem colour is painted by the table's delegates from the section's marks,
never set on the cell's item (see :mod:`ui.form.household_table`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.catalog import Service
from frontdesk.model import Application
from ui.form.choices import (
    able_to_work_choices,
    disability_choices,
    document_choices,
    label_of,
    relationship_choices,
    sex_choices,
)
from ui.form.fields import ProblemLine, Section, tidy_date
from ui.form.household_members import (
    APPLICANT_OWN,
    CHOICES,
    COLUMNS,
    MEMBER,
    VALUE,
    member_of,
    row_values,
)
from ui.form.household_problems import HouseholdProblems, mirrors_applicant
from ui.form.household_table import CellDelegate, ChoiceCellDelegate, HouseholdTable

# (where the form and the tests have them from)
__all__ = ["COLUMNS", "HouseholdSection", "mirrors_applicant"]

CELL_PADDING = 28  # a cell's margins and, for a choice, its drop-down arrow
NAME_KEYS = ("surname", "given_name", "patronymic", "document.number")  # share the rest
TEXT_PADDING = 14  # a text cell's (or a title's) margins: no arrow


class HouseholdSection(HouseholdProblems, Section):
    # A cell being typed in changed (not left yet): the draft has something new to keep;
    # checked once the cell is left (``changed``), as before.
    typing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._titles: list[str] = []  # the columns' titles, in the language on screen
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = HouseholdTable(0, len(COLUMNS), self, on_delete=self.clear_cell)
        self.table.setObjectName("household")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        # The names share what the other columns leave (on a 1366-pixel laptop no more than
        # "Коваленко": the table does not scroll sideways), and each may be widened by hand
        # (it was stretched, and could not be: "Володимирович" or a double surname could
        # not be read); a cut cell shows its whole text as its tooltip.
        self._sizing = False  # the columns are being sized here, not by the worker's hand
        self._by_hand: set[int] = set()  # name columns the worker widened or narrowed
        self._least_name = 0  # a name column's least width ("Коваленко"), in this font
        header.sectionResized.connect(self._section_resized)
        self.table.resized.connect(self._share_names)
        for column, key in enumerate(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if key in CHOICES:
                delegate: QStyledItemDelegate = ChoiceCellDelegate(CHOICES[key], self.table)
            else:
                delegate = CellDelegate(self.table)
            self.table.setItemDelegateForColumn(column, delegate)
        self.table.itemChanged.connect(self._item_changed)
        self.table.typed.connect(self.typing)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_member)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as Space does
        self.problem = ProblemLine(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self._add_row({"relationship": "applicant"})
        self.set_emphasis(False)
        self.retranslate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Insert and Ctrl+Delete, as the buttons say, anywhere in the section: keys the
        table, a cell's editor or a button leave unused come here (a cell's editor keeps
        Ctrl+Delete, deleting the next word)."""
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() == Qt.Key.Key_Insert and not control:
            self.add_member()
        elif event.key() == Qt.Key.Key_Delete and control:
            self.remove_member()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Household"))
        self._titles = [
            self.tr("Relationship"),
            self.tr("Surname"),
            self.tr("Given name"),
            self.tr("Patronymic"),
            self.tr("Date of birth"),
            self.tr("Sex"),
            self.tr("РНОКПП"),
            self.tr("Document"),
            self.tr("Document number"),
            self.tr("УНЗР"),
            self.tr("Disability"),
            self.tr("Able to work"),
        ]
        self.add_button.setText(self.tr("Add a &member (Insert)"))
        self.remove_button.setText(self.tr("Remove the member (Ctrl+Delete)"))
        self._fit_columns()
        self._relabel()
        self._set_hint()

    def _fit_columns(self) -> None:
        """Each column as wide as what it holds, in the language on screen; a title wider
        than that ("Дата народження" over a date) goes on two lines rather than widen its
        column. The names take the rest. Eleven columns fit a 1366-pixel laptop's form."""
        metrics = self.table.fontMetrics()
        # a name keeps room to be read; on a small screen the table scrolls sideways instead
        least = metrics.horizontalAdvance("Коваленко") + TEXT_PADDING
        self.table.horizontalHeader().setMinimumSectionSize(least)
        bold = QFont(self.table.horizontalHeader().font())
        bold.setBold(True)  # some styles draw titles bold
        title_metrics = QFontMetrics(bold)
        samples = {
            "relationship": [label for _, label in relationship_choices(with_applicant=True)],
            "birth_date": ["00.00.0000"],
            "sex": [label for _, label in sex_choices()],
            "rnokpp": ["0000000000"],
            "unzr": ["00000000-00000"],
            "document.type": [label for _, label in document_choices()],
            "disability_group": [label for _, label in disability_choices()],
            "able_to_work": [label for _, label in able_to_work_choices()],
        }
        titles = []
        for column, (key, title) in enumerate(zip(COLUMNS, self._titles, strict=True)):
            needed = least
            if key in samples:
                padding = CELL_PADDING if key in CHOICES else TEXT_PADDING
                texts = samples[key]
                needed = max(needed, max(metrics.horizontalAdvance(t) for t in texts) + padding)
            shown = _title_within(title, needed - TEXT_PADDING, title_metrics)
            titles.append(shown)
            if key in samples:
                widest = max(title_metrics.horizontalAdvance(line) for line in shown.split("\n"))
                self.table.setColumnWidth(column, max(needed, widest + TEXT_PADDING))
        self.table.setHorizontalHeaderLabels(titles)
        self._least_name = least
        self._share_names()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._sizing and COLUMNS[column] in NAME_KEYS:
            self._by_hand.add(column)

    def _share_names(self) -> None:
        """The name columns (those not sized by hand) share the width the others leave, at
        least "Коваленко" each (then the table scrolls sideways)."""
        table = self.table
        names = [
            c
            for c, key in enumerate(COLUMNS)
            if key in NAME_KEYS and not table.isColumnHidden(c) and c not in self._by_hand
        ]
        if not names:
            return
        taken = sum(
            table.columnWidth(c)
            for c in range(table.columnCount())
            if c not in names and not table.isColumnHidden(c)
        )
        room = table.viewport().width() - taken
        each = max(self._least_name, room // len(names))
        self._sizing = True
        try:
            for column in names:
                table.setColumnWidth(column, each)
        finally:
            self._sizing = False

    def show_columns_for(self, services: Sequence[Service]) -> None:
        """Only the columns the chosen services look at: the disability group for a service
        about a person with a disability, who is able to work for a means-tested one (a
        table of twelve columns scrolled sideways on a 1366-pixel laptop). Every column
        while none is chosen; never one a member has a value in."""
        wanted = {
            "disability_group": any(s.disability for s in services),
            "able_to_work": any(s.means_tested for s in services),
        }
        for key, needed in wanted.items():
            column = COLUMNS.index(key)
            held = any(self._item(row, column).data(VALUE) for row in range(self.table.rowCount()))
            self.table.setColumnHidden(column, not (needed or held or not services))
        self._share_names()

    def has_members(self) -> bool:
        """Someone besides the applicant is listed."""
        return self.table.rowCount() > 1

    def holds_typed(self) -> bool:
        """Something typed here is saved and sent: someone besides the applicant is listed,
        or the applicant's row holds a value typed in it (a disability group, able to
        work), which the fields above do not show."""
        return self.has_members() or any(
            self._item(0, COLUMNS.index(key)).data(VALUE) for key in APPLICANT_OWN
        )

    def set_emphasis(self, important: bool) -> None:
        """Make the household prominent when the chosen services look at the family."""
        self._important = important
        font = self.font()
        font.setBold(important)
        self.setFont(font)
        self.table.setFont(QFont(self.table.font().family()))
        self._set_hint()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the rows plus one free line (at least three), so nothing scrolls."""
        rows = max(3, self.table.rowCount() + 1)
        header = self.table.horizontalHeader().sizeHint().height()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(
            header + frame + rows * self.table.verticalHeader().defaultSectionSize()
        )

    def _set_hint(self) -> None:
        if getattr(self, "_important", False):
            self.hint.setText(
                self.tr("The chosen services look at the whole household: list every member.")
            )
        else:
            self.hint.setText(self.tr("The applicant's row fills itself in from the fields above."))

    # --- rows ----------------------------------------------------------------

    def _add_row(self, member: dict[str, Any]) -> int:
        self._updating = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem())
        self._write_row(row, member)
        self._updating = False
        self._fit_height()
        return row

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        """The item of a cell: :meth:`_add_row` gives every cell of every row one."""
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _write_row(self, row: int, member: dict[str, Any]) -> None:
        was = self._updating
        self._updating = True
        first = self._item(row, 0)
        # As JSON text: a dict with booleans in a QVariant trips a PySide refcount bug.
        first.setData(MEMBER, json.dumps(member, ensure_ascii=False))
        values = row_values(member)
        applicant_row = values["relationship"] == "applicant"
        for column, key in enumerate(COLUMNS):
            item = self._item(row, column)
            value = values[key]
            if key == "birth_date":
                value = tidy_date(value)
            item.setData(VALUE, value)
            text = label_of(CHOICES[key](), value) if key in CHOICES else value
            if key == "relationship":
                text = label_of(relationship_choices(with_applicant=True), value)
            item.setData(Qt.ItemDataRole.DisplayRole, text)
            mirrored = applicant_row and key not in APPLICANT_OWN
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not mirrored:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            if mirrored:
                item.setForeground(QBrush(QColor("#555555")))
        self._updating = was

    def _relabel(self) -> None:
        column = COLUMNS.index("birth_date")
        for row in range(self.table.rowCount()):
            member = self._row_member(row)
            typed = str(self._item(row, column).data(VALUE) or "")
            if typed and member["birth_date"] is None:
                member["birth_date"] = typed  # not a date: kept as typed (and still flagged)
            self._write_row(row, member)

    def add_member(self) -> None:
        self.finish_editing()  # (Insert pressed while typing in a cell: that cell is kept)
        row = self._add_row({"relationship": "child"})
        self.table.setFocus()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self._item(row, 0))
        self.changed.emit("household")

    def remove_member(self) -> None:
        row = self.table.currentRow()
        if row > 0:
            self.table.removeRow(row)
            # the rows below move up, their marks with them (until the form validates again)
            self.table.marks = {
                (r - (r > row), c): level for (r, c), level in self.table.marks.items() if r != row
            }
            self._fit_height()
            self.changed.emit("household")

    def clear_cell(self) -> None:
        """Delete on a cell: empty, but for a member's relationship, which a member always
        has: "other" (what an empty one was saved as, while the cell showed nothing)."""
        item = self.table.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            value = "other" if COLUMNS[item.column()] == "relationship" else ""
            item.setData(VALUE, value)
            text = label_of(relationship_choices(), value) if value else ""
            item.setData(Qt.ItemDataRole.DisplayRole, text)

    def sync_applicant(self, person: dict[str, Any]) -> None:
        """Mirror the applicant's fields into row 0 (kept as the first row, always)."""
        member = {**self._row_member(0), **person, "relationship": "applicant"}
        self._write_row(0, member)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        key = COLUMNS[item.column()]
        if key not in CHOICES:
            text = item.text()
            if key == "birth_date":  # shown back as ДД.ММ.РРРР, as the applicant's dates are
                text = tidy_date(text)
            self._updating = True
            item.setData(VALUE, text)
            if text != item.text():
                item.setData(Qt.ItemDataRole.DisplayRole, text)
            self._updating = False
        self.changed.emit("household")

    # --- data ------------------------------------------------------------------

    def _row_member(self, row: int, typing: tuple[int, int, str] | None = None) -> dict[str, Any]:
        member: dict[str, Any] = json.loads(self._item(row, 0).data(MEMBER) or "{}")
        values = {key: str(self._item(row, c).data(VALUE) or "") for c, key in enumerate(COLUMNS)}
        if typing is not None:  # (as the cell will hold it when left: _item_changed)
            key = COLUMNS[typing[1]]
            values[key] = tidy_date(typing[2]) if key == "birth_date" else typing[2]
        return member_of(member, values)

    def load(self, app: Application) -> None:
        self._updating = True
        self.table.marks = {}
        self.table.setRowCount(0)
        self._fit_height()
        members = [m.to_dict() for m in app.household]
        if not any(m.get("relationship") == "applicant" for m in members):
            members.insert(0, {"relationship": "applicant"})
        members.sort(key=lambda m: m.get("relationship") != "applicant")  # applicant first
        for member in members:
            self._add_row(member)
        self._updating = False

    def finish_editing(self) -> None:
        """Commit the cell being typed in, if any (the draft is saved on locking or closing;
        a name typed in a cell and not yet left was not in it)."""
        editor = self.table.open_editor()
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def fill(self, data: dict[str, Any]) -> None:
        """The members as on screen, with what is being typed in a cell not yet left (the
        autosave of a worker who stays in it: a power cut must not lose the name)."""
        typing = self.table.typing()
        data["household"] = [
            self._row_member(row, typing if typing and typing[0] == row else None)
            for row in range(self.table.rowCount())
        ]


def _title_within(title: str, width: int, metrics: QFontMetrics) -> str:
    """``title``, or on two lines (split at the space that leaves the narrower of them)
    when it is wider than ``width`` on one."""
    if metrics.horizontalAdvance(title) <= width or " " not in title:
        return title
    words = title.split(" ")
    splits = ((" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words)))
    first, second = min(
        splits, key=lambda lines: max(metrics.horizontalAdvance(line) for line in lines)
    )
    return f"{first}\n{second}"
