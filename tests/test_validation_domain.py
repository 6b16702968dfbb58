"""Rules of DOMAIN.md the validator applies beyond each field's own check: how the resident
hears the decision, the document that identifies an adult, the РНОКПП refusal."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from frontdesk.model import DocumentType, IdentityDocument, ServiceRequest
from frontdesk.validation import Severity
from tests.conftest import TODAY
from tests.factories import application
from tests.test_validation import check, codes


@pytest.mark.parametrize(
    ("channel", "field", "code"),
    [
        ("sms", "applicant.phone", "notify.sms_without_phone"),
        ("phone", "applicant.phone", "notify.phone_without_phone"),
        ("email", "applicant.email", "notify.email_without_address"),
    ],
)
def test_the_decision_told_by_sms_phone_or_email_needs_where_to(
    channel: str, field: str, code: str
) -> None:
    """(SMS chosen with no phone number was saved ready, and the receipt promised an SMS
    the back office had nowhere to send)"""
    app = application()
    app.applicant.notify_by, app.applicant.phone, app.applicant.email = channel, "", ""
    report = check(app)
    assert codes(report, field) == [code]
    assert not report.ok
    app.applicant.phone, app.applicant.email = "+380671234567", "olena@example.com"
    assert codes(check(app), field) == []
    app.applicant.notify_by, app.applicant.phone, app.applicant.email = "post", "", ""
    assert codes(check(app), "applicant.phone") == codes(check(app), "applicant.email") == []


def test_an_adult_identified_by_a_birth_certificate_is_warned() -> None:
    """(a 36-year-old applicant identified by a birth certificate passed without a word:
    DOMAIN.md — the birth certificate is a child's document)"""
    app = application()
    app.applicant.birth_date = dt.date(TODAY.year - 36, 3, 1)
    app.applicant.document = IdentityDocument(
        type=DocumentType.BIRTH_CERTIFICATE, series="I-БК", number="123456"
    )
    [problem] = check(app).for_field("applicant.document.type")
    assert problem.code == "document.adult_birth_certificate"
    assert problem.severity is Severity.WARNING


def test_an_applicant_who_refused_a_rnokpp_is_not_told_to_bring_one() -> None:
    app = application()
    app.services = [ServiceRequest("pilhy")]
    app.applicant = dataclasses.replace(app.applicant, rnokpp="", rnokpp_refused=True)
    assert codes(check(app), "documents.rnokpp") == []
    app.applicant.rnokpp_refused = False
    assert codes(check(app), "documents.rnokpp") == ["documents.required_missing"]
