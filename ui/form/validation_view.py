"""Shows validation problems next to the fields they belong to.

The core's :class:`~frontdesk.validation.Validator` names every problem's
field by path (``applicant.rnokpp``, ``household[1].birth_date``). Widgets
register the path they show; a problem goes to the registered path that is
its longest prefix. Until the worker asks to save, a field shows problems
only once it has been touched, so a fresh form is not a wall of red.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QWidget

from frontdesk.validation import Severity
from ui.form.fields import Shown, is_error

_LAST_PART = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


@dataclass(frozen=True)
class FormProblem:
    """A problem only the form can see (text that is not a date, an unchosen settlement)."""

    field: str
    text: str
    severity: Severity = Severity.ERROR

    def message(self, lang: str = "uk") -> str:
        return self.text


class Target(Protocol):
    def show_problems(self, problems: Sequence[Shown], lang: str) -> None: ...

    def focus_target(self) -> QWidget: ...


def parent_path(path: str) -> str:
    """ "household[1].birth_date" → "household[1]" → "household" → ""."""
    return _LAST_PART.sub("", path) if _LAST_PART.search(path) else ""


class ValidationView:
    def __init__(self) -> None:
        self._targets: dict[str, Target] = {}
        self._touched: set[str] = set()
        self.show_all = False
        self.visible: list[Shown] = []

    def register(self, path: str, target: Target) -> None:
        self._targets[path] = target

    def touch(self, path: str) -> None:
        self._touched.add(path)

    def reset(self) -> None:
        self._touched.clear()
        self.show_all = False
        self.visible = []

    def target_path(self, path: str) -> str | None:
        while path:
            if path in self._targets:
                return path
            path = parent_path(path)
        return None

    def is_touched(self, key: str) -> bool:
        return any(
            t == key or t.startswith((f"{key}.", f"{key}[")) or key.startswith(f"{t}.")
            for t in self._touched
        )

    def show(self, problems: Iterable[Shown], lang: str) -> list[Shown]:
        """Put every problem by its field; returns the ones shown nowhere (for the summary)."""
        grouped: dict[str, list[Shown]] = {}
        unplaced: list[Shown] = []
        for problem in problems:
            key = self.target_path(problem.field)
            if key is None:
                unplaced.append(problem)
            else:
                grouped.setdefault(key, []).append(problem)
        self.visible = []
        for key, target in self._targets.items():
            shown = grouped.get(key, []) if self.show_all or self.is_touched(key) else []
            self.visible.extend(shown)
            target.show_problems(shown, lang)
        return unplaced

    def error_widgets(self, problems: Iterable[Shown], *, warnings: bool = False) -> list[QWidget]:
        """The fields with errors (``warnings``: with warnings), in form order."""
        marked = {self.target_path(p.field) for p in problems if is_error(p) != warnings}
        return [t.focus_target() for key, t in self._targets.items() if key in marked]
