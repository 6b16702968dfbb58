"""The same person with an open application for the same service: say so before saving."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from frontdesk.model import Status
from tests.factories import application
from tests.ui_form.conftest import OPERATOR
from ui.form import ApplicationForm
from ui.i18n import Translations
from ui.session import Session

CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")


def test_a_second_application_of_the_same_person_and_service_warns_with_the_number(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    first = session.profile.applications.save(application(), OPERATOR).application
    form.open_application(application())  # the same person, the same service (250)
    with qtbot.assertNotEmitted(form.saved):
        form.save()
    banner = form.duplicates
    assert banner.isVisible()
    assert banner.numbers == [first.number]
    assert first.number in banner.open_buttons[0].text()
    assert session.reader.applications.count() == 1  # nothing saved yet

    with qtbot.waitSignal(form.openRequested) as opened:
        banner.open_buttons[0].click()
    assert opened.args == [first.id]

    with qtbot.waitSignal(form.saved) as blocker:
        banner.confirm_button.click()
    assert blocker.args[0].status is Status.READY
    assert blocker.args[0].number != first.number
    assert session.reader.applications.count() == 2
    assert not banner.isVisible()


def test_cancel_keeps_the_form_and_saves_nothing_ready(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    session.profile.applications.save(application(), OPERATOR)
    form.open_application(application())
    form.save()
    form.duplicates.cancel_button.click()
    assert not form.duplicates.isVisible()
    assert form.applicant.surname.text() == "Коваленко"
    assert [s.status for s in session.reader.applications.search()] == [Status.READY]


def test_another_person_or_service_is_no_duplicate(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    session.profile.applications.save(application(), OPERATOR)
    other = application(surname="Мельник", serial=8)
    assert other.applicant.document is not None
    other.applicant.document.number = "007654321"  # the document number identifies too
    form.open_application(other)
    with qtbot.waitSignal(form.saved):
        form.save()
    assert not form.duplicates.isVisible()


def test_the_warning_is_said_again_in_the_language_switched_to(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    """Settings → English with the warning on screen: its words, the service's name, its
    buttons follow (they stayed Ukrainian); and back."""
    first = session.profile.applications.save(application(), OPERATOR).application
    form.open_application(application())
    form.save()
    banner = form.duplicates
    assert banner.isVisible() and "вже є" in banner.title.text()
    person = first.applicant

    def data_left_out(line: str) -> str:  # (the resident's name is said as it is)
        for name in (person.surname, person.given_name, person.patronymic):
            line = line.replace(name, "")
        return line

    session.language = "en"
    ukrainian.switch("en")
    try:
        QApplication.processEvents()  # (the language change reaches the widgets)
        assert "already has an undecided application" in banner.title.text()
        assert banner.confirm_button.text() == "Save this one &too"
        assert banner.cancel_button.text() == "Cancel"
        assert banner.open_buttons[0].text() == f"Open {first.number}"
        line = banner.row_labels[0].text()
        assert first.number in line and not CYRILLIC.search(data_left_out(line))
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    QApplication.processEvents()
    assert "вже є" in banner.title.text() and banner.cancel_button.text() == "Скасувати"
    assert CYRILLIC.search(data_left_out(banner.row_labels[0].text()))
    assert banner.isVisible() and banner.numbers == [first.number]
