"""What the strip above the form says under it: saved (with the receipt), refused by
the registry, not saved as ready, files still being stored (part of the header).

Kept apart from :mod:`ui.form.header` so each file has one job; the methods run on
the :class:`~ui.form.header.FormHeader` they are mixed into, and their texts keep its
translation context ("FormHeader"). A notice given as a function that says it is said
again in a language switched to while it is on screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from frontdesk.model import Application, Status
from ui.form.fields import ERROR_COLOUR, WARNING_COLOUR
from ui.wording import not_accepted_name, status_name

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QFrame, QLabel, QPushButton

    from ui.form.heading import Heading

OK_COLOUR = "#1b5e20"


class HeaderNotices:
    """The notice under the header's rows, and the receipt it offers once saved."""

    if TYPE_CHECKING:  # what these methods use of the FormHeader they are mixed into
        _app: Application
        _saved_app: Application | None
        _said_again: tuple[Callable[[], str], bool, bool] | None
        _errors_said: Callable[[], str] | None
        _draft_failed: bool
        _receipt_shown: bool
        _correction: tuple[str, str]
        refused_shown: bool
        heading: Heading
        notice_frame: QFrame
        notice_label: QLabel
        print_button: QPushButton
        pdf_button: QPushButton

        @property
        def receiptRequested(self) -> SignalInstance: ...

        def show_application(self, app: Application, *, saved: bool = False) -> None: ...

        def _show_heading(self) -> None: ...

        def _prefix(self) -> str: ...

        def _state(self, text: str, colour: str) -> None: ...

        def _fit_notice(self) -> None: ...

    def show_refused(self, why: list[str]) -> None:
        """The application on screen is a revision the registry refused: say so, and why."""
        self.refused_shown = True  # (said again in another language: ApplicationForm)
        if self._app.number:
            text = QCoreApplication.translate("FormHeader", "Application № %1").replace(
                "%1", self._app.number
            )
            self.heading.set_heading(f"{text} · {not_accepted_name()}", self._prefix())
        self.notice(
            QCoreApplication.translate(
                "FormHeader",
                "The registry did not accept this application:\n%1\nCorrect it and save "
                "(Ctrl+S): it is sent again.",
            ).replace("%1", "\n".join(why)),
            error=True,
        )

    def _draft_saved(self, saved: bool) -> None:
        """The autosave's result: "Not saved as ready" on screen says it again, truly."""
        self._draft_failed = not saved
        said = self._errors_said
        again = self._said_again
        on_screen = not self.notice_frame.isHidden()
        if said is not None and again is not None and again[0] is said and on_screen:
            self.notice(said, error=True)

    def notice(self, text: str | Callable[[], str], *, error: bool, warning: bool = False) -> None:
        """Plain ``text`` (lines kept; a registry's or back office's words shown as they are,
        never read as markup) in red, amber or green. Given as a function that says it, it
        is said again in a language switched to while it is on screen."""
        colour = ERROR_COLOUR if error else WARNING_COLOUR if warning else OK_COLOUR
        said = text() if callable(text) else text
        self._notice(html.escape(said).replace("\n", "<br>"), colour, receipt=False)
        if callable(text):
            self._said_again = (text, error, warning)

    def notice_files_busy(self) -> None:
        self.notice(
            lambda: QCoreApplication.translate(
                "FormHeader", "Wait a moment: files are still being stored."
            ),
            error=True,
        )

    def show_saved(self, app: Application) -> None:
        self._saved_app = app
        self.refused_shown = False
        self._correction = ("", "")  # corrected and saved: nothing is left to do here
        self.show_application(app, saved=True)
        self._state(QCoreApplication.translate("FormHeader", "Saved."), OK_COLOUR)
        self._say_saved(app)
        self.print_button.setFocus()

    def show_renumbered(self, app: Application) -> None:
        """The registry gave the saved application on screen a new number (this one was
        another's there): the heading and the notice say the new one, as the receipt
        handed over now does (ui.handover reads it as stored)."""
        self._app = app
        self._show_heading()
        if self._saved_app is not None:
            self._saved_app = app
            if not self.notice_frame.isHidden():  # (on screen, or on a tab behind)
                self._say_saved(app)

    def _say_saved(self, app: Application) -> None:
        if app.status is Status.READY:
            said = QCoreApplication.translate(
                "FormHeader",
                "<b>Application № %1 is saved</b> and will be sent to the back office "
                "automatically. Give the resident the receipt.",
            )
        else:  # (sent meanwhile, or decided since: as it is now)
            said = QCoreApplication.translate(
                "FormHeader",
                "<b>Application № %1 is saved and has reached the registry: %2.</b> Give the "
                "resident the receipt if you have not yet.",
            )
            status = status_name(app.status)
            if app.status_reason:
                status += f" ({app.status_reason})"
            said = said.replace("%1", app.number).replace("%2", html.escape(status))
        self._notice(said.replace("%1", app.number), OK_COLOUR, receipt=True)

    def _notice(self, markup: str, colour: str, *, receipt: bool) -> None:
        self._said_again = None
        self._receipt_shown = receipt
        self.notice_frame.setStyleSheet(
            f"#notice {{ border: 1px solid {colour}; border-radius: 4px; }}"
            f"#noticeText {{ color: {colour}; }}"
        )
        self.notice_label.setText(markup)
        self.print_button.setVisible(receipt)
        self.pdf_button.setVisible(receipt)
        self.notice_frame.show()
        self._fit_notice()

    # --- the receipt ---------------------------------------------------------------------

    def print_receipt(self) -> None:
        if self._saved_app is not None:
            self.receiptRequested.emit(self._saved_app, "print")

    def save_receipt(self) -> None:
        """The shell asks where, and renders it off the GUI thread (ui.handover)."""
        if self._saved_app is not None:
            self.receiptRequested.emit(self._saved_app, "pdf")
