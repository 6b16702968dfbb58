"""A netbook (1024×600, less its taskbar and the title bar): the work fits, nothing collapses
and the form never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.model import ServicePoint, Status
from tests.ui.conftest import main_window
from tests.ui.screens import run_at_150_percent
from ui.fonts import install_fonts
from ui.form.household import COLUMNS
from ui.i18n import Translations
from ui.journal_model import APPLICANT, SERVICES, STATUS
from ui.main_window import FORM_TAB, MainWindow
from ui.session import Session
from ui.wording import status_name

NETBOOK = (1024, 530)
LAPTOP = (1366, 740)  # 1366×768 less its taskbar
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
    services = form.services.list
    assert services.viewport().height() >= services.minimumHeight() - 2 * services.frameWidth()


def test_a_means_tested_family_fits_a_laptop_screen_without_scrolling_sideways(
    qtbot: QtBot, app_font: None, session: Session, profile_root: Path
) -> None:
    """A 1366-pixel laptop, the most common: the household of a means-tested service (eleven
    columns, "able to work" among them) is read whole, no column title cut short; a title
    wider than its column's values is on two lines. (It scrolled sideways by ~140 px.)"""
    with main_window(qtbot, session, profile_root) as shown:
        shown.resize(*LAPTOP)
        qtbot.waitUntil(lambda: shown.form_host.form is not None, timeout=WAIT_MS)
        shown.new_application()
        form = shown.form_host.form
        assert form is not None
        services = form.services.list
        [low_income] = [
            services.item(i)
            for i in range(services.count())
            if services.item(i).data(Qt.ItemDataRole.UserRole) == "249"
        ]
        low_income.setCheckState(Qt.CheckState.Checked)
        form.household.add_member()
        QApplication.processEvents()
        table = form.household.table
        header = table.horizontalHeader()
        shown_columns = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        assert len(shown_columns) == 11
        assert table.horizontalScrollBar().maximum() == 0
        bold = QFont(header.font())
        bold.setBold(True)
        titles = QFontMetrics(bold)
        for column in shown_columns:
            title = table.horizontalHeaderItem(column).text()
            widest = max(titles.horizontalAdvance(line) for line in title.split("\n"))
            assert widest < header.sectionSize(column), title
        birth = table.horizontalHeaderItem(COLUMNS.index("birth_date")).text()
        assert birth == "Дата\nнародження"
        assert table.columnWidth(COLUMNS.index("birth_date")) < titles.horizontalAdvance(
            "Дата народження"
        )


def test_a_long_place_of_work_gives_way_and_is_whole_in_its_tooltip_and_on_enter(
    qtbot: QtBot, window: MainWindow, session: Session
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
    # Without a mouse to hover with: Tab reaches it, and Enter shows it whole.
    assert where.focusPolicy() == Qt.FocusPolicy.StrongFocus
    where.setFocus()
    qtbot.keyClick(where, Qt.Key.Key_Return)
    panel = where.whole
    assert panel is not None and panel.isVisible() and panel.label.text() == where.text()
    screen = window.screen().availableGeometry()
    assert screen.contains(panel.geometry())
    qtbot.keyClick(panel.label, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel) or not panel.isVisible())
    qtbot.mouseClick(where, Qt.MouseButton.LeftButton)  # (a tap on a touch screen)
    tapped = where.whole
    assert tapped is not None and tapped is not panel and tapped.isVisible()
    tapped.close()
    window.resize(2400, 800)
    QApplication.processEvents()
    assert where.elided() == where.text() and where.toolTip() == ""
    assert where.focusPolicy() == Qt.FocusPolicy.NoFocus  # (nothing more to show)


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


WHOLE_ON_SCREEN = """
from pathlib import Path
from PySide6.QtWidgets import QApplication
from frontdesk.profile import Profile
from ui.main_window import MainWindow
from ui.session import session_for
from ui.sync_controller import SyncController
from ui.widgets import TITLE_BAR_ALLOWANCE
root = Path(r"{root}")
with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as new:
    new.operators.add("olena", "Vesna-2026-rik")
app = QApplication([])
session = session_for(Profile.open(root), Profile.open(root), "olena", synchronous=True)
controller = SyncController(root, watch_network=False)
window = MainWindow(session, controller, None)
window.show()
app.processEvents()
room = window.screen().availableGeometry()
button = window.sync_panel.sync_button
corner = button.mapTo(window, button.rect().bottomRight())
print("sync_button", corner.y() + TITLE_BAR_ALLOWANCE <= room.height())
print("window", window.height() + TITLE_BAR_ALLOWANCE <= room.height())
window.close()
session.close()
"""


def test_the_main_window_stays_whole_at_150_percent_with_a_taskbar(tmp_path: Path) -> None:
    """1366×768 less a taskbar, at 150 %: about 910×470 logical pixels. The window's least
    height (a netbook's) was taller: the sync strip and «Синхронізувати зараз» went below
    the screen's edge."""
    shown = run_at_150_percent(WHOLE_ON_SCREEN.format(root=tmp_path / "profile"), tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["sync_button", "True", "window", "True"]
