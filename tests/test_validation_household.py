"""The validator's rules on the household and the services for its people: the applicant
in it once and as herself, the children or the disability a service is for, the birth
grant asked for in time, and the documents the service wants of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest

from frontdesk.catalog import ServiceCatalog
from frontdesk.identifiers import rnokpp_for
from frontdesk.model import (
    Application,
    DocumentCheck,
    HouseholdMember,
    ServiceRequest,
)
from frontdesk.validation import Severity, Validator
from tests.factories import application
from tests.test_validation import check, codes


def test_household_must_include_applicant_exactly_once() -> None:
    app = application()
    app.household = app.household[1:]
    assert codes(check(app), "household") == ["household.applicant_missing"]
    app = application()
    app.household.append(dataclasses.replace(app.household[0]))
    report = check(app)
    assert not report.ok
    assert "household.applicant_twice" in [p.code for p in report.errors]


def test_household_applicant_row_must_be_the_applicant() -> None:
    app = application()
    app.household[0].rnokpp = rnokpp_for(dt.date(1990, 5, 17), "F", 8)
    assert "household.applicant_mismatch" in codes(check(app), "household[0].relationship")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("surname", "Іваненко"),  # the applicant's РНОКПП with another person's name
        ("given_name", "Петро"),
        ("birth_date", dt.date(1979, 1, 2)),
        ("sex", "M"),
        ("rnokpp_refused", True),  # a refusal where the applicant has a number
    ],
)
def test_an_applicant_row_that_says_something_else_than_the_applicant_is_an_error(
    field: str, value: object
) -> None:
    app = application()
    setattr(app.household[0], field, value)
    assert "household.applicant_mismatch" in codes(check(app), "household[0].relationship")


def test_a_number_in_the_applicant_row_of_an_applicant_who_refused_one_is_an_error() -> None:
    """(the other way round from the refusal in the row: both contradict the applicant)"""
    app = application()
    app.applicant.rnokpp, app.applicant.rnokpp_refused = "", True
    assert app.household[0].rnokpp  # the row still states the number
    assert "household.applicant_mismatch" in codes(check(app), "household[0].relationship")


def test_an_applicant_row_that_leaves_a_value_out_or_writes_it_otherwise_is_fine() -> None:
    app = application()
    app.household[0].patronymic = ""  # left out
    app.household[0].sex = ""
    app.household[0].surname = app.applicant.surname.upper()  # another case
    assert codes(check(app), "household[0].relationship") == []


def test_rows_not_filled_in_yet_are_nobody_in_particular() -> None:
    """Insert adds a blank row before the applicant is typed: it is not "the applicant
    again", nor the same person as another blank row."""
    app = Application(services=[ServiceRequest("250")])
    app.household = [
        HouseholdMember(relationship="applicant"),
        HouseholdMember(relationship="child"),
        HouseholdMember(relationship="child"),
    ]
    report = check(app)
    wrong = {"household.applicant_twice", "household.duplicate_person"}
    assert not wrong & {p.code for p in report.problems}


def test_same_person_twice_in_household() -> None:
    app = application()
    app.household.append(dataclasses.replace(app.household[1], relationship="other"))
    assert "household.duplicate_person" in codes(check(app), "household[2]")


def test_required_documents_of_the_service_are_warnings() -> None:
    app = application()
    app.services.append(ServiceRequest("664"))
    [problem] = check(app).for_field("documents.idp_certificate")
    assert problem.severity is Severity.WARNING
    assert "ВПО" in problem.message("uk")


def _disabled_from_childhood() -> Application:
    """An adult disabled from childhood applies for 248 for themselves: no child listed."""
    app = application()
    app.services = [ServiceRequest("248")]
    app.household = app.household[:1]
    app.household[0].disability_group = "II"
    app.documents = [DocumentCheck("identity_document", True)]
    return app


def test_an_adult_disabled_from_childhood_is_not_asked_for_a_childs_birth_certificate() -> None:
    report = check(_disabled_from_childhood())
    assert codes(report, "documents.birth_certificate") == []
    assert codes(report, "documents.medical_conclusion") == ["documents.required_missing"]


def test_for_a_disabled_child_248_still_asks_for_the_birth_certificate() -> None:
    app = _disabled_from_childhood()
    app.household.append(
        HouseholdMember(relationship="child", given_name="Дарʼя", disability_group="CHILD")
    )
    [problem] = check(app).for_field("documents.birth_certificate")
    assert problem.severity is Severity.WARNING
    assert "Свідоцтво про народження дитини" in problem.message("uk")


def test_the_birth_grant_asked_for_more_than_12_months_after_the_birth_is_flagged() -> None:
    app = application()  # service 250; TODAY is 2026-11-22
    child = app.household[1]
    child.birth_date = dt.date(2025, 11, 22)  # 12 months ago today: still in time
    assert codes(check(app), "household[1].birth_date") == []
    child.birth_date = dt.date(2025, 11, 21)
    [problem] = check(app).for_field("household[1].birth_date")
    assert problem.code == "household.birth_too_long_ago"
    assert problem.severity is Severity.WARNING
    assert "12 місяців" in problem.message("uk")
    assert "Допомога при народженні дитини" in problem.message("uk")
    # The date of application is the day it was saved, not the day it is looked at again.
    app.created_at = "2026-11-20T09:00:00Z"
    assert codes(check(app), "household[1].birth_date") == []
    # A newborn's elder sibling in the household is not the child the grant is for.
    app.created_at = None
    app.household.append(
        dataclasses.replace(child, given_name="Іван", sex="M", birth_date=dt.date(2026, 10, 1))
    )
    assert [p for p in check(app).problems if p.code == "household.birth_too_long_ago"] == []


