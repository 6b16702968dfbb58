"""The document checklist of the chosen services, and the consent to data processing.

One check box per catalogue document, made once (so the tab order stays put)
and shown only when a chosen service needs it or the application lists it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import Application, HouseholdMember
from ui.form.fields import FieldCell, Section, Shown, is_error


class DocumentsSection(Section):
    def __init__(self, catalog: ServiceCatalog, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalog = catalog
        self._lang = lang
        self._required: list[str] = []
        self._listed: set[str] = set()  # codes the loaded application lists
        self.empty = QLabel(self)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.empty)
        self.cells: dict[str, FieldCell] = {}
        self._marked: list[QWidget] = []  # the boxes of documents with a problem (F8 goes there)
        for code in catalog.document_names:
            self._add(code)
        self.consent = QCheckBox()
        self.consent_cell = self.cell("consent.given", self.consent)
        self.consent_cell.keep_height()
        self.layout_.addSpacing(8)
        self.layout_.addWidget(self.consent_cell)
        self.layout_.addStretch(1)
        self.retranslate()
        self._refresh()

    def _add(self, code: str) -> FieldCell:
        # Named at once: a box added on load (a document of a newer catalogue, or of the
        # registry's) would stay blank until the next language switch.
        box = QCheckBox(self._catalog.document_name(code, self._lang))
        cell = self.cell(f"documents.{code}", box)
        cell.keep_height()
        self.cells[code] = cell
        self.layout_.insertWidget(len(self.cells), cell)
        return cell

    def retranslate(self) -> None:
        self.setTitle(self.tr("Documents received"))
        self.empty.setText(self.tr("Choose a service to see the documents it needs."))
        self.consent.setText(
            self.tr("The applicant has signed the &consent to personal data processing")
        )
        for code, cell in self.cells.items():
            box = cell.editor
            assert isinstance(box, QCheckBox)
            box.setText(self._catalog.document_name(code, self._lang))

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        """A newer catalogue: its documents join, named as it names them (which are asked
        for: :meth:`set_services`)."""
        self._catalog = catalog
        for code in catalog.document_names:
            if code not in self.cells:
                self._add(code)
        self.retranslate()

    def set_services(
        self,
        codes: Sequence[str],
        household: Sequence[HouseholdMember],
        *,
        rnokpp_refused: bool = False,
    ) -> None:
        """Ask for what these services need from this household (a child's birth certificate
        only when the child is listed; no document of a РНОКПП the applicant refused:
        :meth:`ServiceCatalog.required_documents`)."""
        self._required = self._catalog.required_documents(
            codes, household, rnokpp_refused=rnokpp_refused
        )
        self._refresh()

    def _refresh(self) -> None:
        shown = set(self._required) | self._listed
        for code, cell in self.cells.items():
            cell.setVisible(code in shown)
        self.empty.setVisible(not shown)

    def box(self, code: str) -> QCheckBox:
        box = self.cells[code].editor
        assert isinstance(box, QCheckBox)
        return box

    def load(self, app: Application) -> None:
        self._listed = {d.code for d in app.documents}
        for code in self._listed - self.cells.keys():
            self._add(code).editor.setObjectName(f"documents.{code}")
        provided = {d.code for d in app.documents if d.provided}
        for code in self.cells:
            self.box(code).setChecked(code in provided)
        self.consent.setChecked(app.consent.given)
        self.set_services(app.service_codes, app.household)

    def fill(self, data: dict[str, Any]) -> None:
        shown = list(dict.fromkeys([*self._required, *sorted(self._listed)]))
        data["documents"] = [
            {"code": code, "provided": self.box(code).isChecked()} for code in shown
        ]
        consent = dict(data.get("consent") or {})
        consent["given"] = self.consent.isChecked()
        if not consent["given"]:
            consent.pop("given_at", None)
        data["consent"] = consent

    # --- validation target for "documents.<code>" -----------------------------

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        by_code: dict[str, list[Shown]] = {}
        for problem in problems:
            by_code.setdefault(problem.field.removeprefix("documents."), []).append(problem)
        errors: list[QWidget] = []
        warnings: list[QWidget] = []
        for code, cell in self.cells.items():
            found = by_code.get(code, [])
            # The box's own text names the document: colour it, no second line.
            mark = ("error" if any(is_error(p) for p in found) else "warning") if found else ""
            cell.mark(mark)
            if mark and cell.isVisibleTo(self):
                (errors if mark == "error" else warnings).append(cell.editor)
            said = "\n".join(p.message(lang) for p in found)
            cell.editor.setToolTip(said)
            cell.describe(said)  # (a screen reader gets no tooltip while the box is focused)
        self._marked = errors + warnings

    def focus_target(self) -> QWidget:
        """The box of the first document with a problem (an error before a warning): F8
        went to the first box, one the resident had brought, and Space then unticked it."""
        if self._marked:
            return self._marked[0]
        visible = [c for c in self.cells.values() if c.isVisibleTo(self)]
        return visible[0].editor if visible else self.consent
