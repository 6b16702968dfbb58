"""Validation of an application: shared by the GUI, the import and the registry.

Every problem names the field it belongs to (a dotted path such as
``applicant.rnokpp`` or ``household[1].birth_date``), a message code from
:mod:`frontdesk.messages`, and a severity. Errors stop an application from
being sent; warnings are shown but never block (a draft may always be saved).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from frontdesk import identifiers as ids
from frontdesk.catalog import ServiceCatalog
from frontdesk.countries import check_citizenship
from frontdesk.messages import text
from frontdesk.model import Address, Application, DocumentType, IdentityDocument, Person
from frontdesk.text import mixed_script_letters, parse_stamp

OLDEST_PLAUSIBLE = dt.date(1900, 1, 1)
# A name is letters (any alphabet, stress marks too) joined by apostrophes, hyphens (also
# the typographic ones a word processor puts in), spaces or dots.
_POSTCODE_RE = re.compile(r"^[0-9]{5}$")  # ASCII digits: "٧٥٣٠٠" is digits to isdigit()
_NOT_A_NAME = re.compile("[^\\w\\s'ʼ’.\\-\u2010\u2011\u2013\u0300-\u036f]|[\\d_]")
_PASSPORTS = (DocumentType.PASSPORT_BOOKLET, DocumentType.ID_CARD)  # both are "паспорт"
PASSPORT_AGE = 14  # years: from then on a Ukrainian's identity document is a passport
# The cards of the demographic register carry a УНЗР: the ID card and, since 2016, a
# foreigner's or stateless person's residence permit (посвідка на проживання).
_WITH_UNZR = (DocumentType.ID_CARD, DocumentType.RESIDENCE_PERMIT)

# Whom a service for children is paid for, as its warning names them (by the household's
# relationship, "Ким доводиться").
_WHO = {
    "child": ("children", "дітей"),
    "ward": ("wards (relationship: «ward»)", "підопічних (Ким доводиться: «підопічний»)"),
}

PlaceExists = Callable[[str], bool]


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


@cache
def text_limits() -> tuple[tuple[tuple[str, ...], int], ...]:
    """Every text field of the exchange format with a length limit: (its path, the limit);
    ``*`` stands for each item of a list. Read from the JSON Schema, the one definition."""
    return _schema_limits("maxLength")


@cache
def item_limits() -> tuple[tuple[tuple[str, ...], int], ...]:
    """Every list of the exchange format with a limit on its items (scans, household
    members…): (its path, the limit), as :func:`text_limits`."""
    return _schema_limits("maxItems")


def _schema_limits(keyword: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    from frontdesk.document import schema  # (it imports this module)

    document = schema()
    definitions = document.get("$defs", {})
    rules: list[tuple[tuple[str, ...], int]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        if "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[-1]]
        for option in node.get("anyOf", []) + node.get("oneOf", []):
            walk(option, path)
        if keyword in node:
            rules.append((path, int(node[keyword])))
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key))
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"))

    walk(document, ())
    return tuple(rules)


# Where a list's limit is said in its own words: what the worker can do about it.
_TOO_MANY = {"attachments": "attachments.too_many"}


def _values(data: Any, path: tuple[str, ...], where: str) -> list[tuple[str, Any]]:
    """The texts (or lists) at ``path`` in an application (the model's attributes carry
    the exchange format's names), each with its field path (``household[1].surname``)."""
    for number, step in enumerate(path):
        if step == "*":
            rest = path[number + 1 :]
            found: list[tuple[str, Any]] = []
            for i, item in enumerate(data if isinstance(data, list) else ()):
                found += _values(item, rest, f"{where}[{i}]")
            return found
        data = getattr(data, step, None)
        if data is None:
            return []
        where = f"{where}.{step}" if where else step
    return [(where, data)] if isinstance(data, str | list) else []


def _repeats(row: Person, applicant: Person) -> bool:
    """Whether the household's «applicant» row repeats the applicant: nothing it states
    (name, birth date, sex, РНОКПП or its refusal, УНЗР) differs. A value the row leaves
    out is not a difference."""
    for name in ("surname", "given_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr"):
        mine, theirs = getattr(row, name), getattr(applicant, name)
        if isinstance(mine, str) and isinstance(theirs, str):  # (apostrophes are one already)
            mine, theirs = mine.casefold(), theirs.casefold()
        if mine and theirs and mine != theirs:
            return False
    return not (row.rnokpp_refused and applicant.rnokpp) and not (
        applicant.rnokpp_refused and row.rnokpp
    )


class Validator:
    """Checks applications against the catalogue and, when loaded, the codifier."""

    def __init__(
        self,
        catalog: ServiceCatalog,
        place_exists: PlaceExists | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        check_lengths: bool = True,
        place_category: Callable[[str], str | None] | None = None,
        future: str = "date.future",
    ) -> None:
        self._catalog = catalog
        self._place_exists = place_exists
        self._place_category = place_category  # the codifier's category of a code, if known
        self._today = today
        self._check_lengths = check_lengths  # off where the JSON Schema was checked first
        # The code of a date after ``today``: this computer's clock ("date.future" names
        # it) or the registry's ("date.future_registry": no clock of the worker's to blame).
        self._future = future

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        """Check against ``catalog`` from now on (a newer one the registry sent)."""
        self._catalog = catalog

    def validate(self, app: Application) -> Report:
        report = Report()
        today = self._today()
        self._services(app, report)
        self._person(app.applicant, "applicant", report, today, is_applicant=True)
        self._contacts(app, report)
        self._addresses(app, report)
        self._household(app, report, today)
        self._people_served(app, report, _applied_on(app, today))
        self._payment(app, report)
        self._documents(app, report)
        if not app.consent.given:
            report.add("consent.given", "consent.missing")
        if self._check_lengths:
            self._lengths(app, report)
        return report

    def _lengths(self, app: Application, report: Report) -> None:
        """Text longer than the exchange format allows, on a field that has no other
        problem already, and lists with more items than it allows (101 page photos): the
        registry would refuse the application, once every scan had been sent."""
        reported: set[str] | None = None
        for limits, kind, code in (
            (text_limits, str, "text.too_long"),
            (item_limits, list, "list.too_many"),
        ):
            for path, limit in limits():
                for where, value in _values(app, path, ""):
                    if isinstance(value, kind) and len(value) > limit:
                        if reported is None:
                            reported = {p.field for p in report.problems}
                        if where not in reported:
                            report.add(where, _TOO_MANY.get(where, code), max=str(limit))

    # --- parts ---------------------------------------------------------------

    def _services(self, app: Application, report: Report) -> None:
        if not app.services:
            report.add("services", "services.missing")
        seen: set[str] = set()
        for i, service in enumerate(app.services):
            if self._catalog.get(service.code) is None:
                report.add(f"services[{i}].code", "services.unknown", code=service.code)
            if service.code in seen:
                report.add(f"services[{i}].code", "services.duplicate", code=service.code)
            seen.add(service.code)

    def _person(
        self, person: Person, path: str, report: Report, today: dt.date, *, is_applicant: bool
    ) -> None:
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
        _check_date(
            report, f"{path}.birth_date", person.birth_date, today, self._future, required=True
        )
        if person.sex not in ("M", "F"):
            report.add(f"{path}.sex", "sex.invalid" if person.sex else "required")
        self._rnokpp(person, path, report, is_applicant=is_applicant)
        if person.document:
            self._identity_document(person, path, report, today)
            if person.rnokpp_refused and person.document.type not in _PASSPORTS:
                # The refusal is a mark in the passport (booklet or ID card): the only
                # proof of it the back office takes.
                report.add(f"{path}.document.type", "rnokpp.refusal_document", Severity.WARNING)
            if (
                is_applicant
                and person.document.type == DocumentType.BIRTH_CERTIFICATE
                and person.birth_date is not None
                and _add_months(person.birth_date, 12 * PASSPORT_AGE) <= today
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

    def _rnokpp(self, person: Person, path: str, report: Report, *, is_applicant: bool) -> None:
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
            report.add(field_path, "rnokpp.birth_date", expected=f"{encoded:%d.%m.%Y}")
        if person.sex in ("M", "F") and ids.rnokpp_sex(person.rnokpp) != person.sex:
            report.add(field_path, "rnokpp.sex")

    def _identity_document(self, person: Person, path: str, report: Report, today: dt.date) -> None:
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
        _check_date(report, f"{base}.issue_date", doc.issue_date, today, self._future)
        if doc.issue_date and person.birth_date and doc.issue_date < person.birth_date:
            report.add(f"{base}.issue_date", "date.issue_before_birth")
        if doc.expiry_date:
            if doc.issue_date and doc.expiry_date < doc.issue_date:
                report.add(f"{base}.expiry_date", "date.expiry_before_issue")
            elif doc.expiry_date < today:
                report.add(f"{base}.expiry_date", "date.expired", Severity.WARNING)

    def _contacts(self, app: Application, report: Report) -> None:
        citizenship = app.applicant.citizenship
        report.add("applicant.citizenship", check_citizenship(citizenship), code=citizenship)
        if app.applicant.phone:
            problem = ids.check_phone(app.applicant.phone)
            foreign = problem == "phone.foreign"
            report.add("applicant.phone", problem, Severity.WARNING if foreign else Severity.ERROR)
        if app.applicant.email:
            report.add("applicant.email", ids.check_email(app.applicant.email))
        # The decision told by SMS, a call or e-mail: the back office needs where to.
        channel = app.applicant.notify_by
        if channel in ("sms", "phone") and not app.applicant.phone:
            report.add("applicant.phone", f"notify.{channel}_without_phone")
        if channel == "email" and not app.applicant.email:
            report.add("applicant.email", "notify.email_without_address")

    def _addresses(self, app: Application, report: Report) -> None:
        actual = app.actual_address
        if app.registered_address.is_empty() and (actual is None or actual.is_empty()):
            report.add("registered_address", "address.empty")
        self._address(app.registered_address, "registered_address", report)
        if actual is not None:
            self._address(actual, "actual_address", report)
        if app.service_point.katottg:
            self._place(app.service_point.katottg, "service_point.katottg", report)

    def _address(self, address: Address, path: str, report: Report) -> None:
        if address.katottg:
            self._place(address.katottg, f"{path}.katottg", report, settlement=True)
        if address.postcode and not _POSTCODE_RE.match(address.postcode):
            report.add(f"{path}.postcode", "postcode.format")

    def _place(self, code: str, path: str, report: Report, *, settlement: bool = False) -> None:
        problem = ids.check_katottg_format(code)
        if problem is None and self._place_exists is not None and not self._place_exists(code):
            problem = "katottg.unknown"
        if problem is None and settlement and self._place_category is not None:
            category = self._place_category(code)
            if category is not None and category not in ids.SETTLEMENT_CATEGORIES:
                problem = "katottg.not_settlement"  # an oblast, raion or hromada
        report.add(path, problem)

    def _household(self, app: Application, report: Report, today: dt.date) -> None:
        applicant_rows = [i for i, m in enumerate(app.household) if m.relationship == "applicant"]
        if not applicant_rows:
            report.add("household", "household.applicant_missing")
        elif len(applicant_rows) > 1:
            report.add(f"household[{applicant_rows[1]}]", "household.applicant_twice")
        for i, member in enumerate(app.household):
            path = f"household[{i}]"
            self._person(member, path, report, today, is_applicant=False)
            is_same = member.same_person(app.applicant)
            if member.relationship == "applicant" and not _repeats(member, app.applicant):
                report.add(f"{path}.relationship", "household.applicant_mismatch")
            elif member.relationship != "applicant" and is_same:
                report.add(f"{path}", "household.applicant_twice")
            if any(member.same_person(other) for other in app.household[:i]):
                report.add(path, "household.duplicate_person")

    def _people_served(self, app: Application, report: Report, applied_on: dt.date) -> None:
        """The people a service is for are in the household (the children, as many as it
        needs; someone with a disability), and the birth grant is asked for in time: said
        before the resident leaves (warnings: the back office decides, but a refusal weeks
        later is what the worker can spare)."""
        for service in filter(None, map(self._catalog.get, app.service_codes)):
            if service.disability and not any(m.disability_group for m in app.household):
                report.add(
                    "household",
                    "household.disability_missing",
                    Severity.WARNING,
                    code=service.code,
                )
            rule = service.children
            if rule is None:
                continue
            rows = [
                (i, m)
                for i, m in enumerate(app.household)
                if m.relationship == rule.relationship
                and not (
                    rule.younger_than is not None
                    and m.birth_date is not None
                    and _add_months(m.birth_date, 12 * rule.younger_than) <= applied_on
                )
            ]
            if len(rows) < rule.at_least:
                report.add(
                    "household",
                    "household.children_missing",
                    Severity.WARNING,
                    code=service.code,
                    at_least=str(rule.at_least),
                    found=str(len(rows)),
                    who=_WHO.get(rule.relationship, (rule.relationship,) * 2)[0],
                    who_uk=_WHO.get(rule.relationship, (rule.relationship,) * 2)[1],
                )
            months = service.apply_within_months_of_birth
            born = [(m.birth_date, i) for i, m in rows if m.birth_date is not None]
            if months is not None and born:
                youngest, i = max(born)
                if _add_months(youngest, months) < applied_on:
                    report.add(
                        f"household[{i}].birth_date",
                        "household.birth_too_long_ago",
                        Severity.WARNING,
                        months=str(months),
                        service=service.name("en"),
                        service_uk=service.name("uk"),
                    )

    def _payment(self, app: Application, report: Report) -> None:
        if app.payment.method == "bank":
            if not app.payment.iban:
                report.add("payment.iban", "iban.missing")
            else:
                report.add("payment.iban", ids.check_iban(app.payment.iban))
        elif app.payment.method != "post":
            report.add("payment.method", "payment.method")

    def _documents(self, app: Application, report: Report) -> None:
        provided = {d.code for d in app.documents if d.provided}
        refused = app.applicant.rnokpp_refused
        for code in self._catalog.required_documents(
            app.service_codes, app.household, rnokpp_refused=refused
        ):
            if code not in provided:
                report.add(
                    f"documents.{code}",
                    "documents.required_missing",
                    Severity.WARNING,
                    name=self._catalog.document_name(code, "en"),
                    name_uk=self._catalog.document_name(code, "uk"),
                )


def _applied_on(app: Application, today: dt.date) -> dt.date:
    """The date of application: the day it was first saved by the worker's calendar (what
    the receipt says: created_at is kept in UTC, a day behind Kyiv's for hours after
    midnight), or today for one not saved yet."""
    moment = parse_stamp(app.created_at)
    return moment.astimezone().date() if moment is not None else today


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day); the
    last day a date holds for one later still (a birth date typed as 9999)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:
        return dt.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _check_date(
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
