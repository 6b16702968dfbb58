"""The household table while the worker types in it: what is typed stays, is saved, and the
keys the section advertises do what they say."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from frontdesk.identifiers import unzr_for
from frontdesk.model import Application, Status
from frontdesk.store.rows import Filter
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.form.fields import ERROR_BACKGROUND, is_error
from ui.form.household import COLUMNS
from ui.session import Session

PACE_MS = 150  # a key every 150 ms: a worker typing at an ordinary pace
NUMBER = COLUMNS.index("document.number")
DOCUMENT = COLUMNS.index("document.type")
SURNAME = COLUMNS.index("surname")
BIRTH = COLUMNS.index("birth_date")
PATRONYMIC = COLUMNS.index("patronymic")
DISABILITY = COLUMNS.index("disability_group")
ABLE = COLUMNS.index("able_to_work")
EDITING = QAbstractItemView.State.EditingState


@pytest.fixture
def kb(qtbot, form: ApplicationForm) -> Iterator[Keyboard]:  # type: ignore[no-untyped-def]
    """The form on screen with a valid application typed in (not saved yet): the applicant
    and a child; the worker goes on from the keyboard."""
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    app = application()
    app.status, app.id, app.number, app.created_at = Status.DRAFT, "", "", None
    form._load(app, focus=True)
    QApplication.processEvents()
    yield Keyboard(qtbot)


def write(kb: Keyboard, text: str) -> None:
    """Typed key by key into whatever has the focus (the first key into a cell opens its
    editor, which takes the rest)."""
    for char in text:
        kb.write(char)


def tick(form: ApplicationForm, code: str, ticked: bool = True) -> None:
    """Tick (or untick) a service in the list, as a click would."""
    services = form.services.list
    [item] = [
        services.item(i)
        for i in range(services.count())
        if services.item(i).data(Qt.ItemDataRole.UserRole) == code
    ]
    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


def saved_ready(qtbot, form: ApplicationForm, session: Session) -> Application:  # type: ignore[no-untyped-def]
    got: list[Application] = []
    form.saved.connect(got.append)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return session.reader.applications.get(got[0].id)


def editor(form: ApplicationForm) -> QLineEdit:
    """The open editor of a text cell (it has the focus while the worker types)."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert form.household.table.viewport().isAncestorOf(focused)
    return focused


def cell_colour(form: ApplicationForm, row: int, column: int) -> QColor:
    """The colour the worker sees in a cell, by its top left corner (clear of the text)."""
    table = form.household.table
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 3, rect.top() + 3)


def test_a_validation_while_a_cell_is_typed_leaves_what_is_typed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    """The child's document becomes a foreign passport, so its number is missing: the
    validation that follows marks the number cell, the worker typing in it. Re-colouring
    the cell put its stored (empty) value back into the editor."""
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, NUMBER)
    kb.key(Qt.Key.Key_Delete)  # the old certificate number cleared
    table.setCurrentCell(1, DOCUMENT)
    write(kb, "З")  # "Закордонний паспорт"
    kb.key(Qt.Key.Key_Tab)  # on to the number, its editor open
    write(kb, "FA12")
    form.validate()  # as the form does 250 ms after the type was chosen
    assert editor(form).text() == "FA12"
    write(kb, "3456")
    kb.key(Qt.Key.Key_Return)
    assert table.item(1, NUMBER).text() == "FA123456"


