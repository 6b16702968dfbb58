"""A netbook (1024×600, less its taskbar and the title bar): the work fits, nothing collapses
and the form never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.model import ServicePoint, Status
from tests.ui.conftest import main_window
from ui.fonts import install_fonts
from ui.i18n import Translations
from ui.journal_model import APPLICANT, SERVICES, STATUS
from ui.main_window import FORM_TAB, MainWindow
from ui.session import Session
from ui.wording import status_name

NETBOOK = (1024, 530)
WAIT_MS = 15_000
READABLE_COLUMN_PX = 150  # "Шевчук Олександр" / "Допомога на про…"


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """The font the app sets at start (10 pt, with Cyrillic), not the test runner's."""
    before = QFont(qapp.font())
    install_fonts(qapp)
    yield
    qapp.setFont(before)


@pytest.fixture
def window(
    app_font: None, qtbot: QtBot, session: Session, profile_root: Path
) -> Iterator[MainWindow]:
    with main_window(qtbot, session, profile_root) as shown:
        qtbot.waitUntil(lambda: not shown.journal.model.busy, timeout=WAIT_MS)
        shown.resize(*NETBOOK)
        QApplication.processEvents()
        yield shown


def test_the_window_fits_a_netbook_and_the_journal_keeps_names_and_services_readable(
    window: MainWindow,
) -> None:
    assert window.minimumWidth() <= NETBOOK[0] and window.minimumHeight() <= NETBOOK[1]
    assert (window.width(), window.height()) == NETBOOK  # not held wider by its filters
    table = window.journal.table
    assert table.columnWidth(APPLICANT) >= READABLE_COLUMN_PX
    assert table.columnWidth(SERVICES) >= READABLE_COLUMN_PX


def test_the_form_does_not_scroll_sideways_on_a_netbook(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=WAIT_MS)
    window.new_application()
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    QApplication.processEvents()
    form = window.form_host.form
    assert form is not None
    fields = form.scroll_area.widget()
    assert fields is not None
    assert fields.minimumSizeHint().width() <= form.scroll_area.viewport().width()
    assert not form.scroll_area.horizontalScrollBar().isVisible()
    # every service in sight: no small scrolled box inside the scrolled form
    assert not form.services.list.verticalScrollBar().isVisible()


def test_a_long_place_of_work_gives_way_and_is_whole_in_its_tooltip(
    window: MainWindow, session: Session
) -> None:
    session.service_point = ServicePoint(
        kind="van", name="Маршрут 3: Тетерівка — Вереси — Станишівка — Висока Піч — Левків"
    )
    window.retranslate()
    QApplication.processEvents()
    where = window.where
    assert "Левків" in where.text()  # the whole text is kept
    assert where.elided().endswith("…") and "Левків" not in where.elided()
    assert where.toolTip() == where.text()
    assert "Олена" in window.who.text()  # the operator's name never gives way
    window.resize(2400, 800)
    QApplication.processEvents()
    assert where.elided() == where.text() and where.toolTip() == ""


def test_status_names_keep_their_room_after_a_language_switch(
    app_font: None,
    qtbot: QtBot,
    session: Session,
    profile_root: Path,
    ukrainian: Translations,
) -> None:
    """The status column was sized once, for the language the app started in."""
    ukrainian.switch("en")  # English at start, then Ukrainian (longer status names)
    with main_window(qtbot, session, profile_root) as shown:
        table = shown.journal.table
        ukrainian.switch("uk")
        QApplication.processEvents()
        longest = max(table.fontMetrics().horizontalAdvance(status_name(s)) for s in Status)
        assert table.columnWidth(STATUS) > longest
