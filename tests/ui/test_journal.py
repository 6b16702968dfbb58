"""The journal finds applications as the worker types and never loads everything."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.data import generate
from frontdesk.errors import DatabaseLocked
from frontdesk.model import ServiceRequest, Status
from frontdesk.profile import Profile
from frontdesk.store.rows import Filter
from tests.factories import application
from tests.ui.keyboard import type_text
from ui.journal import JournalView
from ui.journal_model import PAGE
from ui.session import APPLICATIONS, Session

WAIT_MS = 10_000


def make_journal(qtbot: QtBot, session: Session) -> JournalView:
    view = JournalView(session)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitUntil(lambda: not view.model.busy, timeout=WAIT_MS)
    return view


def journal_of(qtbot: QtBot, session: Session, count: int, seed: int) -> JournalView:
    """The journal over ``count`` generated applications, all of them counted."""
    apps = generate(count, seed=seed)
    session.db.run(lambda: session.profile.applications.import_batch(apps, "bench"))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == count, timeout=WAIT_MS)
    return view


def test_finds_by_lowercase_surname_with_another_apostrophe(qtbot: QtBot, session: Session) -> None:
    def save(profile):  # the core, on the db lane, as the form would
        profile.applications.save(application(surname="Пʼятаченко", given_name="Дарʼя"), "olena")
        profile.applications.save(application(surname="Коваленко", serial=8), "olena")

    session.db.run(lambda: save(session.profile))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)

    type_text(view.search, "п'ятач")  # ASCII apostrophe, lower case
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.busy, timeout=WAIT_MS)
    assert view.model.summary(0).applicant_name.startswith("Пʼятаченко Дарʼя")
    assert "1" in view.count_label.text()

    view.search.clear()
    type_text(view.search, "дар’я")  # typographic apostrophe, given name
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.busy, timeout=WAIT_MS)


def test_enter_in_the_search_goes_to_the_first_result(qtbot: QtBot, session: Session) -> None:
    """Type, Enter, Enter: the card of what was found, with no Tab through the filters."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    def save(profile):  # the core, on the db lane
        profile.applications.save(application(surname="Гнатюк", serial=3), "olena")
        profile.applications.save(application(surname="Коваленко", serial=8), "olena")

    session.db.run(lambda: save(session.profile))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    view.focus_search()
    type_text(view.search, "гнат")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # before the typing pause ran the query
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=WAIT_MS)
    assert view.model.rowCount() == 1 and view.table.currentIndex().row() == 0
    assert view.model.summary(0).applicant_name.startswith("Гнатюк")

    view.focus_search()
    type_text(view.search, "нікого такого")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.model.busy, timeout=WAIT_MS)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # nothing found: stays to type again
    assert QApplication.focusWidget() is view.search


def test_enter_while_the_search_waits_its_turn_goes_to_what_it_finds_not_the_rows_before(
    qtbot: QtBot, session: Session
) -> None:
    """A backup or a count ahead on the db lane: the typed search has run its pause and
    waits. Enter must not pick the first of the rows still shown (another person)."""
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    def save(profile):  # type: ignore[no-untyped-def]
        profile.applications.save(application(surname="Гнатюк", serial=3), "olena")
        profile.applications.save(application(surname="Коваленко", serial=8), "olena")

    session.db.run(lambda: save(session.profile))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    assert view.model.summary(0).applicant_name.startswith("Коваленко")  # newest first
    session.db.run(lambda: time.sleep(0.6))  # the lane is busy for a moment
    view.focus_search()
    type_text(view.search, "гнат")
    qtbot.wait(400)  # the typing pause is over: the query is queued
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.table.currentIndex().row() == -1  # not Коваленко's row
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=WAIT_MS)
    assert view.model.summary(view.table.currentIndex().row()).applicant_name.startswith("Гнатюк")


def test_stays_lazy_with_many_applications(qtbot: QtBot, session: Session) -> None:
    view = journal_of(qtbot, session, 1000, seed=3)
    assert view.model.rowCount() <= PAGE
    assert "1 000" in view.count_label.text()

    view.table.scrollToBottom()  # the view asks for the next page, not for everything
    qtbot.waitUntil(lambda: view.model.rowCount() > PAGE, timeout=WAIT_MS)
    assert view.model.rowCount() <= 2 * PAGE


