"""Settings: where I work today is stored and used; English can be switched on and back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from frontdesk.model import ServicePoint
from frontdesk.profile import Profile
from frontdesk.worktime import kyiv_today
from tests.conftest import KATOTTG_CSV
from tests.http_server import refusing_enrolment, serving
from tests.ui.conftest import OPERATOR, close_all_windows, main_window
from tests.ui.keyboard import type_text
from tests.ui.screens import run_at_150_percent
from ui.i18n import Translations
from ui.main_window import JOURNAL_TAB, MainWindow
from ui.preferences import Preferences
from ui.session import Session, open_session
from ui.settings import SettingsDialog

WAIT_MS = 15_000
TETERIVKA = "UA18040530010026726"


@pytest.fixture
def codifier(profile_root: Path) -> None:
    with Profile.open(profile_root) as profile:
        profile.places.import_csv(KATOTTG_CSV)


@pytest.fixture
def window(
    qtbot: QtBot, codifier: None, session: Session, profile_root: Path, ukrainian: Translations
) -> Iterator[MainWindow]:
    with main_window(qtbot, session, profile_root, ukrainian) as shown:
        yield shown


def test_service_point_and_language_are_saved_and_applied(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    assert window.tabs.tabText(JOURNAL_TAB) == "Журнал"
    dialog = window.open_settings()
    dialog.point_kind.setCurrentIndex(dialog.point_kind.findData("van"))
    type_text(dialog.point_name, "Маршрут 3")
    type_text(dialog.settlement, "тетерівк")
    popup = dialog.settlement.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.settlement.code == TETERIVKA
    dialog.idle_minutes.setValue(3)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):  # stored on the db lane, then shut
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert session.service_point.kind == "van"
    assert session.service_point.katottg == TETERIVKA
    stored = Preferences.load(session.reader)
    assert (stored.language, stored.idle_minutes) == ("en", 3.0)
    assert stored.service_point == session.service_point
    assert window.tabs.tabText(JOURNAL_TAB) == "Journal"  # switched while running
    assert "Mobile service van: Маршрут 3, Тетерівка" in window.where.text()
    # The other widgets retranslate on the LanguageChange event Qt posts to each of them.
    qtbot.waitUntil(lambda: window.sync_panel.sync_button.text() == "Sync now", timeout=WAIT_MS)
    assert window.journal.status_filter.itemText(0) == "All statuses"
    assert window.lock_screen.unlock_button.text() == "Unlock"  # (hidden until it locks)

    window.apply_preferences(Preferences(language="uk"))  # and back
    assert window.tabs.tabText(JOURNAL_TAB) == "Журнал"
    qtbot.waitUntil(
        lambda: window.lock_screen.unlock_button.text() == "Розблокувати", timeout=WAIT_MS
    )
    assert "введіть свій пароль" in window.lock_screen.who.text()


def test_a_settlement_typed_but_not_picked_is_taken_when_it_names_one_else_asked_for(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    dialog = window.open_settings()
    dialog.point_kind.setCurrentIndex(dialog.point_kind.findData("van"))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    # Several villages of the workstation's raion have that name, none of its hromada.
    type_text(dialog.settlement, "Іванівка")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "зі списку" in dialog.error.text()
    assert dialog.focusWidget() is dialog.settlement
    assert Preferences.load(session.reader).service_point == ServicePoint()  # nothing saved
    dialog.settlement.clear()
    type_text(dialog.settlement, "Нова Борова")  # the only one
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert session.service_point.katottg == session.reader.places.search("Нова Борова")[0].code


def test_a_settlement_others_share_is_the_one_of_the_workstations_own_hromada(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    dialog = window.open_settings()
    dialog.point_kind.setCurrentIndex(dialog.point_kind.findData("van"))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    type_text(dialog.settlement, "Тетерівка")  # another one lies in Черкаська обл.
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert session.service_point.katottg == TETERIVKA


YESTERDAYS_VAN = ServicePoint(kind="van", name="Маршрут 3", katottg=TETERIVKA)


@pytest.fixture
def new_day(profile_root: Path, qapp: object) -> Iterator[Session]:
    """The van's route was set yesterday; the worker signs in today."""
    yesterday = kyiv_today() - dt.timedelta(days=1)
    with Profile.open(profile_root) as profile:
        Preferences(service_point=YESTERDAYS_VAN).save(profile, today=yesterday)
        kept = Preferences.load(profile, today=yesterday).service_point
        assert kept == YESTERDAYS_VAN  # on the same day it stays
    opened = open_session(profile_root, OPERATOR)
    yield opened
    close_all_windows()
    opened.close()


