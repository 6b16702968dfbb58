"""An operator chooses her own password: from the Service menu whenever she likes, and at
the sign-in when someone else set it (she forgot hers, and a colleague or the IT person set a
new one: whoever did knows it).

The current password is checked as at the sign-in (:meth:`Operators.change_password`: a
wrong one counts against her login, and after a few each next try waits). The new one is
checked against the rules as it is submitted, before anything is written. The work runs on
the lane given (the session's db lane; at start-up, before any session, where it is asked).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import FrontDeskError
from frontdesk.operators import Attempt, Operators, check_new_password
from ui.i18n import current_language
from ui.login import Wait
from ui.tasks import TaskRunner
from ui.widgets import ERROR_STYLE


class ChangePasswordDialog(QDialog):
    """Current password, the new one twice. Accepted once the new one is written."""

    def __init__(
        self,
        operators: Operators,
        login: str,
        lane: TaskRunner,
        parent: QWidget | None = None,
        *,
        set_by: str = "",
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._operators = operators
        self._lane = lane
        self._busy = False
        self.setWindowTitle(self.tr("FrontDesk — change my password"))
        self.current = self._password_field(self.tr("Current password"))
        self.new = self._password_field(self.tr("New password"))
        self.again = self._password_field(self.tr("New password again"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Change password"))
        self.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if set_by:
            self.note = QLabel(
                self.tr(
                    "Your password was set by %1, so it is known to someone else. Choose "
                    "your own before you start: type the one you were given, then a new one."
                ).replace("%1", set_by)
            )
        else:
            self.note = QLabel(self.tr("Operator %1").replace("%1", login))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        rules = QLabel(
            self.tr(
                "At least 8 characters; not a common password, keys in a row, or one with "
                "your login in it."
            )
        )
        rules.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Current password:"), self.current)
        form.addRow(self.tr("New password:"), self.new)
        form.addRow(self.tr("Again:"), self.again)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self._wait = Wait(self)
        self.current.setFocus()

    @staticmethod
    def _password_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _say(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        field.setFocus()

    def submit(self) -> None:
        if self._busy or self._wait.waiting:
            return
        current, new = self.current.text(), self.new.text()
        if not current:
            self._say(self.tr("Type your current password."), self.current)
            return
        if new != self.again.text():
            self.again.clear()
            self._say(self.tr("The new password typed again differs. Type it again."), self.again)
            return
        try:
            check_new_password(self._login, new)
        except FrontDeskError as exc:
            self._say(exc.message(current_language()), self.new)
            return
        self._busy = True
        self._hold(True)
        self.error.setText(self.tr("Changing the password…"))
        change = self._operators.change_password
        self._lane.run(
            lambda: change(self._login, current, new), self._changed, self._failed, owner=self
        )

    def reject(self) -> None:
        # Not while the change is under way: it goes through anyway, and closed as if
        # cancelled, she would not be told her password is now the new one.
        if not self._busy:
            super().reject()

    def _hold(self, held: bool) -> None:
        for widget in (self.current, self.new, self.again, self.ok, self.cancel):
            widget.setEnabled(not held)

    def _changed(self, attempt: Attempt) -> None:
        self._busy = False
        self._hold(False)
        if attempt.ok:
            self.error.clear()
            self.accept()
            return
        self.current.clear()
        if attempt.wait:
            self._wait.start(self.error, attempt.wait, (self.current, self.ok))
        elif attempt.inactive:  # (her password is not even checked: it was not "wrong")
            self._say(
                self.tr(
                    "Your account was deactivated on this workstation: its password can no "
                    "longer be changed."
                ),
                self.current,
            )
        else:
            self._say(self.tr("The current password is wrong. Try again."), self.current)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._hold(False)
        if isinstance(exc, FrontDeskError):
            self._say(exc.message(current_language()), self.new)
        else:
            self._say(self.tr("The password could not be changed. Try again."), self.current)
