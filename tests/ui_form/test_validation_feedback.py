"""Problems appear next to their field while the worker types, and go once fixed."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.identifiers import rnokpp_for
from frontdesk.model import Application, ServicePoint, Status
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.form.fields import ERROR_COLOUR, WARNING_COLOUR
from ui.i18n import Translations
from ui.session import Session

BIRTH = dt.date(1990, 5, 17)
KNOWN_PLACE = "UA18040530010026726"
UNKNOWN_PLACE = "UA18040530010099999"  # (in a newer edition of the codifier)


def test_rnokpp_error_shows_at_the_field_while_wrong_and_goes_when_corrected(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    form.show()
    qtbot.waitExposed(form)
    cell = form.applicant.cells["applicant.rnokpp"]
    field = form.applicant.rnokpp
    kb = Keyboard(qtbot)
    kb.write("17.05.1990", form.applicant.birth_date)
    wrong = rnokpp_for(BIRTH, "F", 7)[:-1] + "0"  # a typo in the check digit
    field.setFocus()
    kb.write(wrong, field)
    assert field.text() == wrong  # typing is never held up

    qtbot.waitUntil(cell.problem.isVisible, timeout=2000)
    assert "контрольна цифра" in cell.problem.text()
    assert ERROR_COLOUR in cell.problem.styleSheet()
    assert field.property("problem") == "error"
    # Fields the worker has not reached yet stay quiet.
    assert not form.applicant.cells["applicant.surname"].problem.isVisible()

    kb.key(Qt.Key.Key_Backspace, field)
    kb.write(rnokpp_for(BIRTH, "F", 7)[-1], field)
    qtbot.waitUntil(lambda: not cell.problem.isVisible(), timeout=2000)
    assert field.property("problem") == ""


def test_a_mismatch_with_the_birth_date_says_which_date_the_number_encodes(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    kb = Keyboard(qtbot)
    kb.write("01.01.1991", form.applicant.birth_date)
    kb.write(rnokpp_for(BIRTH, "F", 7), form.applicant.rnokpp)
    qtbot.waitUntil(form.applicant.cells["applicant.rnokpp"].problem.isVisible, timeout=2000)
    assert "17.05.1990" in form.applicant.cells["applicant.rnokpp"].problem.text()


def test_save_with_errors_shows_every_problem_and_keeps_a_draft(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    form.show()
    qtbot.waitExposed(form)
    Keyboard(qtbot).write("Коваленко", form.applicant.surname)
    with qtbot.waitSignal(form.draftSaved) as blocker:
        form.save()
    assert form.applicant.cells["applicant.given_name"].problem.isVisible()
    assert "Обов" in form.applicant.cells["applicant.given_name"].problem.text()
    assert form.services.problem.isVisible()
    assert "помил" in form.header.notice_label.text().lower()
    # one count on the screen: the notice says as many errors as the header does
    [counted] = re.findall(r"Помилок: (\d+)", form.header.counts.text())
    assert f"готову: {counted} помил" in form.header.notice_label.text()
    assert blocker.args[0].applicant.surname == "Коваленко"
    assert QApplication.focusWidget() is form.services.list  # the first problem, in form order


def test_missing_documents_are_warnings_in_amber_that_do_not_block(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    from tests.factories import application

    app = application()
    app.documents = []
    form.open_application(app)
    form.focus_next_problem()  # F8: shows every problem, not only those of touched fields
    problems = form.validate()
    assert {p.field for p in problems} == {
        "documents.identity_document",
        "documents.birth_certificate",
    }
    box = form.documents.box("birth_certificate")
    assert box.property("problem") == "warning"
    assert WARNING_COLOUR in form.header.counts.text()
    # No error left: F8 ("Наступна проблема") goes through the warnings instead.
    assert form.header.next_problem_button.isEnabled()
    qtbot.waitExposed(form)
    form.focus_next_problem(first=True)
    assert QApplication.focusWidget() is form.documents.box("identity_document")


def test_a_blank_new_form_says_what_is_left_to_fill_in_not_errors_in_red(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    form.new_application()
    counts = form.header.counts.text()
    assert "Залишилось заповнити:" in counts and ERROR_COLOUR not in counts
    Keyboard(qtbot).write("Коваленко", form.applicant.surname)  # the worker began
    form.validate()
    assert ERROR_COLOUR in form.header.counts.text() and "Помилок" in form.header.counts.text()


def test_text_that_is_not_a_date_is_an_error_at_its_field(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    Keyboard(qtbot).write("31.02.1990", form.applicant.birth_date)
    qtbot.waitUntil(form.applicant.cells["applicant.birth_date"].problem.isVisible, timeout=2000)
    assert "ДД.ММ.РРРР" in form.applicant.cells["applicant.birth_date"].problem.text()


def test_f8_goes_only_where_the_problem_is_shown(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    """The household's applicant row repeats the applicant's problems without showing them:
    F8 stopped there, on a grey cell with no message."""
    from tests.factories import application

    app = application()
    app.applicant.rnokpp = app.applicant.rnokpp[:-1] + str((int(app.applicant.rnokpp[-1]) + 1) % 10)
    app.household[0].rnokpp = app.applicant.rnokpp
    form.show()
    qtbot.waitExposed(form)
    form.open_application(app)
    for _ in range(3):  # wrapping round: always the one field that shows the error
        form.focus_next_problem()
        assert QApplication.focusWidget() is form.applicant.rnokpp


def test_the_error_count_has_the_right_word_in_either_language(
    form: ApplicationForm, ukrainian: Translations
) -> None:
    """(English said "1 error(s)"; Ukrainian has three forms)"""
    for count, word in ((1, "помилка"), (3, "помилки"), (5, "помилок"), (21, "помилка")):
        form.header.notice_errors(count)
        assert f"готову: {count} {word}." in form.header.notice_label.text()
    ukrainian.switch("en")
    try:
        form.header.notice_errors(1)
        assert "Not saved as ready: 1 error —" in form.header.notice_label.text()
        form.header.notice_errors(2)
        assert "Not saved as ready: 2 errors —" in form.header.notice_label.text()
    finally:
        ukrainian.switch("uk")


def test_a_fields_problem_is_its_accessible_description_while_shown(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    """(the IBAN said what was wrong on screen, but a screen reader heard the placeholder)"""
    form.show()
    qtbot.waitExposed(form)
    cell = form.payment.iban_cell
    field = form.payment.iban
    before = field.accessibleDescription()
    kb = Keyboard(qtbot)
    right = "UA213223130000026007233566001"
    field.setFocus()
    kb.write(right[:-1] + "2", field)  # a typo in the last digit
    qtbot.waitUntil(cell.problem.isVisible, timeout=2000)
    assert cell.problem.text()
    assert field.accessibleDescription() == cell.problem.text()

    kb.key(Qt.Key.Key_Backspace, field)
    kb.write(right[-1], field)
    qtbot.waitUntil(lambda: not cell.problem.isVisible(), timeout=2000)
    assert field.accessibleDescription() == before


def test_a_missing_documents_warning_is_its_boxs_accessible_description(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    from tests.factories import application

    app = application()
    app.documents = []
    form.open_application(app)
    form.focus_next_problem()  # F8: shows every problem
    box = form.documents.box("birth_certificate")
    assert box.property("problem") == "warning"
    assert box.toolTip() and box.accessibleDescription() == box.toolTip()
    box.setChecked(True)
    form.validate()
    assert box.property("problem") == "" and box.accessibleDescription() == ""


def test_the_unzr_field_is_there_for_each_document_that_carries_one(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    """A foreigner's residence permit is a card with a УНЗР, and a biometric passport for
    travel abroad carries one too ("Запис №"): the worker can type it. A passport booklet
    has none."""
    form.show()
    qtbot.waitExposed(form)
    unzr = form.applicant.cells["applicant.unzr"]
    form.applicant.unzr.clear()
    form.applicant.document_type.set_value("passport_booklet")
    assert not unzr.isVisible()
    form.applicant.document_type.set_value("residence_permit")
    assert unzr.isVisible()
    form.applicant.document_type.set_value("foreign_passport")
    assert unzr.isVisible()


def test_todays_place_the_codifier_lacks_is_said_in_words_with_where_to_fix_it(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
    ukrainian: Translations,
) -> None:
    """Today's place of work was chosen in Settings from an older codifier; the one loaded
    now lacks its settlement. Nothing can be saved as ready, and no field of the form is
    wrong: the header says what is, and where it is put right (not "fix the fields marked
    red, F8 goes to the next one", which would go nowhere)."""
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    session.service_point = ServicePoint(kind="van", name="Маршрут 3", katottg=UNKNOWN_PLACE)
    app = application()
    app.status, app.id, app.number, app.created_at = Status.DRAFT, "", "", None
    form.open_application(app)
    got: list[Application] = []
    form.saved.connect(got.append)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert not got
    note = form.header.elsewhere
    assert note.isVisible()
    assert "немає в кодифікаторі" in note.text() and "Налаштуваннях" in note.text()
    notice = form.header.notice_label.text()
    assert "сказано вище" in notice and "F8" not in notice and "червоним" not in notice
    assert not form.header.next_problem_button.isEnabled()

    ukrainian.switch("en")
    try:
        QApplication.processEvents()  # (the language change reaches the widgets)
        assert "not in the codifier" in note.text() and "Settings (Ctrl+,)" in note.text()
    finally:
        ukrainian.switch("uk")

    session.service_point = ServicePoint(kind="van", name="Маршрут 3", katottg=KNOWN_PLACE)
    form.validate()  # (the form checks again as the worker goes on)
    assert not note.isVisible()
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    assert got[0].service_point.katottg == KNOWN_PLACE


def test_f8_goes_to_the_box_of_the_missing_document_not_to_one_brought(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    """F8 went to the first box (the passport, ticked), and Space there unticked a document
    the resident had brought; the missing one could not be reached by F8 at all."""
    app = application()
    app.documents = [d for d in app.documents if d.code == "identity_document"]
    form.open_application(app)
    qtbot.waitExposed(form)
    form.focus_next_problem(first=True)
    assert QApplication.focusWidget() is form.documents.box("birth_certificate")
    assert form.documents.box("identity_document").isChecked()


def test_the_not_saved_notice_says_how_many_errors_are_left_as_they_are_fixed(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    """(«Заяву не збережено як готову: 9 помилок» stayed beside the header's «Помилок: 4»)"""
    form.show()
    qtbot.waitExposed(form)
    form.save()
    notice = form.header.notice_label
    qtbot.waitUntil(lambda: "помил" in notice.text(), timeout=5000)

    def counted() -> str:
        return re.findall(r"(?:Помилок|Помилки|Помилка): (\d+)", form.header.counts.text())[0]

    before = counted()
    assert f"готову: {before} помил" in notice.text()
    Keyboard(qtbot).write("Коваленко", form.applicant.surname)
    qtbot.waitUntil(lambda: counted() != before, timeout=5000)
    assert f"готову: {counted()} помил" in notice.text()
