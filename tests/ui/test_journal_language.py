"""The journal's filters and columns say what they show, whole, in the language on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import main_window
from ui.i18n import Translations
from ui.journal_model import STATUS
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.session import Session
from ui.wording import correction_name, not_accepted_name

WAIT_MS = 15_000


@pytest.fixture
def window(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations
) -> Iterator[MainWindow]:
    with main_window(qtbot, session, profile_root, ukrainian) as shown:
        yield shown
        shown.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))


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