def test_a_member_with_an_id_card_is_typed_with_its_unzr_and_saved_as_ready(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """Most adults' document is an ID card, and an ID card wants its УНЗР: the table had
    no column for it, so a spouse typed with their ID card was an error («Для ID-картки
    вкажіть УНЗР») the worker could not fix, and the application could not be sent."""
    born = dt.date(1988, 1, 2)
    unzr = unzr_for(born, 5)
    table = form.household.table
    table.setFocus()
    kb.key(Qt.Key.Key_Insert)
    spouse = ("ч", "Коваленко", "Андрій", "Петрович", "02.01.1988", "ч", "", "п", "001234999")
    for text in spouse:
        write(kb, text)
        kb.key(Qt.Key.Key_Tab)
    write(kb, unzr)
    kb.key(Qt.Key.Key_Return)
    assert table.item(2, COLUMNS.index("unzr")).text() == unzr
    assert not [p for p in form.validate() if p.field.startswith("household") and is_error(p)]

    stored = saved_ready(qtbot, form, session)
    [member] = [m for m in stored.household if m.relationship == "spouse"]
    assert (member.document and member.document.type, member.unzr) == ("id_card", unzr)


def test_the_disability_of_a_child_and_of_the_applicant_is_typed_in_the_household(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """Services for disabled children and adults are about who in the family has a
    disability: the worker records it in the household, the applicant's own in the
    applicant's row (the only cell of that row not filled from the fields above)."""
    table = form.household.table
    assert table.isColumnHidden(DISABILITY)  # the birth grant alone does not ask it
    tick(form, "248")
    assert not table.isColumnHidden(DISABILITY)
    table.setFocus()
    table.setCurrentCell(1, DISABILITY)
    write(kb, "д")  # "дитина з інвалідністю"
    kb.key(Qt.Key.Key_Return)
    assert table.item(1, DISABILITY).text() == "дитина з інвалідністю"
    table.setCurrentCell(0, DISABILITY)
    write(kb, "і")  # "І група", on the Ukrainian layout
    kb.key(Qt.Key.Key_Return)
    assert table.item(0, DISABILITY).text() == "І група"
    form.applicant.surname.setText("Коваленко-Мельник")  # the row follows the applicant…
    form.household.sync_applicant(form.applicant.person())
    assert table.item(0, DISABILITY).text() == "І група"  # …and keeps its disability

    stored = saved_ready(qtbot, form, session)
    groups = {m.relationship: m.disability_group for m in stored.household}
    assert groups == {"applicant": "I", "child": "CHILD"}


def test_who_is_able_to_work_is_typed_in_the_household(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """Help for low-income families (249) weighs the adults able to work: the form had no
    place for it, and every member went out as not known."""
    table = form.household.table
    assert table.isColumnHidden(ABLE)  # the birth grant alone does not ask it
    tick(form, "249")
    assert not table.isColumnHidden(ABLE)
    table.setFocus()
    table.setCurrentCell(0, ABLE)  # the applicant's own, typed in the row
    write(kb, "т")  # "так"
    kb.key(Qt.Key.Key_Return)
    table.setCurrentCell(1, ABLE)
    write(kb, "н")  # "ні"
    kb.key(Qt.Key.Key_Return)
    assert (table.item(0, ABLE).text(), table.item(1, ABLE).text()) == ("так", "ні")
    form.applicant.surname.setText("Коваленко-Мельник")  # the row follows the applicant…
    form.household.sync_applicant(form.applicant.person())
    assert table.item(0, ABLE).text() == "так"  # …and keeps what was typed in it

    tick(form, "249", False)  # not 249 after all
    assert not table.isColumnHidden(ABLE)  # (what is typed in it stays in sight)
    stored = saved_ready(qtbot, form, session)
    able = {m.relationship: m.able_to_work for m in stored.household}
    assert able == {"applicant": True, "child": False}
    form.open_application(stored)  # read back as saved
    assert (table.item(0, ABLE).text(), table.item(1, ABLE).text()) == ("так", "ні")


def test_a_cell_with_a_problem_is_coloured_and_loses_it_once_fixed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, BIRTH)
    write(kb, "31.02.2020")
    kb.key(Qt.Key.Key_Return)
    table.setCurrentCell(1, SURNAME)
    form.validate()
    QApplication.processEvents()
    assert cell_colour(form, 1, BIRTH) == QColor(ERROR_BACKGROUND)
    assert cell_colour(form, 1, PATRONYMIC) != QColor(ERROR_BACKGROUND)

    table.setCurrentCell(1, BIRTH)
    write(kb, "01.02.2020")
    kb.key(Qt.Key.Key_Return)
    table.setCurrentCell(1, SURNAME)
    form.validate()
    QApplication.processEvents()
    assert cell_colour(form, 1, BIRTH) != QColor(ERROR_BACKGROUND)


def test_a_member_typed_at_an_ordinary_pace_is_saved_as_typed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """Each cell finished starts the form's validation, which runs while the next cell is
    typed: every key typed must still be there, and saved."""
    table = form.household.table
    table.setFocus()
    kb.key(Qt.Key.Key_Insert)
    typed = ("ч", "Коваленко", "Андрій", "Петрович", "03.04.1988", "ч", "", "З", "FA123456")
    validations = 0

    def counted() -> None:
        nonlocal validations
        validations += 1

    form._validate_timer.timeout.connect(counted)
    for column, text in enumerate(typed):
        for char in text:
            write(kb, char)
            qtbot.wait(PACE_MS)
        kb.key(Qt.Key.Key_Tab if column < len(typed) - 1 else Qt.Key.Key_Return)
        qtbot.wait(PACE_MS)
    assert validations >= 5  # the validation did run while cells were typed

    stored = saved_ready(qtbot, form, session)
    member = stored.household[2]
    assert (member.relationship, member.surname, member.given_name, member.patronymic) == (
        "spouse",
        "Коваленко",
        "Андрій",
        "Петрович",
    )
    assert member.birth_date is not None and member.birth_date.isoformat() == "1988-04-03"
    assert member.document is not None
    assert (member.document.type, member.document.number) == ("foreign_passport", "FA123456")


def test_a_name_typed_in_a_cell_not_yet_left_is_in_the_periodic_autosave(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """The worker types a member's surname and stops to look at the resident's papers,
    the cell still open: the draft saved every few seconds held an empty surname, and the
    form said nothing was left unsaved (a power cut lost the name)."""
    table = form.household.table
    table.setFocus()
    kb.key(Qt.Key.Key_Insert)  # a new member; its relationship cell is being edited
    kb.key(Qt.Key.Key_Tab)  # on to the surname, still editing
    write(kb, "Петренко")
    assert table.state() == EDITING
    with qtbot.waitSignal(form.draftSaved, timeout=form.AUTOSAVE_PERIOD_MS + 3000) as saved:
        pass
    draft = saved.args[0]
    assert [m.surname for m in session.reader.applications.get(draft.id).household][-1] == (
        "Петренко"
    )
    assert table.state() == EDITING and editor(form).text() == "Петренко"  # not disturbed
    qtbot.waitUntil(lambda: not form.has_unsaved_changes(), timeout=5000)


def test_ctrl_s_while_a_cell_is_typed_saves_what_is_typed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """The child's certificate number retyped, Ctrl+S pressed in its cell: the number was
    read as empty (an error: not saved) and what was typed was lost."""
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, NUMBER)
    kb.key(Qt.Key.Key_Delete)
    write(kb, "I-БК654321")  # the cell's editor still open
    assert table.state() == EDITING

    stored = saved_ready(qtbot, form, session)

    assert stored.status is Status.READY
    document = stored.household[1].document
    assert document is not None and document.number == "I-БК654321"
    assert table.item(1, NUMBER).text() == "I-БК654321"


def test_ctrl_s_in_the_settlement_field_takes_the_settlement_typed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
) -> None:
    """A name that Tab would have taken (it names one settlement) is taken by Ctrl+S too."""
    picker = form.addresses.registered.settlement
    picker.setFocus()
    picker.clear()
    kb.write("Житомир", picker)
    assert not picker.code()

    stored = saved_ready(qtbot, form, session)

    assert stored.registered_address is not None
    assert stored.registered_address.katottg == "UA18040190010057814"
    assert picker.text().startswith("Житомир, ")
    assert not picker.completer_popup.isVisible()


@pytest.mark.parametrize("move_on", ["new", "open"])
def test_moving_on_keeps_the_cell_being_typed_in_the_draft_left_behind(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    kb: Keyboard,
    move_on: str,
) -> None:
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, PATRONYMIC)
    write(kb, "Андріївна")
    assert table.state() == EDITING

    if move_on == "new":
        kb.key(Qt.Key.Key_N, modifier=Qt.KeyboardModifier.ControlModifier)
    else:
        form.open_application(Application())  # as the journal opens another one
    qtbot.waitUntil(lambda: not form.applicant.surname.text())

    drafts = session.reader.applications.search(Filter(), limit=10)
    assert [s.status for s in drafts] == [Status.DRAFT]
    left = session.reader.applications.get(drafts[0].id)
    assert left.household[1].patronymic == "Андріївна"


