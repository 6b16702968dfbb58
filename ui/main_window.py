"""The main window: journal and form in tabs, the sync strip, the screen lock.

It wires the parts together and owns no data logic: the journal and the form
host talk to the core through the session, the sync panel listens to the
:class:`~ui.sync_controller.SyncController`, and the idle lock hides the work
area behind the :class:`~ui.login.LockScreen` without losing anything typed
(:mod:`ui.window_lock`); a close waits for the form's last draft
(:mod:`ui.window_closing`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from frontdesk.model import ServicePoint
from frontdesk.worktime import kyiv_today
from ui.auto_backup import AutoBackup
from ui.clipboard import clear_own_clipboard
from ui.clock_warning import ClockWarning
from ui.form_host import FormHost
from ui.handover import ReceiptDesk
from ui.i18n import Translations
from ui.journal import JournalView
from ui.login import IdleLock, LockScreen, LockTries, LoginDialog
from ui.operations import ServiceMenu
from ui.preferences import Preferences
from ui.retention import RetentionRunner
from ui.session import OtherPrograms, Session
from ui.status_message import StatusMessage, StatusText, WrappingStatusBar
from ui.sync_controller import CLOSING_WAIT_S, SyncController
from ui.sync_panel import SyncPanel
from ui.widgets import ElidedLabel, minimum_within_screen, resize_within_screen
from ui.window_closing import CLOSE_WAIT_MS, WindowClosing
from ui.window_lock import Caret, WindowLocking
from ui.wording import point_text

if TYPE_CHECKING:  # opened from the menu (or at need): loads then, not at start-up
    from ui.password import ChangePasswordDialog
    from ui.settings import SettingsDialog

JOURNAL_TAB, FORM_TAB = 0, 1
MESSAGE_MS = 15_000
DAY_CHECK_MS = 5 * 60_000  # how often an open window looks whether a new day began
FIRST_PAINT_WAIT_MS = 1_000  # "ready" anyway if the journal is not painted by then (minimised)
PREFERRED_SIZE = (1280, 760)
MINIMUM_SIZE = (800, 480)  # a netbook (1024×600) less its taskbar and title bar


class _AfterPaint(QObject):
    """Calls ``then`` once, right after the watched widget's next paint."""

    def __init__(self, widget: QWidget, then: Any) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)  # after this paint has been drawn
        return False


