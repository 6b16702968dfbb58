"""The settlement pickers (the wizard's and settings' one, and the form's address one) over
the real codifier: places that share a name, even a label, are each a line of their own,
and the line chosen with the keyboard is the place recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.conftest import KATOTTG_CSV
from tests.ui.keyboard import type_text
from ui.form.address import SettlementPicker as AddressPicker
from ui.settlement_picker import SettlementPicker

BAR_CITY, BAR_SELYSHCHE = "UA05060010010059821", "UA05060010650011955"
POKROV_CITYS, POKROVSKE_VILLAGES = "UA12080090000039979", "UA12080110000055958"


@pytest.fixture
def loaded(profile: Profile) -> Iterator[Profile]:
    profile.places.import_csv(KATOTTG_CSV)
    yield profile


def offered(qtbot: QtBot, picker: QLineEdit, popup: QAbstractItemView, text: str) -> list[str]:
    picker.clear()
    picker.setFocus()
    type_text(picker, text)
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def choose_line(qtbot: QtBot, popup: QAbstractItemView, number: int) -> None:
    """The worker goes down the list to the line and presses Enter."""
    for _ in range(number):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_two_hromadas_of_one_name_are_two_lines_and_each_is_the_one_recorded(
    qtbot: QtBot, loaded: Profile
) -> None:
    picker = SettlementPicker(loaded.places, ("H",))
    qtbot.addWidget(picker)
    picker.show()
    chosen: list[str] = []
    picker.placeChosen.connect(lambda place: chosen.append(place.code))
    popup = picker.completer().popup()
    lines = offered(qtbot, picker, popup, "покровська, нікоп")
    assert lines == [
        "Покровська (центр м. Покров), Нікопольський р-н, Дніпропетровська обл.",
        "Покровська (центр с. Покровське), Нікопольський р-н, Дніпропетровська обл.",
    ]
    choose_line(qtbot, popup, 1)
    assert (chosen, picker.code, picker.text()) == ([POKROV_CITYS], POKROV_CITYS, lines[0])
    offered(qtbot, picker, popup, "покровська, нікоп")
    choose_line(qtbot, popup, 2)
    assert (chosen[-1], picker.code, picker.text()) == (
        POKROVSKE_VILLAGES,
        POKROVSKE_VILLAGES,
        lines[1],
    )


def test_a_city_and_a_selyshche_of_one_name_are_told_apart_in_the_settings_picker(
    qtbot: QtBot, loaded: Profile
) -> None:
    picker = SettlementPicker(loaded.places)
    qtbot.addWidget(picker)
    picker.show()
    popup = picker.completer().popup()
    lines = offered(qtbot, picker, popup, "Бар, жмерин")
    assert lines[:2] == [
        "м. Бар, Барська громада, Жмеринський р-н, Вінницька обл.",
        "с-ще Бар, Барська громада, Жмеринський р-н, Вінницька обл.",
    ]
    choose_line(qtbot, popup, 1)
    assert picker.code == BAR_CITY
    offered(qtbot, picker, popup, "Бар, жмерин")
    choose_line(qtbot, popup, 2)
    assert picker.code == BAR_SELYSHCHE


def test_the_address_picker_records_the_line_chosen_not_the_first_of_its_text(
    qtbot: QtBot, loaded: Profile
) -> None:
    picker = AddressPicker(loaded.places)
    qtbot.addWidget(picker)
    picker.show()
    recorded: list[str] = []
    picker.chosen.connect(recorded.append)
    popup = picker.completer_popup
    lines = offered(qtbot, picker, popup, "Бар, жмерин")
    assert len(set(lines)) == len(lines)
    choose_line(qtbot, popup, 2)
    assert (recorded, picker.code()) == ([BAR_SELYSHCHE], BAR_SELYSHCHE)
    assert picker.text() == "с-ще Бар, Барська громада, Жмеринський р-н"
    offered(qtbot, picker, popup, "Бар, жмерин")
    choose_line(qtbot, popup, 1)
    assert (recorded[-1], picker.code()) == (BAR_CITY, BAR_CITY)
    assert picker.text() == "м. Бар, Барська громада, Жмеринський р-н"


def test_a_kyiv_district_is_offered_with_the_city_named_once(qtbot: QtBot, loaded: Profile) -> None:
    picker = AddressPicker(loaded.places)
    qtbot.addWidget(picker)
    picker.show()
    popup = picker.completer_popup
    assert offered(qtbot, picker, popup, "Дарницьк") == [
        "Дарницьке, Устилузька громада, Володимирський р-н, Волинська обл.",
        "Дарницький р-н, м. Київ",
    ]
    choose_line(qtbot, popup, 2)
    assert (picker.code(), picker.text()) == ("UA80000000000210193", "Дарницький р-н, м. Київ")


def test_tab_on_the_line_moved_to_takes_it_in_the_settings_picker_and_tab_alone_takes_none(
    qtbot: QtBot, loaded: Profile
) -> None:
    """(in the settings and the wizard, Tab on the highlighted line only closed the list:
    the place stayed unchosen, and saving asked to choose it from the list)"""
    picker = SettlementPicker(loaded.places)
    qtbot.addWidget(picker)
    picker.show()
    popup = picker.completer().popup()
    lines = offered(qtbot, picker, popup, "Бар, жмерин")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert (picker.code, picker.text()) == (BAR_SELYSHCHE, lines[1])
    assert not popup.isVisible()
    offered(qtbot, picker, popup, "Бар, жмерин")
    qtbot.keyClick(popup, Qt.Key.Key_Tab)  # nothing highlighted: nothing guessed
    assert picker.code == ""


def test_a_code_pasted_with_a_cyrillic_look_alike_is_taken_in_the_address_picker(
    qtbot: QtBot, loaded: Profile
) -> None:
    """«UА…» typed with the Ukrainian layout on (a Cyrillic А) is the code it looks like,
    as the import reads it, not a name to search for."""
    picker = AddressPicker(loaded.places)
    qtbot.addWidget(picker)
    recorded: list[str] = []
    picker.chosen.connect(recorded.append)
    picker.show()
    picker.setFocus()
    type_text(picker, "UА" + BAR_CITY[2:])  # (Cyrillic А)
    assert recorded[-1:] == [BAR_CITY] and picker.code() == BAR_CITY