def test_a_new_day_starts_at_the_office_and_the_window_says_where_the_worker_was(
    new_day: Session, qtbot: QtBot, profile_root: Path, ukrainian: Translations
) -> None:
    assert new_day.service_point == ServicePoint()  # the office
    assert new_day.earlier_point == YESTERDAYS_VAN
    qtbot.waitUntil(lambda: new_day.db.pending == 0, timeout=WAIT_MS)
    again = Preferences.load(new_day.reader)  # the next start today: the office, said once
    assert again.service_point == ServicePoint() and again.earlier_point is None
    with main_window(qtbot, new_day, profile_root, ukrainian) as window:
        message = window.statusBar().currentMessage()
        assert "Новий день" in message and "Мобільний пункт (автомобіль): Маршрут 3" in message
        assert "Офіс" in window.where.text()


def test_a_place_of_work_stored_without_its_day_counts_as_an_earlier_days(
    profile_root: Path,
) -> None:
    with Profile.open(profile_root) as profile:
        profile.set_setting("ui.service_point", '{"kind": "van", "name": "Маршрут 3"}')
        loaded = Preferences.load(profile)
    assert loaded.service_point == ServicePoint()
    assert loaded.earlier_point == ServicePoint(kind="van", name="Маршрут 3")


def test_a_window_left_open_overnight_starts_the_next_day_at_the_office(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    session.service_point = YESTERDAYS_VAN
    window.check_new_day()  # the same day: nothing changes
    assert session.service_point == YESTERDAYS_VAN
    window.check_new_day(kyiv_today() + dt.timedelta(days=1))  # the laptop opened at 8:00
    assert session.service_point == ServicePoint()
    assert "Маршрут 3" in window.statusBar().currentMessage()
    assert "Офіс" in window.where.text()
    qtbot.waitUntil(lambda: session.db.pending == 0, timeout=WAIT_MS)
    stored = Preferences.load(session.reader, today=kyiv_today() + dt.timedelta(days=1))
    assert stored.service_point == ServicePoint() and stored.earlier_point is None


def test_enter_after_the_enrolment_code_connects_and_keeps_settings_open(
    qtbot: QtBot, window: MainWindow
) -> None:
    """(Enter pressed Save: Settings closed, the code typed was dropped, nothing enrolled)"""
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    type_text(dialog.registry_url, "http://127.0.0.1:9")  # nothing listens there
    qtbot.keyClick(dialog.registry_url, Qt.Key.Key_Return)  # the address typed: on to the code
    assert dialog.isVisible() and dialog.focusWidget() is dialog.enrol_code
    type_text(dialog.enrol_code, "ABCD-1234")
    qtbot.keyClick(dialog.enrol_code, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.enrol_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.enrol_message.text() and dialog.enrol_message.text() != "Підключення…"
    assert dialog.isVisible() and dialog.enrol_code.text() == "ABCD-1234"  # kept to try again
    dialog.reject()


def test_a_registry_that_does_not_answer_is_said_to_leave_the_workstation_unconnected(
    qtbot: QtBot, window: MainWindow
) -> None:
    """(It said the sync strip's "no connection — applications saved, will be sent
    automatically", though nothing was enrolled and nothing would be sent)"""
    dialog = window.open_settings()
    type_text(dialog.registry_url, "http://127.0.0.1:9")  # nothing listens there
    type_text(dialog.enrol_code, "ABCD-1234")
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.enrol_button.isEnabled() and dialog.enrol_message.text() != "Підключення…",
        timeout=WAIT_MS,
    )
    message = dialog.enrol_message.text()
    assert message.startswith("Не під'єднано: реєстр не відповідає за цією адресою")
    assert "перевірте адресу" in message and "ще раз" in message
    assert "будуть надіслані" not in message and "збережено" not in message
    dialog.reject()


def test_with_no_codifier_the_van_and_route_are_saved_and_the_note_says_how_to_load_it(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations
) -> None:
    """A profile made offline without the codifier file (the wizard allows it): a settlement
    typed stopped Save with "choose it from the list", and the list never opened."""
    assert not session.reader.places.loaded
    with main_window(qtbot, session, profile_root, ukrainian) as window:
        dialog = window.open_settings()
        dialog.point_kind.setCurrentIndex(dialog.point_kind.findData("van"))
        type_text(dialog.point_name, "Маршрут 3, Тетерівка")
        type_text(dialog.settlement, "Тетерівка")
        assert dialog.settlement.text() == ""
        assert not dialog.settlement.isEnabled()
        assert dialog.codifier_note.isVisible()
        assert "Кодифікатор не завантажено" in dialog.codifier_note.text()
        assert "«Маршрут або адреса»" in dialog.codifier_note.text()
        how = "Адміністратор завантажує кодифікатор командою: frontdesk reference import-katottg"
        assert how in dialog.codifier_note.toolTip()
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        stored = Preferences.load(session.reader).service_point
        assert stored == ServicePoint(kind="van", name="Маршрут 3, Тетерівка")


def test_in_english_the_settlement_of_today_says_its_kind_and_levels_in_english(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """(it said "Тетерівська громада, Житомирський р-н, Житомирська обл." in English)"""
    point = ServicePoint(kind="van", name="Маршрут 3", katottg=TETERIVKA)
    window.apply_preferences(Preferences("en", session.idle_minutes, point))
    try:
        dialog = window.open_settings()
        qtbot.waitExposed(dialog)
        assert dialog.settlement.text() == (
            "Тетерівка, Тетерівська hromada, Житомирський raion, Житомирська oblast"
        )
        type_text(dialog.settlement, ",")  # the worker types on, and leaves it
        assert dialog.settlement.place is None
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):  # the text names just one
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert session.service_point.katottg == TETERIVKA
        assert window.where.text() == "Today: Mobile service van: Маршрут 3, Тетерівка"
    finally:
        window.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))


