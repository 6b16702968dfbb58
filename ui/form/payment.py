"""How the assistance is paid: to a bank account (IBAN) or by post."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from frontdesk.model import Application
from ui.form.choices import payment_choices
from ui.form.fields import ChoiceBox, FieldCell, FieldGrid, Section


class PaymentSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = ChoiceBox()
        self.iban = QLineEdit()  # no maximum length: a pasted IBAN is read whole
        grid = FieldGrid(self, columns=3)
        self.method_cell: FieldCell = self.cell("payment.method", self.method)
        self.iban_cell: FieldCell = self.cell("payment.iban", self.iban)
        grid.place(self.method_cell)
        grid.place(self.iban_cell, 2)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.retranslate()
        self._method_changed()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Payment"))
        self.method_cell.set_caption(self.tr("Pa&y"))
        self.iban_cell.set_caption(self.tr("&IBAN"))
        self.iban.setPlaceholderText("UA00 000000 0000000000000000000")
        self.method.set_choices(payment_choices())

    def _method_changed(self) -> None:
        self.iban_cell.setEnabled(self.method.value() != "post")

    def load(self, app: Application) -> None:
        self.method.set_value(app.payment.method or "bank")
        self.iban.setText(app.payment.iban)
        self._method_changed()

    def fill(self, data: dict[str, Any]) -> None:
        method = self.method.value() or "bank"
        data["payment"] = {"method": method, "iban": self.iban.text() if method == "bank" else ""}
