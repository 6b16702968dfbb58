"""One application opened from the journal: what it is, what happened to it, what to do.

A returned application offers "Correct and resend" (a new revision, opened in
the form); a draft offers to continue editing; a saved one offers its receipt.
The card only reads (through the session's ``reader``); the actions are
signals the main window carries out.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.countries import UKRAINE, citizenship_name
from frontdesk.differences import differences
from frontdesk.errors import NotFound
from frontdesk.messages import history_at, history_text, refusal_text
from frontdesk.model import Application, Status
from frontdesk.store.set_aside import NOT_CONTENT, SetAside
from frontdesk.text import local_time
from ui.notices import notice
from ui.session import APPLICATIONS, SENDING, Session
from ui.widgets import resize_within_screen
from ui.wording import (
    field_name,
    field_value,
    not_accepted_name,
    point_text,
    services_text,
    status_name,
)


class ApplicationCard(QDialog):
    correctRequested = Signal(str)  # application id: start a new revision of a returned one
    editRequested = Signal(object)  # a draft Application to continue in the form
    receiptRequested = Signal(object, str)  # Application, "pdf" or "print"

    def __init__(self, session: Session, application_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._id = application_id
        self._names: dict[str, str] = {}  # login → full name, for this card
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._content: QWidget | None = None
        self._retranslating = False
        self._shown: tuple[object, ...] = ()
        self.application: Application  # read by _show(), and again when it changes
        resize_within_screen(self, 720, 560)
        self._show()
        session.note_access("viewed", self.application.number)  # (once per opening)
        # A sync round may send it, a decision return it, while the card is open: the card
        # says what is true now, and offers what can be done now (no Edit while the sync is
        # sending it: SENDING, from the sync panel).
        session.changed.data_changed.connect(self._data_changed)

    def changeEvent(self, event: QEvent) -> None:
        """Another language chosen while the card is open: it is said again in it (it
        stayed in the language it was opened in, but for its Close button)."""
        if event.type() == QEvent.Type.LanguageChange and not self._retranslating:
            # Once every translation is in (a switch sends one such event per file), and
            # not while Qt is still telling every widget: the old content goes with it.
            self._retranslating = True
            QTimer.singleShot(0, self, self._retranslate)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._retranslating = False
        if self._content is not None:
            self._show()

    def _state(self) -> tuple[object, ...]:
        app = self.application
        reader = self._session.reader
        refused = reader.outbox.refusal(app.id) is not None
        removed = reader.applications.personal_data_removed_at(app.id)
        sending = self._being_sent()
        return (app.number, app.status, app.revision, app.status_reason, refused, removed, sending)

    def _being_sent(self) -> bool:
        """Whether the sync is sending it right now (its outbox row in flight): it cannot
        be changed until the registry answers (the store refuses the change)."""
        app = self.application
        return app.status is Status.READY and self._session.reader.outbox.being_sent(
            app.id, app.revision
        )

    def _data_changed(self, what: str) -> None:
        if not shiboken6.isValid(self):
            return
        if what == SENDING:
            self._sending_changed()
            return
        if what != APPLICATIONS:
            return
        try:
            self.application = self._session.reader.applications.get(self._id)
        except NotFound:  # its draft was discarded (from the form) while the card was open
            if self.isVisible():
                gone_notice(self.parentWidget())
            self.reject()
            return
        if self._state() != self._shown:
            self._show()

    def _sending_changed(self) -> None:
        """The sync put a batch in flight, or has its answers: the card stops offering Edit
        while its application is being sent, and says what became of it once the send
        ended (sent, not accepted, or waiting again: Edit is offered again). Read by its
        key, and the card built again only when that changed (a round claims batch after
        batch)."""
        sending = bool(self._shown and self._shown[-1])
        if self.application.status is not Status.READY and not sending:
            return  # (only an application waiting to be sent goes in flight)
        if self._being_sent() != sending:
            self._data_changed(APPLICATIONS)

    def _show(self) -> None:
        self.application = self._session.reader.applications.get(self._id)
        self._shown = self._state()
        content = QWidget(self)
        self._build(content)
        if self._content is not None:
            # Focus leaves the old content while it is whole: a focused default button
            # losing it as it was deleted made Qt look for the dialog's new default among
            # half-deleted widgets, and the app crashed.
            focused = QApplication.focusWidget()
            if focused is not None and self._content.isAncestorOf(focused):
                focused.clearFocus()
            self._content.hide()
            self._layout.removeWidget(self._content)
            self._content.deleteLater()
        self._content = content
        self._layout.addWidget(content)

    def _build(self, content: QWidget) -> None:
        session = self._session
        app = self.application
        self.setWindowTitle(self.tr("Application %1").replace("%1", app.number))

        facts = QFormLayout()
        facts.addRow(self.tr("Number:"), _selectable(app.number))
        refusal = session.reader.outbox.refusal(app.id)
        status = not_accepted_name() if refusal is not None else status_name(app.status)
        if app.revision > 1:
            status += " · " + self.tr("revision %1").replace("%1", str(app.revision))
        sending = self._being_sent()
        if sending:
            status += " · " + self.tr("being sent right now")
        self.status_label = QLabel(f"<b>{status}</b>")
        facts.addRow(self.tr("Status:"), self.status_label)
        self.refusal_label: QLabel | None = None
        if refusal is not None:
            lines = refusal_text(refusal, session.language)
            self.refusal_label = _selectable("\n".join(lines))
            self.refusal_label.setWordWrap(True)
            self.refusal_label.setStyleSheet("color: #a30000;")
            facts.addRow(self.tr("Registry's answer:"), _at_most_lines(self.refusal_label))
        if app.status_reason:
            reason = _selectable(app.status_reason)
            reason.setWordWrap(True)
            reason.setStyleSheet("color: #8a4b00;")
            # (accepted, with a reason: the back office cancelled its decision)
            cancelled = app.status is Status.ACCEPTED
            said = self.tr("Decision cancelled:") if cancelled else self.tr("Reason:")
            facts.addRow(said, _at_most_lines(reason))
        asked = session.reader.applications.correction_reason(app)
        self.correction_label: QLabel | None = None
        if asked:  # (the new revision has no reason of its own: the returned one's is shown)
            self.correction_label = _selectable(asked)
            self.correction_label.setWordWrap(True)
            self.correction_label.setStyleSheet("color: #8a4b00;")
            facts.addRow(self.tr("Returned for correction:"), _at_most_lines(self.correction_label))
        removed = session.reader.applications.personal_data_removed_at(app.id)
        if removed:
            said = self.tr(
                "Personal data removed from this computer on %1: the retention period "
                "after the decision is over. The registry keeps the whole case."
            ).replace("%1", local_time(removed))
            if app.status is Status.RETURNED:  # (nothing here to correct: ui.form_host)
                said += "\n" + self.tr(
                    "“Correct and resend” first takes the application from the registry (a "
                    "connection to it is needed): the correction starts from the registry's "
                    "copy."
                )
            gone = QLabel(said)
            gone.setWordWrap(True)
            gone.setStyleSheet("color: #555555;")
            facts.addRow(self.tr("Applicant:"), gone)
        else:
            facts.addRow(self.tr("Applicant:"), _selectable(app.applicant.full_name))
        self.set_aside_label: QLabel | None = None
        if not removed:
            for kept in session.reader.applications.set_aside(app.id):
                self.set_aside_label = _selectable(self._set_aside_text(kept, app))
                self.set_aside_label.setWordWrap(True)
                self.set_aside_label.setStyleSheet("color: #8a4b00;")
                facts.addRow(self.tr("Not sent:"), _at_most_lines(self.set_aside_label))
        citizenship = app.applicant.citizenship
        if citizenship and citizenship != UKRAINE and not removed:  # (a foreigner's)
            name = citizenship_name(citizenship, session.language)
            facts.addRow(self.tr("Citizenship:"), QLabel(name))
        if app.applicant.rnokpp:
            facts.addRow(self.tr("РНОКПП:"), _selectable(app.applicant.rnokpp))
        services = QLabel(
            services_text(session.reader.catalog, app.service_codes, session.language)
        )
        services.setWordWrap(True)
        facts.addRow(self.tr("Services:"), services)
        if app.attachments and not removed:
            names = ", ".join(a.filename or a.sha256[:12] for a in app.attachments)
            scans = QLabel(f"{len(app.attachments)}: {names}")
            scans.setWordWrap(True)
            facts.addRow(self.tr("Scans:"), _at_most_lines(scans))
        facts.addRow(self.tr("Created:"), QLabel(local_time(app.created_at)))
        facts.addRow(self.tr("Operator:"), QLabel(self._who(app.operator)))
        point = QLabel(point_text(app.service_point, session.reader.places))
        point.setWordWrap(True)
        facts.addRow(self.tr("Service point:"), point)

        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("What happened"), self.tr("Who"), self.tr("Revision")]
        )
        self.history.setAccessibleName(self.tr("History"))
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for entry in session.reader.applications.history(app.id):
            self._add_history(entry)
        self.history.resizeColumnsToContents()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.correct_button: QPushButton | None = None
        self.edit_button: QPushButton | None = None
        if app.status is Status.RETURNED:
            self.correct_button = self._action(
                buttons, self.tr("Correct and resend"), self._correct
            )
            self.correct_button.setDefault(True)
        elif app.status.editable and not sending:  # a draft, or saved but not sent yet
            title = self.tr("Continue editing") if app.status is Status.DRAFT else self.tr("Edit")
            self.edit_button = self._action(buttons, title, self._edit)
            # Enter continues a draft; for one waiting to be sent, Enter only closes the card
            # (changing it takes it out of the queue: a choice, not a keystroke).
            self.edit_button.setDefault(app.status is Status.DRAFT)
            if app.status is not Status.DRAFT:
                close = buttons.button(QDialogButtonBox.StandardButton.Close)
                close.setDefault(True)
                close.setFocus()
        if app.status is not Status.DRAFT and not removed:  # (a receipt with no one on it)
            self._action(buttons, self.tr("Print receipt"), lambda: self._receipt("print"))
            self._action(buttons, self.tr("Save receipt as PDF…"), lambda: self._receipt("pdf"))
        # Qt makes the default button the box's focus proxy, and Tab then skipped the
        # buttons before it in the focus chain: Close was never reached from the keyboard.
        buttons.setFocusProxy(None)  # type: ignore[arg-type]  # (None clears it)

        # The facts and the history scroll together above the buttons: on a small screen
        # (or at 150 %) the card is squeezed to it, and its rows were drawn over each other.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(facts)
        history_title = QLabel(self.tr("History"))
        history_title.setStyleSheet("font-weight: bold;")
        inner.addWidget(history_title)
        inner.addWidget(self.history, 1)
        header_height = self.history.horizontalHeader().sizeHint().height()
        row_height = self.history.verticalHeader().defaultSectionSize()
        self.history.setMinimumHeight(header_height + row_height * HISTORY_ROWS + 4)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (Tab goes to the buttons, as before)
        self.body = scroll
        layout = QVBoxLayout(content)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def _set_aside_text(self, kept: SetAside, app: Application) -> str:
        """What this laptop had entered in a revision the registry held with other
        content, or in a correction the registry no longer waited for (a later revision
        than the card's), value by value next to the registry's."""
        if kept.revision > app.revision:
            said = self.tr(
                "Correction (revision %1) not sent: the registry no longer waits for it (the "
                "application was decided, or taken up again without it). If it is returned "
                'again, "Correct and resend" starts from it. What was entered on this computer:'
            )
        else:
            said = self.tr(
                "Revision %1 of this application reached the registry first from another "
                "computer, with other data; the registry's is shown here, and its decisions "
                "are about it. What was entered on this computer and did not reach the "
                "registry:"
            )
        lines = [said.replace("%1", str(kept.revision))]
        # (old: entered here; new: the registry's, shown on the card)
        changed = differences(kept.document, app.to_dict(), ignore=NOT_CONTENT)
        for difference in changed:
            lines.append(
                self.tr("%1: %2 (in the registry: %3)")
                .replace("%1", field_name(difference.path))
                .replace("%2", field_value(difference.old))
                .replace("%3", field_value(difference.new))
            )
        if not changed:
            lines.append(self.tr("nothing that differs from the registry's"))
        return "\n".join(lines)

    def _add_history(self, entry: dict[str, Any]) -> None:
        row = self.history.rowCount()
        self.history.insertRow(row)
        action, detail = str(entry.get("action") or ""), str(entry.get("detail") or "")
        cells = (
            local_time(history_at(action, str(entry.get("at") or ""), detail)),
            history_text(action, detail, self._session.language),
            self._who(str(entry.get("operator") or "")),
            str(entry.get("revision") or ""),
        )
        for column, value in enumerate(cells):
            self.history.setItem(row, column, QTableWidgetItem(value))

    def _who(self, login: str) -> str:
        """Who did it, as the worker knows them: an operator's name, not a login; the
        registry and the sync engine in words."""
        if login == "registry":
            return self.tr("the registry")
        if login == "sync":
            return self.tr("FrontDesk (sync)")
        if login == "retention":
            return self.tr("FrontDesk (retention period)")
        if login not in self._names:
            self._names[login] = self._session.reader.operators.full_name(login) if login else ""
        return self._names[login]

    def _action(self, buttons: QDialogButtonBox, title: str, slot: Any) -> QPushButton:
        button = buttons.addButton(title, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(slot)
        return button

    def _correct(self) -> None:
        self.correctRequested.emit(self.application.id)
        self.accept()

    def _edit(self) -> None:
        self.editRequested.emit(self.application)
        self.accept()

    def _receipt(self, kind: str) -> None:
        self.receiptRequested.emit(self.application, kind)


CARD_TEXT_WIDTH = 560  # about what the card gives a fact's value
TEXT_LINES = 4  # a longer reason scrolls: the history below keeps its room
HISTORY_ROWS = 3  # the history shows at least this many entries; the card scrolls to it


def gone_notice(parent: QWidget | None) -> None:
    """An application the worker opened is no longer here: only a discarded draft leaves."""
    notice(
        parent,
        QCoreApplication.translate("ApplicationCard", "Application not found"),
        QCoreApplication.translate(
            "ApplicationCard",
            "This application is no longer on this workstation: its draft was deleted.",
        ),
        QMessageBox.Icon.Information,
    )


def _at_most_lines(label: QLabel) -> QScrollArea:
    """A reason or an answer up to 2,000 characters: as tall as it is, up to TEXT_LINES
    lines, then it scrolls."""
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    lines = label.fontMetrics().lineSpacing()
    needed = label.heightForWidth(CARD_TEXT_WIDTH) + 4
    most = lines * TEXT_LINES + 8
    area.setFixedHeight(min(needed, most))
    # Tab goes to the buttons: a text that fits is no Tab stop (it took Tab focus and showed
    # none). One that scrolls is, so that the keys scroll it, and it shows when it has focus.
    if needed <= most:
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    else:
        area.setObjectName("scrolledText")
        area.setStyleSheet("#scrolledText:focus { border: 2px solid palette(highlight); }")
    return area


def _selectable(text: str) -> QLabel:
    """Data as written (a reason with "<" in it is not markup), selectable to copy."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
