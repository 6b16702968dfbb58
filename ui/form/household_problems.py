"""The household's problems: marked on its cells, worded with their row (part of the
household section).

Kept apart from :mod:`ui.form.household` so each file has one job; the methods run on
the :class:`~ui.form.household.HouseholdSection` they are mixed into, and their texts
keep its translation context ("HouseholdSection"). A cell's colour is painted from the
marks by the table's delegates (:mod:`ui.form.household_table`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.form.fields import Shown, is_error, parse_date
from ui.form.household_members import COLUMNS, VALUE
from ui.form.validation_view import FormProblem

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableWidgetItem

    from ui.form.fields import ProblemLine
    from ui.form.household_table import HouseholdTable

_PATH_RE = re.compile(r"^household\[(\d+)\](?:\.(.+))?$")
_APPLICANT_ROW_FIELDS = ("", "relationship")  # problems of row 0 not already at the applicant


class HouseholdProblems:
    """Dates the form cannot read, each problem at its cell, F8 from one to the next."""

    if TYPE_CHECKING:  # what these methods use of the HouseholdSection they are mixed into
        table: HouseholdTable
        problem: ProblemLine
        _titles: list[str]

        def _item(self, row: int, column: int) -> QTableWidgetItem: ...

    def bad_dates(self) -> list[FormProblem]:
        problems = []
        for row in range(1, self.table.rowCount()):
            text = str(self._item(row, COLUMNS.index("birth_date")).data(VALUE) or "")
            try:
                parse_date(text)
            except ValueError:
                problems.append(
                    FormProblem(
                        f"household[{row}].birth_date",
                        QCoreApplication.translate(
                            "HouseholdSection", "Not a date: %1 — type it as DD.MM.YYYY"
                        ).replace("%1", text),
                    )
                )
        return problems

    # --- validation target -------------------------------------------------------

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        shown: list[Shown] = []
        marks: dict[tuple[int, int], str] = {}
        for problem in problems:
            match = _PATH_RE.match(problem.field)
            if not match:
                shown.append(problem)
                continue
            row, field = int(match.group(1)), match.group(2) or ""
            if mirrors_applicant(problem):
                continue  # the same problem is shown at the applicant's field
            where = QCoreApplication.translate("HouseholdSection", "Row %1").replace(
                "%1", str(row + 1)
            )
            column_title = self._column_title(field)
            where = f"{where}, {column_title}" if column_title else where
            shown.append(_RowProblem(problem, where))
            columns = [COLUMNS.index(field)] if field in COLUMNS else range(len(COLUMNS))
            level = "error" if is_error(problem) else "warning"
            for column in columns:
                if marks.get((row, column)) != "error":
                    marks[(row, column)] = level
        # Painted from the marks (the items untouched: a cell being typed in keeps its text).
        if marks != self.table.marks:
            self.table.marks = marks
            self.table.viewport().update()
        self.problem.show_problems(shown, lang)

    def _column_title(self, field: str) -> str:
        if field in COLUMNS:
            return self._titles[COLUMNS.index(field)]  # (on one line, as a sentence reads it)
        return ""

    def focus_target(self) -> QWidget:
        return self.table

    def go_to_problem(self, *, warnings: bool = False, after_current: bool = False) -> bool:
        """Make the first cell marked with an error (``warnings``: with a warning) the
        current one, or with ``after_current`` the next after the current cell; False when
        there is none (the table's current cell is left as it was)."""
        level = "warning" if warnings else "error"
        cells = sorted(cell for cell, mark in self.table.marks.items() if mark == level)
        if after_current:
            here = (self.table.currentRow(), self.table.currentColumn())
            cells = [cell for cell in cells if cell > here]
        if not cells:
            return False
        row, column = cells[0]
        self.table.setCurrentCell(row, column)
        self.table.scrollTo(self.table.model().index(row, column))
        return True


def mirrors_applicant(problem: Shown) -> bool:
    """A problem of the applicant's own row that the applicant's fields already show."""
    match = _PATH_RE.match(problem.field)
    return (
        match is not None
        and match.group(1) == "0"
        and (match.group(2) or "") not in (_APPLICANT_ROW_FIELDS)
    )


class _RowProblem:
    """A household problem worded with its row ("Рядок 2, Дата народження: …")."""

    def __init__(self, problem: Shown, where: str) -> None:
        self.field = problem.field
        self.severity = problem.severity
        self._problem = problem
        self._where = where

    def message(self, lang: str = "uk") -> str:
        return f"{self._where}: {self._problem.message(lang)}"
