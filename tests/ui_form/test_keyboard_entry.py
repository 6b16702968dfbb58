"""A whole application typed from the keyboard alone, in tab order, then saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.identifiers import rnokpp_for, unzr_for
from frontdesk.model import Status
from frontdesk.worktime import kyiv_today
from tests.ui.keyboard import alt_letters
from tests.ui_form.conftest import OPERATOR
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.i18n import Translations
from ui.session import Session

BIRTH = dt.date(1990, 5, 17)
RNOKPP = rnokpp_for(BIRTH, "F", 7)
UNZR = unzr_for(BIRTH, 7)
IBAN = "UA213223130000026007233566001"


def show(qtbot, form: ApplicationForm) -> Keyboard:  # type: ignore[no-untyped-def]
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.services.list)
    return Keyboard(qtbot)


def test_whole_application_typed_from_the_keyboard_is_saved_as_ready(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
) -> None:
    kb = show(qtbot, form)
    # Services: jump to 250 by typing its code, tick it with Space.
    kb.write("250", kb.at("services"))
    kb.key(Qt.Key.Key_Space)
    kb.key(Qt.Key.Key_Tab)
    kb.at("services.250.repeat")  # a first application: left empty
    kb.key(Qt.Key.Key_Tab)
    kb.type("applicant.surname", "Коваленко")
    kb.type("applicant.given_name", "Мар'яна")  # typed with a plain apostrophe
    kb.type("applicant.patronymic", "Іванівна")
    kb.type("applicant.birth_date", "17.05.1990")
    kb.type("applicant.sex", "ж")
    kb.type("applicant.rnokpp", RNOKPP)
    kb.key(Qt.Key.Key_Tab)  # past "refused a РНОКПП"
    kb.type("applicant.document.type", "п")  # "Паспорт (ID-картка)", on the Ukrainian layout
    kb.type("applicant.document.number", "001234567")
    kb.type("applicant.document.issued_by", "4810")
    kb.type("applicant.document.issue_date", "01.03.2019")
    kb.type("applicant.document.expiry_date", "01.03.2029")
    kb.type("applicant.unzr", UNZR)
    kb.type("applicant.citizenship", "")  # Ukraine, as it comes
    kb.type("applicant.phone", "067 123 45 67")
    kb.type("applicant.email", "maryana@example.com")
    kb.type("applicant.notify_by", "с")  # "СМС"

    # The settlement picker completes from the codifier and shows hromada and raion.
    picker = kb.at("registered_address.katottg")
    kb.write("Тетерівк", picker)
    popup = form.addresses.registered.settlement.completer_popup
    qtbot.waitUntil(popup.isVisible)
    first = popup.model().index(0, 0).data()
    assert "громада" in first and "р-н" in first
    kb.key(Qt.Key.Key_Down, popup)
    kb.key(Qt.Key.Key_Return, popup)
    assert form.addresses.registered.settlement.code().startswith("UA18")
    kb.key(Qt.Key.Key_Tab)
    kb.type("registered_address.postcode", "12345")
    kb.type("registered_address.street_type", "вул.")
    kb.type("registered_address.street", "Шевченка")
    kb.type("registered_address.house", "5")
    kb.type("registered_address.building", "")
    kb.type("registered_address.flat", "12")
    kb.at("actual_same")  # "the actual address is the same": one key would change it
    kb.key(Qt.Key.Key_Tab)

    # Household: the applicant's row is already there; Insert adds the newborn (the birth
    # grant is asked for within 12 months of the birth).
    born = kyiv_today() - dt.timedelta(days=60)
    kb.key(Qt.Key.Key_Insert, kb.at("household"))
    for text in ("ди", "Коваленко", "Дарина", "Андріївна", f"{born:%d.%m.%Y}", "ж", "", "С"):
        kb.write(text)
        kb.key(Qt.Key.Key_Tab)
    kb.write("I-БК123456")
    kb.key(Qt.Key.Key_Return)
    kb.key(Qt.Key.Key_Tab, kb.at("household"))
    kb.key(Qt.Key.Key_Tab)  # past "add a member"
    kb.key(Qt.Key.Key_Tab)  # past "remove the member"

    kb.type("payment.method", "")  # the bank account is already chosen
    kb.type("payment.iban", IBAN)
    kb.key(Qt.Key.Key_Space, kb.at("documents.identity_document"))
    kb.key(Qt.Key.Key_Tab)
    kb.key(Qt.Key.Key_Space, kb.at("documents.birth_certificate"))
    kb.key(Qt.Key.Key_Tab)
    kb.key(Qt.Key.Key_Space, kb.at("consent.given"))

    assert [p.field for p in form.validate()] == []
    with qtbot.waitSignal(form.saved) as blocker:
        kb.key(Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)
    saved = blocker.args[0]
    stored = session.reader.applications.get(saved.id)
    assert stored.status is Status.READY
    assert stored.number == saved.number and stored.number.startswith("ZT01-")
    person = stored.applicant
    assert (person.surname, person.given_name, person.patronymic) == (
        "Коваленко",
        "Марʼяна",  # stored with the one canonical apostrophe
        "Іванівна",
    )
    assert person.birth_date == BIRTH and person.sex == "F" and person.rnokpp == RNOKPP
    assert person.document is not None and person.document.type == "id_card"
    assert person.document.number == "001234567" and person.unzr == UNZR
    assert person.phone == "+380671234567" and person.notify_by == "sms"
    assert person.citizenship == "UA"
    assert stored.registered_address.katottg == form.addresses.registered.settlement.code()
    assert (stored.registered_address.street, stored.registered_address.flat) == ("Шевченка", "12")
    assert stored.actual_address is None
    assert [(m.relationship, m.given_name) for m in stored.household] == [
        ("applicant", "Марʼяна"),
        ("child", "Дарина"),
    ]
    child = stored.household[1]
    assert child.birth_date == born and child.sex == "F"
    assert child.document is not None and child.document.number == "I-БК123456"
    assert [(s.code, s.repeat) for s in stored.services] == [("250", False)]
    assert stored.payment.iban == IBAN
    assert {d.code for d in stored.documents if d.provided} == {
        "identity_document",
        "birth_certificate",
    }
    assert stored.consent.given and stored.operator == "olena"
    assert not form.has_unsaved_changes()
    assert session.reader.setting(f"ui.open_draft:{OPERATOR}") in (None, "")
    assert saved.number in form.header.notice_label.text()  # "saved", with the receipt buttons
    assert form.header.print_button.isVisible()
    with qtbot.waitSignal(form.header.receiptRequested) as asked:  # Enter on the focused
        form.header.print_button.setFocus()  # "Print" (it has the focus after saving)
        qtbot.keyClick(form.header.print_button, Qt.Key.Key_Return)
    assert asked.args[1] == "print"

    kb.key(Qt.Key.Key_N, modifier=Qt.KeyboardModifier.ControlModifier)
    assert form.applicant.surname.text() == "" and form.services.codes() == []
    assert kb.focus is form.services.list


@pytest.mark.parametrize(("language", "letter"), [("en", "t"), ("uk", "р")])
def test_alt_and_a_letter_of_the_keyboard_layout_goes_to_the_rnokpp(
    qtbot, form: ApplicationForm, ukrainian: Translations, language: str, letter: str
) -> None:  # type: ignore[no-untyped-def]
    """(The English label's letter was the Cyrillic "Р": no key of an English layout gives
    it, so Alt could not reach the field there)"""
    ukrainian.switch(language)
    QApplication.processEvents()
    caption = form.applicant.cells["applicant.rnokpp"].caption.text()
    assert letter in alt_letters(form) and alt_letters(form)[letter] == [caption]
    shared = {k: v for k, v in alt_letters(form).items() if len(v) > 1}
    assert shared == {}
    if language == "en":
        assert all(key.isascii() for key in alt_letters(form))  # all on an English layout
    keyboard = show(qtbot, form)
    key = Qt.Key.Key_T if language == "en" else Qt.Key(ord("Р"))
    qtbot.keyClick(keyboard.focus, key, Qt.KeyboardModifier.AltModifier)
    assert keyboard.focus is form.applicant.rnokpp


def test_a_foreigners_citizenship_is_chosen_by_typing_the_countrys_name(
    qtbot, form: ApplicationForm, ukrainian: Translations
) -> None:  # type: ignore[no-untyped-def]
    """A Polish citizen living in the community, or a stateless person with a residence
    permit: every applicant went out as a citizen of Ukraine, with no field to say
    otherwise."""
    kb = show(qtbot, form)
    box = form.applicant.citizenship
    assert box.value() == "UA" and box.currentText() == "Україна"
    box.setFocus()
    kb.write("польщ", box)
    assert box.value() == "PL" and box.currentText() == "Польща"
    assert form.current_application().applicant.citizenship == "PL"
    box.set_value("XXA")
    assert box.currentText() == "Особа без громадянства"
    assert [p.field for p in form.validate() if p.field.endswith("citizenship")] == []
    ukrainian.switch("en")  # the names in the worker's language, the choice kept
    QApplication.processEvents()
    assert box.value() == "XXA" and box.currentText() == "Stateless person"
    box.set_value("PL")
    assert box.currentText() == "Poland"
