"""Closing the main window without losing what was typed (part of the main window).

Kept apart from :mod:`ui.main_window` so each file has one job; the methods run on
the :class:`~ui.main_window.MainWindow` they are mixed into, and their texts keep its
translation context ("MainWindow"). A close waits for the form's last draft to be
written; one that cannot be written keeps the window (and, asked at the lock screen,
its owner's work) unless the worker at the keyboard chooses to lose it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

    from ui.form_host import FormHost
    from ui.login import LockScreen

CLOSE_WAIT_MS = 5_000  # at most this long for the form's last draft to be written


class WindowClosing:
    """The close put off until the draft is written; asked before losing it."""

    if TYPE_CHECKING:  # what these methods use of the MainWindow they are mixed into
        tabs: QTabWidget
        form_host: FormHost
        lock_screen: LockScreen
        close_box: QMessageBox | None
        _hidden_dialogs: list[QWidget]
        _may_close: bool
        _closing_locked: bool
        _next_operator: str
        _close_round: int

        @property
        def locked(self) -> bool: ...

        def close(self) -> bool: ...

        def _note(self, action: str, who: str = "") -> None: ...

    def close_for_another_operator(self) -> None:
        """From the lock screen: another operator needs the laptop. The work ends as a
        close does (what was typed saved as a draft first), and nothing is shown; then
        the app opens the session of the one who signed in there, if one did."""
        if self._closing_locked:
            return
        self._closing_locked = True
        self.close()  # (put off until the draft is written: _wait_for_draft closes then)

    def _wait_for_draft(self, tries_left: int, round_: int) -> None:
        if round_ != self._close_round:
            return  # called off: the operator who locked it unlocked it meanwhile
        # (each round: scans still being stored change the draft when they are in)
        self.form_host.save_draft_now()
        if self.form_host.storing_files():
            # Work going on, not a failure (60 phone photos take a while on a slow laptop):
            # the close waits for them, then gives the draft its time. The form says how
            # many files are left; at the lock screen (its Close), the lock screen says it.
            if self.locked:
                self.lock_screen.error.setText(
                    QCoreApplication.translate(
                        "MainWindow",
                        "Scans are still being stored; FrontDesk closes once they are in.",
                    )
                )
            else:
                self.tabs.setCurrentWidget(self.form_host)
            QTimer.singleShot(
                100,
                cast("QWidget", self),
                lambda: self._wait_for_draft(CLOSE_WAIT_MS // 100, round_),
            )
            return
        if self.form_host.has_unsaved_changes() and tries_left > 0:
            QTimer.singleShot(
                100, cast("QWidget", self), lambda: self._wait_for_draft(tries_left - 1, round_)
            )
            return
        if self.form_host.has_unsaved_changes() and self.locked:
            # Whoever is at the lock screen may not be who typed it: nothing is lost on
            # their word. The window stays, locked; its owner sees why when back. A
            # colleague who signed in here is not working on the laptop: the log says so.
            self._closing_locked = False
            if self._next_operator:
                self._note("hand_over_failed", self._next_operator)
            self._next_operator = ""
            self.lock_screen.error.setText(
                QCoreApplication.translate(
                    "MainWindow", "The draft could not be saved, so FrontDesk stays open."
                )
            )
            return
        if self.form_host.has_unsaved_changes() and not self._close_losing_the_draft():
            self.tabs.setCurrentWidget(self.form_host)  # the message over the form says why
            return
        self._may_close = True
        if not self.close():
            self._may_close = False  # (a next close waits for the draft again)

    def _close_losing_the_draft(self) -> bool:
        """The last changes could not be saved (a full disk, say): closing would lose them.
        The worker decides; keeping the window open is the default."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "FrontDesk",
            QCoreApplication.translate(
                "MainWindow",
                "The latest changes in the form are NOT saved (the message above the form "
                "says why). If you close now, they are lost.",
            ),
            parent=cast("QWidget", self),
        )
        keep = box.addButton(
            QCoreApplication.translate("MainWindow", "Do not close"),
            QMessageBox.ButtonRole.RejectRole,
        )
        lose = box.addButton(
            QCoreApplication.translate("MainWindow", "Close and lose them"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        box.setDefaultButton(keep)
        self.close_box = box
        box.exec()
        self.close_box = None
        if box in self._hidden_dialogs:  # hidden by the lock: its question is over
            self._hidden_dialogs.remove(box)
        # Only that button is a yes: Esc, the box's own X, or the screen locking over it
        # (which hides it with no button clicked) keep the window and the changes.
        return box.clickedButton() is lose
