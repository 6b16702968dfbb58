"""The journal's table model: lazy, paged, never holding every application.

A new query (search text, filters, order) runs off the GUI thread on the db
lane: the first page comes back and replaces the rows, then the count follows.
Scrolling down then asks for 256 more rows at a time (``fetchMore``), also on
the db lane: a page is quick alone, but while a sync runs a page of a search
took 10–20 ms of the GUI thread (``bench gui``'s stall figure), so the rows are
appended when they come back and the view asks again as the worker scrolls on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.applications import Filter, Summary
from frontdesk.text import local_time
from ui.session import Session
from ui.widgets import plain_tooltip
from ui.wording import correction_name, not_accepted_name, services_text, status_name

PAGE = 256
# Rows reloaded at most when the data change under the worker's eyes: as many as were
# loaded, so a worker deep in the list keeps the place (about 4 MB at this cap).
REFRESH_CAP = 64 * PAGE
NUMBER, APPLICANT, RNOKPP, SERVICES, STATUS, CREATED = range(6)
SummaryRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()  # the invisible root: a table has rows only there

# The orders the store knows, per column: (ascending, descending); None: that way is not offered.
ORDERS: dict[int, tuple[str | None, str | None]] = {
    NUMBER: ("number", "number_desc"),
    APPLICANT: ("name", "name_desc"),
    STATUS: ("status", "status_desc"),
    CREATED: ("oldest", "newest"),
}
_TINTS = {
    Status.RETURNED: QColor("#fff1c2"),
    Status.REFUSED: QColor("#fbe0e0"),
    Status.GRANTED: QColor("#e3f4e1"),
    Status.DRAFT: QColor("#eeeeee"),
}
_NOT_ACCEPTED_TINT = QColor("#fbe0e0")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_SUMMARY = int(SummaryRole)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _SUMMARY))


class JournalModel(QAbstractTableModel):
    rowsArrived = Signal()  # a new query's first rows are in the table
    queried = Signal(int)  # a new query is counted: how many applications match
    failed = Signal(str)  # a query failed: what to tell the worker

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[Summary] = []
        self._total = 0
        self._exhausted = True  # every matching row is loaded
        self._filter = Filter()
        self._order = "newest"
        self._generation = 0
        self.busy = False
        self.fetching = False  # the next page was asked for and has not come back yet
        # The rows on screen answer an earlier query than the one asked for last (a refresh
        # of the same query leaves them standing: they still answer it).
        self.outdated = False

    # --- querying ---------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def order(self) -> str:
        return self._order

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_query(self, where: Filter | None = None, order: str | None = None) -> None:
        """Ask for another set of applications; the rows change when the answer comes back."""
        if where is not None:
            self._filter = where
        if order is not None:
            self._order = order
        self.outdated = True
        self._start(PAGE)

    def refresh(self, *, stale: bool = False) -> None:
        """The same query again (data changed), keeping about as many rows as were loaded.
        ``stale``: the rows shown no longer answer it (changed while the journal was hidden),
        and what waits for the answer waits for this one."""
        if stale:
            self.outdated = True
        self._start(min(max(PAGE, len(self._rows)), REFRESH_CAP))

    def _start(self, limit: int) -> None:
        """Two tasks on the db lane: the first page (shown at once), then the count."""
        self._generation += 1
        generation, where, order = self._generation, replace(self._filter), self._order
        self.busy = True
        self.fetching = False  # a page of the previous query is dropped when it comes
        self._exhausted = True  # no next page of the rows on screen: they are being replaced
        profile: Profile = self._session.profile
        self._session.db.run(
            lambda: profile.applications.search(where, order=order, limit=limit),
            lambda rows: self._arrived(generation, rows, limit),
            lambda exc: self._failed(generation, exc),
            owner=self,
        )
        self._session.db.run(
            lambda: profile.applications.count(where),
            lambda total: self._counted(generation, total),
            lambda exc: self._failed(generation, exc),
            owner=self,
        )

    def _arrived(self, generation: int, rows: list[Summary], limit: int) -> None:
        if generation != self._generation:
            return  # the worker typed on; a newer answer is coming
        self.outdated = False
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < limit
        self._total = len(rows) if self._exhausted else max(self._total, len(rows))
        self.endResetModel()
        self.rowsArrived.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.busy = False
        self._total = max(total, len(self._rows))
        self.queried.emit(self._total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy = False
            self.fetching = False
            self.outdated = False
            self.failed.emit(self._session.message(exc))

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        """The next page could not be read: say so once and ask no more until the next
        query (the view would ask again at every scroll)."""
        if generation == self._generation:
            self.fetching = False
            self._exhausted = True
            self.failed.emit(self._session.message(exc))

    # --- lazy loading -----------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = TOP) -> bool:
        return not parent.isValid() and not self._exhausted and not self.fetching

    def fetchMore(self, parent: AnyIndex = TOP) -> None:
        if not self.canFetchMore(parent):
            return
        self.fetching = True
        generation, where, order = self._generation, replace(self._filter), self._order
        offset = len(self._rows)
        last = self._rows[-1] if self._rows else None
        profile: Profile = self._session.profile
        self._session.db.run(
            lambda: profile.applications.search(where, order=order, limit=PAGE, after=last),
            lambda page: self._more_arrived(generation, offset, page),
            lambda exc: self._page_failed(generation, exc),
            owner=self,
        )

    def _more_arrived(self, generation: int, offset: int, page: list[Summary]) -> None:
        if generation != self._generation:
            return  # a new query replaced the rows meanwhile
        self.fetching = False
        if offset != len(self._rows):
            return
        if len(page) < PAGE:
            self._exhausted = True  # the end (or rows went away meanwhile)
        # A line decided meanwhile moved on in an order by status: it is shown once, as
        # read first, until the refresh that follows the change.
        shown = {row.id for row in self._rows}
        page = [row for row in page if row.id not in shown]
        if not page:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- the table --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = TOP) -> int:
        return 0 if parent.isValid() else 6

    def summary(self, row: int) -> Summary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, application_id: str) -> int:
        for row, summary in enumerate(self._rows):
            if summary.id == application_id:
                return row
        return -1

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell at each repaint (about ten roles a
        # cell): the roles the journal does not answer leave first, compared as ints.
        if role not in _ANSWERED:
            return None
        summary = self.summary(index.row()) if index.isValid() else None
        if summary is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._text(summary, column)
        if role == _TOOLTIP and column in (SERVICES, APPLICANT):  # whole when cut short
            return plain_tooltip(self._text(summary, column))
        if role == _TOOLTIP and column == STATUS and summary.not_accepted:
            return self.tr("Open it to see why, correct it and save: it is sent again")
        if role == _TOOLTIP and column == STATUS and summary.correcting:
            return self.tr(
                "Returned for correction; revision %1 is begun and not sent yet: open it, "
                "finish and save it as ready"
            ).replace("%1", str(summary.revision))
        if role == _TOOLTIP and column == STATUS and summary.revision > 1:
            return self.tr("Revision %1").replace("%1", str(summary.revision))
        if role == _BACKGROUND and column == STATUS:
            if summary.not_accepted:
                return _NOT_ACCEPTED_TINT
            return _TINTS[Status.RETURNED] if summary.correcting else _TINTS.get(summary.status)
        if role == _SUMMARY:
            return summary
        return None

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a cell's painting asks for, in one call: the view asks about seven
        a cell, and each call into Python waits for the interpreter while a sync runs (a
        repaint of the table was the longest GUI-thread stall of ``bench gui``).

        A role the journal answers is set, or emptied where it has nothing to say for this
        cell: the delegate hands in the same span for cell after cell, so a role left as it
        was would paint the cell before's value (a status's tint spread along the next
        rows). The others it never sets stay empty (each call into Qt costs the repaint).
        """
        known = index.isValid() and self.summary(index.row()) is not None
        for role_data in _each(roleDataSpan):
            role = role_data.role()
            if role not in _ANSWERED:
                continue
            value = self.data(index, role) if known else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _text(self, summary: Summary, column: int) -> str:
        if column == NUMBER:
            return summary.number
        if column == APPLICANT:
            if summary.personal_data_removed:
                return self.tr("(personal data removed: retention period over)")
            return summary.applicant_name
        if column == RNOKPP:
            return summary.rnokpp
        if column == SERVICES:
            catalog = self._session.reader.catalog
            return services_text(catalog, summary.services, self._session.language)
        if column == STATUS:
            if summary.not_accepted:
                return not_accepted_name()
            return correction_name() if summary.correcting else status_name(summary.status)
        return local_time(summary.created_at)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Number"),
            self.tr("Applicant"),
            self.tr("РНОКПП"),
            self.tr("Services"),
            self.tr("Status"),
            self.tr("Created"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 5))


def _each(span: QModelRoleDataSpan | QModelRoleData) -> Iterator[QModelRoleData]:
    """The roles asked for (PySide indexes a span; its stubs do not say so)."""
    if isinstance(span, QModelRoleData):
        yield span
        return
    for i in range(span.size()):
        yield span[i]  # type: ignore[index]
