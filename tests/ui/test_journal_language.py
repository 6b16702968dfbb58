"""The journal's filters and columns say what they show, whole, in the language on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.factories import application
from tests.ui.conftest import OPERATOR
from tests.ui.test_journal import make_journal
from ui.journal_model import STATUS
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.session import Session
from ui.wording import correction_name, not_accepted_name

WAIT_MS = 15_000


@pytest.fixture
def window(ukrainian_window: MainWindow) -> MainWindow:
    return ukrainian_window


def _switch(window: MainWindow, session: Session, language: str) -> None:
    window.apply_preferences(Preferences(language, session.idle_minutes, session.service_point))


def test_the_period_filters_tooltip_says_the_period_after_show_and_a_language_switch(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    period = window.journal.period_filter
    window.show_not_accepted()  # the sync strip's «Показати»: any date
    assert period.toolTip() == "Будь-коли"
    period.setCurrentIndex(period.findData("today"))
    assert period.toolTip() == "Сьогодні"

    _switch(window, session, "en")
    qtbot.waitUntil(lambda: period.currentText() == "Today", timeout=WAIT_MS)
    assert period.toolTip() == "Today"
    assert window.journal.status_filter.toolTip() == "Not accepted by the registry"


def test_the_status_column_holds_every_name_it_shows_in_english_and_back(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    table = window.journal.table

    def fits_all() -> bool:
        metrics = table.fontMetrics()
        need = max(metrics.horizontalAdvance(n) for n in (not_accepted_name(), correction_name()))
        return table.columnWidth(STATUS) >= need + 12  # (the cell's margins)

    assert fits_all()
    _switch(window, session, "en")
    qtbot.waitUntil(lambda: window.journal.status_filter.itemText(0) == "All statuses")
    assert not_accepted_name() == "Not accepted by the registry"
    assert fits_all()
    _switch(window, session, "uk")
    qtbot.waitUntil(lambda: window.journal.status_filter.itemText(0) == "Усі стани")
    assert fits_all()


def test_a_double_click_on_a_row_opens_its_card_once(qtbot: QtBot, session: Session) -> None:
    """(Qt says a double click twice, as a double click and as an activation: two cards of
    the same application opened, one over the other)"""
    from PySide6.QtTest import QTest

    from ui.application_card import ApplicationCard

    session.db.run(lambda: session.profile.applications.save(application(), OPERATOR))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    where = view.table.visualRect(view.model.index(0, 1)).center()
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: bool(view.findChildren(ApplicationCard)), timeout=WAIT_MS)
    qtbot.wait(300)
    assert len([c for c in view.findChildren(ApplicationCard) if c.isVisible()]) == 1
