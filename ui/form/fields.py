"""The building blocks of the form: a captioned field with its problem line, dates, choices.

Every editable field sits in a :class:`FieldCell`: caption above, editor, and
one line under it where validation says what is wrong (errors red, warnings
amber). Editors carry their field path as ``objectName`` so tests, tab-order
checks and the validation view all speak the same names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.validation import Severity
from frontdesk.worktime import kyiv_today
from ui.form.choices import Choices, label_of
from ui.latest_day import known_today

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5300"
ERROR_BACKGROUND = "#fde7e7"
WARNING_BACKGROUND = "#fff3d6"
CHOICE_MIN_CHARS = 10  # the least a choice box shows of its choice on a narrow window

# Day, month and year (four digits or two) apart, or the digits together: 05031980, 050380.
_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[./\-, ]\s*(\d{1,2})\s*[./\-, ]\s*(\d{4}|\d{2})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DIGITS_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{4}|\d{2})\s*$")
# "р." (рік), "року" or "г." after a date copied from a letter or a certificate.
_YEAR_WORD_RE = re.compile(r"(?<=\d)\s*(?:р\.?|року|рік|г\.?)\s*$", re.IGNORECASE)
VALUE_ROLE = Qt.ItemDataRole.UserRole  # an item's value (its text is the label)


class Shown(Protocol):
    """What the validation view needs from a problem (core ``Problem`` or a form one)."""

    @property
    def field(self) -> str: ...

    @property
    def severity(self) -> object: ...

    def message(self, lang: str = "uk") -> str: ...


def is_error(problem: Shown) -> bool:
    return problem.severity == Severity.ERROR


def parse_date(text: str, *, future: bool = False, today: dt.date | None = None) -> dt.date | None:
    """A date as workers type it: 17.05.1990, 17/5/1990, 17051990 or 1990-05-17, spaces
    around it and a "р." after it as pasted from a letter; the year in two digits too
    (17.05.90, 170590), read as the century :func:`full_year` gives.

    Raises ValueError for text that is not a date; returns None for empty text.
    """
    if not text.strip():
        return None
    text = _YEAR_WORD_RE.sub("", text)
    for pattern, order in ((_DATE_RE, "dmy"), (_DIGITS_RE, "dmy"), (_ISO_RE, "ymd")):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            day, month, year = parts if order == "dmy" else parts[::-1]
            if len(match.group(3 if order == "dmy" else 1)) == 2:
                year = full_year(year, month, day, future=future, today=today)
            return dt.date(year, month, day)
    raise ValueError(text)


def full_year(
    two_digits: int, month: int, day: int, *, future: bool = False, today: dt.date | None = None
) -> int:
    """The year a date written with two digits of it means. A date of birth or of issue
    cannot be later than today: the latest such year (05.03.80 → 1980, 05.03.24 → 2024,
    and 05.03.30 → 1930 until 2030) — today being the latest day known to have come: on a
    laptop whose clock is behind the registry's last date (a dead CMOS battery reset it),
    a date up to that one stays in this century, for the form to say it is in the future
    by this computer's clock (a baby's 05.03.25 was read as 1925, a child of 101, with no
    word of the clock). Where a date may be ahead (a document's expiry), the year nearest
    today (05.03.30 → 2030). The year is shown in four digits as soon as the field is
    left, so the worker sees which century was taken."""
    today = today or kyiv_today()
    year = today.year // 100 * 100 + two_digits
    if future:
        if year > today.year + 50:
            year -= 100
        elif year < today.year - 50:
            year += 100
        return year
    known = known_today()
    latest = max(today, known) if known is not None else today
    if (year, month, day) > (latest.year, latest.month, latest.day):
        year -= 100
    return year


def format_date(value: dt.date | None) -> str:
    """ДД.ММ.РРРР, the year in four digits (strftime's %Y does not pad a year before 1000)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""


def tidy_date(text: str, *, future: bool = False) -> str:
    """A typed date as ДД.ММ.РРРР (5.3.2024 → 05.03.2024, 5.3.80 → 05.03.1980); text that
    is not a date, as typed (its field says so)."""
    try:
        return format_date(parse_date(text, future=future)) or text
    except ValueError:
        return text


class DateField(QLineEdit):
    """A date typed as text (fast on a keyboard); shown back as ДД.ММ.РРРР. ``future``: the
    date may be ahead of today (a document's expiry), which decides the century of a year
    typed in two digits."""

    def __init__(self, parent: QWidget | None = None, *, future: bool = False) -> None:
        super().__init__(parent)
        self._future = future
        # No maximum length: a date pasted with a space before it (" 05.03.1980") would lose
        # its last digit; read whole, it is a date, and shown back as one.
        self.editingFinished.connect(self._tidy)

    def date(self) -> dt.date | None:
        """The date, or None when empty or not a date (see :meth:`is_invalid`)."""
        try:
            return parse_date(self.text(), future=self._future)
        except ValueError:
            return None

    def is_invalid(self) -> bool:
        try:
            parse_date(self.text(), future=self._future)
        except ValueError:
            return True
        return False

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def iso(self) -> str | None:
        value = self.date()
        return value.isoformat() if value else None

    def _tidy(self) -> None:
        tidy = tidy_date(self.text(), future=self._future)
        if tidy != self.text():
            self.setText(tidy)


class ChoiceBox(QComboBox):
    """A combo box of (value, label) pairs; type the first letters to choose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def minimumSizeHint(self) -> QSize:
        """As wide as its longest choice when there is room, down to CHOICE_MIN_CHARS on a
        narrow window (the choice shown is elided; the list shows it whole): the form's
        grid narrows rather than scroll sideways."""
        hint = super().minimumSizeHint()
        least = self.fontMetrics().horizontalAdvance("x") * CHOICE_MIN_CHARS + 32  # (arrow)
        return QSize(min(hint.width(), least), hint.height())

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """Replace the items, keeping the chosen value."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        for value, label in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> str:
        data = self.currentData()
        return str(data) if data is not None else ""

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0 and value:
            self.addItem(value, value)  # a value from elsewhere we have no label for
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class ProblemLine(QLabel):
    """The line under a field that says what is wrong with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_problems(self, problems: Sequence[Shown], lang: str) -> str:
        """Show the most serious problems; returns "error", "warning" or ""."""
        if not problems:
            self.clear()
            self.hide()
            return ""
        errors = [p for p in problems if is_error(p)]
        shown = errors or list(problems)
        level = "error" if errors else "warning"
        colour = ERROR_COLOUR if errors else WARNING_COLOUR
        self.setStyleSheet(f"color: {colour};")
        self.setText("\n".join(dict.fromkeys(p.message(lang) for p in shown)))
        self.show()
        return level


class FieldCell(QWidget):
    """Caption, editor and problem line for one field path."""

    def __init__(self, path: str, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.editor = editor
        editor.setObjectName(path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.caption = QLabel(self)
        self.caption.setBuddy(editor)
        # On two lines in a narrow grid ("РНОКПП (податковий / номер)") rather than hold
        # the form wider than a netbook's window.
        self.caption.setWordWrap(True)
        if isinstance(editor, QCheckBox):
            self.caption.hide()  # a check box carries its own text
        layout.addWidget(self.caption)
        layout.addWidget(editor)
        self.problem = ProblemLine(self)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self._own_description: str | None = None  # the editor's, while a problem is said

    def keep_height(self) -> None:
        """Never taller than needed (for cells stacked in a column rather than a grid)."""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        level = self.problem.show_problems(problems, lang)
        self.describe(self.problem.text() if level else "")
        self.mark(level)

    def describe(self, problem: str) -> None:
        """A screen reader says the problem with the field (the line under it is on screen
        only): it is the editor's accessible description while shown, then the editor's own
        description is back."""
        editor = self.editor
        if problem:
            if self._own_description is None:
                self._own_description = editor.accessibleDescription()
            if editor.accessibleDescription() != problem:
                editor.setAccessibleDescription(problem)
        elif self._own_description is not None:
            editor.setAccessibleDescription(self._own_description)
            self._own_description = None

    def mark(self, level: str) -> None:
        """Colour the editor by the worst problem: "error", "warning" or ""."""
        if self.editor.property("problem") != level:
            self.editor.setProperty("problem", level)
            self.editor.style().unpolish(self.editor)
            self.editor.style().polish(self.editor)

    def focus_target(self) -> QWidget:
        return self.editor


class FieldGrid(QGridLayout):
    """A grid of field cells, filled row by row (the order is the tab order)."""

    def __init__(self, parent: QWidget | None = None, columns: int = 4) -> None:
        super().__init__(parent)
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(6)
        self._columns = columns
        self._row = 0
        self._column = 0
        for column in range(columns):
            self.setColumnStretch(column, 1)

    def place(self, cell: QWidget, span: int = 1) -> None:
        if self._column + span > self._columns:
            self.next_row()
        # No alignment: the cell fills its grid cell; its own stretch keeps the field at
        # the top when a neighbour's problem line makes the row taller.
        self.addWidget(cell, self._row, self._column, 1, span)
        self._column += span

    def next_row(self) -> None:
        if self._column:
            self._row += 1
            self._column = 0


class Section(QGroupBox):
    """One part of the form. Emits ``changed(path)`` when the worker edits a field.

    Subclasses set their texts in :meth:`retranslate` (called again when the
    language changes), read an application in ``load`` and write what was
    typed into the exchange-format dict in ``fill``.
    """

    changed = Signal(str)

    def cell(self, path: str, editor: QWidget) -> FieldCell:
        """A cell whose edits by the worker (not by code) are reported as ``changed``."""
        cell = FieldCell(path, editor, self)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text: self.changed.emit(path))
        elif isinstance(editor, QComboBox):
            editor.activated.connect(lambda _index: self.changed.emit(path))
        elif isinstance(editor, QCheckBox):
            editor.clicked.connect(lambda _checked: self.changed.emit(path))
        return cell

    def retranslate(self) -> None:
        """Set every text (in the current language)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a column whose values come from a fixed list (typed first letters choose)."""

    def __init__(self, choices: Callable[[], Choices], parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = ChoiceBox(parent)
        editor.set_choices(self._choices())
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, ChoiceBox):
            editor.set_value(str(index.data(VALUE_ROLE) or ""))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not isinstance(editor, ChoiceBox):
            return
        value = editor.value()
        model.setData(index, value, VALUE_ROLE)
        model.setData(index, label_of(self._choices(), value), Qt.ItemDataRole.DisplayRole)


# Field styling by the "problem" property the cells set (one place for the colours).
FIELD_STYLE = f"""
QLineEdit[problem="error"], QComboBox[problem="error"] {{
    border: 1px solid {ERROR_COLOUR}; background: {ERROR_BACKGROUND};
}}
QLineEdit[problem="warning"], QComboBox[problem="warning"] {{
    border: 1px solid {WARNING_COLOUR}; background: {WARNING_BACKGROUND};
}}
QCheckBox[problem="error"] {{ color: {ERROR_COLOUR}; }}
QCheckBox[problem="warning"] {{ color: {WARNING_COLOUR}; }}
"""