def test_scrolling_reads_off_the_gui_thread_and_a_new_search_drops_the_old_page(
    qtbot: QtBot, session: Session
) -> None:
    view = journal_of(qtbot, session, 1000, seed=3)
    surname = view.model.summary(0).applicant_name.split()[0]

    view.table.scrollToBottom()
    assert view.model.fetching and view.model.rowCount() == PAGE  # asked, not waited for
    inserted: list[int] = []
    view.model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first))
    view.search.setText(surname)  # the worker searches before the page is back
    view.apply_filters()  # (without waiting for the pause in typing)
    qtbot.waitUntil(
        lambda: view.model.filter.text == surname and not view.model.busy, timeout=WAIT_MS
    )
    assert not view.model.fetching
    found = [view.model.summary(row).applicant_name for row in range(view.model.rowCount())]
    assert found and all(name.startswith(surname) for name in found)
    assert view.model.rowCount() <= view.model.total
    assert inserted == []  # the page of the unfiltered journal was never shown


def test_a_page_that_cannot_be_read_is_told_once_not_retried_at_every_scroll(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = journal_of(qtbot, session, 600, seed=4)
    store = session.profile.applications
    real_search = store.search
    asked: list[str] = []

    def locked_after_the_first_page(*args: Any, after: Any = None, **kwargs: Any) -> Any:
        if after is not None:
            asked.append(after.id)
            raise DatabaseLocked("held by a backup")
        return real_search(*args, **kwargs)

    monkeypatch.setattr(store, "search", locked_after_the_first_page)
    for _ in range(3):  # the worker keeps scrolling
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: not view.model.fetching, timeout=WAIT_MS)
    assert asked == [view.model.summary(PAGE - 1).id]  # asked once, after the last line
    assert view.count_label.text() == DatabaseLocked().message("uk")
    assert view.model.rowCount() == PAGE  # what was shown stays

    monkeypatch.setattr(store, "search", real_search)
    view.apply_filters()  # the next query reads again
    qtbot.waitUntil(lambda: not view.model.busy, timeout=WAIT_MS)
    view.table.scrollToTop()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * PAGE, timeout=WAIT_MS)


def test_filters_by_status_and_refreshes_on_change(qtbot: QtBot, session: Session) -> None:
    draft = application()
    draft.status = Status.DRAFT
    session.db.run(lambda: session.profile.applications.save(draft, "olena"))
    session.db.run(lambda: session.profile.applications.save(application(serial=9), "olena"))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=WAIT_MS)

    view.status_filter.setCurrentIndex(view.status_filter.findData(Status.DRAFT.value))
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=WAIT_MS)
    assert view.model.summary(0).status is Status.DRAFT

    view.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=WAIT_MS)
    view.table.selectRow(1)
    selected = view.model.summary(1).id
    # A save elsewhere (the form, sync) announces itself; the journal follows on its own
    # and keeps the worker's selection.
    session.write(lambda p: p.applications.save(application(serial=10), "olena"), APPLICATIONS)
    qtbot.waitUntil(lambda: view.model.total == 3, timeout=WAIT_MS)

    def still_selected() -> bool:
        current = view.model.summary(view.table.currentIndex().row())
        return current is not None and current.id == selected

    qtbot.waitUntil(still_selected, timeout=WAIT_MS)


def test_the_service_filter_is_chosen_by_typing_the_code_and_shows_it(
    qtbot: QtBot, session: Session
) -> None:
    displaced = application(serial=5)
    displaced.services = [ServiceRequest("664")]
    session.db.run(lambda: session.profile.applications.save(displaced, "olena"))
    session.db.run(lambda: session.profile.applications.save(application(serial=6), "olena"))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=WAIT_MS)
    combo = view.service_filter
    labels = [combo.itemText(i) for i in range(1, combo.count())]
    assert "664 — Допомога на проживання внутрішньо переміщеним особам" in labels  # as the form
    assert "Житлова субсидія" in labels  # (a service keyed by a word: its name alone)

    combo.setFocus()
    type_text(combo, "664")  # the code, as workers know it
    assert combo.currentData() == "664"
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=WAIT_MS)
    assert view.model.summary(0).services == ("664",)
    assert combo.toolTip() == "664 — Допомога на проживання внутрішньо переміщеним особам"


