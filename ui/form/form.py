"""The application form: capture one resident's application, validate as they type, save.

The form is a column of sections (services, applicant, addresses, household,
payment, documents, scans). It reads the widgets into an
:class:`~frontdesk.model.Application` snapshot (through the exchange format,
so the core cleans the text), validates the snapshot on the GUI thread (the
validator is pure and takes well under a millisecond) after a short pause in
typing, and autosaves it as a draft through a :class:`DraftKeeper` on the db
lane (an application waiting to be sent goes back to a draft while it is
edited, so a half-done edit is never sent). Saving as ready first asks the
store for open applications of the same person for the same service.

This module builds the form and loads an application into it; the mixins do the
rest: :mod:`ui.form.checking` (edits and validation), :mod:`ui.form.autosaving`
(the draft), :mod:`ui.form.saving` (ready to send), :mod:`ui.form.following`
(what the store holds) and :mod:`ui.form.discard` (throwing a draft away).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from frontdesk.messages import refusal_text
from frontdesk.model import Application, Status
from ui.form.address import AddressesSection
from ui.form.applicant import ApplicantSection
from ui.form.attachments import AttachmentsSection
from ui.form.autosaving import Autosaving
from ui.form.checking import FormChecking
from ui.form.discard import DraftDiscarding
from ui.form.documents import DocumentsSection
from ui.form.drafts import DraftKeeper, Identity, remember_draft
from ui.form.duplicates import DuplicateBanner
from ui.form.fields import FIELD_STYLE, Section, Shown
from ui.form.following import Following
from ui.form.header import FormHeader
from ui.form.household import HouseholdSection
from ui.form.payment import PaymentSection
from ui.form.saving import ReadySaving
from ui.form.services import ServicesSection
from ui.form.validation_view import ValidationView
from ui.session import APPLICATIONS, CATALOG

if TYPE_CHECKING:
    from ui.session import Session

# A saved application's text: dark, not greyed out (its fields are disabled).
READ_ONLY_STYLE = """
QLabel:disabled, QLineEdit:disabled, QComboBox:disabled, QCheckBox:disabled,
QGroupBox:disabled, QListWidget:disabled, QTableWidget:disabled, QPlainTextEdit:disabled
{ color: #3a3a3a; }
"""


class ApplicationForm(ReadySaving, DraftDiscarding, Following, FormChecking, Autosaving, QWidget):
    saved = Signal(object)  # the Application, saved as ready to send
    draftSaved = Signal(object)  # the Application, saved as a draft
    openRequested = Signal(str)  # the id of another application to open (a duplicate)

    # Why the registry did not accept the application on screen, as it was when opened.
    _refusal: dict[str, Any] | None = None

    VALIDATE_DELAY_MS = 250
    AUTOSAVE_DELAY_MS = 1500  # after the last change
    AUTOSAVE_PERIOD_MS = 5000  # while changes keep coming

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        catalog = session.reader.catalog
        self._catalog = catalog
        self._validator = session.reader.applications.validator
        self._base = Application()
        self._status = Status.DRAFT
        # Where the application was taken is settled once it has been saved as ready (its
        # receipt says so): changed later elsewhere, it keeps that point.
        self._point_settled = False
        self._generation = 0  # counts the worker's edits
        self._saved_generation = 0
        self._loading = False
        self._saving = False
        self._problems: list[Shown] = []
        self._retired: set[DraftKeeper] = set()
        self._keeper = self._new_keeper(Identity())
        self.setStyleSheet(FIELD_STYLE)

        self.header = FormHeader(session, self)
        self.duplicates = DuplicateBanner(catalog, lambda: self._session.language, self)
        lang = session.language
        self.services = ServicesSection(catalog, lang)
        self.applicant = ApplicantSection()
        self.addresses = AddressesSection(
            session.reader.places, near=lambda: self._session.service_point.katottg
        )
        self.household = HouseholdSection()
        self.payment = PaymentSection()
        self.documents = DocumentsSection(catalog, lang)
        self.attachments = AttachmentsSection(session)
        self._after_files: Callable[[], None] | None = None  # what to open once files are in
        self._focus_before_hold: QWidget | None = None
        self.attachments.stored.connect(self._files_stored)
        self.sections: list[Section] = [
            self.services,
            self.applicant,
            self.addresses,
            self.household,
            self.payment,
            self.documents,
            self.attachments,
        ]
        content = QWidget()
        column = QVBoxLayout(content)
        for section in self.sections[:5]:
            column.addWidget(section)
        bottom = QHBoxLayout()
        bottom.addWidget(self.documents, 1)
        bottom.addWidget(self.attachments, 1)
        column.addLayout(bottom)
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)  # (a netbook's few lines go to the fields)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.scroll_area, 1)

        self.view = ValidationView()
        self._register_targets()
        for section in self.sections:
            section.changed.connect(self._changed)
        self.household.typing.connect(self._typed_in_cell)
        self.header.save_button.clicked.connect(self.save)
        self.header.edit_button.clicked.connect(self.change_saved)
        self.header.discard_button.clicked.connect(self.discard)
        self.header.new_button.clicked.connect(self.new_application)
        self.header.next_problem_button.clicked.connect(lambda: self.focus_next_problem())
        self.duplicates.openRequested.connect(self.openRequested)
        self.duplicates.confirmed.connect(self._duplicates_confirmed)
        self.duplicates.cancelled.connect(self._duplicates_cancelled)

        self.save_action = self._action(QKeySequence.StandardKey.Save, self.save)
        self.new_action = self._action(QKeySequence.StandardKey.New, self.new_application)
        self.next_problem_action = self._action(
            QKeySequence("F8"), lambda: self.focus_next_problem()
        )
        self._validate_timer = self._timer(self.VALIDATE_DELAY_MS, self.validate, single=True)
        self._autosave_timer = self._timer(self.AUTOSAVE_DELAY_MS, self._autosave, single=True)
        self._periodic_timer = self._timer(self.AUTOSAVE_PERIOD_MS, self._autosave, single=False)
        self._periodic_timer.start()
        session.changed.data_changed.connect(self._data_changed)
        self._load(Application(), focus=True)

    def _action(self, keys: Any, slot: Any) -> QAction:
        action = QAction(self)
        action.setShortcut(keys)
        # Anywhere in the window while the form is on screen (the tab bar, the sync strip's
        # button too); a hidden form (the journal's tab, the lock screen) takes no keys.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _timer(self, interval: int, slot: Any, *, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    def _register_targets(self) -> None:
        view = self.view
        view.register("services", self.services)
        for path, cell in self.applicant.cells.items():
            view.register(path, cell)
        for box in self.addresses.boxes():
            view.register(box.prefix, box)
            for cell in box.cells.values():
                view.register(cell.path, cell)
        view.register("household", self.household)
        view.register("payment.method", self.payment.method_cell)
        view.register("payment.iban", self.payment.iban_cell)
        view.register("documents", self.documents)
        view.register("consent.given", self.documents.consent_cell)
        view.register("attachments", self.attachments)

    # --- the contract with the shell ----------------------------------------------

    def new_application(self) -> None:
        """Start an empty application (what was typed before stays saved as a draft)."""
        self.finish_editing()  # (the cell being typed in goes into that draft)
        self._leave_for(lambda: self._load(Application(), focus=True))

    def open_application(self, app: Application) -> None:
        """Continue a draft, or a returned application's new revision (already started).

        One saved ready to send (opened to change it, or to fix what the registry did not
        accept) says at once what changing it means. The draft already on screen is not
        read again: its stored copy may lack the last few seconds of typing.
        """
        identity = self._keeper.identity
        same = app.id and (app.id, app.revision) == (identity.id, identity.revision)
        if same and not self.read_only:
            self.services.list.setFocus()
            return

        self.finish_editing()  # (the cell being typed in goes into the draft left behind)
        refusal = self._session.reader.outbox.refusal(app.id) if app.id else None
        asked = self._session.reader.applications.correction_reason(app)

        def load() -> None:
            self._load(app, focus=True)
            if refusal is not None:
                # (the card that said it is closed by now: the form says it while it is fixed)
                self.header.show_refused(refusal_text(refusal, self._session.language))
                self._refusal = refusal  # (said again in another language: changeEvent)
                if app.status is Status.READY:
                    # Set aside, it still waits in the queue: ``import --scans`` finding its
                    # scans sends it again as it was. A draft first, as any waiting one.
                    self._take_out_of_queue()
                return
            if asked:
                self.header.show_correction(asked)
            if app.status is Status.READY and app.id:
                self._take_out_of_queue()  # (read-only until the store has it as a draft)
            elif app.status is Status.READY:
                self._warn_changing()

        self._leave_for(load)

    def _leave_for(self, load: Callable[[], None]) -> None:
        """Move on to another application once the files the worker added to this one are
        stored in it (a second or so for a few photos): they belong to this resident."""
        self._after_files = load  # the latest wish wins
        if self.attachments.busy:
            self.header.notice(
                lambda: self.tr("Storing this application's files first; then the next one opens."),
                error=False,
            )
        else:
            self._files_stored()

    def _files_stored(self) -> None:
        load, self._after_files = self._after_files, None
        if load is not None:
            load()

    def _fields(self) -> QWidget:
        """The scrolled widget holding every section (set once, in the constructor)."""
        fields = self.scroll_area.widget()
        assert fields is not None
        return fields

    @property
    def read_only(self) -> bool:
        """The application on screen is saved as ready: "Change it" unlocks the fields."""
        return not self._fields().isEnabled()

    def show_saved_read_only(self) -> None:
        self._set_read_only(True)

    def _set_read_only(self, read_only: bool) -> None:
        self._hold_fields(read_only)
        self.header.set_read_only(read_only)

    def _hold_fields(self, hold: bool) -> None:
        """No typing into the fields: a saved application, or one being saved (what is
        saved as ready must be what is on screen). Let go, the field that had the
        cursor has it again."""
        fields = self._fields()
        if hold and fields.isEnabled():
            focused = QApplication.focusWidget()
            inside = focused is not None and fields.isAncestorOf(focused)
            self._focus_before_hold = focused if inside else None
        fields.setEnabled(not hold)
        # Greyed-out text is hard to read on an old screen: what was saved stays dark.
        fields.setStyleSheet(READ_ONLY_STYLE if hold else "")
        if not hold:
            focused, self._focus_before_hold = self._focus_before_hold, None
            if focused is not None and shiboken6.isValid(focused) and focused.isVisible():
                focused.setFocus()

    def finish_editing(self) -> None:
        """An edit still open (a family member's name being typed in a cell, a settlement's
        name not yet left) goes into the form, as leaving the field would: what is saved
        (ready, or the draft on locking, closing or moving on) holds it."""
        self.household.finish_editing()
        self.addresses.finish_editing()

    def current_application(self) -> Application:
        """What the form holds now, as an application (not saved by this call)."""
        data = self._base.to_dict()
        for section in self.sections:
            section.fill(data)  # type: ignore[attr-defined]
        app = Application.from_dict(data)
        app.status = self._status
        if not self._point_settled:
            # Where the worker is today, until the application is first saved as ready:
            # the point set in Settings after an autosave gave the draft its number counts.
            # (Not after "Change it": the autosave makes that a draft of revision 1 again.)
            app.service_point = copy.deepcopy(self._session.service_point)
        return self._keeper.identity.stamp(app)

    # --- loading --------------------------------------------------------------------

    def _load(self, app: Application, *, focus: bool) -> None:
        self._retire_keeper()
        self._unlocking = self._decided = False
        self._refusal = None
        self._set_read_only(False)
        self._keeper = self._new_keeper(Identity.of(app))
        self._base = copy.deepcopy(app)
        self._status = app.status if app.status.editable else Status.DRAFT
        self._point_settled = app.status is not Status.DRAFT or app.revision > 1
        self._loading = True
        for section in self.sections:
            section.load(app)  # type: ignore[attr-defined]
        self._services_changed()
        self.household.sync_applicant(self.applicant.person())
        self._loading = False
        self._generation = self._saved_generation = 0
        self._saving = False
        self.duplicates.hide()
        self.view.reset()
        # A returned application's new revision shows at once all that is wrong with it.
        self.view.show_all = app.revision > 1
        self.header.show_application(app)
        if app.id and app.status is Status.DRAFT:
            self._keeper.run(app, remember_draft, lambda _v: None, self._autosave_failed)
        self.validate()
        self.scroll_area.verticalScrollBar().setValue(0)
        if focus:
            self.services.list.setFocus()

    # --- what the store says changed --------------------------------------------------

    def _data_changed(self, what: str) -> None:
        """Applications changed (a sync delivered the one on screen, say): the form follows
        it (:mod:`ui.form.following`). A newer service catalogue (a sync brought it): the
        form offers it at once; what is ticked and typed stays, and is checked against it."""
        if what == APPLICATIONS:
            self._look_again()
            return
        if what != CATALOG:
            return
        self._catalog = catalog = self._session.reader.catalog
        self.duplicates.use_catalog(catalog)
        self.services.use_catalog(catalog)
        self.documents.use_catalog(catalog)
        self._services_changed()
        self._validate_timer.start()

    # --- language --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.header.fit_to_window()  # (a shorter window: the reason takes fewer lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            lang = self._session.language
            self.services.set_language(lang)
            self.documents.set_language(lang)
            self._services_changed()
            self.validate()
            # The reason, in its words (as it was when opened: taken out of the queue as a
            # draft, the application no longer has it in the outbox).
            refusal = self._refusal
            if self.header.refused_shown and refusal is not None:
                self.header.show_refused(refusal_text(refusal, lang))
        super().changeEvent(event)
