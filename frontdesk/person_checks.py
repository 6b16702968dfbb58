"""The checks of one person, the applicant or a household member: names, birth date,
sex, РНОКПП (or its refusal), identity document and УНЗР; and the date checks they share
with the rest of an application."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from frontdesk import identifiers as ids
from frontdesk.model import DocumentType, IdentityDocument, Person
from frontdesk.problems import Report, Severity
from frontdesk.text import mixed_script_letters

OLDEST_PLAUSIBLE = dt.date(1900, 1, 1)
# A name is letters (any alphabet, stress marks too) joined by apostrophes, hyphens (also
# the typographic ones a word processor puts in), spaces or dots.
_NOT_A_NAME = re.compile("[^\\w\\s'ʼ’.\\-\u2010\u2011\u2013\u0300-\u036f]|[\\d_]")
_PASSPORTS = (DocumentType.PASSPORT_BOOKLET, DocumentType.ID_CARD)  # both are "паспорт"
PASSPORT_AGE = 14  # years: from then on a Ukrainian's identity document is a passport
# The documents of the demographic register carry a УНЗР: the ID card, the biometric
# passport for travel abroad (its «Запис №», since 2015) and, since 2016, a foreigner's or
# stateless person's residence permit (посвідка на проживання).
_WITH_UNZR = (DocumentType.ID_CARD, DocumentType.FOREIGN_PASSPORT, DocumentType.RESIDENCE_PERMIT)


def check_person(
    person: Person,
    path: str,
    report: Report,
    today: dt.date,
    future: str,
    *,
    is_applicant: bool,
) -> None:
    """A person's names, birth date, sex, РНОКПП, identity document and УНЗР; a date after
    ``today`` is reported with the code ``future``."""
    for name in ("surname", "given_name", "patronymic"):
        value = getattr(person, name)
        if not value:
            if name != "patronymic":
                report.add(f"{path}.{name}", "required")
        elif _NOT_A_NAME.search(value):
            report.add(f"{path}.{name}", "name.characters")
        elif latin := mixed_script_letters(value):
            # (a Latin look-alike is made Cyrillic on the way in: not these, which are
            # in a word with a Latin letter that looks like no Cyrillic one)
            report.add(f"{path}.{name}", "name.mixed_script", letters=", ".join(latin))
    check_date(report, f"{path}.birth_date", person.birth_date, today, future, required=True)
    if person.sex not in ("M", "F"):
        report.add(f"{path}.sex", "sex.invalid" if person.sex else "required")
    _rnokpp(person, path, report, is_applicant=is_applicant)
    if person.document:
        _identity_document(person, path, report, today, future)
        if person.rnokpp_refused and person.document.type not in _PASSPORTS:
            # The refusal is a mark in the passport (booklet or ID card): the only
            # proof of it the back office takes.
            report.add(f"{path}.document.type", "rnokpp.refusal_document", Severity.WARNING)
        if (
            is_applicant
            and person.document.type == DocumentType.BIRTH_CERTIFICATE
            and person.birth_date is not None
            and add_months(person.birth_date, 12 * PASSPORT_AGE) <= today
        ):
            # (identified by a birth certificate: a child's document, DOMAIN.md)
            report.add(
                f"{path}.document.type", "document.adult_birth_certificate", Severity.WARNING
            )
    elif is_applicant:
        report.add(f"{path}.document.type", "required")
    if person.unzr:
        code = ids.check_unzr(person.unzr)
        if (
            code is None
            and person.birth_date
            and ids.unzr_birth_date(person.unzr) != (person.birth_date)
        ):
            code = "unzr.birth_date"
        report.add(f"{path}.unzr", code)
        if person.document and person.document.type not in _WITH_UNZR:
            report.add(f"{path}.unzr", "unzr.not_id_card", Severity.WARNING)


def _rnokpp(person: Person, path: str, report: Report, *, is_applicant: bool) -> None:
    field_path = f"{path}.rnokpp"
    if person.rnokpp and person.rnokpp_refused:
        report.add(field_path, "rnokpp.refusal_with_number")
        return
    if not person.rnokpp:
        if is_applicant and not person.rnokpp_refused:
            report.add(field_path, "rnokpp.missing")
        return
    code = ids.check_rnokpp(person.rnokpp)
    if code:
        report.add(field_path, code)
        return
    encoded = ids.rnokpp_birth_date(person.rnokpp)
    if person.birth_date and encoded != person.birth_date:
        # (both dates: the one the number holds alone read as the birth date typed)
        report.add(
            field_path,
            "rnokpp.birth_date",
            expected=f"{encoded:%d.%m.%Y}",
            typed=f"{person.birth_date:%d.%m.%Y}",
        )
    if person.sex in ("M", "F") and ids.rnokpp_sex(person.rnokpp) != person.sex:
        report.add(field_path, "rnokpp.sex")


def _identity_document(
    person: Person, path: str, report: Report, today: dt.date, future: str
) -> None:
    doc: IdentityDocument = person.document or IdentityDocument()
    base = f"{path}.document"
    if not doc.type:
        report.add(f"{base}.type", "required")
    if not doc.number:
        report.add(f"{base}.number", "document.number_missing")
    elif doc.type == DocumentType.PASSPORT_BOOKLET:
        report.add(f"{base}.number", ids.check_passport_booklet(doc.series + doc.number))
    elif doc.type == DocumentType.ID_CARD:
        report.add(f"{base}.number", ids.check_id_card(doc.number))
        if not person.unzr:
            report.add(f"{path}.unzr", "unzr.missing")
    elif doc.type == DocumentType.BIRTH_CERTIFICATE:
        report.add(f"{base}.number", ids.check_birth_certificate(doc.number))
    check_date(report, f"{base}.issue_date", doc.issue_date, today, future)
    if doc.issue_date and person.birth_date and doc.issue_date < person.birth_date:
        report.add(f"{base}.issue_date", "date.issue_before_birth")
    if doc.expiry_date:
        if doc.issue_date and doc.expiry_date < doc.issue_date:
            report.add(f"{base}.expiry_date", "date.expiry_before_issue")
        elif doc.expiry_date < today:
            report.add(f"{base}.expiry_date", "date.expired", Severity.WARNING)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day); the
    last day a date holds for one later still (a birth date typed as 9999)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:
        return dt.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def check_date(
    report: Report,
    path: str,
    value: dt.date | None,
    today: dt.date,
    future: str,
    *,
    required: bool = False,
) -> None:
    if value is None:
        report.add(path, "required" if required else None)
    elif value > today:  # (or this computer's clock is behind: it says which day it takes)
        report.add(path, future, today=f"{today:%d.%m.%Y}")
    elif value < OLDEST_PLAUSIBLE:
        report.add(path, "date.too_old")
