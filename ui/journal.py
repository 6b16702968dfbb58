"""The journal: every application on this workstation, found as the worker types.

Typing restarts a ~200 ms timer; when it fires, the model runs the count and
the first page off the GUI thread. Filters (status, service, period) and a
click on a sortable column header ask for a new query the same way. Opening a
row shows the :class:`~ui.application_card.ApplicationCard`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import QDate, QEvent, QLocale, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import NotFound
from frontdesk.model import Status
from frontdesk.store.applications import Filter
from ui.journal_model import (
    APPLICANT,
    CREATED,
    NUMBER,
    ORDERS,
    RNOKPP,
    SERVICES,
    STATUS,
    JournalModel,
)
from ui.latest_day import worker_today
from ui.session import APPLICATIONS, CATALOG, DRAFTS, Session
from ui.wording import correction_name, not_accepted_name, service_label, status_name

if TYPE_CHECKING:
    from ui.application_card import ApplicationCard

SEARCH_DELAY_MS = 200
PERIODS = ("any", "today", "week", "month", "year", "custom")
NOT_ACCEPTED = "not_accepted"  # the status filter's item for what the registry refused
FILTER_MIN_CHARS = 14  # a filter's width in characters; its list opens wider
SEARCH_MIN_CHARS = 24


class JournalView(QWidget):
    correctRequested = Signal(str)
    editRequested = Signal(object)
    receiptRequested = Signal(object, str)

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = JournalModel(session, self)
        self.card: ApplicationCard | None = None
        self._stale = False  # data changed while the journal was hidden
        self._selected_id = ""

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status_filter = FilterBox()
        self.service_filter = FilterBox()
        self.period_filter = FilterBox()  # (its tooltip, too, says the period shown)
        self.date_from = _date_edit()
        self.date_to = _date_edit()
        self._untouched_day = self.date_from.date()  # both dates as made: that day's
        self.count_label = QLabel()
        self.table = QTableView()
        self._fill_filters()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self._refresh_soon = QTimer(self)  # several changes in a row: one refresh
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(100)
        self._refresh_soon.timeout.connect(self.model.refresh)

        self.search.textChanged.connect(self._typed)
        # Enter (or Down) in the search goes to the results: the first row, selected.
        self.search.returnPressed.connect(self.go_to_results)
        self._results_wanted = False
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self.go_to_results).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        self.model.rowsArrived.connect(self._results_arrived)
        for combo in (self.status_filter, self.service_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.period_filter.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filters())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filters())
        self.model.queried.connect(self._show_count)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.failed.connect(self.count_label.setText)
        session.changed.data_changed.connect(self._data_changed)

        self._build_table()
        self._lay_out()
        self.retranslate()
        self.apply_filters()

    # --- building ---------------------------------------------------------------------

    def _build_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        # Tab leaves the table for the rest of the window (arrows move in it): with Tab from
        # cell to cell, the keyboard never got past its rows.
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(CREATED, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_by)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name and the services share what the fixed columns leave, so neither
        # collapses to "Доп…" on a small screen.
        header.setSectionResizeMode(APPLICANT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SERVICES, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        table.activated.connect(lambda index: self.open_row(index.row()))
        table.doubleClicked.connect(lambda index: self.open_row(index.row()))

    def _fit_columns(self) -> None:
        """Widths of the fixed columns, for what they hold in the language on screen."""
        table = self.table
        metrics = table.fontMetrics()
        # Every name the column shows (journal_model: a revision not accepted, a correction
        # not sent yet, besides the statuses): in English one was cut to "Not accepted by…".
        said = [status_name(s) for s in Status] + [not_accepted_name(), correction_name()]
        longest_status = max(metrics.horizontalAdvance(name) for name in said)
        widths = {
            NUMBER: metrics.horizontalAdvance("ZT01-2026-000000") + 24,
            RNOKPP: metrics.horizontalAdvance("0000000000") + 24,
            STATUS: longest_status + 24,
            CREATED: metrics.horizontalAdvance("00.00.0000 00:00") + 36,
        }
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        # Long service names must not make the filter (and the window) wide: the combos
        # keep a modest width, and their lists open as wide as their longest line.
        for combo in (self.status_filter, self.service_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(FILTER_MIN_CHARS)
        self.search.setMinimumWidth(self.search.fontMetrics().averageCharWidth() * SEARCH_MIN_CHARS)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.service_filter, 1)
        filters.addWidget(self.period_filter)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.date_from.hide()
        self.date_to.hide()

    def _fill_filters(self) -> None:
        self.status_filter.addItem("", None)
        for status in Status:
            self.status_filter.addItem("", status.value)
        self.status_filter.addItem("", NOT_ACCEPTED)
        self.service_filter.addItem("", None)
        for code in self._session.reader.catalog.services:
            self.service_filter.addItem("", code)
        for period in PERIODS:
            self.period_filter.addItem("", period)

    def retranslate(self) -> None:
        for edit in (self.date_from, self.date_to):  # (a widget keeps the locale it was made in)
            edit.setLocale(QLocale())
            edit.calendarWidget().setLocale(QLocale())
        self.search.setPlaceholderText(
            self.tr("Search: surname, РНОКПП or application number  (Ctrl+F)")
        )
        # (a placeholder is not a name: screen readers say these)
        self.search.setAccessibleName(self.tr("Search applications"))
        self.table.setAccessibleName(self.tr("Applications"))
        self.status_filter.setItemText(0, self.tr("All statuses"))
        for i in range(1, self.status_filter.count()):
            status = self.status_filter.itemData(i)
            name = not_accepted_name() if status == NOT_ACCEPTED else status_name(status)
            self.status_filter.setItemText(i, name)
        self.service_filter.setItemText(0, self.tr("All services"))
        catalog, lang = self._session.reader.catalog, self._session.language
        for i in range(1, self.service_filter.count()):
            # with its code, as the form lists it: typing "664" goes to it
            code = self.service_filter.itemData(i)
            self.service_filter.setItemText(i, service_label(catalog, code, lang))
        names = (
            self.tr("Any date"),
            self.tr("Today"),
            self.tr("Last 7 days"),
            self.tr("Last 30 days"),
            self.tr("This year"),
            self.tr("Dates…"),
        )
        for i, name in enumerate(names):
            self.period_filter.setItemText(i, name)
        self.date_from.setToolTip(self.tr("From"))
        self.date_to.setToolTip(self.tr("To"))
        for combo in (self.status_filter, self.service_filter):
            view = combo.view()
            view.setMinimumWidth(
                view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width()
            )
        self._fit_columns()  # status names differ in length between the languages
        self.model.retranslate()
        self._show_count(self.model.total)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- querying ---------------------------------------------------------------------

    def current_filter(self) -> Filter:
        start, end = self._period()
        status = self.status_filter.currentData()
        return Filter(
            text=self.search.text(),
            status=None if status == NOT_ACCEPTED else status,
            not_accepted=status == NOT_ACCEPTED,
            service=self.service_filter.currentData(),
            created_from=start,
            created_to=end,
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.current_filter())

    def _typed(self, _text: str) -> None:
        self._results_wanted = False  # a new query: Enter will say when to go
        self._debounce.start()

    def go_to_results(self) -> None:
        """From the search to the first result, once the typed query has run."""
        if self._debounce.isActive():  # typed, not yet searched
            self._results_wanted = True
            self.apply_filters()
        elif self.model.outdated:  # its rows are on their way (the rows shown are older)
            self._results_wanted = True
        else:
            self._focus_first_row()

    def _results_arrived(self) -> None:
        if self._results_wanted:
            self._results_wanted = False
            self._focus_first_row()

    def _focus_first_row(self) -> None:
        if self.model.rowCount() == 0:
            return  # nothing found: the worker stays in the search to type again
        self.table.setFocus()
        self.table.selectRow(0)

    def _period(self) -> tuple[dt.date | None, dt.date | None]:
        today = worker_today()  # (today's work was found under no period on a clock behind)
        period = self.period_filter.currentData()
        if period == "today":
            return today, today
        if period == "week":
            return today - dt.timedelta(days=6), today
        if period == "month":
            return today - dt.timedelta(days=29), today
        if period == "year":
            return dt.date(today.year, 1, 1), today
        if period == "custom":
            # QDate.toPython() gives a datetime.date; the stubs say only "object".
            return (
                cast(dt.date, self.date_from.date().toPython()),
                cast(dt.date, self.date_to.date().toPython()),
            )
        return None, None

    def new_day(self) -> None:
        """A period counted from today (today, 7 or 30 days, this year) is asked again:
        left open overnight, "Сьогодні" kept showing yesterday."""
        if self.period_filter.currentData() in ("today", "week", "month", "year"):
            self.apply_filters()
        today = _worker_today()
        untouched = self._untouched_day
        if today != untouched and self.date_from.date() == self.date_to.date() == untouched:
            # "Свій період" starts at the day the journal was made, until the worker picks
            # dates: left open overnight, it offered yesterday, and today's were not listed.
            self._untouched_day = today
            for edit in (self.date_from, self.date_to):
                edit.blockSignals(True)
                edit.setDate(today)
                edit.blockSignals(False)
            if self.period_filter.currentData() == "custom":
                self.apply_filters()

    def _period_changed(self) -> None:
        custom = self.period_filter.currentData() == "custom"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.apply_filters()

    def _sort_by(self, column: int) -> None:
        ascending, descending = ORDERS.get(column, (None, None))
        if ascending or descending:
            flip = self.model.order == ascending and descending
            self.model.set_query(order=descending if flip else (ascending or descending))
        self._show_sort_indicator()  # also puts it back after a click on an unsortable column

    def _show_sort_indicator(self) -> None:
        order = self.model.order
        for column, (ascending, descending) in ORDERS.items():
            if order in (ascending, descending):
                direction = (
                    Qt.SortOrder.DescendingOrder
                    if order == descending
                    else Qt.SortOrder.AscendingOrder
                )
                self.table.horizontalHeader().setSortIndicator(column, direction)
                return

    def _data_changed(self, what: str) -> None:
        if what == CATALOG:
            self._catalog_changed()
            return
        if what not in (APPLICATIONS, DRAFTS):
            return
        if self.isVisible():
            self._refresh_soon.start()
        else:
            self._stale = True  # e.g. the form autosaving: refresh when the journal is shown

    def _catalog_changed(self) -> None:
        """A newer catalogue: its new services join the filter (the one chosen stays) and
        the rows show its names."""
        listed = {self.service_filter.itemData(i) for i in range(self.service_filter.count())}
        with QSignalBlocker(self.service_filter):
            for code in self._session.reader.catalog.services:
                if code not in listed:
                    self.service_filter.addItem("", code)
        self.retranslate()
        self.table.viewport().update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:  # (the rows shown are older: Enter in the search waits for the new)
            self._stale = False
            self.model.refresh(stale=True)

    def _remember_selection(self) -> None:
        summary = self.model.summary(self.table.currentIndex().row())
        self._selected_id = summary.id if summary else ""

    def _restore_selection(self) -> None:
        if self._selected_id:  # once the view itself has finished with the reset
            QTimer.singleShot(0, self, self._select_remembered)

    def _select_remembered(self) -> None:
        row = self.model.row_of(self._selected_id)
        if row >= 0 and not self.table.currentIndex().isValid():
            self.table.selectRow(row)

    def _show_count(self, total: int) -> None:
        if total == 0:
            where = self.model.filter
            everything = replace(where, text=where.text.strip()) == Filter()
            self.count_label.setText(
                self.tr("No applications yet. A new one: Ctrl+N")
                if everything
                else self.tr("Found: 0 — change the search or the filters")
            )
            return
        self.count_label.setText(self.tr("Found: %1").replace("%1", f"{total:,}".replace(",", " ")))

    # --- opening ----------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_not_accepted(self) -> None:
        """Only what the registry did not accept, newest first: what the worker must fix."""
        combos = (self.status_filter, self.service_filter, self.period_filter)
        for combo in combos:  # one query below, not one per filter changed
            combo.blockSignals(True)
        self.status_filter.setCurrentIndex(self.status_filter.findData(NOT_ACCEPTED))
        self.service_filter.setCurrentIndex(0)
        self.period_filter.setCurrentIndex(0)
        for combo in combos:
            combo.blockSignals(False)
            combo.setToolTip(combo.currentText())  # (its signal was held: said here)
        self.date_from.hide()
        self.date_to.hide()
        self.search.clear()
        self.apply_filters()

    def open_row(self, row: int) -> None:
        summary = self.model.summary(row)
        if summary is not None:
            self.open_application(summary.id)

    def open_application(self, application_id: str) -> ApplicationCard | None:
        """The card of an application; None (and the worker told) if it has gone since it
        was listed: a draft discarded in the form while the journal still showed it."""
        from ui.application_card import ApplicationCard, gone_notice  # (on first use)

        shown = self.card  # (a double click is also an activation: opened once)
        if shown is not None and shiboken6.isValid(shown) and shown.isVisible():  # noqa: SIM102
            if shown.application.id == application_id:
                shown.raise_()
                shown.activateWindow()
                return shown
        try:
            card = ApplicationCard(self._session, application_id, self)
        except NotFound:
            gone_notice(self)
            self.model.refresh()
            return None
        card.correctRequested.connect(self.correctRequested)
        card.editRequested.connect(self.editRequested)
        card.receiptRequested.connect(self.receiptRequested)
        card.finished.connect(card.deleteLater)
        self.card = card
        card.open()
        return card


class FilterBox(QComboBox):
    """A filter's combo box, kept narrow: a choice longer than it shows ends in "…" (not
    cut mid-letter), and is whole in its tooltip; the list opens as wide as its lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


def _worker_today() -> QDate:
    """:func:`worker_today` for a date field: "Свій період" offered the laptop's own date,
    and today's work was not listed."""
    day = worker_today()
    return QDate(day.year, day.month, day.day)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(_worker_today())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit
