"""Validation of an application: shared by the GUI, the import and the registry.

Every problem names the field it belongs to (a dotted path such as
``applicant.rnokpp`` or ``household[1].birth_date``), a message code from
:mod:`frontdesk.messages`, and a severity (:mod:`frontdesk.problems`). Errors stop an
application from being sent; warnings are shown but never block (a draft may always be
saved). A person's checks: :mod:`frontdesk.person_checks`; the exchange format's length
limits: :mod:`frontdesk.schema_limits`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from frontdesk import identifiers as ids
from frontdesk.catalog import ChildrenRule, ServiceCatalog
from frontdesk.countries import check_citizenship
from frontdesk.messages import text
from frontdesk.model import Address, Application, HouseholdMember, Person
from frontdesk.person_checks import OLDEST_PLAUSIBLE, PASSPORT_AGE, add_months, check_person
from frontdesk.problems import Problem, Report, Severity
from frontdesk.schema_limits import check_lengths, item_limits, text_limits
from frontdesk.text import parse_stamp
from frontdesk.worktime import in_kyiv, kyiv_today

# Kept importable from here, where the GUI, the import, the store and the registry take them.
__all__ = [
    "OLDEST_PLAUSIBLE",
    "PASSPORT_AGE",
    "PlaceExists",
    "Problem",
    "Report",
    "Severity",
    "Validator",
    "item_limits",
    "text_limits",
]

_POSTCODE_RE = re.compile(r"^[0-9]{5}$")  # ASCII digits: "٧٥٣٠٠" is digits to isdigit()
# Whom a service for children is paid for, as its warning names them (by the household's
# relationship, "Ким доводиться"): who, and what to look for in the table, in English and
# Ukrainian; the age limit goes between them.
_WHO = {
    "child": ("children", "", "дітей", ""),
    "ward": ("wards", " (relationship: «ward»)", "підопічних", " (Ким доводиться: «підопічний»)"),
}

PlaceExists = Callable[[str], bool]


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
        today: Callable[[], dt.date] = kyiv_today,
        *,
        check_lengths: bool = True,
        place_category: Callable[[str], str | None] | None = None,
        future: str = "date.future",
        known_today: Callable[[], dt.date | None] | None = None,
    ) -> None:
        self._catalog = catalog
        self._place_exists = place_exists
        self._place_category = place_category  # the codifier's category of a code, if known
        self._today = today
        self._check_lengths = check_lengths  # off where the JSON Schema was checked first
        # The code of a date after ``today``: this computer's clock ("date.future" names
        # it) or the registry's ("date.future_registry": no clock of the worker's to blame).
        self._future = future
        # The registry's date at the last sync while this computer's clock is known to be
        # behind it (frontdesk.store.decision_time.KnownDay), else None: a date up to it
        # has come, whatever the clock says, and one after it is said so ("date.future_known").
        self._known_today = known_today

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        """Check against ``catalog`` from now on (a newer one the registry sent)."""
        self._catalog = catalog

    def validate(self, app: Application) -> Report:
        report = Report()
        today, future = self._today(), self._future
        known = self._known_today() if self._known_today is not None else None
        if known is not None and known > today:
            today, future = known, "date.future_known"
        self._services(app, report)
        check_person(app.applicant, "applicant", report, today, future, is_applicant=True)
        self._contacts(app, report)
        self._addresses(app, report)
        self._household(app, report, today, future)
        self._people_served(app, report, _applied_on(app, today))
        self._payment(app, report)
        self._documents(app, report)
        if not app.consent.given:
            report.add("consent.given", "consent.missing")
        if self._check_lengths:
            check_lengths(app, report)
        return report

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

    def _household(self, app: Application, report: Report, today: dt.date, future: str) -> None:
        applicant_rows = [i for i, m in enumerate(app.household) if m.relationship == "applicant"]
        if not applicant_rows:
            report.add("household", "household.applicant_missing")
        elif len(applicant_rows) > 1:
            report.add(f"household[{applicant_rows[1]}]", "household.applicant_twice")
        for i, member in enumerate(app.household):
            path = f"household[{i}]"
            check_person(member, path, report, today, future, is_applicant=False)
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
            rows: list[tuple[int, HouseholdMember]] = []
            grown: list[tuple[int, str, int]] = []  # of the relationship, too old to count
            for i, m in enumerate(app.household):
                if m.relationship != rule.relationship:
                    continue
                limit, birth = rule.younger_than, m.birth_date
                age = _age(birth, applied_on) if limit is not None and birth is not None else None
                if limit is not None and age is not None and age >= limit:
                    grown.append((i, m.given_name, age))
                else:
                    rows.append((i, m))
            if len(rows) < rule.at_least:
                _children_missing(report, service.code, rule, len(rows), grown)
            months = service.apply_within_months_of_birth
            born = [(m.birth_date, i) for i, m in rows if m.birth_date is not None]
            if months is not None and born:
                youngest, i = max(born)
                if add_months(youngest, months) < applied_on:
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
                code, params = ids.iban_problem(app.payment.iban) or (None, {})
                report.add("payment.iban", code, Severity.ERROR, **params)
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


def _children_missing(
    report: Report,
    code: str,
    rule: ChildrenRule,
    found: int,
    grown: list[tuple[int, str, int]],
) -> None:
    """Fewer children in the household than the service is for: said with the age limit
    the count keeps to, and who was left out for their age (row, given name, age): a worker
    looking at three «child» rows was told two, with nothing to say the eldest was 25."""
    en, note, uk, note_uk = _WHO.get(rule.relationship, (rule.relationship, "") * 2)
    if rule.younger_than is not None:
        years = rule.younger_than
        en += f" under {years}"
        uk += f" до {years} {'року' if years % 10 == 1 and years % 100 != 11 else 'років'}"
    left_out = left_out_uk = ""
    if grown:
        left_out = text(
            "household.children_left_out",
            "en",
            names="; ".join(f"{name or f'row {i + 1}'}, {age}" for i, name, age in grown),
        )
        left_out_uk = text(
            "household.children_left_out",
            "uk",
            names="; ".join(
                f"{name or f'рядок {i + 1}'}, {_years_uk(age)}" for i, name, age in grown
            ),
        )
    report.add(
        "household",
        "household.children_missing",
        Severity.WARNING,
        code=code,
        at_least=str(rule.at_least),
        found=str(found),
        who=en + note,
        who_uk=uk + note_uk,
        left_out=left_out,
        left_out_uk=left_out_uk,
    )


def _age(born: dt.date, on: dt.date) -> int:
    """Full years from ``born`` to ``on``, counted as a service's age limit is (add_months:
    one born on 29 February is a year older on 28 February)."""
    years = on.year - born.year
    return years if add_months(born, 12 * years) <= on else years - 1


def _years_uk(age: int) -> str:
    """An age in years as Ukrainian says it: 21 рік, 22 роки, 25 років."""
    if age % 10 == 1 and age % 100 != 11:
        return f"{age} рік"
    if 2 <= age % 10 <= 4 and not 12 <= age % 100 <= 14:
        return f"{age} роки"
    return f"{age} років"


def _applied_on(app: Application, today: dt.date) -> dt.date:
    """The date of application: the day it was first saved by the worker's calendar (what
    the receipt says: created_at is kept in UTC, a day behind Kyiv's for hours after
    midnight), or today for one not saved yet."""
    moment = parse_stamp(app.created_at)
    return in_kyiv(moment).date() if moment is not None else today
