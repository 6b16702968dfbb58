"""Settings: language, screen-lock time, where I work today, and the registry connection.

Stored in the profile under ``ui.*`` keys (:mod:`ui.preferences`) on the db
lane. Enrolment talks to the registry, so it runs on the net lane with its
own connection to the profile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from frontdesk.model import ServicePoint
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.text import address_shown
from frontdesk.validation import text_limits
from sync.errors import Offline, ServerTrouble
from ui.backup_widgets import grow_to_fit
from ui.i18n import LANGUAGES
from ui.preferences import SERVICE_POINT_KINDS, Preferences
from ui.session import SETTINGS, SYNC, Session
from ui.settlement_picker import SettlementPicker
from ui.wording import point_kind_name


class SettingsDialog(QDialog):
    saved = Signal(object)  # the new Preferences, once stored
    enrolled = Signal()

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False  # a save waiting for the db lane (the daily backup may hold it)
        self._connecting = False  # an enrolment under way on the net lane
        self._close_when_connected = False  # closed meanwhile: closed once it is done
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)

        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(session.language))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setSpecialValueText(self.tr("never"))
        self.idle_minutes.setValue(round(session.idle_minutes))
        general = QFormLayout()
        general.addRow(self.tr("&Language:"), self.language)
        general.addRow(self.tr("Lock the screen &after:"), self.idle_minutes)

        point = session.service_point
        self.point_kind = QComboBox()
        for kind in SERVICE_POINT_KINDS:
            self.point_kind.addItem(point_kind_name(kind), kind)
        self.point_kind.setCurrentIndex(max(0, self.point_kind.findData(point.kind)))
        self.point_name = QLineEdit(point.name)
        self.point_name.setMaxLength(dict(text_limits())[("service_point", "name")])
        self.point_name.setPlaceholderText(self.tr("e.g. route 3, or the street and house"))
        places = session.reader.places
        self.settlement = SettlementPicker(places)
        self.settlement.setPlaceholderText(self.tr("Start typing the settlement name"))
        if point.katottg:
            self.settlement.set_place(places.get(point.katottg))
        self.codifier_note = QLabel()  # (one line: the dialog widens to it)
        self.codifier_note.hide()
        # With no codifier there is no list to pick from: a settlement typed would only
        # stop Save. The field waits for the codifier, and the note says how to load it.
        self._kept_katottg = "" if places.loaded else point.katottg
        if not places.loaded:
            self.settlement.setEnabled(False)
            self.settlement.setPlaceholderText(self.tr("the codifier is not loaded"))
            self.codifier_note.setText(
                self.tr("No КАТОТТГ codifier loaded: write the settlement in «Route or address».")
            )
            how = self.tr(
                "The administrator loads the codifier with the command: frontdesk reference "
                "import-katottg FILE.csv"
            )
            self.codifier_note.setToolTip(how)
            self.settlement.setToolTip(how)
            self.codifier_note.show()
        where = QGroupBox(self.tr("Where I work today"))
        where_form = QFormLayout(where)
        where_form.addRow(self.tr("Service &point:"), self.point_kind)
        where_form.addRow(self.tr("&Route or address:"), self.point_name)
        where_form.addRow(self.tr("S&ettlement:"), self.settlement)
        where_form.addRow(self.codifier_note)

        registry = QGroupBox(self.tr("Registry"))
        self.registry_label = QLabel()
        self.registry_url = QLineEdit()
        self.registry_url.setPlaceholderText("https://registry.example.gov.ua")
        self.enrol_code = QLineEdit()
        self.enrol_button = QPushButton(self.tr("C&onnect"))
        self.enrol_button.clicked.connect(self.start_enrolment)
        self.enrol_message = QLabel()
        self.enrol_message.setWordWrap(True)
        self.enrol_message.setTextFormat(Qt.TextFormat.PlainText)  # (a server's words, too)
        # Enter after typing the code connects (the dialog's Enter would press Save, close
        # Settings and drop the code, with nothing enrolled).
        for field in (self.registry_url, self.enrol_code):
            field.installEventFilter(self)
        registry_form = QFormLayout(registry)
        registry_form.addRow(self.tr("Connected to:"), self.registry_label)
        registry_form.addRow(self.tr("Registry a&ddress:"), self.registry_url)
        code_row = QHBoxLayout()
        code_row.addWidget(self.enrol_code, 1)
        code_row.addWidget(self.enrol_button)
        code_label = QLabel(self.tr("E&nrolment code:"))
        code_label.setBuddy(self.enrol_code)  # (its Alt letter goes to the code, not the row)
        registry_form.addRow(code_label, code_row)
        registry_form.addRow(self.enrol_message)
        self._show_registry()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.error = QLabel()
        self.error.setWordWrap(True)  # (a long one would widen the dialog past the screen)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b3261e;")
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(where)
        layout.addWidget(registry)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        place = self.settlement.place
        return Preferences(
            language=self.language.currentData(),
            idle_minutes=float(self.idle_minutes.value()),
            service_point=ServicePoint(
                kind=self.point_kind.currentData(),
                name=self.point_name.text().strip(),
                katottg=place.code if place else self._kept_katottg,
            ),
        )

    def save(self) -> None:
        if not self._settlement_chosen():
            return
        prefs = self.preferences()
        self._set_busy(True)

        def done(_: object) -> None:
            self._set_busy(False)
            self.saved.emit(prefs)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._say(self.error, self._session.message(exc))

        self._session.write(prefs.save, SETTINGS, done, failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)

    def reject(self) -> None:
        # Not while the save waits: it is stored anyway, and closed, the window would never
        # hear of it (the toolbar and the day's applications kept the old place of work).
        if self.busy:
            return
        if self._connecting:
            # Closed while connecting (a minute at most): out of sight now, and closed once
            # the registry answers; closed at once, the window never heard that it was
            # enrolled, and nothing was sent until the next round.
            self._close_when_connected = True
            self.hide()
            return
        super().reject()

    def _connected(self) -> None:
        self._connecting = False
        self.enrol_button.setEnabled(True)
        if self._close_when_connected:
            self.done(QDialog.DialogCode.Rejected)

    def _settlement_chosen(self) -> bool:
        """A settlement typed but not picked from the list is taken when the text names just
        one; otherwise the worker is asked to pick it, and nothing is saved (it would be
        dropped without a word, and missing from every application and receipt)."""
        picker = self.settlement
        if picker.place is not None or not picker.text().strip() or not picker.isEnabled():
            return True
        place = self._session.reader.places.named(picker.text())
        if place is not None:
            picker.set_place(place)
            return True
        self._say(
            self.error,
            self.tr("Choose the settlement from the list: start typing its name, then pick it."),
        )
        picker.setFocus()
        return False

    def _say(self, label: QLabel, message: str) -> None:
        """Show a message that may wrap to more lines: the dialog grows to show it whole (Qt
        leaves an open dialog its size, and the lines were cut off under the row above)."""
        label.setText(message)
        grow_to_fit(self)

    # --- enrolment --------------------------------------------------------------------

    def _show_registry(self) -> None:
        url = self._session.reader.outbox.setting(REGISTRY_KEY)
        self.registry_label.setText(
            address_shown(url) or self.tr("not connected (working offline)")
        )
        if url and not self.registry_url.text():
            self.registry_url.setText(url)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.registry_url, self.enrol_code)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if self.enrol_code.text().strip():
                if self.enrol_button.isEnabled():  # (not while connecting already)
                    self.start_enrolment()
            else:
                self.enrol_code.setFocus()  # (the address typed: the code comes next)
            return True
        return super().eventFilter(watched, event)

    def start_enrolment(self) -> None:
        url, code = self.registry_url.text().strip(), self.enrol_code.text().strip()
        if not url or not code:
            self._say(self.enrol_message, self.tr("Type the registry address and the code."))
            return
        root, operator = self._session.profile_root, self._session.operator
        self.enrol_button.setEnabled(False)
        self._connecting = True
        self._say(self.enrol_message, self.tr("Connecting…"))

        def work() -> str:
            from sync.workstation import enrol  # the HTTP client loads only when needed

            with Profile.open(root) as profile:  # its own connection: this is the net lane
                return enrol(profile, url, code, who=operator).community_name or ""

        self._session.net.run(work, self._enrolled, self._enrolment_failed, owner=self)

    def _enrolled(self, community: str) -> None:
        self.enrol_code.clear()
        self._say(self.enrol_message, self.tr("Connected. Community: %1").replace("%1", community))
        self._show_registry()
        self._session.changed.data_changed.emit(SYNC)
        self.enrolled.emit()
        self._connected()

    def _enrolment_failed(self, exc: BaseException) -> None:
        self._connected()
        if isinstance(exc, (Offline, ServerTrouble)):
            # Not the sync strip's "applications are saved and will be sent": this
            # workstation is not enrolled, and nothing will be sent until it is.
            self._say(
                self.enrol_message,
                self.tr(
                    "Not connected: the registry does not answer at this address (check the "
                    "address and the connection), then press Connect again."
                ),
            )
            return
        self._say(self.enrol_message, self._session.message(exc))