def test_an_empty_journal_says_how_to_begin_and_an_empty_search_what_to_do(
    qtbot: QtBot, session: Session
) -> None:
    view = make_journal(qtbot, session)  # a new workstation: nothing yet
    assert view.count_label.text() == "Заяв ще немає. Нова заява — Ctrl+N"
    session.db.run(lambda: session.profile.applications.save(application(), "olena"))
    view.model.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.busy, timeout=WAIT_MS)
    assert view.count_label.text() == "Знайдено: 1"
    type_text(view.search, "нікого")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.model.busy, timeout=WAIT_MS)
    assert view.count_label.text() == "Знайдено: 0 — змініть пошук або фільтри"


def test_a_refresh_keeps_a_worker_deep_in_the_list_where_they_were(
    qtbot: QtBot, session: Session
) -> None:
    view = journal_of(qtbot, session, 1400, seed=3)
    while view.model.rowCount() < 1400:  # the worker scrolls down, page by page
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: not view.model.fetching, timeout=WAIT_MS)
    view.table.selectRow(1300)
    chosen = view.model.summary(1300)
    assert chosen is not None
    with qtbot.waitSignal(view.model.modelReset, timeout=WAIT_MS):
        session.changed.data_changed.emit(APPLICATIONS)  # a decision came for another one
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == 1300, timeout=WAIT_MS)
    assert view.model.summary(1300) == chosen


def test_a_name_cut_short_on_a_small_screen_is_whole_in_its_tooltip(
    qtbot: QtBot, session: Session
) -> None:
    from PySide6.QtCore import Qt

    from ui.journal_model import APPLICANT

    session.db.run(
        lambda: session.profile.applications.save(application(surname="Пʼятаченко"), "olena")
    )
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    tip = view.model.index(0, APPLICANT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == view.model.summary(0).applicant_name == "Пʼятаченко Марʼяна Іванівна"


def draft_of(qtbot: QtBot, session: Session, surname: str) -> Any:
    saved: list[Any] = []
    draft = replace(application(surname=surname), status=Status.DRAFT)
    session.write(lambda p: saved.append(p.applications.save(draft, "olena").application))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return saved[0]


def _sent(root: Any) -> None:
    """Every application delivered (by the sync thread, on its own connection)."""
    with Profile.open(root) as other:
        items = other.outbox.claim(10_000)
        other.outbox.record_results(
            [(i, {"received_at": "2026-11-22T10:00:00Z"}, None) for i in items]
        )


def _decided(root: Any, ids: list[str], status: Status) -> None:
    """A page of the registry's decisions, applied by the sync thread mid-round: the
    journal hears of it only when the round ends."""
    with Profile.open(root) as other:
        changes = [
            {"kind": "status", "application_id": i, "revision": 1, "status": status.value}
            for i in ids
        ]
        assert len(other.outbox.apply_changes(changes, "c1")) == len(ids)


def _scroll_to_the_end(qtbot: QtBot, view: JournalView) -> list[str]:
    while view.model.canFetchMore():
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: not view.model.fetching, timeout=WAIT_MS)
    return [view.model.summary(row).id for row in range(view.model.rowCount())]


