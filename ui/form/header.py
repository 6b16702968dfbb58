"""The strip above the form: which application, autosave state, problem count, actions.

After a final save it says so plainly and offers the receipt (print or PDF).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.model import Application, Status
from frontdesk.worktime import kyiv_now
from ui.form.elsewhere import ElsewhereNote
from ui.form.fields import ERROR_COLOUR, WARNING_COLOUR
from ui.form.header_notice import OK_COLOUR, HeaderNotices
from ui.form.heading import Heading
from ui.wording import plural, status_name

if TYPE_CHECKING:
    from ui.session import Session

log = logging.getLogger(__name__)
CORRECTION_LINES = 4  # then the reason scrolls: the fields keep the room on a small screen
SHORT_CORRECTION_LINES = 2  # in a short window (a laptop at 150 %, a netbook)
NOTICE_LINES = 6  # the notice (a refusal's problems, one a line), then it scrolls
SHORT_NOTICE_LINES = 2  # (as the correction reason: the fields keep their rows)
SHORT_WINDOW_PX = 640  # logical pixels: 1366×768 at 150 % less its taskbar is about 480


class FormHeader(HeaderNotices, QWidget):
    receiptRequested = Signal(object, str)  # the saved Application, "print" or "pdf"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._app = Application()
        self._saved_app: Application | None = None
        # The notice on screen, to say again in a language switched to (see notice).
        self._said_again: tuple[Callable[[], str], bool, bool] | None = None
        self._counts = (0, 0)
        self._reachable: bool | None = None  # some problem has a field F8 goes to
        self._to_fill = False  # a new application nothing was typed into yet
        # One line (a laptop at 150 % keeps its rows of fields): what does not fit is in
        # its tooltip.
        self.heading = Heading(self)
        self.heading.setObjectName("formHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.autosave = QLabel(self)
        self.autosave.setObjectName("autosaveState")
        # A long failure ("The draft is NOT saved: …") takes two lines rather than hold the
        # window wider than a netbook's screen.
        self.autosave.setWordWrap(True)
        self.counts = QLabel(self)
        self.counts.setObjectName("problemCounts")
        self.next_problem_button = QPushButton(self)
        self.new_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(False)
        self.save_button.setStyleSheet("font-weight: bold; padding: 4px 16px;")
        for button in (self.next_problem_button, self.new_button, self.save_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # A saved application is shown read-only: a stray key must not take it out of the
        # queue (an edit is a draft until saved again). Changing it is a decision; the
        # button stays in the top row for as long as the form is read-only.
        self.edit_button = QPushButton(self)
        self.edit_button.hide()
        # A draft begun for a resident who did not apply after all (or a correction not
        # wanted): thrown away on purpose, after a question; out of the way of Save.
        self.discard_button = QPushButton(self)
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # As tall as the line it sits on (a netbook's form keeps its rows), and quiet.
        self.discard_button.setFlat(True)
        self.discard_button.setStyleSheet(
            "QPushButton { border: 1px solid transparent; padding: 0 6px; color: #6b3a3a;"
            " text-decoration: underline; }"
            " QPushButton:focus, QPushButton:hover { border: 1px dotted #6b3a3a; }"
        )
        self.discard_button.hide()
        self._read_only = False
        self._idle = False  # the autosave line says its resting text (retranslated)
        self._saved_moment = ""  # it says when the draft was saved, at that moment
        self.refused_shown = False  # the notice says why the registry refused it
        self._receipt_shown = False  # the notice is the saved one, with the receipt
        self._draft_failed = False  # the last autosave failed (none succeeded since)
        self._errors_said: Callable[[], str] | None = None  # "Not saved as ready: …"
        self._errors_left = (0, 0)  # the errors that notice says are left (at fields, not)
        top = QHBoxLayout()
        top.setSpacing(6)  # (not the 2 px between the header's rows)
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.counts)
        top.addWidget(self.next_problem_button)
        top.addWidget(self.new_button)
        top.addWidget(self.save_button)

        self.notice_frame = QFrame(self)
        self.notice_frame.setObjectName("notice")
        self.notice_label = QLabel(self.notice_frame)
        self.notice_label.setObjectName("noticeText")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.RichText)
        self.print_button = QPushButton(self.notice_frame)
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self.notice_frame)
        self.pdf_button.clicked.connect(self.save_receipt)
        # The notice scrolls past a few lines (a registry's refusal lists every problem it
        # found: ten of them left a short window's fields no room, or were cut off).
        self.notice_area = QScrollArea(self.notice_frame)
        self.notice_area.setWidget(self.notice_label)
        self.notice_area.setWidgetResizable(True)
        self.notice_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notice_area.setStyleSheet("QScrollArea { background: transparent; }")
        self.notice_area.viewport().setAutoFillBackground(False)
        self.notice_label.setAutoFillBackground(False)
        notice = QHBoxLayout(self.notice_frame)
        notice.addWidget(self.notice_area, 1)
        notice.addWidget(self.print_button)
        notice.addWidget(self.pdf_button)
        self.notice_frame.hide()
        # What the back office asked to correct (a returned application's new revision).
        self._correction = ("", "")
        self.correction_label = QLabel()
        self.correction_label.setObjectName("correctionReason")
        self.correction_label.setTextFormat(Qt.TextFormat.PlainText)
        self.correction_label.setWordWrap(True)
        self.correction_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.correction_label.setStyleSheet(f"color: {WARNING_COLOUR}; padding: 4px;")
        self.correction_area = QScrollArea(self)
        self.correction_area.setWidget(self.correction_label)
        self.correction_area.setWidgetResizable(True)
        self.correction_area.setFrameShape(QFrame.Shape.NoFrame)
        self.correction_area.setStyleSheet(
            f"QScrollArea {{ border: 1px solid {WARNING_COLOUR}; border-radius: 4px; }}"
        )
        self.correction_area.hide()
        # What is wrong outside the form's fields, said in words with where to fix it.
        self.elsewhere = ElsewhereNote(session, self)
        for button in (
            self.next_problem_button,
            self.new_button,
            self.save_button,
            self.edit_button,
            self.discard_button,
            self.print_button,
            self.pdf_button,
        ):
            button.setAutoDefault(True)  # Enter presses the focused button, as Space does

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)  # (its rows are lines of text: a netbook keeps its fields)
        layout.addLayout(top)
        state = QHBoxLayout()
        state.setSpacing(6)
        state.addWidget(self.autosave, 1)
        state.addWidget(self.discard_button)
        layout.addLayout(state)
        layout.addWidget(self.correction_area)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.notice_frame)
        self.retranslate()

    def retranslate(self) -> None:
        self.next_problem_button.setText(self.tr("Next problem (F8)"))
        self.new_button.setText(self.tr("New (Ctrl+N)"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.print_button.setText(self.tr("&Print the receipt"))
        self.pdf_button.setText(self.tr("Receipt as P&DF…"))
        self.edit_button.setText(self.tr("&Change it"))
        self.edit_button.setToolTip(
            self.tr("Until it is saved again, the changed application is a draft and is not sent")
        )
        if self._saved_app is not None and not self.notice_frame.isHidden():
            self.show_saved(self._saved_app)  # the receipt stays on offer in the new language
        else:
            # Only the heading: a notice on screen (why the registry refused it, say) stays
            # until the worker acts; the form says it again in the new language.
            self._show_heading()
            self._show_discard()
            self._show_correction()
            again = self._said_again
            if again is not None and not self.notice_frame.isHidden():
                say, error, warning = again
                self.notice(say, error=error, warning=warning)
            if self._idle:
                self._rest()
            elif self._saved_moment:  # ("Draft saved at 09:07:55" stayed in the old one)
                moment = self._saved_moment
                self._state(self.tr("Draft saved at %1").replace("%1", moment), "#555555")
                self._saved_moment = moment
        self.show_counts(*self._counts, to_fill=self._to_fill, reachable=self._reachable)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- state -------------------------------------------------------------------------

    def show_application(self, app: Application, *, saved: bool = False) -> None:
        self._app = app
        self._show_discard()
        self._show_correction()  # (gone with another application; retranslated)
        self._show_heading()
        if saved and app.status is Status.DRAFT:
            moment = kyiv_now().strftime("%H:%M:%S")
            self._state(self.tr("Draft saved at %1").replace("%1", moment), "#555555")
            self._saved_moment = moment  # (said again in another language)
            self._draft_saved(True)
        elif not saved:
            self._draft_failed = False
            self._rest()
            self._saved_app = None
            self.refused_shown = False
            self.notice_frame.hide()

    def _show_heading(self) -> None:
        app = self._app
        if not app.number:
            self.heading.set_heading(self.tr("New application"))
            return
        text = self.tr("Application № %1").replace("%1", app.number)
        text += f" · {status_name(app.status)}"
        if app.revision > 1:
            text += " · " + self.tr("revision %1").replace("%1", str(app.revision))
        self.heading.set_heading(text, self._prefix())

    def _prefix(self) -> str:
        """What comes before the number in the heading ("Application № ")."""
        return self.tr("Application № %1").split("%1")[0]

    def show_sent(self, app: Application) -> None:
        """The saved application on screen was sent meanwhile (or decided since): its
        status in the heading, the notice of its saving as it is now, and nothing offered
        to change it (what is on screen stays)."""
        self._app = app
        if self._saved_app is not None and self._saved_app.id == app.id:
            self._saved_app = app  # (a language switch says the notice again: as it is now)
            if self._receipt_shown and not self.notice_frame.isHidden():
                self._say_saved(app)
        self._show_heading()
        self.set_read_only(True, changeable=False)

    def show_decided(self, app: Application) -> None:
        """The revision being edited is gone (the back office decided the one it had
        returned): the application as it is now, read-only, and no more the correction's
        reason, receipt or autosave state (the form's notice says what happened)."""
        self._saved_app = None
        self._correction = ("", "")
        self._show_correction()
        self._state("", "#555555")
        self.show_sent(app)

    def show_correction(self, reason: str) -> None:
        """The application on screen is the new revision of one the back office returned:
        what it asked to correct stays in sight, in its own place, while the worker
        corrects it (other messages, an error count say, come and go below it). A long
        reason scrolls within a few lines, and leaves room for the fields."""
        self._correction = (self._app.id, reason)
        self._show_correction()

    def _show_correction(self) -> None:
        app_id, reason = self._correction
        if not reason or app_id != self._app.id:
            self.correction_area.hide()
            return
        self.correction_label.setText(
            self.tr(
                "Returned for correction: %1\nCorrect it and save as ready (Ctrl+S): the new "
                "revision is sent."
            ).replace("%1", reason)
        )
        self.correction_area.show()
        self._fit_correction()

    def _fit_correction(self) -> None:
        """As tall as the reason, up to CORRECTION_LINES lines; past that it scrolls."""
        if self.correction_area.isHidden():
            return
        width = max(self.width() - 24, 200)
        needed = self.correction_label.heightForWidth(width) + 4
        short = self.window().height() < SHORT_WINDOW_PX
        lines = SHORT_CORRECTION_LINES if short else CORRECTION_LINES
        most = self.correction_label.fontMetrics().lineSpacing() * lines + 12
        self.correction_area.setFixedHeight(min(needed, most))

    def _fit_notice(self) -> None:
        """As tall as the notice, up to NOTICE_LINES lines (fewer in a short window); past
        that it scrolls."""
        if self.notice_frame.isHidden():
            return
        buttons = sum(
            b.sizeHint().width() + 6
            for b in (self.print_button, self.pdf_button)
            if not b.isHidden()
        )
        width = max(self.width() - 32 - buttons, 200)
        needed = self.notice_label.heightForWidth(width) + 4
        short = self.window().height() < SHORT_WINDOW_PX
        lines = SHORT_NOTICE_LINES if short else NOTICE_LINES
        most = self.notice_label.fontMetrics().lineSpacing() * lines + 8
        self.notice_area.setFixedHeight(min(needed, most))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_correction()
        self._fit_notice()

    def fit_to_window(self) -> None:
        """The window was resized (its height too: the reason takes fewer lines in a short
        one)."""
        self._fit_correction()
        self._fit_notice()

    def set_read_only(self, read_only: bool, *, changeable: bool = True) -> None:
        """A saved application on screen: "Change it" instead of what edits it (saving,
        going to the next problem), which would only be greyed out; not even that once it
        is sent (``changeable`` False)."""
        self._read_only = read_only
        self.changeable = changeable
        self.edit_button.setVisible(read_only and changeable)
        self._show_discard()
        for widget in (self.counts, self.next_problem_button, self.save_button):
            widget.setVisible(not read_only)

    def _show_discard(self) -> None:
        """Offered for a stored draft: "Delete the draft", or for a correction's draft
        "Cancel the correction" (the application stays as it was returned)."""
        app = self._app
        if app.revision > 1:
            self.discard_button.setText(self.tr("Cancel the correction"))
        else:
            self.discard_button.setText(self.tr("Delete the draft"))
        self.discard_button.setVisible(
            bool(app.id) and app.status is Status.DRAFT and not self._read_only
        )

    def edited(self) -> None:
        if self._saved_app is not None and not self.notice_frame.isHidden():
            self.notice_frame.hide()

    def saving(self) -> None:
        self._state(self.tr("Saving the draft…"), "#555555")

    def failed(self, message: str) -> None:
        self._state(
            self.tr("The draft is NOT saved: %1. What you typed stays in the form.").replace(
                "%1", message
            ),
            ERROR_COLOUR,
        )
        self._draft_saved(False)

    def _state(self, text: str, colour: str) -> None:
        self._idle = False
        self._saved_moment = ""
        self.autosave.setStyleSheet(f"color: {colour};")
        self.autosave.setText(text)

    def _rest(self) -> None:
        """The autosave line's resting text (said again in the language switched to)."""
        self._state(self.tr("Drafts are saved automatically as you type."), "#555555")
        self._idle = True

    def show_counts(
        self, errors: int, warnings: int, *, to_fill: bool = False, reachable: bool | None = None
    ) -> None:
        """``reachable``: whether some problem is at a field F8 goes to (by default, any)."""
        self._counts = (errors, warnings)
        self._reachable = reachable
        self._to_fill = to_fill
        self.next_problem_button.setEnabled(
            bool(errors or warnings) if reachable is None else reachable
        )
        if to_fill:
            self.counts.setText(
                "<span style='color:#555555'>"
                + self.tr("Fields to fill in: %1").replace("%1", str(errors))
                + "</span>"
            )
            return
        parts = []
        if errors:
            parts.append(
                f"<span style='color:{ERROR_COLOUR}'>"
                + self.tr("Errors: %1").replace("%1", str(errors))
                + "</span>"
            )
        if warnings:
            parts.append(
                f"<span style='color:{WARNING_COLOUR}'>"
                + self.tr("Warnings: %1").replace("%1", str(warnings))
                + "</span>"
            )
        if not parts:
            parts.append(f"<span style='color:{OK_COLOUR}'>" + self.tr("No problems") + "</span>")
        self.counts.setText(" · ".join(parts))

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        if busy:
            self._state(self.tr("Checking and saving…"), "#555555")
        else:
            self._rest()

    def errors_now(self, count: int, elsewhere: int = 0) -> None:
        """The errors left (as :meth:`notice_errors` counts them) after a check: "Not saved
        as ready: 9 errors" on screen says how many are left (it kept saying 9 beside the
        header's "Errors: 4")."""
        said, again = self._errors_said, self._said_again
        if (
            said is not None
            and again is not None
            and again[0] is said
            and (count, elsewhere) != self._errors_left
            and not self.notice_frame.isHidden()
        ):
            self._errors_left = (count, elsewhere)
            self.notice(said, error=True)

    def notice_errors(self, count: int, elsewhere: int = 0) -> None:
        """Not saved as ready: ``count`` errors at the form's fields, ``elsewhere`` with no
        field (said in words above the notice: :class:`~ui.form.elsewhere.ElsewhereNote`)."""

        self._errors_left = (count, elsewhere)

        def say() -> str:
            count, elsewhere = self._errors_left  # (as many as are left, as they are fixed)
            if not count and not elsewhere:
                said = self.tr("Not saved as ready yet: no errors left — save it (Ctrl+S).")
            elif not count:
                said = self.tr("Not saved as ready: fix what is said above.")
            else:
                said = plural(
                    self.tr(
                        "Not saved as ready: %n error(s) — fix the fields marked red (F8 goes "
                        "to the next one).",
                        "",
                        count,
                    ),
                    count,
                )
                if elsewhere:
                    said += " " + self.tr("Fix also what is said above.")
            # (by the autosave's result: said again when it comes: _draft_saved)
            if self._draft_failed:
                return said + " " + self.tr("The draft is NOT saved either: see why above.")
            return said + " " + self.tr("What you typed is kept as a draft.")

        self._errors_said = say
        self.notice(say, error=True)