def test_the_birth_grant_deadline_counts_from_the_day_on_the_receipt_after_kyiv_midnight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saved at 00:30 on 01.03.2026 in Kyiv (22:30 UTC on 28.02, as created_at is kept) for
    a child born 28.02.2025: the receipt says 01.03.2026, past the 12 months. The warning
    was shown before the first save and gone once saved (the UTC date was taken)."""
    app = application()
    app.household[1].birth_date = dt.date(2025, 2, 28)
    kyiv_today = Validator(ServiceCatalog.bundled(), today=lambda: dt.date(2026, 3, 1))
    with monkeypatch.context() as kyiv:
        kyiv.setenv("TZ", "Europe/Kyiv")
        time.tzset()
        before = kyiv_today.validate(app)
        app.created_at = "2026-02-28T22:30:00Z"
        saved = kyiv_today.validate(app)
    time.tzset()

    assert codes(before, "household[1].birth_date") == ["household.birth_too_long_ago"]
    assert codes(saved, "household[1].birth_date") == ["household.birth_too_long_ago"]


def test_a_service_for_children_wants_them_in_the_household() -> None:
    app = application()  # the birth grant, with the newborn in the household
    assert codes(check(app), "household") == []
    del app.household[1]
    [problem] = check(app).for_field("household")
    assert problem.code == "household.children_missing"
    assert problem.severity is Severity.WARNING
    assert problem.message("uk") == (  # (the birth grant has no age limit to name)
        "Послуга 250 — на дітей у складі сім'ї: потрібно щонайменше 1, зараз — 0. "
        "Додайте до складу сім'ї тих, на кого просять допомогу"
    )


def _large_family() -> Application:
    """Three «child» rows for 862, the eldest 22 today (TODAY is 2026-11-22)."""
    app = application()
    app.services = [ServiceRequest("862")]
    child = app.household[1]
    app.household += [
        dataclasses.replace(child, given_name="Іван", birth_date=dt.date(2015, 1, 1)),
        dataclasses.replace(child, given_name="Петро", birth_date=dt.date(2003, 11, 23)),
    ]
    return app


def test_a_large_family_has_three_children_under_23() -> None:
    app = _large_family()
    assert codes(check(app), "household") == []  # 22 years old: a student still counts
    app.household[3].birth_date = dt.date(2003, 11, 22)  # 23 today: grown up
    [problem] = check(app).for_field("household")
    assert problem.code == "household.children_missing"
    assert "щонайменше 3" in problem.message("uk") and "зараз — 2" in problem.message("uk")


def test_a_child_left_out_for_age_is_named_and_the_age_limit_said() -> None:
    """Three «child» rows, the eldest 25: the worker was told «зараз — 2» with no age limit
    in the message, and no word of who did not count or why."""
    app = _large_family()
    app.household[3].birth_date = dt.date(2001, 5, 1)  # 25 on TODAY
    [problem] = check(app).for_field("household")
    assert problem.message("uk") == (
        "Послуга 862 — на дітей до 23 років у складі сім'ї: потрібно щонайменше 3, "
        "зараз — 2 (не враховано за віком: Петро, 25 років). "
        "Додайте до складу сім'ї тих, на кого просять допомогу"
    )
    assert problem.message("en") == (
        "Service 862 is for children under 23 in the household: at least 3 needed, "
        "2 now (left out for their age: Петро, 25). "
        "Add those the help is asked for to the household"
    )
    app.household[2].birth_date = dt.date(2003, 11, 22)  # 23 today; a row with no name
    app.household[2].given_name = ""
    [problem] = check(app).for_field("household")
    assert "зараз — 1 (не враховано за віком: рядок 3, 23 роки; Петро, 25 років)" in (
        problem.message("uk")
    )


def test_children_under_the_age_limit_are_not_named_as_left_out() -> None:
    """Fewer children than needed and none too old: the limit is said, nobody is named."""
    app = _large_family()
    del app.household[3]
    [problem] = check(app).for_field("household")
    assert problem.message("uk") == (
        "Послуга 862 — на дітей до 23 років у складі сім'ї: потрібно щонайменше 3, "
        "зараз — 2. Додайте до складу сім'ї тих, на кого просять допомогу"
    )


def test_assistance_for_a_disabled_child_or_adult_wants_the_disability_in_the_household() -> None:
    app = application()
    app.services = [ServiceRequest("248")]
    [problem] = check(app).for_field("household")
    assert problem.code == "household.disability_missing"
    assert problem.severity is Severity.WARNING and "Інвалідність" in problem.message("uk")
    app.household[1].disability_group = "CHILD"  # a disabled child
    assert codes(check(app), "household") == []
    app.household[1].disability_group = ""
    app.household[0].disability_group = "II"  # the applicant, disabled from childhood
    assert codes(check(app), "household") == []


def test_guardianship_assistance_is_for_a_ward() -> None:
    app = application()
    app.services = [ServiceRequest("268")]
    [problem] = check(app).for_field("household")  # the child typed as «дитина»
    assert problem.code == "household.children_missing"
    assert problem.message("uk").startswith(
        "Послуга 268 — на підопічних до 23 років (Ким доводиться: «підопічний») у складі "
        "сім'ї: потрібно щонайменше 1, зараз — 0."
    )
    assert problem.message("en").startswith(
        "Service 268 is for wards under 23 (relationship: «ward») in the household"
    )
    app.household[1].relationship = "ward"
    assert codes(check(app), "household") == []