def test_f8_goes_to_the_wrong_cell_and_the_fix_typed_lands_there(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    table = form.household.table
    table.setFocus()
    kb.key(Qt.Key.Key_Insert)  # a second child, its date typed wrong too
    second = ("ди", "Коваленко", "Богдан", "Андрійович", "1.13.2019", "ч", "", "С", "I-БК654321")
    for column, text in enumerate(second):
        write(kb, text)
        kb.key(Qt.Key.Key_Tab if column < len(second) - 1 else Qt.Key.Key_Return)
    table.setCurrentCell(1, BIRTH)
    write(kb, "31.02.2020")
    kb.key(Qt.Key.Key_Return)
    table.setCurrentCell(1, SURNAME)  # where the worker's cursor was left
    form.applicant.phone.setFocus()

    kb.key(Qt.Key.Key_F8)
    assert kb.focus is table
    assert (table.currentRow(), table.currentColumn()) == (1, BIRTH)
    assert table.selectedIndexes() == [table.model().index(1, BIRTH)]
    kb.key(Qt.Key.Key_F8)  # the next wrong cell
    assert (table.currentRow(), table.currentColumn()) == (2, BIRTH)

    write(kb, "01.09.2019")  # the fix, typed where F8 went
    kb.key(Qt.Key.Key_Return)
    assert [table.item(2, c).text() for c in (SURNAME, BIRTH)] == ["Коваленко", "01.09.2019"]
    kb.key(Qt.Key.Key_F8)  # back round to the first one
    assert (table.currentRow(), table.currentColumn()) == (1, BIRTH)
    write(kb, "01.02.2020")
    kb.key(Qt.Key.Key_Return)
    assert [table.item(1, c).text() for c in (SURNAME, BIRTH)] == ["Коваленко", "01.02.2020"]
    # (children of 2019 and 2020 are past the birth grant's 12 months: a warning, no error)
    assert not [p for p in form.validate() if p.field.startswith("household") and is_error(p)]


def test_enter_on_the_household_buttons_presses_them(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    table = form.household.table
    form.household.add_button.setFocus()
    kb.key(Qt.Key.Key_Return)
    assert table.rowCount() == 3
    assert table.state() == EDITING  # typing the new member at once
    kb.key(Qt.Key.Key_Escape)
    form.household.remove_button.setFocus()
    kb.key(Qt.Key.Key_Enter)  # (the keypad's)
    assert table.rowCount() == 2


def test_insert_and_ctrl_delete_work_anywhere_in_the_household_as_its_buttons_say(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    table = form.household.table
    form.household.add_button.setFocus()
    kb.key(Qt.Key.Key_Insert)
    assert table.rowCount() == 3
    assert (table.currentRow(), table.state()) == (2, EDITING)
    kb.key(Qt.Key.Key_Escape)
    form.household.remove_button.setFocus()
    kb.key(Qt.Key.Key_Delete, modifier=Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 2
    # Outside the household, Insert is not the household's.
    form.applicant.surname.setFocus()
    kb.key(Qt.Key.Key_Insert)
    assert table.rowCount() == 2


def test_ctrl_delete_while_typing_a_cell_deletes_a_word_not_the_member(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, PATRONYMIC)
    write(kb, "Андріївна")
    kb.key(Qt.Key.Key_Home)
    kb.key(Qt.Key.Key_Delete, modifier=Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 2
    assert editor(form).text() == ""


def test_delete_on_a_members_relationship_shows_what_is_kept(
    form: ApplicationForm,
    kb: Keyboard,
) -> None:
    """A member is always someone to the applicant: Delete on the relationship showed an
    empty cell, while the member was saved as "other"."""
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(1, 0)  # the child's relationship
    kb.key(Qt.Key.Key_Delete)
    assert table.item(1, 0).text() == "інше"
    assert form.current_application().household[1].relationship == "other"
    table.setCurrentCell(1, SURNAME)
    kb.key(Qt.Key.Key_Delete)  # any other cell: emptied
    assert table.item(1, SURNAME).text() == ""
    assert form.current_application().household[1].surname == ""
