"""The household table's columns, and a member as the values of a row and back (part
of the household section, :mod:`ui.form.household`).

The table holds each value as the core has it (``VALUE``); fields the table has no
column for (a member's citizenship, the document's dates, …) ride along as JSON on
the row's first cell (``MEMBER``) and come back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from ui.form.choices import (
    Choices,
    able_to_work_choices,
    disability_choices,
    document_choices,
    relationship_choices,
    sex_choices,
)
from ui.form.fields import VALUE_ROLE, parse_date

VALUE = VALUE_ROLE
MEMBER = Qt.ItemDataRole.UserRole + 1  # the member's dict as JSON, on column 0
COLUMNS = (
    "relationship",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "rnokpp",
    "document.type",
    "document.number",
    "unzr",  # an ID card's (most adults' document): the back office wants it with the card
    "disability_group",  # what services for disabled children and adults are about
    "able_to_work",  # for means-tested help: an adult able to work and without income
)
CHOICES: dict[str, Callable[[], Choices]] = {
    "relationship": relationship_choices,
    "sex": sex_choices,
    "document.type": document_choices,
    "disability_group": disability_choices,
    "able_to_work": able_to_work_choices,
}
# the applicant's row: typed there, not mirrored from the applicant's fields
APPLICANT_OWN = ("disability_group", "able_to_work")
_ABLE = {True: "yes", False: "no"}  # able_to_work as the table holds it ("" unknown)
_ABLE_READ = {text: flag for flag, text in _ABLE.items()}


def row_values(member: dict[str, Any]) -> dict[str, str]:
    """What each column holds for ``member`` (a choice by its code, a date as stored)."""
    document = member.get("document") or {}
    return {
        "relationship": member.get("relationship") or "other",
        "surname": member.get("surname") or "",
        "given_name": member.get("given_name") or "",
        "patronymic": member.get("patronymic") or "",
        "birth_date": member.get("birth_date") or "",
        "sex": member.get("sex") or "",
        "rnokpp": member.get("rnokpp") or "",
        "document.type": document.get("type") or "",
        "document.number": _document_number(document),
        "unzr": member.get("unzr") or "",
        "disability_group": str(member.get("disability_group") or "").upper(),
        "able_to_work": _able_text(member.get("able_to_work")),
    }


def member_of(member: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """``member`` (as the row's first cell keeps it) with what the columns hold now."""
    member["relationship"] = values["relationship"] or "other"
    for key in ("surname", "given_name", "patronymic", "sex", "rnokpp", "unzr"):
        member[key] = values[key]
    member["disability_group"] = values["disability_group"]
    able = values["able_to_work"]
    member["able_to_work"] = _ABLE_READ.get(able)
    try:
        birth = parse_date(values["birth_date"])
    except ValueError:
        birth = None
    member["birth_date"] = birth.isoformat() if birth else None
    document = dict(member.get("document") or {})
    document["type"] = values["document.type"]
    number = values["document.number"]
    if document.get("type") == "passport_booklet" and len(number) > 6:
        document["series"], document["number"] = number[:-6], number[-6:]
    else:
        document["series"], document["number"] = "", number
    member["document"] = document if document["type"] or number else None
    return member


def _able_text(able: object) -> str:
    return _ABLE[able] if isinstance(able, bool) else ""


def _document_number(document: dict[str, Any]) -> str:
    series, number = document.get("series") or "", document.get("number") or ""
    return f"{series}{number}" if document.get("type") != "birth_certificate" else number