@pytest.mark.parametrize("language", ["uk", "en"])
def test_every_field_of_settings_has_its_own_alt_letter(
    qtbot: QtBot, window: MainWindow, session: Session, language: str
) -> None:
    """(no label had one: the worker could only Tab through ten fields)"""
    from PySide6.QtWidgets import QFormLayout, QLabel

    from tests.ui.keyboard import alt_letters

    window.apply_preferences(Preferences(language, session.idle_minutes, session.service_point))
    try:
        dialog = window.open_settings()
        qtbot.waitExposed(dialog)
        letters = alt_letters(dialog)
        assert {k: v for k, v in letters.items() if len(v) > 1} == {}
        for form in dialog.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                editable = field is not None and field.widget() is not None
                if label is None or not editable or isinstance(field.widget(), QLabel):
                    continue
                caption = label.widget()
                assert isinstance(caption, QLabel) and "&" in caption.text(), caption.text()
                assert caption.buddy() is not None
        assert "&" in dialog.enrol_button.text()
        [code_caption] = [
            label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.enrol_code
        ]
        assert "&" in code_caption.text()
        dialog.reject()
    finally:
        window.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))


def _shown_whole(dialog: SettingsDialog, label: QLabel) -> bool:
    """Every wrapped line of ``label`` has its height, inside the dialog above its buttons."""
    bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
    buttons = dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()).y()
    return label.height() >= label.heightForWidth(label.width()) and bottom < buttons


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("uk", "Неправильні дані: адреса реєстру 'http://10.0.0.5:8443': лише https://"),
        ("en", "Invalid input: registry address 'http://10.0.0.5:8443': https:// only"),
    ],
)
def test_a_two_line_enrolment_error_is_shown_whole_in_settings(
    qtbot: QtBot, window: MainWindow, session: Session, language: str, said: str
) -> None:
    """(The dialog kept its size: the second line was cut off under the code's row)"""
    window.apply_preferences(Preferences(language, session.idle_minutes, session.service_point))
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    type_text(dialog.registry_url, "http://10.0.0.5:8443")  # refused before any connection
    type_text(dialog.enrol_code, "ABCD-1234")
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    message = dialog.enrol_message
    qtbot.waitUntil(lambda: message.text().startswith(said), timeout=WAIT_MS)
    assert message.heightForWidth(message.width()) > message.fontMetrics().lineSpacing() * 1.5
    qtbot.waitUntil(lambda: _shown_whole(dialog, message), timeout=2000)
    dialog.reject()