class MainWindow(WindowLocking, WindowClosing, QMainWindow):
    ready = Signal()  # the journal's first page is on screen
    # Closed at the lock screen for this operator, who signed in there: the app opens her
    # session and window next (ui.app.Startup).
    handedOver = Signal(str)

    def __init__(
        self,
        session: Session,
        controller: SyncController,
        translations: Translations | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.controller = controller
        self._translations = translations
        self._hidden_dialogs: list[QWidget] = []
        self._carets: dict[QWidget, Caret] = {}  # the hidden dialogs' typing places
        self.settings_dialog: SettingsDialog | None = None
        self._actions: list[QAction] = []
        self._may_close = False
        self.close_box: QMessageBox | None = None  # asking whether to lose an unsaved draft
        self._journal_shown = False

        self.journal = JournalView(session)
        self.form_host = FormHost(session)
        self.receipts = ReceiptDesk(session, self)
        self.sync_panel = SyncPanel(session, controller)
        self.clock_warning = ClockWarning(session, controller)  # (over the work, while shown)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.journal, "")
        self.tabs.addTab(self.form_host, "")
        self.who = QLabel()
        self.where = ElidedLabel()  # a van's route can be long; a netbook's screen is not
        self.tries = LockTries(session, self._wait_noted, owner=self)
        self.lock_screen = LockScreen(session.operator, session.operator_name, self.tries.attempt)
        self.lock_screen.closeRequested.connect(self.close_for_another_operator)
        self.lock_screen.anotherRequested.connect(self.sign_in_another)
        self.sign_in_dialog: LoginDialog | None = None  # a colleague's, over the lock screen
        # Decisions announced while the screen was locked: told once it is unlocked.
        self._told_while_locked: StatusText | None = None
        # Her own password chosen at the lock (the one she typed was set by someone else).
        self.password_dialog: ChangePasswordDialog | None = None
        self._closing_locked = False
        self._next_operator = ""  # who signed in at the lock: hers is the next session
        self._close_round = 0  # a close waiting for the draft that an unlock called off
        self.stack = QStackedWidget()
        self.stack.addWidget(self._work_area())
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.setStatusBar(WrappingStatusBar())
        self.status_message = StatusMessage(self.statusBar(), MESSAGE_MS)
        self._make_actions()
        self.auto_backup = AutoBackup(session, self.show_message, parent=self)
        self.retention = RetentionRunner(session, self.show_message, parent=self)
        self.other_programs = OtherPrograms(session, parent=self)  # (frontdesk import, …)
        # A deactivated operator's window locks; the Service menu (a backup of every
        # application, a restore) looks at once whether she still is active.
        self.other_programs.deactivated.connect(self.lock_out_deactivated)
        self.service_menu = ServiceMenu(session, self, self.auto_backup)
        self.service_menu.aboutToShow.connect(self.other_programs.check)
        self.service_menu.message.connect(self.show_message)
        self.menuBar().addMenu(self.service_menu)

        self.journal.correctRequested.connect(self._correct)
        self.journal.editRequested.connect(self._continue_draft)
        self.journal.receiptRequested.connect(self.receipts.handle)
        self.form_host.receiptRequested.connect(self.receipts.handle)
        self.journal.model.rowsArrived.connect(self._first_page_shown)
        self.form_host.opened.connect(lambda: self.tabs.setCurrentIndex(FORM_TAB))
        self.form_host.applicationSaved.connect(self._application_saved)
        self.form_host.message.connect(self.show_message)
        self.form_host.openRequested.connect(self.journal.open_application)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.receipts.message.connect(self.show_message)
        self.sync_panel.decisionsArrived.connect(self._decisions_arrived)
        self.sync_panel.newsArrived.connect(self.show_message)  # (no alert: nothing to do)
        self.sync_panel.showNotAccepted.connect(self.show_not_accepted)
        self.lock_screen.unlocked.connect(self._owner_back)
        self.idle_lock = IdleLock(session.idle_minutes, self)
        self.idle_lock.idle.connect(self.lock)

        self.retranslate()
        minimum_within_screen(self, *MINIMUM_SIZE)
        resize_within_screen(self, *PREFERRED_SIZE)
        if session.earlier_point is not None:
            earlier_point = session.earlier_point
            self.show_message(lambda: self._new_day_text(earlier_point))
        # A laptop closed at night and opened in the morning keeps the app open: the place
        # of work is looked at again on unlocking and every few minutes.
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self.check_new_day)
        self._day_timer.start(DAY_CHECK_MS)

    def check_new_day(self, today: dt.date | None = None) -> None:
        """Past midnight, today's place of work is the office again (and said so), and the
        journal's period ("today", "the last 7 days", …) counts from the new day."""
        today = today or kyiv_today()
        session = self.session
        if session.point_day == today:
            return
        session.point_day = today
        self.journal.new_day()  # "Сьогодні" is today again
        earlier = session.service_point
        if earlier.kind == "office":
            return
        session.service_point = ServicePoint()
        prefs = Preferences(session.language, session.idle_minutes, ServicePoint())
        session.db.run(lambda: prefs.save(session.profile, today=today))
        self.retranslate()
        self.show_message(lambda: self._new_day_text(earlier))

    def _new_day_text(self, earlier: ServicePoint) -> str:
        where = point_text(earlier, self.session.reader.places)
        return self.tr(
            "A new day: today's place of work is the office (it was %1). If you are out "
            "again today, set it in Settings."
        ).replace("%1", where)

    def _work_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.clock_warning)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.sync_panel)
        return area

    def _make_actions(self) -> None:
        toolbar = self.toolbar = QToolBar()
        toolbar.setObjectName("main")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.new_action = self._action(toolbar, QKeySequence.StandardKey.New, self.new_application)
        self.journal_action = self._action(toolbar, "Ctrl+J", self.show_journal)
        # The journal's search from anywhere (its placeholder says Ctrl+F), the form too.
        self.find_action = self._action(None, QKeySequence.StandardKey.Find, self.show_journal)
        # F5 only: the sync strip at the bottom has the button.
        self.sync_action = self._action(None, "F5", self.sync_panel.sync_now)
        self.settings_action = self._action(toolbar, "Ctrl+,", self.open_settings)
        self.lock_action = self._action(toolbar, "Ctrl+L", self.lock)
        # Where and who, on the toolbar's free right side: a row less above the work on a
        # small screen. The place gives way ("…") before anything else does.
        today = QWidget()
        row = QHBoxLayout(today)
        row.setContentsMargins(24, 0, 8, 0)
        self.where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.where, 1)
        row.addSpacing(16)
        row.addWidget(self.who)
        today.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(today)

    def _tab_changed(self, index: int) -> None:
        # In the form, the form's own Ctrl+N (which keeps what was typed) takes over;
        # two actions on one key would make Qt ignore both.
        in_form = index == FORM_TAB and self.form_host.available
        self.new_action.setShortcut(QKeySequence() if in_form else QKeySequence.StandardKey.New)

    def _action(self, toolbar: QToolBar | None, keys: Any, slot: Any) -> QAction:
        action = QAction(self)
        self._actions.append(action)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        if toolbar is not None:
            toolbar.addAction(action)
        else:
            self.addAction(action)  # its shortcut works anywhere in the window
        return action

    def retranslate(self) -> None:
        session = self.session
        self.setWindowTitle(
            self.tr("FrontDesk — workstation %1").replace("%1", session.reader.workstation)
        )
        self.tabs.setTabText(JOURNAL_TAB, self.tr("Journal"))
        self.tabs.setTabText(FORM_TAB, self.tr("Application"))
        for action, name in (
            (self.new_action, self.tr("New application")),
            (self.journal_action, self.tr("Journal")),
            (self.sync_action, self.tr("Sync now")),
            (self.settings_action, self.tr("Settings")),
            (self.lock_action, self.tr("Lock")),
        ):
            action.setText(name)
            keys = (
                action.shortcut().toString()
                or QKeySequence(QKeySequence.StandardKey.New).toString()
            )
            action.setToolTip(f"{name} ({keys})")
        self.who.setText(self.tr("Operator: %1").replace("%1", session.operator_name))
        where = point_text(session.service_point, session.reader.places)
        self.where.setText(self.tr("Today: %1").replace("%1", where))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.status_message.say_again()
        super().changeEvent(event)

    # --- actions ----------------------------------------------------------------------

    def new_application(self) -> None:
        self.form_host.new_application()

    def show_journal(self) -> None:
        self.tabs.setCurrentIndex(JOURNAL_TAB)
        self.journal.focus_search()

    def show_message(self, text: StatusText) -> None:
        self.status_message.show(text)  # (said again if the language is switched meanwhile)

    def open_settings(self) -> SettingsDialog:
        from ui.settings import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        dialog.saved.connect(self.apply_preferences)
        dialog.enrolled.connect(self.controller.wake)
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def apply_preferences(self, prefs: Preferences) -> None:
        session = self.session
        language_changed = prefs.language != session.language
        session.language = prefs.language
        session.idle_minutes = prefs.idle_minutes
        session.service_point = prefs.service_point
        if session.point_day != kyiv_today():  # (set in the morning, before the check)
            session.point_day = kyiv_today()
            self.journal.new_day()
        self.idle_lock.set_minutes(prefs.idle_minutes)
        if language_changed and self._translations is not None:
            self._translations.switch(prefs.language)  # every widget gets LanguageChange
        self.retranslate()

    def _correct(self, application_id: str) -> None:
        self.form_host.correct(application_id)

    def _continue_draft(self, app: Any) -> None:
        self.form_host.open_draft(app)

    def _application_saved(self, _app: Any) -> None:
        # The form's notice offers the receipt (print or PDF), its focus on "Print".
        self.controller.wake()  # send it now if the registry is reachable

    def _decisions_arrived(self, text: StatusText) -> None:
        if self.locked:  # (the status bar is hidden: said once she is back)
            self._told_while_locked = text
            return
        self.show_message(text)
        QApplication.alert(self)

    def show_not_accepted(self) -> None:
        self.show_journal()
        self.journal.show_not_accepted()

    def _first_page_shown(self) -> None:
        self.journal.model.rowsArrived.disconnect(self._first_page_shown)
        # "ready" once those rows are painted, so that what waits for it (the sync
        # thread's imports, the form) cannot hold up the first paint.
        _AfterPaint(self.journal.table.viewport(), self._journal_on_screen)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._journal_on_screen)

    def _journal_on_screen(self) -> None:
        if self._journal_shown:
            return
        self._journal_shown = True
        self.ready.emit()
        # The rest of start-up waits until the journal is on screen: the form, and the
        # draft that was open when the app last stopped.
        QTimer.singleShot(0, self, self._restore_form)

    def _restore_form(self) -> None:
        self.form_host.restore()
        if self.tabs.currentIndex() == JOURNAL_TAB:  # (building the form took the focus)
            self.journal.focus_search()

    # --- closing (what waits for the draft: ui.window_closing) ----------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked and not self._closing_locked:
            event.ignore()  # only the operator who locked it, or "close" on the lock screen
            return
        self.form_host.finish_editing()
        if self.form_host.has_unsaved_changes() and not self._may_close:
            event.ignore()  # write the last keystrokes first, then close
            self._wait_for_draft(CLOSE_WAIT_MS // 100, self._close_round)
            return
        if self._closing_locked:
            self._note("closed_at_lock")  # (only now: the draft is written, the work ends)
        clear_own_clipboard()  # (also at a hand-over: copied at the lock screen's sign-in)
        self.idle_lock.remove()
        self.auto_backup.stop()
        self.retention.stop()
        self.controller.stop(CLOSING_WAIT_S)  # (never waiting on the network)
        super().closeEvent(event)
        if self._next_operator:
            self.handedOver.emit(self._next_operator)