@pytest.mark.parametrize(
    ("order", "status_filter", "decision"),
    [("status", None, Status.GRANTED), ("oldest", Status.SENT, Status.ACCEPTED)],
)
def test_lines_decided_while_the_worker_scrolls_shift_no_other_line(
    qtbot: QtBot,
    session: Session,
    profile_root: Any,
    order: str,
    status_filter: Status | None,
    decision: Status,
) -> None:
    """Decisions arrive for lines already scrolled past while the worker scrolls on: every
    line is listed once. Before, pages were read by row count: sorted by status, 100
    lines were listed twice and 100 never; oldest first with "sent" chosen, 100 still sent
    were never listed."""
    count = 3 * PAGE - 50
    session.db.run(lambda: session.profile.applications.import_batch(generate(count, 3), "b"))
    qtbot.waitUntil(lambda: session.reader.applications.count() == count, timeout=WAIT_MS)
    _sent(profile_root)  # (once the import on the db lane is in)
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == count, timeout=WAIT_MS)
    where = Filter(status=status_filter.value if status_filter else None)
    view.model.set_query(where, order)
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() >= PAGE, timeout=WAIT_MS)
    decided = [view.model.summary(row).id for row in range(100)]
    _decided(profile_root, decided, decision)
    listed = _scroll_to_the_end(qtbot, view)
    assert len(listed) == len(set(listed))  # none twice
    with Profile.open(profile_root) as other:
        now = {s.id for s in other.applications.search(where, limit=10_000)}
    assert now - set(listed) == set()  # none never


def test_tab_leaves_the_table_for_the_rest_of_the_window(qtbot: QtBot, session: Session) -> None:
    """(Tab went from cell to cell through every row and never reached the rest)"""
    from PySide6.QtWidgets import QApplication

    view = journal_of(qtbot, session, 20, seed=5)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=WAIT_MS)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is view.table  # and Shift+Tab comes back to it


def test_a_name_that_looks_like_markup_is_shown_as_written_in_its_tooltip(
    qtbot: QtBot, session: Session
) -> None:
    """(a journal tooltip is rich text when it looks like markup: a name from a hostile
    import file put its own heading and images over the journal)"""
    from PySide6.QtGui import Qt, QTextDocument

    from ui.journal_model import APPLICANT

    surname = "<h1>Шевченко</h1><img src='file:///etc/hostname'>"
    draft = application(surname=surname)  # (a draft, as an import file may bring it)
    draft.status = Status.DRAFT
    session.db.run(lambda: session.profile.applications.save(draft, "o"))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    tip = view.model.index(0, APPLICANT).data(Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tip) if Qt.mightBeRichText(tip) else shown.setPlainText(tip)

    assert shown.toPlainText() == view.model.summary(0).applicant_name
    assert surname in shown.toPlainText()


def test_a_decisions_status_is_painted_with_its_words_and_tint(
    qtbot: QtBot, session: Session, profile_root: Any
) -> None:
    """What the table paints (the view asks for every role of a cell in one call), not
    only what the model answers when asked one role at a time: the tint of a decision on
    its status cell alone, not on the cells painted after it (the delegate hands the same
    roles in for each cell: a role left unanswered kept the cell before's tint)."""
    from ui.journal_model import STATUS

    earlier = session.profile.applications.save(application(), "olena").application
    saved = session.profile.applications.save(application(), "olena").application
    _sent(profile_root)
    _decided(profile_root, [saved.id], Status.GRANTED)
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    assert view.model.summary(0).id == saved.id and view.model.summary(1).id == earlier.id
    cell = view.table.visualRect(view.model.index(0, STATUS))
    painted = view.table.viewport().grab().toImage()
    assert painted.pixelColor(cell.right() - 3, cell.center().y()).name() == "#e3f4e1"
    # the words: the cell's text is drawn (dark pixels inside the cell)
    dark = [
        x
        for x in range(cell.left(), cell.right())
        if painted.pixelColor(x, cell.center().y()).lightness() < 100
    ]
    assert dark, "no text painted in the status cell"
    assert view.model.data(view.model.index(0, STATUS)) == "Задоволено"
    untinted = [(0, c) for c in range(STATUS + 1, 6)] + [(1, c) for c in range(6)]
    for row, column in untinted:
        other = view.table.visualRect(view.model.index(row, column))
        colour = painted.pixelColor(other.right() - 3, other.center().y()).name()
        assert colour != "#e3f4e1", (row, column)
    assert view.model.data(view.model.index(1, STATUS)) == "Надіслано"
