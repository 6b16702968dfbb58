"""The form's parts: settlement picker, same address, household sync, scans, language."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QTextDocument

from frontdesk.catalog import ServiceCatalog
from frontdesk.identifiers import rnokpp_for, unzr_for
from frontdesk.model import DocumentCheck, ServicePoint, Status
from resources import resource
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.form.fields import VALUE_ROLE, ChoiceBox, is_error
from ui.form.household import COLUMNS
from ui.form.scans import MAX_SIDE, read_image
from ui.form.services import ServicesSection
from ui.i18n import Translations
from ui.session import Session


def test_settlement_picker_completes_with_hromada_and_raion_and_keeps_the_code(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    picker = form.addresses.registered.settlement
    picker.setFocus()
    Keyboard(qtbot).write("тетерівка", picker)  # lower case: the codifier search folds case
    popup = picker.completer_popup
    qtbot.waitUntil(popup.isVisible)
    labels = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    home = "Тетерівка, Тетерівська громада, Житомирський р-н, Житомирська обл."
    assert home in labels
    row = labels.index(home)
    popup.setCurrentIndex(popup.model().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    code = picker.code()
    assert session.reader.places.get(code).name == "Тетерівка"
    assert form.current_application().registered_address.katottg == code


def test_the_picker_offers_first_the_village_nearest_where_the_worker_is_today(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    picker = form.addresses.registered.settlement
    popup = picker.completer_popup

    def first_offered(text: str) -> str:
        picker.clear()
        picker.setFocus()
        Keyboard(qtbot).write(text, picker)
        qtbot.waitUntil(popup.isVisible)
        return str(popup.model().index(0, 0).data())

    # The workstation's hromada is Тетерівська; a van today works in Уманський р-н.
    home = "Тетерівка, Тетерівська громада, Житомирський р-н, Житомирська обл."
    assert first_offered("тетерівка") == home
    session.service_point = ServicePoint(kind="van", katottg="UA71060090240054187")
    assert (
        first_offered("тетерівка") == "Тетерівка, Жашківська громада, Уманський р-н, Черкаська обл."
    )
    assert first_offered("тетерівка, житомир") == home
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.code() == "UA18040530010026726"


def test_in_english_the_settlement_picker_says_the_places_kind_and_levels_in_english(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    """(the names are Ukrainian; "громада", "р-н", "обл." and "с-ще" were too, in English)"""
    picker = form.addresses.registered.settlement
    picker.set_code("UA18040530010026726")
    assert picker.text() == "Тетерівка, Тетерівська громада, Житомирський р-н"
    session.language = "en"  # as MainWindow.apply_preferences does
    ukrainian.switch("en")
    try:
        # The settlement already chosen says it again in English.
        qtbot.waitUntil(
            lambda: picker.text() == "Тетерівка, Тетерівська hromada, Житомирський raion"
        )
        assert picker.toolTip().endswith("Житомирський raion, Житомирська oblast")
        picker.clear()
        picker.setFocus()
        Keyboard(qtbot).write("бар, барськ", picker)
        popup = picker.completer_popup
        qtbot.waitUntil(popup.isVisible)
        offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
        assert offered[:2] == [
            "Бар (city), Барська hromada, Жмеринський raion, Вінницька oblast",
            "Бар (selyshche), Барська hromada, Жмеринський raion, Вінницька oblast",
        ]
        popup.setCurrentIndex(popup.model().index(1, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert picker.code() == "UA05060010650011955"
        assert picker.text() == "Бар (selyshche), Барська hromada, Жмеринський raion"
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    qtbot.waitUntil(lambda: picker.text() == "с-ще Бар, Барська громада, Жмеринський р-н")
    assert picker.code() == "UA05060010650011955"


def test_a_typed_settlement_not_chosen_from_the_list_is_flagged(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    Keyboard(qtbot).write("Неіснуюче Село", form.addresses.registered.settlement)
    problems = {p.field: p.message() for p in form.validate()}
    assert "зі списку" in problems["registered_address.katottg"]


def test_actual_address_is_the_same_in_one_click_or_its_own_when_unticked(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    assert form.addresses.same.isChecked() and not form.addresses.actual.isVisible()
    assert form.current_application().actual_address is None
    box = form.addresses.same
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert form.addresses.actual.isVisible()
    Keyboard(qtbot).write("Садова", form.addresses.actual.street)
    assert form.current_application().actual_address.street == "Садова"  # type: ignore[union-attr]


def test_the_applicant_row_of_the_household_follows_the_applicant(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    kb = Keyboard(qtbot)
    kb.write("Шевчук", form.applicant.surname)
    kb.write("Оксана", form.applicant.given_name)
    [row] = form.current_application().household
    assert (row.relationship, row.surname, row.given_name) == ("applicant", "Шевчук", "Оксана")
    table = form.household.table
    assert table.item(0, 1).text() == "Шевчук"
    assert not table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    table.setCurrentCell(0, 1)
    form.household.remove_member()  # the applicant's row cannot be removed
    assert table.rowCount() == 1


def test_a_valid_identifier_fills_in_an_empty_birth_date_but_never_overwrites_one(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    person = form.applicant
    kb = Keyboard(qtbot)
    kb.write(rnokpp_for(dt.date(1988, 7, 3), "F", 17), person.rnokpp)
    assert person.birth_date.text() == "03.07.1988"
    assert form.current_application().applicant.sex == "F"
    person.birth_date.clear()
    kb.write(unzr_for(dt.date(1990, 1, 31), 42)[:-1], person.unzr)  # not whole yet: nothing
    assert person.birth_date.text() == ""
    kb.write(unzr_for(dt.date(1990, 1, 31), 42)[-1], person.unzr)
    assert person.birth_date.text() == "31.01.1990"
    person.unzr.clear()
    kb.write(unzr_for(dt.date(2001, 5, 6), 7), person.unzr)  # a date typed stays as typed
    assert form.current_application().applicant.birth_date == dt.date(1990, 1, 31)


def test_a_date_typed_in_the_household_is_shown_back_as_the_form_shows_dates(
    form: ApplicationForm,
) -> None:
    form.household.add_member()
    table = form.household.table
    column = COLUMNS.index("birth_date")
    table.item(1, column).setText("5.3.2024")  # what the cell's editor commits
    assert table.item(1, column).text() == "05.03.2024"
    assert form.current_application().household[1].birth_date == dt.date(2024, 3, 5)
    table.item(1, column).setText("31.02.2024")  # not a date: kept as typed, and flagged
    assert table.item(1, column).text() == "31.02.2024"
    assert [p.field for p in form.household.bad_dates()] == ["household[1].birth_date"]
    form.household.retranslate()  # (a language switch relabels every row)
    assert table.item(1, column).text() == "31.02.2024"
    assert [p.field for p in form.household.bad_dates()] == ["household[1].birth_date"]
    table.item(1, column).setText("1.1.0999")  # an old year keeps its four digits
    assert table.item(1, column).text() == "01.01.0999"


def test_a_large_photo_is_reduced_to_scan_size_and_stored(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    photo = QImage(4000, 3000, QImage.Format.Format_RGB32)
    photo.fill(QColor("#3366aa"))
    path = tmp_path / "паспорт.png"
    assert photo.save(str(path))
    with qtbot.waitSignal(form.attachments.changed):
        form.attachments.add_files([path])
    [attachment] = form.current_application().attachments
    assert attachment.filename == "паспорт.jpg" and attachment.media_type == "image/jpeg"
    stored = read_image(session.reader.applications.get_blob(attachment.sha256))
    assert stored is not None
    assert (stored.width(), stored.height()) == (MAX_SIDE, MAX_SIDE * 3 // 4)
    assert not form.attachments.list.item(0).icon().isNull()  # a thumbnail


def test_a_small_file_is_stored_as_it_is(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    path = tmp_path / "довідка.pdf"
    path.write_bytes(b"%PDF-1.4 a scan")
    with qtbot.waitSignal(form.attachments.changed):
        form.attachments.add_files([path])
    [attachment] = form.current_application().attachments
    assert session.reader.applications.get_blob(attachment.sha256) == b"%PDF-1.4 a scan"
    assert attachment.media_type == "application/pdf"


def test_an_opened_draft_shows_its_values_and_keeps_its_identity(
    session: Session,
    form: ApplicationForm,
) -> None:
    draft = application()
    draft.status = Status.DRAFT
    saved = session.profile.applications.save(draft, "olena").application
    form.open_application(saved)
    assert form.applicant.surname.text() == "Коваленко"
    assert form.addresses.registered.settlement.text().startswith("Тетерівка, ")
    assert form.household.table.rowCount() == 2
    assert form.documents.box("birth_certificate").isChecked()
    again = form.current_application()
    assert (again.id, again.number) == (saved.id, saved.number)
    assert again.household[1] == saved.household[1]
    assert again.household[0].same_person(saved.applicant)
    assert not form.has_unsaved_changes()
    assert form.header.heading.text().startswith(f"Заява № {saved.number}")


def test_a_document_this_catalogue_does_not_know_is_shown_by_its_code(
    session: Session,
    form: ApplicationForm,
) -> None:
    draft = application()  # e.g. taken where a newer catalogue lists one more document
    draft.status = Status.DRAFT
    draft.documents.append(DocumentCheck("disability_certificate_2027", provided=True))
    form.open_application(session.profile.applications.save(draft, "olena").application)
    box = form.documents.box("disability_certificate_2027")
    assert box.isVisible() and box.isChecked()
    assert box.text() == "disability_certificate_2027"  # not a blank box


def test_the_form_speaks_english_when_switched(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    assert form.applicant.title() == "Заявник"
    session.language = "en"
    ukrainian.switch("en")
    qtbot.waitUntil(lambda: form.applicant.title() == "Applicant")
    assert form.services.list.item(0).text().startswith("248 — Assistance")
    items = {
        form.services.list.item(i).data(Qt.ItemDataRole.UserRole): form.services.list.item(i)
        for i in range(form.services.list.count())
    }
    assert items["subsidy"].text() == "Housing subsidy"  # no internal key on screen
    items["250"].setCheckState(Qt.CheckState.Checked)
    assert "Pension Fund (ПФУ)" in form.services.needs.text()  # not the bare abbreviation


def test_the_household_is_asked_for_only_when_the_chosen_services_need_it(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    form.show()
    items = {
        form.services.list.item(i).data(Qt.ItemDataRole.UserRole): form.services.list.item(i)
        for i in range(form.services.list.count())
    }

    def choose(*codes: str) -> None:
        for code, item in items.items():
            checked = Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked
            item.setCheckState(checked)

    assert form.household.isVisible()  # nothing chosen yet: everything is offered
    choose("251")  # pregnancy and childbirth: one person
    assert not form.household.isVisible()
    choose("249")  # low-income families: the whole household counts
    assert form.household.isVisible()
    form.household.add_member()
    choose("251")  # someone is listed: what was typed stays in sight
    assert form.household.isVisible()


def test_248_asks_for_the_childs_birth_certificate_only_once_a_disabled_child_is_listed(
    form: ApplicationForm,
) -> None:
    """An adult disabled from childhood applying for themselves is not asked for a child's
    birth certificate; listing their disabled child asks for it, removing the row no more."""
    form.show()
    items = {
        form.services.list.item(i).data(Qt.ItemDataRole.UserRole): form.services.list.item(i)
        for i in range(form.services.list.count())
    }
    items["248"].setCheckState(Qt.CheckState.Checked)
    box = form.documents.box("birth_certificate")
    child_certificate = "Свідоцтво про народження дитини"

    def asked() -> tuple[bool, bool, bool]:
        attachments = form.attachments.document
        return (
            box.isVisible(),
            child_certificate in form.services.needs.text(),
            any(attachments.itemText(i) == child_certificate for i in range(attachments.count())),
        )

    assert form.documents.box("medical_conclusion").isVisible()
    assert asked() == (False, False, False)
    form.household.add_member()  # a child row
    table = form.household.table
    table.item(1, COLUMNS.index("disability_group")).setData(VALUE_ROLE, "CHILD")
    assert asked() == (True, True, True)
    table.setCurrentCell(1, 0)
    form.household.remove_member()
    assert asked() == (False, False, False)


def test_the_household_titles_fit_their_columns_in_either_language(
    form: ApplicationForm, ukrainian: Translations
) -> None:
    """ "Дата народження" is longer than the date under it: the title is never cut (on two
    lines, rather than widen the column)."""
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.form.household import COLUMNS

    table = form.household.table
    for language in ("uk", "en"):
        ukrainian.switch(language)
        bold = QFont(table.horizontalHeader().font())
        bold.setBold(True)
        for key in ("relationship", "birth_date", "sex", "rnokpp", "document.type"):
            column = COLUMNS.index(key)
            title = table.horizontalHeaderItem(column)
            assert title is not None
            lines = title.text().split("\n")
            needed = max(QFontMetrics(bold).horizontalAdvance(line) for line in lines)
            assert table.columnWidth(column) > needed, (language, title.text())
    ukrainian.switch("uk")


def test_every_choice_is_picked_by_its_first_letter_on_the_ukrainian_layout(
    form: ApplicationForm,
) -> None:
    """A closed combo box picks the item whose label starts with the typed letter: a label
    starting with a Latin letter ("ID-картка", "SMS") cannot be typed on the Ukrainian
    layout a worker types names with."""
    boxes = form.findChildren(ChoiceBox)
    assert len(boxes) >= 4  # sex, identity document, notification, payment, …
    for box in boxes:
        for row in range(box.count()):
            label = box.itemText(row)
            if box.itemData(row):
                assert re.match("[А-ЯҐЄІЇа-яґєії]", label), label


def test_a_revision_the_registry_refused_says_so_and_why_while_it_is_fixed(
    session: Session,
    form: ApplicationForm,
) -> None:
    saved = session.profile.applications.save(application(), "olena").application
    [item] = session.profile.outbox.claim(1)
    reason = {
        "outcome": "rejected",
        "problems": [{"field": "payment.iban", "message": "IBAN містить помилку"}],
    }
    session.profile.outbox.record_results([(item, None, reason)])
    form.open_application(session.reader.applications.get(saved.id))  # "Змінити" on its card
    # (taken out of the queue first, as a draft: fixed, it is saved ready and sent again)
    assert form.header.heading.text().endswith("· Чернетка")
    notice = form.header.notice_label.text()
    assert "Реєстр не прийняв цю заяву" in notice and "IBAN містить помилку" in notice


def test_why_the_registry_refused_it_stays_on_screen_through_a_language_switch(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    """(the switch hid the notice: the worker no longer knew what to fix)"""
    saved = session.profile.applications.save(application(), "olena").application
    [item] = session.profile.outbox.claim(1)
    reason = {
        "outcome": "rejected",
        "problems": [
            {
                "field": "payment.iban",
                "code": "iban.checksum",
                "message": "IBAN містить помилку",
                "message_en": "The IBAN has a typo",
            }
        ],
    }
    session.profile.outbox.record_results([(item, None, reason)])
    form.open_application(session.reader.applications.get(saved.id))
    session.language = "en"  # as MainWindow.apply_preferences does
    ukrainian.switch("en")
    qtbot.wait(50)
    try:
        assert form.header.notice_frame.isVisible()
        notice = form.header.notice_label.text()
        assert "The registry did not accept this application" in notice and "IBAN" in notice
        assert form.header.autosave.text().startswith("Draft saved at ")  # (taken out first)
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
        qtbot.wait(50)
    assert "Реєстр не прийняв цю заяву" in form.header.notice_label.text()
    # (and the autosave line speaks Ukrainian again: it kept the English words)
    assert form.header.autosave.text().startswith("Чернетку збережено о ")


def test_the_back_offices_words_are_shown_as_written_line_by_line(form: ApplicationForm) -> None:
    """A reason or a registry's answer is plain text: "<" is not markup, a new line is one."""
    form.header.show_correction("Дохід < 1000 грн на особу?\nДодайте довідку <ф. 2>")
    shown = form.header.correction_label.text().splitlines()
    assert form.header.correction_label.textFormat() == Qt.TextFormat.PlainText
    assert shown[:2] == [
        "Повернуто на доопрацювання: Дохід < 1000 грн на особу?",
        "Додайте довідку <ф. 2>",
    ]
    form.header.show_refused(["number.taken: номер <ZT01-2026-000001> зайнято", "друге"])
    document = QTextDocument()
    document.setHtml(form.header.notice_label.text())
    assert "номер <ZT01-2026-000001> зайнято" in document.toPlainText().splitlines()[1]