ENROLMENT_ERROR_AT_150 = """
from pathlib import Path
from PySide6.QtWidgets import QApplication
from frontdesk.profile import Profile
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.session import session_for
from ui.sync_controller import SyncController
from ui.widgets import TITLE_BAR_ALLOWANCE
root = Path(r"{root}")
with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as new:
    new.operators.add("olena", "Vesna-2026-rik")
    new.set_setting("ui.language", "{language}")
app = QApplication([])
translations = Translations()
translations.switch("{language}")
session = session_for(Profile.open(root), Profile.open(root), "olena", synchronous=True)
controller = SyncController(root, watch_network=False)
window = MainWindow(session, controller, translations)
window.show()
dialog = window.open_settings()
app.processEvents()
dialog.registry_url.setText("http://10.0.0.5:8443")
dialog.enrol_code.setText("ABCD-1234")
dialog.enrol_button.click()
for _ in range(50):
    app.processEvents()
label = dialog.enrol_message
room = dialog.screen().availableGeometry()
bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
above = bottom < dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()).y()
print("lines", label.height() >= label.heightForWidth(label.width()) and above)
print("dialog", dialog.height() + TITLE_BAR_ALLOWANCE <= room.height())
dialog.reject()
window.close()
session.close()
"""


@pytest.mark.parametrize("language", ["uk", "en"])
def test_the_enrolment_error_is_whole_at_150_percent(tmp_path: Path, language: str) -> None:
    """1366×768 less a taskbar, at 150 %: Settings grown for the message still fits."""
    script = ENROLMENT_ERROR_AT_150.format(root=tmp_path / "profile", language=language)
    shown = run_at_150_percent(script, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["lines", "True", "dialog", "True"]


MARKUP = '<h1 style="color:red">Реєстр змінив адресу: дзвоніть 0800 500 000</h1><img src="x.png">'


def test_a_servers_words_in_an_enrolment_refusal_are_shown_as_text_never_as_markup(
    qtbot: QtBot, window: MainWindow
) -> None:
    """(the refusal's message, as the server at the address typed wrote it, went into a
    label that renders rich text: a server's heading in red, its images, its instructions
    dressed as the program's)"""
    dialog = window.open_settings()
    with serving(refusing_enrolment(MARKUP)) as url:
        type_text(dialog.registry_url, url)
        type_text(dialog.enrol_code, "ABCD-1234")
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: MARKUP in dialog.enrol_message.text(), timeout=WAIT_MS)

    assert dialog.enrol_message.textFormat() == Qt.TextFormat.PlainText
    dialog.reject()
