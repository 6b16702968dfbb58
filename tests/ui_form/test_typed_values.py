"""Values as workers type or paste them into the form, and what the form makes of them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from frontdesk.catalog import ServiceCatalog
from frontdesk.identifiers import rnokpp_for, unzr_for
from frontdesk.model import Status
from frontdesk.validation import Validator
from frontdesk.worktime import kyiv_today
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.form.fields import full_year, parse_date
from ui.form.household import COLUMNS
from ui.latest_day import know_today
from ui.session import Session

BIRTH = dt.date(1980, 3, 5)
RNOKPP = rnokpp_for(BIRTH, "M", 12)  # 2928401217


def paste(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+V of ``text`` into ``field``, then leave it (Tab), as the worker does."""
    QApplication.clipboard().setText(text)
    field.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.key(Qt.Key.Key_V, field, Qt.KeyboardModifier.ControlModifier)
    keyboard.key(Qt.Key.Key_Tab, field)


def problems_at(form: ApplicationForm, path: str) -> list[str]:
    return [p.message() for p in form.validate() if p.field == path]


@pytest.mark.parametrize("pasted", ["29 28 40 12 17", " 2928 4012 17 ", "\t2928401217\n"])
def test_a_rnokpp_pasted_in_groups_is_read_whole_and_shown_as_stored(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    pasted: str,
) -> None:
    paste(qtbot, form.applicant.rnokpp, pasted)
    assert form.applicant.rnokpp.text() == RNOKPP
    applicant = form.current_application().applicant
    assert (applicant.rnokpp, applicant.birth_date, applicant.sex) == (RNOKPP, BIRTH, "M")
    assert problems_at(form, "applicant.rnokpp") == []


