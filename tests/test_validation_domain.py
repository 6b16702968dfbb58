"""Rules of DOMAIN.md the validator applies beyond each field's own check: how the resident
hears the decision, the document that identifies an adult, the РНОКПП refusal; and
identifiers as spreadsheets and the other keyboard layout write them, and what the worker is
told of one typed wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from frontdesk.model import Application, DocumentType, IdentityDocument, ServiceRequest
from frontdesk.validation import Severity
from tests.conftest import TODAY
from tests.factories import IBAN, application
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


def test_katottg_codes_typed_with_a_cyrillic_look_alike_are_read_in_latin() -> None:
    """«UА…» with a Cyrillic А (the Ukrainian layout left on) was refused as «Код КАТОТТГ має
    вигляд UA і 17 цифр», which it seemed to be; the community code was already read so."""
    code = "UA18040530010026726"
    typed = "UА" + code[2:]  # Cyrillic А
    document = application().to_dict()
    document["registered_address"]["katottg"] = typed
    document["actual_address"] = {"katottg": typed, "street": "Миру"}
    document["service_point"] = {"kind": "van", "katottg": typed}
    document["community"] = "UА18040530000045696"
    app = Application.from_dict(document)
    assert app.actual_address is not None
    assert app.registered_address.katottg == app.actual_address.katottg == code
    assert app.service_point.katottg == code
    assert app.community == "UA18040530000045696"
    assert check(app, {code}).problems == []


def test_an_iban_typed_with_a_cyrillic_look_alike_is_read_in_latin() -> None:
    document = application().to_dict()
    iban = document["payment"]["iban"]
    document["payment"]["iban"] = "UА" + iban[2:]  # Cyrillic А
    app = Application.from_dict(document)
    assert app.payment.iban == iban
    assert codes(check(app), "payment.iban") == []
    document["payment"]["iban"] = iban[:-1] + "О"  # a Cyrillic О for the last zero
    [problem] = check(Application.from_dict(document)).for_field("payment.iban")
    assert problem.message("uk") == "IBAN містить літеру «O» на 29-й позиції — там має бути цифра"


@pytest.mark.parametrize(
    ("series", "number"),
    [
        ("I-ТП", "548213"),  # as a spreadsheet's two columns have it
        ("І ТП", "№ 548213"),  # a Cyrillic І, a space for the dash, the "№" printed on it
        ("I-ТП", "I-ТП548213"),  # the series both apart and in the whole number
        ("", "I-ТП548213"),
    ],
)
def test_a_birth_certificate_with_its_series_apart_is_kept_whole_in_the_number(
    series: str, number: str
) -> None:
    """It was refused «Свідоцтво про народження: серія римськими цифрами, дефіс, дві літери і
    6 цифр» (a passport booklet typed whole in one field was split, this not joined)."""
    document = application().to_dict()
    document["household"][1]["document"] = {
        "type": "birth_certificate",
        "series": series,
        "number": number,
    }
    app = Application.from_dict(document)
    assert app.household[1].document == IdentityDocument("birth_certificate", "", "I-ТП548213")
    assert app.to_dict()["household"][1]["document"] == {
        "type": "birth_certificate",
        "number": "I-ТП548213",
    }
    assert codes(check(app), "household[1].document.number") == []


def test_a_series_that_makes_no_birth_certificate_with_the_number_is_shown_with_it() -> None:
    document = application().to_dict()
    document["household"][1]["document"] = {
        "type": "birth_certificate",
        "series": "II-ТП",
        "number": "I-ТП548213",
    }
    app = Application.from_dict(document)
    assert app.household[1].document is not None
    assert app.household[1].document.number == "II-ТПI-ТП548213"  # nothing typed is lost
    assert codes(check(app), "household[1].document.number") == ["birth_certificate.format"]


@pytest.mark.parametrize(
    ("iban", "uk", "en"),
    [
        (  # a Latin O typed for the last zero: it starts with UA and has 29 characters
            IBAN[:-3] + "O01",
            "IBAN містить літеру «O» на 27-й позиції — там має бути цифра",
            "The IBAN has the letter «O» at position 27 — a digit belongs there",
        ),
        (
            IBAN[:8] + "-" + IBAN[8:],
            "IBAN містить знак «-» на 9-й позиції — там має бути цифра від 0 до 9",
            "The IBAN has the character «-» at position 9 — a digit from 0 to 9 belongs there",
        ),
        (
            IBAN[:-1],
            "IBAN має містити 29 символів (UA і 27 цифр), а тут їх 28",
            "An IBAN has 29 characters (UA and 27 digits); this one has 28",
        ),
        (
            "PL" + IBAN[2:],
            "IBAN українського рахунку починається з UA, а цей — з «PL»",
            "A Ukrainian account's IBAN starts with UA; this one starts with «PL»",
        ),
        (
            "UА" + IBAN[2:],  # (a Cyrillic А that reached the check not read as Latin)
            "IBAN: у «UА» є літера кирилиці — наберіть UA латиницею (перемкніть розкладку "
            "клавіатури на англійську)",
            "IBAN: «UА» has a Cyrillic letter in it — type UA in Latin (switch the keyboard "
            "layout to English)",
        ),
    ],
    ids=["letter", "character", "length", "country", "cyrillic"],
)
def test_an_iban_says_what_is_wrong_with_it(iban: str, uk: str, en: str) -> None:
    """One «має починатися з UA і містити 29 символів» for all of these: an IBAN with a
    letter O for a zero seemed to be just that."""
    app = application()
    app.payment.iban = iban
    [problem] = check(app).for_field("payment.iban")
    assert problem.severity is Severity.ERROR
    assert (problem.message("uk"), problem.message("en")) == (uk, en)
