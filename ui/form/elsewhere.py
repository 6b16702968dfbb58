"""Problems the form has no field for, said in words above the form with where to fix them.

The validator checks the whole application, today's place of work too (set in
Settings, not on the form): a settlement the codifier loaded now lacks (chosen
from an older edition) blocks saving as ready. No field turns red for it and F8
cannot go there, so the header says what is wrong and where it is put right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.validation import Problem
from ui.form.fields import ERROR_COLOUR, WARNING_COLOUR, Shown, is_error
from ui.wording import field_name

if TYPE_CHECKING:
    from ui.session import Session


class ElsewhereNote(QLabel):
    """One line a problem, in the language on screen; hidden while there is none."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._problems: list[Shown] = []
        self._point_today = True  # the application takes today's place of work (Settings)
        self.setObjectName("problemsElsewhere")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    @property
    def problems(self) -> list[Shown]:
        return list(self._problems)

    def show_problems(self, problems: Sequence[Shown], *, point_today: bool = True) -> None:
        """``point_today`` False: the application keeps the place where it was taken (saved
        as ready there), which Settings does not change."""
        self._problems = list(problems)
        self._point_today = point_today
        self._say()

    def _say(self) -> None:
        errors = any(is_error(p) for p in self._problems)
        self.setStyleSheet(f"color: {ERROR_COLOUR if errors else WARNING_COLOUR}; padding: 2px;")
        self.setText("\n".join(self.text_of(p) for p in self._problems))
        self.setVisible(bool(self._problems))

    def text_of(self, problem: Shown) -> str:
        said = problem.message(self._session.language)
        if problem.field.startswith("service_point") and self._point_today:
            if isinstance(problem, Problem) and problem.code == "katottg.unknown":
                return self.tr(
                    "The settlement of today's place of work is not in the codifier loaded on "
                    "this computer: choose it again in Settings (Ctrl+,), under “Where I work "
                    "today”. Until then nothing can be saved as ready."
                )
            return self.tr(
                "Today's place of work: %1. Correct it in Settings (Ctrl+,), under “Where I "
                "work today”."
            ).replace("%1", said)
        return f"{field_name(problem.field)}: {said}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._say()
        super().changeEvent(event)
