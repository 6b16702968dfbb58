"""The screen lock of the main window: the work and its dialogs hidden, and who may
take them back (part of the main window).

Kept apart from :mod:`ui.main_window` so each file has one job; the methods run on
the :class:`~ui.main_window.MainWindow` they are mixed into, and their texts keep its
translation context ("MainWindow"). Locked, the :class:`~ui.login.LockScreen` stands
in for the work area; nothing typed is lost. Its owner unlocks it with her password;
a colleague signs in there as herself, and the window closes for her session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from ui.clipboard import clear_own_clipboard
from ui.login import LoginDialog

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenuBar, QStackedWidget, QStatusBar, QToolBar

    from ui.form_host import FormHost
    from ui.login import IdleLock, LockScreen, LockTries
    from ui.password import ChangePasswordDialog
    from ui.session import Session
    from ui.status_message import StatusText


class Caret:
    """Where the caret was in a dialog's focused line edit when the screen locked. Shown
    again, the dialog gives that field focus as if tabbed to, and Qt selects all its text:
    the next key typed would replace it all."""

    def __init__(self, field: QLineEdit) -> None:
        self.field = field
        self.position = field.cursorPosition()
        self.start, self.length = field.selectionStart(), field.selectionLength()

    def restore(self) -> None:
        if not shiboken6.isValid(self.field):
            return
        if self.length > 0:
            backwards = self.position == self.start  # (selected leftwards: the caret first)
            if backwards:
                self.field.setSelection(self.start + self.length, -self.length)
            else:
                self.field.setSelection(self.start, self.length)
        else:
            self.field.deselect()
            self.field.setCursorPosition(self.position)


class WindowLocking:
    """Ctrl+L or idle: lock; the owner's password (her own) or a colleague's sign-in."""

    if TYPE_CHECKING:  # what these methods use of the MainWindow they are mixed into
        session: Session
        stack: QStackedWidget
        lock_screen: LockScreen
        form_host: FormHost
        idle_lock: IdleLock
        tries: LockTries
        toolbar: QToolBar
        sign_in_dialog: LoginDialog | None
        password_dialog: ChangePasswordDialog | None
        _actions: list[QAction]
        _hidden_dialogs: list[QWidget]
        _carets: dict[QWidget, Caret]
        _told_while_locked: StatusText | None
        _closing_locked: bool
        _next_operator: str
        _close_round: int

        def statusBar(self) -> QStatusBar: ...

        def menuBar(self) -> QMenuBar: ...

        def show_message(self, text: StatusText) -> None: ...

        def check_new_day(self, today: dt.date | None = None) -> None: ...

        def close_for_another_operator(self) -> None: ...

    @property
    def locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.form_host.finish_editing()  # (a cell being typed in: into the draft)
        clear_own_clipboard()  # (an РНОКПП copied from the form: not for the next person)
        # A close asked before, still waiting for the draft (scans being stored), is off:
        # a locked window closes only from the lock screen (MainWindow.closeEvent).
        self._close_round += 1
        self._note("locked")
        self.idle_lock.paused = True
        for _menu in range(8):  # an open menu (and its submenus): its items work over a lock
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget.parent() is not None:
                widget.hide()  # dialogs show personal data too; back after unlocking
                # ... unless asked with exec() (a file or print dialog): hiding ends its
                # question, and it is deleted, or points at a printer gone by then.
                if widget.windowModality() != Qt.WindowModality.ApplicationModal:
                    self._hidden_dialogs.append(widget)
                    field = widget.focusWidget()
                    if isinstance(field, QLineEdit):
                        self._carets[widget] = Caret(field)
        for action in self._actions:
            action.setEnabled(False)
        self.toolbar.hide()
        self.statusBar().hide()  # (its messages name the applications just worked on)
        self.menuBar().setEnabled(False)
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self) -> None:
        if self._closing_locked:  # the owner is back first: the colleague's close is off
            self._closing_locked = False
            self._next_operator = ""
            self._close_round += 1
        self.stack.setCurrentIndex(0)
        for action in self._actions:
            action.setEnabled(True)
        self.toolbar.show()
        self.statusBar().show()
        self.menuBar().setEnabled(True)
        hidden, self._hidden_dialogs = self._hidden_dialogs, []
        carets, self._carets = self._carets, {}
        self.idle_lock.resume()  # (first: whatever a dialog does, the lock keeps working)
        for widget in hidden:
            if shiboken6.isValid(widget):
                widget.show()
                caret = carets.get(widget)
                if caret is not None:
                    caret.restore()
        told, self._told_while_locked = self._told_while_locked, None
        if told is not None:  # decisions came while the screen was locked
            self.show_message(told)
        self.check_new_day()

    def lock_out_deactivated(self) -> None:
        """The signed-in operator was deactivated while her window was open (seen on the db
        lane, :class:`~ui.session.OtherPrograms`): the window locks and says so. What she
        typed is kept as her draft; a colleague may sign in, or anyone close FrontDesk."""
        if not self.locked:
            self.lock()
        self.lock_screen.show_deactivated()

    def _wait_noted(self, login: str, seconds: int) -> None:
        if login == self.session.operator and self.locked:
            self.lock_screen.show_wait(seconds)

    def sign_in_another(self) -> LoginDialog:
        """From the lock screen: a colleague signs in as herself. Her password is tried
        as her own (a wrong one counts against her login, not the owner's)."""
        reader = self.session.reader
        dialog = LoginDialog(
            reader.operators,
            reader.workstation,
            cast("QWidget", self),
            check=self.tries.attempt,
            leave_out=self.session.operator,
            note=QCoreApplication.translate(
                "MainWindow",
                "What is open on this screen is kept as a draft for the operator who "
                "locked it; you will not see it.",
            ),
        )
        dialog.accepted.connect(lambda: self._signed_in_at_lock(dialog.operator))
        dialog.finished.connect(dialog.deleteLater)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def _owner_back(self) -> ChangePasswordDialog | None:
        """The owner's password taken at the lock screen: the work is hers again, unless
        someone else set that password (she forgot hers) and so knows it: she chooses her
        own first, as at the start (closed, the screen stays locked)."""
        session = self.session
        login = session.operator
        set_by = session.reader.operators.password_set_by(login)
        if not set_by:
            self.unlock()
            return None
        from ui.password import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            session.profile.operators,
            login,
            session.db,
            cast("QWidget", self),
            set_by=set_by,
        )
        dialog.accepted.connect(self.unlock)
        dialog.finished.connect(dialog.deleteLater)
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def _signed_in_at_lock(self, login: str) -> None:
        if login == self.session.operator:  # (the owner, by the other way in)
            self._owner_back()
            return
        self._next_operator = login
        self.close_for_another_operator()

    def _note(self, action: str, who: str = "") -> None:
        """In the access log (the db lane): the screen locked, the work ended at the lock,
        a colleague's hand-over given up; by ``who`` (the window's operator if not said)."""
        session = self.session
        who = who or session.operator
        session.db.run(lambda: session.profile.applications.note_access(who, action))
