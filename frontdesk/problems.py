"""What validation finds: each problem names its field (a dotted path such as
``applicant.rnokpp`` or ``household[1].birth_date``), a message code from
:mod:`frontdesk.messages` and a severity; a report gathers them. Errors stop an
application from being sent; warnings are shown but never block."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from frontdesk.messages import text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    severity: Severity = Severity.ERROR
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "uk") -> str:
        return text(self.code, lang, **dict(self.params))

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message("uk"),
            "message_en": self.message("en"),
        }


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_field(self, path: str) -> list[Problem]:
        return [p for p in self.problems if p.field == path]

    def add(
        self,
        path: str,
        code: str | None,
        severity: Severity = Severity.ERROR,
        /,
        **params: str,
    ) -> None:
        if code:
            self.problems.append(Problem(path, code, severity, tuple(params.items())))
