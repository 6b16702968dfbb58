"""Signing in, and locking the screen when the workstation is left alone.

Passwords are checked offline by :meth:`frontdesk.operators.Operators.attempt`
(scrypt, ~60 ms; after a few wrong ones, each next try waits longer; all of them
are in the access log). :class:`IdleLock` watches every input event of the
application; after the configured idle time it asks the main window to show
the :class:`LockScreen`, which hides personal data but keeps the form as it
was — only the same operator's password unlocks it. A colleague signs in there
as herself instead (:class:`LoginDialog` over the lock screen): the window is
closed as at the end of the work, what was typed kept as its operator's draft,
and the app opens her own session (:class:`ui.app.Startup`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.operators import Attempt, Operators
from frontdesk.store.decision_time import awake_or_asleep as _awake_or_asleep
from ui.widgets import ERROR_STYLE

if TYPE_CHECKING:  # (loaded after the sign-in at start: ui.app.AFTER_SIGN_IN)
    from ui.session import Session

log = logging.getLogger(__name__)
TryPassword = Callable[[str, str], Attempt]  # (login, password): unlocked, or how long to wait
PANEL_WIDTH = 460
# A flat button's frame, drawn only while it has focus (the same size without it: nothing
# moves as Tab comes and goes); pressed, it darkens, as a flat one did.
FLAT_FOCUS_STYLE = (
    "QPushButton { border: 2px solid transparent; border-radius: 3px; padding: 3px 8px; }"
    " QPushButton:focus { border-color: palette(highlight); }"
    " QPushButton:pressed { background: palette(midlight); }"
)
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.ShortcutOverride,  # (a key that is a shortcut: asked of the focused widget)
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LoginDialog(QDialog):
    """Choose an operator of this workstation and type the password.

    ``first_painted`` is emitted once, just after the dialog is first on screen: start-up
    loads the rest of the app then, while the worker types.
    """

    first_painted = Signal()

    def __init__(
        self,
        operators: Operators,
        workstation: str = "",
        parent: Any = None,
        *,
        check: TryPassword | None = None,
        leave_out: str = "",
        note: str = "",
    ) -> None:
        """``check``: how a password is tried (at start, :meth:`Operators.attempt`; at a lock
        screen, the window's :class:`LockTries`). ``leave_out``: a login not offered (who
        locked the screen); ``note``: a line said above the fields."""
        super().__init__(parent)
        self._operators = operators
        self._check: TryPassword = check or operators.attempt
        self._painted = False
        self.operator = ""
        self.setWindowTitle(self.tr("FrontDesk — sign in"))
        self.login = QComboBox()
        self.login.setEditable(True)
        self.login.addItems([login for login in operators.logins() if login != leave_out])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in.setText(self.tr("Sign in"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Login:"), self.login)
        form.addRow(self.tr("Password:"), self.password)
        layout = QVBoxLayout(self)
        if workstation:
            layout.addWidget(QLabel(self.tr("Workstation %1").replace("%1", workstation)))
        if note:
            self.note = QLabel(note)
            self.note.setWordWrap(True)
            layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self.password.setFocus()
        self._wait = Wait(self)
        # A wait is one login's: choosing another operator lets her sign in at once.
        self.login.currentTextChanged.connect(lambda _text: self._wait.stop())

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.first_painted.emit)  # after this paint is done

    def try_sign_in(self) -> None:
        login = self.login.currentText().strip().lower()
        password = self.password.text()
        if not password:
            return  # (Enter on an empty field: no try)
        attempt = self._check(login, password) if login else Attempt(False)
        if attempt.ok:
            self.operator = login
            self.accept()
            return
        self.password.clear()
        if attempt.wait:
            self._wait.start(self.error, attempt.wait, (self.password, self.sign_in))
        elif attempt.inactive and attempt.hers:  # (told only with her own password)
            self.error.setText(
                self.tr(
                    "Your account was deactivated on this workstation: you can no longer "
                    "sign in here. If that is a mistake, ask your administrator."
                )
            )
        else:
            self.error.setText(self.tr("Wrong login or password. Try again."))
        self.password.setFocus()


class FittedLabel(QLabel):
    """A wrapped label of a fixed width that takes the height its text needs there.

    (In a panel of a fixed width, a wrapped label got the height of one line: a message
    wrapped to two, such as the wait after wrong passwords in Ukrainian, was cut.)
    """

    def __init__(self, width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setFixedWidth(width)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit()

    def clear(self) -> None:
        super().clear()
        self.fit()

    def fit(self) -> None:
        self.setMinimumHeight(self.heightForWidth(self.width()) if self.text() else 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()


class LockScreen(QWidget):
    """Shown over the work area while locked; the same operator's password unlocks it."""

    unlocked = Signal()
    anotherRequested = Signal()  # a colleague signs in as herself (this work kept as a draft)
    closeRequested = Signal()  # end this work (saved as a draft) and close FrontDesk

    def __init__(self, operator: str, operator_name: str, check: TryPassword, parent: Any = None):
        super().__init__(parent)
        self._operator = operator
        self._name = operator_name or operator
        self._check = check
        self._wait = Wait(self)
        self._watching = False  # the window's activation (eventFilter)
        self.title = title = QLabel()
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.who = who = QLabel()
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton()
        self.unlock_button.clicked.connect(self.try_unlock)
        self.error = FittedLabel(PANEL_WIDTH - 48)  # (the panel's width less its margins)
        self.error.setStyleSheet(ERROR_STYLE)
        # Only this operator's password unlocks; another operator may sign in instead, or
        # anyone close FrontDesk: either ends this work, what was typed saved as a draft.
        self.another_button = QPushButton()
        self.another_button.setFlat(True)
        self.another_button.clicked.connect(self.anotherRequested)
        self.close_button = QPushButton()
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.closeRequested)
        for flat in (self.another_button, self.close_button):
            # A flat button drew no focus at all: Tab to it showed nothing.
            flat.setStyleSheet(FLAT_FOCUS_STYLE)
        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setFixedWidth(PANEL_WIDTH)
        who.setFixedWidth(PANEL_WIDTH - 48)  # a wrapped label needs its width to know its height
        panel.setStyleSheet("#lockPanel { background: white; border: 1px solid #c8c8c8; }")
        column = QVBoxLayout(panel)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        for widget in (title, who, self.password, self.unlock_button, self.error):
            column.addWidget(widget)
        column.addWidget(self.another_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("The screen is locked"))
        self.who.setText(
            self.tr("%1, type your password to go on. Nothing you typed is lost.").replace(
                "%1", self._name
            )
        )
        self.who.setMinimumHeight(self.who.heightForWidth(PANEL_WIDTH - 48))
        # (the field has no label on screen: a screen reader says this name)
        self.password.setAccessibleName(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.another_button.setText(self.tr("Sign in as someone else"))
        self.another_button.setToolTip(
            self.tr(
                "For a colleague: sign in with your own login and password. What is open "
                "here is kept as a draft, and you will not see it."
            )
        )
        self.close_button.setText(self.tr("Close FrontDesk"))
        self.close_button.setToolTip(self.tr("What was typed is kept as a draft."))
        self.error.clear()  # (said in the language before)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def try_unlock(self) -> None:
        if not self.password.text():
            return  # (Enter pressed to wake the screen: no try at all)
        attempt = self._check(self._operator, self.password.text())
        self.password.clear()
        if attempt.ok:
            self.error.clear()
            self.unlocked.emit()
        elif attempt.wait:
            self.show_wait(attempt.wait)
        elif attempt.inactive:
            self.show_deactivated()
        else:
            self.error.setText(self.tr("Wrong password."))

    def show_deactivated(self) -> None:
        """The operator was deactivated: no password of hers unlocks any more."""
        self.error.setText(
            self.tr(
                "Your account was deactivated on this workstation: close FrontDesk "
                "(what was typed is kept as a draft), or let a colleague sign in."
            )
        )

    def show_wait(self, seconds: int) -> None:
        """Too many wrong passwords: the next is taken in ``seconds``."""
        self._wait.start(self.error, seconds, (self.password, self.unlock_button))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.password.setFocus()
        window = self.window()
        if window is not self and not self._watching:
            self._watching = True
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Locked while the window was not active (the worker at another program): when it
        # is active again, what is typed goes to the password, not to "Unlock" (Enter on
        # it was a try with no password, and the screen stayed locked).
        if event.type() == QEvent.Type.WindowActivate and self.isVisible():
            self.password.setFocus()
        return False


class LockTries:
    """Passwords typed at a locked window, its owner's or a colleague's signing in there.

    Each is checked on the GUI thread (a read) and written on the db lane: the GUI thread
    never waits for a write another connection holds (a retention step, a backup's
    compaction). Wrong ones are counted per login, also while not written yet: a
    colleague's wrong passwords are held against her login, never the owner's.
    ``waited(login, seconds)`` is told a wait once the wrong one is written (unless
    ``owner``, the window, is gone by then).
    """

    def __init__(
        self, session: Session, waited: Callable[[str, int], None], owner: QObject
    ) -> None:
        self._session = session
        self._waited = waited
        self._owner = owner
        self._unrecorded: dict[str, int] = {}  # wrong ones not yet written, by login

    def attempt(self, login: str, password: str) -> Attempt:
        session = self._session
        login = login.strip().lower()
        action = "unlocked" if login == session.operator else "signed_in"
        operators = session.reader.operators
        tried = operators.verify(login, password, unrecorded=self._unrecorded.get(login, 0))
        if tried.counts:
            if not tried.ok:
                self._unrecorded[login] = self._unrecorded.get(login, 0) + 1

            def noted(_value: object) -> None:
                if not tried.ok:
                    self._unrecorded[login] = max(0, self._unrecorded[login] - 1)
                wait = operators.wait(login, unrecorded=self._unrecorded[login])
                if wait:
                    self._waited(login, wait)

            session.db.run(
                lambda: session.profile.operators.record(login, tried.ok, action=action),
                noted,
                # (not written: still counted here, for as long as the window is open)
                lambda exc: log.warning("%s not noted (%s)", action, type(exc).__name__),
                owner=self._owner,
            )
        if tried.ok:
            self._unrecorded[login] = 0
        elif tried.counts:
            wait = operators.wait(login, unrecorded=self._unrecorded[login])
            if wait:
                return Attempt(False, wait)
        return tried


class Wait(QObject):
    """Too many wrong passwords: the fields wait, and say for how long, second by second."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._left = 0
        self._label: QLabel | None = None
        self._held: tuple[QWidget, ...] = ()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def waiting(self) -> bool:
        return self._left > 0

    def start(self, label: QLabel, seconds: int, held: tuple[QWidget, ...]) -> None:
        self._label, self._held, self._left = label, held, seconds
        for widget in held:
            widget.setEnabled(False)
        self._show()
        self._timer.start()

    def _tick(self) -> None:
        self._left -= 1
        if self._left > 0:
            self._show()
            return
        self.stop()
        if self._label is not None:
            self._label.setText(self.tr("Try again."))

    def stop(self) -> None:
        if not self._timer.isActive():
            return
        self._left = 0
        self._timer.stop()
        for widget in self._held:
            widget.setEnabled(True)
        if self._held:
            self._held[0].setFocus()
        if self._label is not None:
            self._label.clear()

    def _show(self) -> None:
        if self._label is not None:
            self._label.setText(
                self.tr("Too many wrong passwords. Try again in %1 s.").replace(
                    "%1", str(self._left)
                )
            )


class IdleLock(QObject):
    """Emits ``idle`` once the application has seen no input for ``minutes``.

    Input is watched where the system delivers it, at the app's windows (those open now
    and each that takes the focus later: a dialog, the lock screen), never by a filter on
    the whole application: that one ran Python for every event of every widget, each
    cell of each repaint included, a fifth of the GUI thread's work while the journal
    repainted under a running sync (``bench gui``'s stall figure). A key that is a
    shortcut (F8, Ctrl+S) never reaches the window: Qt asks the focused widget first
    whether it wants it, and then hands it to the shortcut's action; so the focused
    widget is watched too, whichever it is.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = _awake_or_asleep()
        self._seconds = 0.0
        self.paused = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self.set_minutes(minutes)
        self._watching = False
        self._focus: QObject | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            for window in QGuiApplication.topLevelWindows():
                window.installEventFilter(self)
            app.focusWindowChanged.connect(self._watch)
            app.focusObjectChanged.connect(self._follow_focus)
            self._follow_focus(QGuiApplication.focusObject())
            self._watching = True

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # (again changes nothing: one filter a window)

    def _follow_focus(self, focused: QObject | None) -> None:
        if self._focus is not None and shiboken6.isValid(self._focus):
            self._focus.removeEventFilter(self)
        self._focus = focused
        if focused is not None:
            focused.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        """0 turns locking off."""
        self._seconds = max(0.0, minutes) * 60
        self._last = _awake_or_asleep()
        if self._seconds:
            # Check often enough to lock within ~5% of the idle time, at most every 5 s.
            self._timer.start(int(min(5.0, max(0.05, self._seconds / 20)) * 1000))
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last = _awake_or_asleep()
        return False

    def resume(self) -> None:
        self.paused = False
        self._last = _awake_or_asleep()

    def _check(self) -> None:
        if self.paused or not self._seconds:
            return
        if _awake_or_asleep() - self._last >= self._seconds:
            self.paused = True  # until the screen is unlocked
            self.idle.emit()

    def remove(self) -> None:
        self._timer.stop()
        app = QGuiApplication.instance()
        if self._watching and isinstance(app, QGuiApplication):
            self._watching = False  # (removed once: the window's close may come again)
            app.focusWindowChanged.disconnect(self._watch)
            app.focusObjectChanged.disconnect(self._follow_focus)
            self._follow_focus(None)
            for window in QGuiApplication.topLevelWindows():
                window.removeEventFilter(self)
