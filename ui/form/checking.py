"""Checking the form as the worker types: what changed, what to ask for, what is wrong.

Kept apart from :mod:`ui.form.form` so each file has one job; the methods run on
the :class:`~ui.form.form.ApplicationForm` they are mixed into. Their texts keep
the form's translation context ("ApplicationForm").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from frontdesk.model import HouseholdMember
from ui.form.fields import Shown, is_error
from ui.form.household_problems import mirrors_applicant
from ui.form.services import needs_household
from ui.form.validation_view import FormProblem

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QScrollArea

    from frontdesk.catalog import ServiceCatalog
    from frontdesk.model import Application
    from frontdesk.validation import Validator
    from ui.form.address import AddressesSection
    from ui.form.applicant import ApplicantSection
    from ui.form.attachments import AttachmentsSection
    from ui.form.documents import DocumentsSection
    from ui.form.drafts import DraftKeeper
    from ui.form.duplicates import DuplicateBanner
    from ui.form.header import FormHeader
    from ui.form.household import HouseholdSection
    from ui.form.services import ServicesSection
    from ui.form.validation_view import ValidationView
    from ui.session import Session


class FormChecking:
    """An edit noted and checked after a pause; F8 goes to the next problem."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationForm they are mixed into
        _session: Session
        _catalog: ServiceCatalog
        _validator: Validator
        _keeper: DraftKeeper
        _loading: bool
        _decided: bool
        _generation: int
        _problems: list[Shown]
        _validate_timer: QTimer
        _autosave_timer: QTimer
        view: ValidationView
        header: FormHeader
        duplicates: DuplicateBanner
        services: ServicesSection
        applicant: ApplicantSection
        addresses: AddressesSection
        household: HouseholdSection
        documents: DocumentsSection
        attachments: AttachmentsSection
        scroll_area: QScrollArea
        _point_settled: bool

        @property
        def read_only(self) -> bool: ...

        def current_application(self) -> Application: ...

        def finish_editing(self) -> None: ...

    def _changed(self, path: str) -> None:
        if self._loading or self._decided:  # (a scan stored late: nothing is saved now)
            return
        self._generation += 1
        self.view.touch(path)
        if path.startswith("applicant."):
            self.household.sync_applicant(self.applicant.person())
        elif path == "services":
            self._services_changed()
        elif path.startswith("household"):
            self._documents_changed()  # (a child listed or removed: a document asked or not)
        if path == "applicant.rnokpp_refused":
            self._documents_changed()  # (refused: no document of a РНОКПП is asked for)
        self.duplicates.hide()
        self.header.edited()
        self._validate_timer.start()
        self._autosave_timer.start()

    def _typed_in_cell(self) -> None:
        """A household cell typed in and not left yet: the draft is out of date (its
        autosave reads the cell's text so far); nothing is checked until it is left."""
        if self._loading or self.read_only:
            return
        self._generation += 1
        self.header.edited()
        self._autosave_timer.start()

    def _services_changed(self) -> None:
        codes = self.services.codes()
        self._documents_changed()
        needed = needs_household(self._catalog, codes)
        self.household.set_emphasis(needed)
        # Only what the chosen services need: the household is asked for when they look at
        # the family (and never hidden while it holds what was typed: someone listed, the
        # applicant's own disability group; it is sent, so it stays in sight to be cleared).
        self.household.setVisible(not codes or needed or self.household.holds_typed())
        self.household.show_columns_for(
            [service for code in codes if (service := self._catalog.get(code))]
        )

    def _documents_changed(self) -> None:
        """Ask for the documents the chosen services need from the household as it is now:
        the documents section, the services' panel and the attachments say the same (what
        the validator and the receipt say: :meth:`ServiceCatalog.required_documents`)."""
        codes = self.services.codes()
        data: dict[str, Any] = {}
        self.household.fill(data)
        household = [HouseholdMember.from_dict(m) for m in data["household"]]
        refused = self.applicant.rnokpp_refused.isChecked()  # (no document of one to bring)
        self.documents.set_services(codes, household, rnokpp_refused=refused)
        self.services.set_household(household, rnokpp_refused=refused)
        lang = self._session.language
        required = self._catalog.required_documents(codes, household, rnokpp_refused=refused)
        self.attachments.set_documents(
            [(c, self._catalog.document_name(c, lang)) for c in required]
        )

    def form_problems(self) -> list[FormProblem]:
        """What only the form can see: text that is not a date, a settlement not chosen."""
        problems = [
            FormProblem(
                path,
                QCoreApplication.translate("ApplicationForm", "Not a date — type it as DD.MM.YYYY"),
            )
            for path, _field in self.applicant.bad_dates()
        ]
        problems += self.household.bad_dates()
        problems += [
            FormProblem(
                path,
                QCoreApplication.translate(
                    "ApplicationForm",
                    "Choose the settlement from the list that appears as you type",
                ),
            )
            for path in self.addresses.unresolved()
        ]
        return problems

    def validate(self) -> list[Shown]:
        """Check the form now and show each problem at its field; returns every problem."""
        self._validate_timer.stop()
        report = self._validator.validate(self.current_application())
        local = self.form_problems()
        local_fields = {p.field for p in local}
        problems: list[Shown] = [p for p in report.problems if p.field not in local_fields]
        problems += local
        self._problems = problems
        # (today's place of work, set in Settings: said in words in the header, with where
        # to fix it; no field turns red for it)
        unplaced = self.view.show(problems, self._session.language)
        self.header.elsewhere.show_problems(unplaced, point_today=not self._point_settled)
        counted = [p for p in problems if not mirrors_applicant(p)]
        errors = sum(1 for p in counted if is_error(p))
        # A new application nothing was typed into yet: what is left to fill in, not a
        # red count of errors the worker has not made.
        untouched = (
            not self._keeper.identity.id
            and self._generation == 0
            and not self.view.show_all  # (after Save or F8: the problems, as they are)
            and errors > 0
        )
        reachable = bool(
            self.view.error_widgets(counted) or self.view.error_widgets(counted, warnings=True)
        )
        self.header.show_counts(
            errors, len(counted) - errors, to_fill=untouched, reachable=reachable
        )
        self.header.errors_now(*self.error_counts([p for p in problems if is_error(p)]))
        return problems

    def error_counts(self, errors: list[Shown]) -> tuple[int, int]:
        """``errors`` as "Not saved as ready" counts them: at the form's fields (a household
        row that copies the applicant repeats the applicant's, which the worker fixes once),
        and with no field on the form (today's place of work, say: said in words above)."""
        placed = [p for p in errors if self.view.target_path(p.field) is not None]
        return sum(1 for p in placed if not mirrors_applicant(p)), len(errors) - len(placed)

    def focus_next_problem(self, *, first: bool = False) -> None:
        """F8: show every problem and go to the next field with an error, or with a warning
        when no error is left (wrapping round). In the household, to the cell that is wrong
        (one after the other), so the fix typed there goes where it belongs."""
        self.finish_editing()  # (a fix being typed counts)
        self.view.show_all = True
        # (a household row copying the applicant shows no problems of its own: the
        # applicant's fields are where they are fixed)
        problems = [p for p in self.validate() if not mirrors_applicant(p)]
        widgets = self.view.error_widgets(problems)
        warnings = not widgets
        if warnings:
            widgets = self.view.error_widgets(problems, warnings=True)
        if not widgets:
            return
        focused = QApplication.focusWidget()
        table = self.household.table
        if (
            focused is table
            and not first
            and self.household.go_to_problem(warnings=warnings, after_current=True)
        ):
            return  # the next wrong cell of the household
        after = widgets.index(focused) + 1 if focused in widgets and not first else 0
        widget = widgets[after % len(widgets)]
        if widget is table:
            self.household.go_to_problem(warnings=warnings)
        self.scroll_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