def test_the_time_the_draft_was_saved_is_said_in_the_language_switched_to(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    """("Draft saved at 09:07:55" stayed in English after switching to Ukrainian)"""
    form.applicant.surname.setText("Коваленко")
    form.applicant.surname.textEdited.emit("Коваленко")
    form.save_draft_now()
    qtbot.waitUntil(lambda: "Чернетку збережено о" in form.header.autosave.text(), timeout=10_000)
    moment = form.header.autosave.text().rsplit(" ", 1)[1]
    session.language = "en"
    ukrainian.switch("en")
    try:
        qtbot.waitUntil(
            lambda: form.header.autosave.text() == f"Draft saved at {moment}", timeout=5_000
        )
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    qtbot.waitUntil(
        lambda: form.header.autosave.text() == f"Чернетку збережено о {moment}", timeout=5_000
    )


def test_a_notice_on_screen_is_said_again_in_the_language_switched_to(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    """An application saved as ready, opened to change it: "Changing application № …"
    stayed in English on a screen switched to Ukrainian (and the error count's notice, a
    draft deleted, …, alike)."""
    from tests.ui_form.conftest import OPERATOR

    notice = form.header.notice_label
    ready = session.profile.applications.save(application(), OPERATOR).application
    session.language = "en"
    ukrainian.switch("en")
    try:
        form.open_application(ready)
        assert notice.text().startswith("Changing application №")
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    qtbot.waitUntil(lambda: notice.text().startswith(f"Зміна заяви № {ready.number}"))
    form.applicant.surname.clear()  # (saved as ready with the surname gone: one error)
    form.view.show_all = True
    errors = [p for p in form.validate() if is_error(p)]
    form.header.notice_errors(*form.error_counts(errors))
    assert form.error_counts(errors) == (1, 0)
    session.language = "en"
    ukrainian.switch("en")
    try:
        qtbot.waitUntil(lambda: notice.text().startswith("Not saved as ready: 1 error —"))
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    qtbot.waitUntil(lambda: notice.text().startswith("Заяву не збережено як готову: 1 помилка"))


def test_a_received_catalogues_words_are_shown_as_written_never_as_markup(
    qtbot,  # type: ignore[no-untyped-def]
    ukrainian: Translations,
) -> None:
    """(the "what these services need" panel is rich text, and a newer catalogue comes
    from the registry: markup in a document's name was rendered in every workstation's
    form — an instruction of anyone's in bold, an image from a file path)"""
    catalog = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
    hostile = '<img src="file:///etc/hostname"><b>Скажіть IBAN за номером 0800</b>'
    catalog["version"] += 1
    catalog["documents"]["identity_document"]["uk"] = hostile
    catalog["services"][0]["decides"] = "<i>ПФУ</i>"
    received = ServiceCatalog.newest(json.dumps(catalog))
    assert received.version == catalog["version"]
    section = ServicesSection(received, "uk")
    qtbot.addWidget(section)

    item = section.list.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    shown = QTextDocument()
    shown.setHtml(section.needs.text())

    assert hostile in shown.toPlainText()
    assert "<i>ПФУ</i>" in shown.toPlainText()
