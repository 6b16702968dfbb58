"""The applicant: name, birth, sex, РНОКПП, identity document and how to reach them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from frontdesk.countries import UKRAINE, citizenship_choices
from frontdesk.identifiers import (
    check_rnokpp,
    check_unzr,
    compact,
    normalize_unzr,
    rnokpp_birth_date,
    rnokpp_sex,
    split_passport_booklet,
    unzr_birth_date,
)
from frontdesk.model import Application, DocumentType
from ui.form.choices import document_choices, notify_choices, sex_choices
from ui.form.fields import ChoiceBox, DateField, FieldCell, FieldGrid, Section, format_date
from ui.i18n import current_language

PERSON_KEYS = (
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "rnokpp",
    "rnokpp_refused",
    "document",
    "unzr",
)


class ApplicantSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.surname = QLineEdit()
        self.given_name = QLineEdit()
        self.patronymic = QLineEdit()
        self.birth_date = DateField()
        self.sex = ChoiceBox()
        # No maximum length on identifiers and dates: a pasted "29 28 40 12 17" or
        # " 05.03.1980" would be cut short before it is read; what is too long is said
        # by its field's problem line, the whole value in sight.
        self.rnokpp = QLineEdit()
        self.rnokpp_refused = QCheckBox()
        self.document_type = ChoiceBox()
        self.series = QLineEdit()
        self.number = QLineEdit()
        self.issued_by = QLineEdit()
        self.issue_date = DateField()
        self.expiry_date = DateField(future=True)
        self.unzr = QLineEdit()
        self.citizenship = ChoiceBox()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.notify_by = ChoiceBox()

        grid = FieldGrid(self, columns=4)
        p = "applicant"
        self.cells: dict[str, FieldCell] = {}
        rows: list[list[tuple[str, QWidget]]] = [
            [
                (f"{p}.surname", self.surname),
                (f"{p}.given_name", self.given_name),
                (f"{p}.patronymic", self.patronymic),
                (f"{p}.birth_date", self.birth_date),
            ],
            [
                (f"{p}.sex", self.sex),
                (f"{p}.rnokpp", self.rnokpp),
                (f"{p}.rnokpp_refused", self.rnokpp_refused),
            ],
            [
                (f"{p}.document.type", self.document_type),
                (f"{p}.document.series", self.series),
                (f"{p}.document.number", self.number),
                (f"{p}.document.issued_by", self.issued_by),
            ],
            [
                (f"{p}.document.issue_date", self.issue_date),
                (f"{p}.document.expiry_date", self.expiry_date),
                (f"{p}.unzr", self.unzr),
                (f"{p}.citizenship", self.citizenship),
            ],
            [
                (f"{p}.phone", self.phone),
                (f"{p}.email", self.email),
                (f"{p}.notify_by", self.notify_by),
            ],
        ]
        for row in rows:
            for path, editor in row:
                cell = self.cell(path, editor)
                self.cells[path] = cell
                grid.place(cell, 2 if path.endswith("rnokpp_refused") else 1)
            grid.next_row()
        self.rnokpp.textEdited.connect(self._rnokpp_typed)
        self.rnokpp.editingFinished.connect(self._tidy_rnokpp)
        self.series.editingFinished.connect(self._split_booklet)
        self.number.editingFinished.connect(self._split_booklet)
        self.unzr.textEdited.connect(self._unzr_typed)
        self.unzr.editingFinished.connect(self._tidy_unzr)
        self.rnokpp_refused.clicked.connect(self._refusal_clicked)
        self.rnokpp_refused.toggled.connect(self._refusal_toggled)
        self.document_type.currentIndexChanged.connect(self._document_type_changed)
        self.retranslate()
        self._document_type_changed()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Applicant"))
        captions = {
            "surname": self.tr("S&urname"),
            "given_name": self.tr("&Given name"),
            "patronymic": self.tr("&Patronymic"),
            "birth_date": self.tr("Date of &birth"),
            "sex": self.tr("Se&x"),
            "rnokpp": self.tr("РНОКПП (&taxpayer number)"),
            "document.type": self.tr("Identity &document"),
            "document.series": self.tr("Series"),
            "document.number": self.tr("&Number"),
            "document.issued_by": self.tr("Issued by"),
            "document.issue_date": self.tr("Date of issue"),
            "document.expiry_date": self.tr("Valid until"),
            "unzr": self.tr("УНЗР (record number)"),
            "citizenship": self.tr("Citizenship"),
            "phone": self.tr("P&hone"),
            "email": self.tr("&E-mail"),
            "notify_by": self.tr("Tell the decision by"),
        }
        for key, text in captions.items():
            self.cells[f"applicant.{key}"].set_caption(text)
        # Short (a check box does not wrap, and a netbook's form must not scroll sideways);
        # the whole of it in the tooltip.
        self.rnokpp_refused.setText(self.tr("Refused a РНОКПП (mark in the passport)"))
        self.rnokpp_refused.setToolTip(
            self.tr(
                "The person refused a РНОКПП for religious reasons; the passport carries that mark"
            )
        )
        placeholder = self.tr("DD.MM.YYYY")
        for field in (self.birth_date, self.issue_date, self.expiry_date):
            field.setPlaceholderText(placeholder)
        self.unzr.setPlaceholderText(self.tr("YYYYMMDD-NNNNC"))
        self.phone.setPlaceholderText("+380…")
        self.sex.set_choices(sex_choices())
        self.document_type.set_choices(document_choices())
        self.notify_by.set_choices(notify_choices())
        self.citizenship.set_choices(citizenship_choices(current_language()))

    # --- behaviour -----------------------------------------------------------

    def _rnokpp_typed(self, text: str) -> None:
        """A valid РНОКПП carries the birth date and sex: fill them in when still empty."""
        value = compact(text)
        if check_rnokpp(value) is not None:
            return
        self._fill_birth_date(rnokpp_birth_date(value))
        if not self.sex.value():
            self.sex.set_value(rnokpp_sex(value))
            self.changed.emit("applicant.sex")

    def _tidy_rnokpp(self) -> None:
        """Leaving the field, a valid РНОКПП typed or pasted in groups ("29 28 40 12 17") is
        shown as it is stored: its 10 digits (anything else stays as typed, and is said)."""
        value = compact(self.rnokpp.text())
        if value != self.rnokpp.text() and check_rnokpp(value) is None:
            self.rnokpp.setText(value)

    def _split_booklet(self) -> None:
        """A passport booklet typed whole in one field ("МК123456", "MK 123456" in Latin) is
        shown as it is stored: the series in its field, the number in its own."""
        if self.document_type.value() != DocumentType.PASSPORT_BOOKLET:
            return
        series, number = split_passport_booklet(self.series.text(), self.number.text())
        if series and number and not (self.series.text().strip() and self.number.text().strip()):
            self.series.setText(series)
            self.number.setText(number)

    def _unzr_typed(self, text: str) -> None:
        """A valid УНЗР starts with the birth date: fill it in when still empty."""
        value = normalize_unzr(text)
        if check_unzr(value) is None:
            self._fill_birth_date(unzr_birth_date(value))

    def _tidy_unzr(self) -> None:
        """Leaving the field, a valid УНЗР typed without its dash ("1980030500424") is shown
        as it is stored, with it (anything else stays as typed, and is said)."""
        value = normalize_unzr(self.unzr.text())
        if value != self.unzr.text() and check_unzr(value) is None:
            self.unzr.setText(value)

    def _fill_birth_date(self, born: dt.date | None) -> None:
        if born is not None and not self.birth_date.text().strip():
            self.birth_date.set_date(born)
            self.changed.emit("applicant.birth_date")

    def _refusal_clicked(self, refused: bool) -> None:
        if refused and self.rnokpp.text():
            self.rnokpp.clear()  # the worker ticked it: a refusal has no number
            self.changed.emit("applicant.rnokpp")
        self._refusal_toggled(refused)

    def _refusal_toggled(self, refused: bool) -> None:
        # A loaded record may carry both (an error the worker must see and fix).
        self.rnokpp.setEnabled(not refused or bool(self.rnokpp.text()))

    def _document_type_changed(self) -> None:
        kind = self.document_type.value()
        booklet = kind == DocumentType.PASSPORT_BOOKLET
        self.cells["applicant.document.series"].setVisible(booklet or bool(self.series.text()))
        # The documents with a УНЗР (frontdesk.person_checks): the ID card, a biometric
        # passport for travel abroad ("Запис №"), a foreigner's residence permit.
        card = kind in (
            DocumentType.ID_CARD,
            DocumentType.FOREIGN_PASSPORT,
            DocumentType.RESIDENCE_PERMIT,
            "",
        )
        self.cells["applicant.unzr"].setVisible(card or bool(self.unzr.text()))

    # --- data ------------------------------------------------------------------

    def load(self, app: Application) -> None:
        person = app.applicant
        self.surname.setText(person.surname)
        self.given_name.setText(person.given_name)
        self.patronymic.setText(person.patronymic)
        self.birth_date.set_date(person.birth_date)
        self.sex.set_value(person.sex)
        self.rnokpp.setText(person.rnokpp)
        self.rnokpp_refused.setChecked(person.rnokpp_refused)
        self._refusal_toggled(person.rnokpp_refused)
        doc = person.document
        self.document_type.set_value(doc.type if doc else "")
        self.series.setText(doc.series if doc else "")
        self.number.setText(doc.number if doc else "")
        self.issued_by.setText(doc.issued_by if doc else "")
        self.issue_date.set_date(doc.issue_date if doc else None)
        self.expiry_date.set_date(doc.expiry_date if doc else None)
        self.unzr.setText(person.unzr)
        self.citizenship.set_value(person.citizenship or UKRAINE)
        self.phone.setText(person.phone)
        self.email.setText(person.email)
        self.notify_by.set_value(person.notify_by)
        self._document_type_changed()

    def person(self) -> dict[str, Any]:
        """The person's fields in the exchange format (shared with the household row)."""
        document = {
            "type": self.document_type.value(),
            "series": self.series.text(),
            "number": self.number.text(),
            "issued_by": self.issued_by.text(),
            "issue_date": self.issue_date.iso(),
            "expiry_date": self.expiry_date.iso(),
        }
        return {
            "surname": self.surname.text(),
            "given_name": self.given_name.text(),
            "patronymic": self.patronymic.text(),
            "birth_date": self.birth_date.iso(),
            "sex": self.sex.value(),
            "rnokpp": self.rnokpp.text(),
            "rnokpp_refused": self.rnokpp_refused.isChecked(),
            "document": document if any(document.values()) else None,
            "unzr": self.unzr.text(),
        }

    def fill(self, data: dict[str, Any]) -> None:
        applicant = data.setdefault("applicant", {})
        applicant.update(self.person())
        applicant.update(
            citizenship=self.citizenship.value(),
            phone=self.phone.text(),
            email=self.email.text(),
            notify_by=self.notify_by.value(),
        )

    def bad_dates(self) -> list[tuple[str, DateField]]:
        """Date fields holding text that is not a date."""
        fields = {
            "applicant.birth_date": self.birth_date,
            "applicant.document.issue_date": self.issue_date,
            "applicant.document.expiry_date": self.expiry_date,
        }
        return [(path, field) for path, field in fields.items() if field.is_invalid()]

    def summary(self) -> str:
        """ "Коваленко Марʼяна Іванівна, 17.05.1990" for headings."""
        name = " ".join(
            t for t in (self.surname.text(), self.given_name.text(), self.patronymic.text()) if t
        )
        born: dt.date | None = self.birth_date.date()
        return f"{name}, {format_date(born)}" if name and born else name