def test_a_rnokpp_too_long_is_kept_whole_and_said_so(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    paste(qtbot, form.applicant.rnokpp, RNOKPP + " 123")
    assert form.applicant.rnokpp.text() == RNOKPP + " 123"  # as pasted: nothing cut off
    assert problems_at(form, "applicant.rnokpp") == ["РНОКПП має складатися з 10 цифр"]


@pytest.mark.parametrize(
    "pasted", [" 05.03.1980", "05.03.1980\n", "05.03.1980 р.", " 5.3.1980 року"]
)
def test_a_date_pasted_with_spaces_or_a_year_word_is_the_date(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    pasted: str,
) -> None:
    paste(qtbot, form.applicant.birth_date, pasted)
    assert form.applicant.birth_date.text() == "05.03.1980"
    assert form.current_application().applicant.birth_date == BIRTH
    assert problems_at(form, "applicant.birth_date") == []


def test_an_iban_and_a_postcode_pasted_with_spaces_are_not_cut(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    paste(qtbot, form.payment.iban, "UA 21 32 23 13 00 00 02 60 07 23 35 66 00 1")
    paste(qtbot, form.addresses.registered.postcode, " 10001")
    app = form.current_application()
    assert app.payment.iban == "UA213223130000026007233566001"
    assert app.registered_address.postcode == "10001"


def test_a_name_typed_with_a_latin_i_is_saved_in_ukrainian_letters(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    """A Russian keyboard layout has no і: workers type a Latin i, which looks the same."""
    draft = application()
    draft.status = Status.DRAFT
    form.open_application(draft)
    form.applicant.surname.clear()
    Keyboard(qtbot).write("Бiлик", form.applicant.surname)  # a Latin i
    table = form.household.table
    table.item(1, COLUMNS.index("given_name")).setText("Iрина")  # the child's: a Latin I
    assert problems_at(form, "applicant.surname") == []
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    stored = session.reader.applications.get(blocker.args[0].id)
    assert stored.applicant.surname == "Білик"
    assert stored.household[1].given_name == "Ірина"


@pytest.mark.parametrize(
    ("series", "number"), [("", "MK123456"), ("", "мк 123456"), ("MK123456", "")]
)
def test_a_passport_booklet_typed_whole_in_one_field_is_taken_and_split(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    series: str,
    number: str,
) -> None:
    person = form.applicant
    person.document_type.set_value("passport_booklet")
    keyboard = Keyboard(qtbot)
    for field, typed in ((person.series, series), (person.number, number)):
        field.setFocus()
        keyboard.write(typed, field)
        keyboard.key(Qt.Key.Key_Tab, field)
    assert problems_at(form, "applicant.document.number") == []
    assert (person.series.text(), person.number.text()) == ("МК", "123456")
    document = form.current_application().applicant.document
    assert document is not None
    assert (document.series, document.number) == ("МК", "123456")


TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "past", "ahead"),
    [
        ("5.3.80", "1980-03-05", "1980-03-05"),
        ("05.03.80", "1980-03-05", "1980-03-05"),
        ("050380", "1980-03-05", "1980-03-05"),
        ("05,03,80", "1980-03-05", "1980-03-05"),
        ("22.11.26", "2026-11-22", "2026-11-22"),  # today
        ("23.11.26", "1926-11-23", "2026-11-23"),  # tomorrow: no birth date, an expiry
        ("05.03.30", "1930-03-05", "2030-03-05"),  # (a resident of 96)
        ("05.03.35", "1935-03-05", "2035-03-05"),
        ("29.02.00", "2000-02-29", "2000-02-29"),
        ("05.03.1980", "1980-03-05", "1980-03-05"),  # four digits: as written
    ],
)
def test_a_year_in_two_digits_is_the_latest_past_or_for_an_expiry_the_nearest(
    typed: str, past: str, ahead: str
) -> None:
    assert str(parse_date(typed, today=TODAY)) == past
    assert str(parse_date(typed, future=True, today=TODAY)) == ahead


def test_the_century_of_a_two_digit_year_moves_with_the_date() -> None:
    assert full_year(30, 3, 5, today=dt.date(2030, 3, 5)) == 2030
    assert full_year(30, 3, 6, today=dt.date(2030, 3, 5)) == 1930
    assert full_year(80, 3, 5, future=True, today=dt.date(2026, 1, 1)) == 1980
    assert full_year(70, 3, 5, future=True, today=dt.date(2026, 1, 1)) == 2070


def test_a_babys_two_digit_year_after_a_clock_set_back_is_said_to_be_in_the_future() -> None:
    """The laptop's clock reset to 01.01.2024 (a dead CMOS battery), the baby born 05.03.2025
    typed as 05.03.25: it was read as 1925, a child of 101 with only "born too long ago"
    for the birth grant. It is 2025, "in the future" by this computer's clock, as the
    message says, naming the day the clock takes for today."""
    laptop_today = dt.date(2024, 1, 1)
    know_today(dt.date(2026, 11, 24))  # (the registry's date at the last sync: ui.clock_warning)
    try:
        born = parse_date("05.03.25", today=laptop_today)
        assert born == dt.date(2025, 3, 5)
        assert parse_date("12.06.25", today=laptop_today) == dt.date(2025, 6, 12)  # an ID card
        assert parse_date("05.03.30", today=laptop_today) == dt.date(1930, 3, 5)  # (after it)
    finally:
        know_today(None)
    assert parse_date("05.03.25", today=laptop_today) == dt.date(1925, 3, 5)  # (none known)
    app = application()
    app.household[1].birth_date = born
    report = Validator(ServiceCatalog.bundled(), today=lambda: laptop_today).validate(app)
    [problem] = report.for_field("household[1].birth_date")
    assert problem.code == "date.future"
    assert "сьогодні за годинником цього комп'ютера 01.01.2024" in problem.message("uk")


@pytest.mark.parametrize("typed", ["5.3.80", "05.03.80", "050380"])
def test_a_birth_date_with_a_two_digit_year_is_taken_and_shown_whole(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    typed: str,
) -> None:
    field = form.applicant.birth_date
    field.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.write(typed, field)
    keyboard.key(Qt.Key.Key_Tab, field)
    assert field.text() == "05.03.1980"
    assert form.current_application().applicant.birth_date == BIRTH
    assert problems_at(form, "applicant.birth_date") == []


def test_a_document_valid_until_a_two_digit_year_ahead_is_in_this_century(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    year = kyiv_today().year % 100 + 5
    keyboard = Keyboard(qtbot)
    for field in (form.applicant.issue_date, form.applicant.expiry_date):
        field.setFocus()
        keyboard.write(f"01.02.{year:02d}", field)
        keyboard.key(Qt.Key.Key_Tab, field)
    document = form.current_application().applicant.document
    assert document is not None
    assert document.expiry_date == dt.date(2000 + year, 2, 1)  # ahead
    assert document.issue_date == dt.date(1900 + year, 2, 1)  # issued: not in the future


def test_the_household_reads_a_two_digit_year_and_says_how_to_type_a_date(
    form: ApplicationForm,
) -> None:
    form.household.add_member()
    cell = form.household.table.item(1, COLUMNS.index("birth_date"))
    cell.setText("5.3.80")  # what the cell's editor commits
    assert cell.text() == "05.03.1980"
    assert form.current_application().household[1].birth_date == BIRTH
    cell.setText("31.02.80")
    form.view.show_all = True
    form.validate()
    assert (
        "Рядок 2, Дата народження: Це не дата: 31.02.80 — введіть у вигляді ДД.ММ.РРРР"
        in form.household.problem.text().splitlines()
    )


@pytest.mark.parametrize("typed", ["1980030500424", "19800305 00424", "19800305–00424"])
def test_a_unzr_typed_without_its_dash_is_taken_and_shown_with_it(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    typed: str,
) -> None:
    unzr = unzr_for(BIRTH, 42)  # 19800305-00424
    field = form.applicant.unzr
    field.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.write(typed, field)
    assert form.applicant.birth_date.text() == "05.03.1980"  # read from it as it is typed
    keyboard.key(Qt.Key.Key_Tab, field)
    assert field.text() == unzr
    assert form.current_application().applicant.unzr == unzr
    assert problems_at(form, "applicant.unzr") == []


@pytest.mark.parametrize("pace_ms", [60, 150, 500])
def test_services_typed_by_code_and_ticked_with_space_at_any_pace(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    pace_ms: int,
) -> None:
    services = form.services.list
    services.setFocus()
    keyboard = Keyboard(qtbot)
    for key in "249 250 ":
        if key == " ":
            keyboard.key(Qt.Key.Key_Space, services)
        else:
            keyboard.write(key, services)
        qtbot.wait(pace_ms)
    assert form.services.codes() == ["249", "250"]
    assert form.current_application().service_codes == ["249", "250"]
    keyboard.key(Qt.Key.Key_Space, services)  # again: the current one is unticked
    assert form.services.codes() == ["249"]
    keyboard.write("664", services)
    keyboard.key(Qt.Key.Key_Space, services)
    assert form.services.codes() == ["249", "664"]


HOME_TETERIVKA = "UA18040530010026726"  # of Тетерівська громада, the workstation's own


@pytest.mark.parametrize(
    "keys",
    [
        ["Тетерівка", Qt.Key.Key_Tab],
        ["с. Тетерівка", Qt.Key.Key_Tab],
        ["тетерівка", Qt.Key.Key_Tab],
        ["Тетерів", Qt.Key.Key_Down, Qt.Key.Key_Tab],  # the line highlighted, then Tab
        ["Тетерів", Qt.Key.Key_Down, Qt.Key.Key_Return],
    ],
)
def test_a_settlement_named_in_full_or_highlighted_is_taken_on_tab(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    keys: list[str | Qt.Key],
) -> None:
    """Another Тетерівка lies in Черкаська обл.: the one of the workstation's hromada is
    meant, as the list offers it first."""
    picker = form.addresses.registered.settlement
    picker.setFocus()
    keyboard = Keyboard(qtbot)
    for key in keys:
        popup = picker.completer_popup
        if isinstance(key, str):
            keyboard.write(key, picker)
        else:
            keyboard.key(key, popup if popup.isVisible() else picker)
    assert picker.code() == HOME_TETERIVKA
    assert picker.text() == "Тетерівка, Тетерівська громада, Житомирський р-н"
    assert form.current_application().registered_address.katottg == HOME_TETERIVKA
    assert form.addresses.unresolved() == []


def test_a_name_shared_by_villages_of_the_raion_is_not_guessed_on_tab(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    picker = form.addresses.registered.settlement
    picker.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.write("Іванівка", picker)  # several in Житомирський р-н, none in the hromada
    keyboard.key(Qt.Key.Key_Tab, picker.completer_popup)
    assert picker.code() == ""
    assert form.addresses.unresolved() == ["registered_address.katottg"]
