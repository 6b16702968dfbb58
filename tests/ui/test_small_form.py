"""A laptop at 150 % with a taskbar (911×480 logical pixels) and a netbook at 125 % (819×480):
the form keeps room for its rows while a returned application is corrected. Its heading,
the back office's reason and the sync strip give way (one line each, or a few; what they
say is whole in a tooltip), and the form never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.store.outbox import SyncStatus
from tests.ui.conftest import main_window
from tests.ui.test_main_window import returned_application
from tests.ui.test_small_screen import app_font  # noqa: F401 (a fixture)
from ui.main_window import FORM_TAB, MainWindow
from ui.session import Session

WAIT_MS = 15_000
LAPTOP_150 = (911, 480)  # 1366×768 less a taskbar, at 150 %
NETBOOK_125 = (819, 480)  # 1024×600 at 125 %
FORM_ROWS_PX = 200  # a few rows of fields, not one


@pytest.fixture
def window(
    app_font: None,  # noqa: F811
    qtbot: QtBot,
    session: Session,
    profile_root: Path,
) -> Iterator[MainWindow]:
    with main_window(qtbot, session, profile_root) as shown:
        qtbot.waitUntil(lambda: not shown.journal.model.busy, timeout=WAIT_MS)
        yield shown


def correcting(qtbot: QtBot, window: MainWindow, session: Session, size: tuple[int, int]) -> None:
    app_id = returned_application(qtbot, session)
    window.setMinimumSize(0, 0)  # (the offscreen screen is not the laptop's)
    window.resize(*size)
    window.form_host.correct(app_id)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    header = window.form_host.form.header
    qtbot.waitUntil(header.correction_area.isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: "Реєстр не під" in window.sync_panel.problem_label.text(), timeout=WAIT_MS
    )
    # What a laptop out of the registry's reach says while a correction is begun.
    panel = window.sync_panel
    qtbot.waitUntil(lambda: not panel._reading, timeout=WAIT_MS)
    panel.refresh = lambda: None  # (the panel says only this from now on)
    panel._controller.link_up = False
    panel._stop_reason = None  # (as if it were enrolled)
    panel.show_status(
        SyncStatus(38, 0, 2, "2026-11-23T09:00:00+00:00", "https://registry.example", None, 1)
    )
    QApplication.processEvents()
    assert (window.width(), window.height()) == size


def test_a_correction_leaves_the_form_its_rows_on_a_laptop_at_150_percent(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    correcting(qtbot, window, session, LAPTOP_150)
    form = window.form_host.form
    assert form.scroll_area.viewport().height() >= FORM_ROWS_PX


@pytest.mark.parametrize("size", [LAPTOP_150, NETBOOK_125])
def test_the_heading_is_one_line_and_whole_in_its_tooltip(
    qtbot: QtBot, window: MainWindow, session: Session, size: tuple[int, int]
) -> None:
    correcting(qtbot, window, session, size)
    heading = window.form_host.form.header.heading
    line = heading.fontMetrics().height()
    assert heading.height() < 1.5 * line
    said = heading.text()
    assert said.startswith("Заява № ZT01-") and said.endswith("редакція 2")
    assert heading.elided() != said  # (no room for all of it, at either size)
    assert heading.toolTip() == said  # the whole of it is in the tooltip
    number = said.removeprefix("Заява № ").split(" ")[0]
    assert number[-6:] in heading.elided()  # the number's last digits are what stays


@pytest.mark.parametrize("size", [LAPTOP_150, NETBOOK_125])
def test_the_sync_strip_takes_two_lines_at_most_and_says_it_all_in_its_tooltip(
    qtbot: QtBot, window: MainWindow, session: Session, size: tuple[int, int]
) -> None:
    correcting(qtbot, window, session, size)
    panel = window.sync_panel
    label = panel.problem_label
    line = label.fontMetrics().lineSpacing()
    assert panel.height() <= 2 * line + 24  # (its margins and frame)
    said = label.text()
    assert said.startswith("Не надіслано: 1 незавершене виправлення")  # the worker's to do
    assert "Немає зв'язку" in said  # all of it
    assert label.toolTip() == said
    assert len(label.elided()) >= 20  # the problem is read, "Last sync: …" gives way first


def test_the_form_does_not_scroll_sideways_on_a_netbook_at_125_percent(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    correcting(qtbot, window, session, NETBOOK_125)
    area = window.form_host.form.scroll_area
    fields = area.widget()
    assert fields is not None
    assert fields.minimumSizeHint().width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size", [LAPTOP_150, NETBOOK_125])
def test_every_service_is_in_sight_and_a_long_name_wraps_rather_than_being_cut(
    qtbot: QtBot, window: MainWindow, session: Session, size: tuple[int, int]
) -> None:
    correcting(qtbot, window, session, size)
    services = window.form_host.form.services.list
    qtbot.waitUntil(lambda: services.viewport().height() >= services.minimumHeight() - 4)
    room = services.viewport().rect()
    items = [services.item(row) for row in range(services.count())]
    assert all(room.contains(services.visualItemRect(item)) for item in items)
    assert room.height() >= sum(services.visualItemRect(item).height() for item in items)
    longest = max(items, key=lambda item: len(item.text()))
    shortest = min(items, key=lambda item: len(item.text()))
    assert services.visualItemRect(longest).height() > services.visualItemRect(shortest).height()


def test_a_long_autosave_failure_wraps_rather_than_being_cut(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    correcting(qtbot, window, session, NETBOOK_125)
    header = window.form_host.form.header
    header.failed("диск переповнено або недоступний, звільніть місце на диску й спробуйте ще раз")
    QApplication.processEvents()
    assert (window.width(), window.height()) == NETBOOK_125
    assert header.minimumSizeHint().width() <= header.width()  # not cut at the right edge
    assert "звільніть місце" in header.autosave.text()
    assert not window.form_host.form.scroll_area.horizontalScrollBar().isVisible()


def test_on_an_ordinary_laptop_the_strip_shows_what_the_registry_refused_before_the_rest(
    qtbot: QtBot, window: MainWindow
) -> None:
    """(the strip became one elided line: at 1366 px the registry's refusals, which the
    worker must fix, were cut off behind "no link to the registry …")"""
    panel = window.sync_panel
    qtbot.waitUntil(lambda: not panel._reading, timeout=WAIT_MS)
    panel.refresh = lambda: None  # (the panel says only this from now on)
    panel._stop_reason = None  # (as if it were enrolled)
    window.resize(1366, 720)
    offline = {"code": "sync.offline", "detail": "ConnectionError"}
    panel.show_status(
        SyncStatus(38, 0, 2, "2026-11-23T09:00:00+00:00", "https://registry.example", offline)
    )
    QApplication.processEvents()
    label = panel.problem_label
    assert "не прийнято реєстром" in label.text() and "Немає зв'язку" in label.text()
    assert "2 заяви не прийнято реєстром" in label.elided()


def test_a_long_refusal_scrolls_and_leaves_the_form_its_rows_on_a_laptop_at_150_percent(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """The registry listed ten problems: the notice took every line, the fields were left
    a sliver and the last reasons were cut off below it."""
    from PySide6.QtCore import Qt

    from tests.factories import application

    problems = [
        {"field": f"household[{i}].rnokpp", "message": f"Проблема номер {i + 1} у складі сім'ї"}
        for i in range(10)
    ]
    refused: list[str] = []

    def work() -> None:  # as the sync engine records a refusal
        profile = session.profile
        app = profile.applications.save(application(), "olena").application
        [item] = profile.outbox.claim(10)
        profile.outbox.record_results([(item, None, {"outcome": "rejected", "problems": problems})])
        refused.append(app.id)

    session.db.run(work)
    qtbot.waitUntil(lambda: bool(refused), timeout=WAIT_MS)
    window.setMinimumSize(0, 0)
    window.resize(*LAPTOP_150)
    window.journal.apply_filters()
    qtbot.waitUntil(lambda: window.journal.model.total == 1, timeout=WAIT_MS)
    window.journal.open_row(0)
    card = window.journal.card
    assert card is not None and card.edit_button is not None
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    form = window.form_host.form
    qtbot.waitUntil(lambda: not form.read_only, timeout=WAIT_MS)
    header = form.header
    QApplication.processEvents()
    assert "Проблема номер 10" in header.notice_label.text()  # every one, a scroll away
    assert header.notice_area.verticalScrollBar().maximum() > 0
    assert form.scroll_area.viewport().height() >= FORM_ROWS_PX
