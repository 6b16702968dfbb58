"""Each rule of the validator, with a valid case and the problem it reports."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import (
    Address,
    Application,
    Attachment,
    HouseholdMember,
    IdentityDocument,
    ServiceRequest,
)
from frontdesk.validation import Report, Severity, Validator
from tests.conftest import TODAY
from tests.factories import application

KNOWN_PLACES = {"UA18040530010026726"}


def check(app: object, places: set[str] | None = None) -> Report:
    exists = (lambda code: code in places) if places is not None else None
    return Validator(ServiceCatalog.bundled(), exists, today=lambda: TODAY).validate(app)  # type: ignore[arg-type]


def codes(report: Report, path: str) -> list[str]:
    return [p.code for p in report.for_field(path)]


def test_valid_application_has_no_problems() -> None:
    assert check(application(), KNOWN_PLACES).problems == []


def test_a_foreign_phone_is_a_warning_that_the_decision_may_not_come_by_sms() -> None:
    app = application()
    app.applicant.phone = "+48601234567"
    [problem] = check(app, KNOWN_PLACES).problems
    assert (problem.field, problem.severity) == ("applicant.phone", Severity.WARNING)
    assert "Іноземний номер" in problem.message("uk")
    app.applicant.phone = "+48"
    [problem] = check(app, KNOWN_PLACES).problems
    assert problem.severity is Severity.ERROR and "+48…" in problem.message("uk")


def test_citizenship_is_a_country_or_a_stateless_person() -> None:
    app = application()
    for known in ("UA", "PL", "XXA"):
        app.applicant.citizenship = known
        assert codes(check(app, KNOWN_PLACES), "applicant.citizenship") == []
    app.applicant.citizenship = "ZZ"
    [problem] = check(app, KNOWN_PLACES).for_field("applicant.citizenship")
    assert problem.severity is Severity.ERROR and "«ZZ»" in problem.message("uk")


def test_rnokpp_birth_date_mismatch_is_an_error_with_the_encoded_date() -> None:
    app = application()
    app.applicant.birth_date = dt.date(1990, 5, 18)
    app.household[0].birth_date = dt.date(1990, 5, 18)
    report = check(app)
    [problem] = report.for_field("applicant.rnokpp")
    assert problem.code == "rnokpp.birth_date" and problem.severity is Severity.ERROR
    # Both dates: the encoded one alone in brackets read as the birth date typed.
    assert (
        problem.message("uk")
        == "РНОКПП відповідає даті народження 17.05.1990, а вказано 18.05.1990"
    )
    assert problem.message("en") == (
        "The РНОКПП stands for the date of birth 17.05.1990, but 18.05.1990 is entered"
    )


def test_rnokpp_sex_mismatch() -> None:
    app = application()
    app.applicant.sex = "M"
    assert "rnokpp.sex" in codes(check(app), "applicant.rnokpp")


def test_rnokpp_typo_is_reported_as_check_digit() -> None:
    app = application()
    last = app.applicant.rnokpp[-1]
    app.applicant.rnokpp = app.applicant.rnokpp[:-1] + str((int(last) + 1) % 10)
    assert codes(check(app), "applicant.rnokpp") == ["rnokpp.checksum"]


def test_refused_rnokpp_is_accepted_without_number_but_not_with_one() -> None:
    app = application()
    app.applicant.rnokpp_refused = True
    assert codes(check(app), "applicant.rnokpp") == ["rnokpp.refusal_with_number"]
    app.applicant.rnokpp = ""
    app.household[0].rnokpp = ""
    assert codes(check(app), "applicant.rnokpp") == []
    app.applicant.rnokpp_refused = False
    assert codes(check(app), "applicant.rnokpp") == ["rnokpp.missing"]


def test_a_refused_rnokpp_wants_the_passport_that_carries_the_mark() -> None:
    app = application()
    app.applicant.rnokpp = ""
    app.household[0].rnokpp = ""
    app.applicant.rnokpp_refused = True
    assert codes(check(app), "applicant.document.type") == []  # an ID card: a passport
    app.applicant.document = IdentityDocument(type="foreign_passport", number="FA123456")
    app.applicant.unzr = ""
    [problem] = check(app).for_field("applicant.document.type")
    assert problem.code == "rnokpp.refusal_document" and problem.severity is Severity.WARNING
    assert "паспорті" in problem.message("uk")
    app.applicant.document = IdentityDocument(type="passport_booklet", series="МК", number="123456")
    assert codes(check(app), "applicant.document.type") == []


def test_unzr_must_match_birth_date_and_goes_with_id_card() -> None:
    app = application()
    app.applicant.unzr = "19900518-00075"
    app.applicant.unzr = app.applicant.unzr[:-1] + "0"
    assert codes(check(app), "applicant.unzr") in (["unzr.checksum"], ["unzr.birth_date"])
    app = application()
    app.applicant.unzr = ""
    assert codes(check(app), "applicant.unzr") == ["unzr.missing"]


@pytest.mark.parametrize("kind", ["residence_permit", "foreign_passport"])
def test_a_residence_permit_and_a_passport_for_travel_abroad_carry_a_unzr_too(kind: str) -> None:
    """A foreigner's or stateless person's residence permit is a card of the demographic
    register with a УНЗР since 2016; an older booklet one has none. A biometric passport for
    travel abroad prints it as «Запис №» (it was warned of as a document with none)."""
    app = application()
    assert app.applicant.document is not None
    app.applicant.document.type = kind
    assert codes(check(app), "applicant.unzr") == []
    app.applicant.unzr = ""
    assert codes(check(app), "applicant.unzr") == []


def test_a_unzr_with_a_passport_booklet_is_a_warning_naming_the_documents_that_carry_it() -> None:
    app = application()
    app.applicant.document = IdentityDocument(type="passport_booklet", series="МК", number="123456")
    [problem] = check(app).for_field("applicant.unzr")
    assert (problem.code, problem.severity) == ("unzr.not_id_card", Severity.WARNING)
    assert problem.message("uk") == (
        "УНЗР є лише в ID-картці, біометричному закордонному паспорті та посвідці на "
        "проживання — перевірте тип документа"
    )
    assert problem.message("en") == (
        "Only an ID card, a biometric passport for travel abroad and a residence permit "
        "carry a УНЗР — check the document type"
    )


@pytest.mark.parametrize("postcode", ["1270", "127011", "12 70", "\u0661\u0662\u0667\u0660\u0661"])
def test_a_postcode_is_five_digits_0_to_9(postcode: str) -> None:
    app = application()
    app.registered_address.postcode = postcode
    assert codes(check(app), "registered_address.postcode") == ["postcode.format"]


def test_passport_booklet_format() -> None:
    app = application()
    app.applicant.unzr = ""
    app.applicant.document = IdentityDocument(type="passport_booklet", series="МК", number="12345")
    assert codes(check(app), "applicant.document.number") == ["passport.format"]
    app.applicant.document = IdentityDocument(type="passport_booklet", series="МК", number="123456")
    assert codes(check(app), "applicant.document.number") == []


@pytest.mark.parametrize("typed", ["MK123456", "МК123456", "мк 123456"])
def test_a_passport_booklet_typed_whole_in_the_number_field_is_accepted_and_split(
    typed: str,
) -> None:
    document = application().to_dict()
    document["applicant"].pop("unzr", None)
    document["applicant"]["document"] = {"type": "passport_booklet", "number": typed}
    app = Application.from_dict(document)
    assert app.applicant.document == IdentityDocument("passport_booklet", "МК", "123456")
    assert codes(check(app), "applicant.document.number") == []


def test_a_unzr_sent_without_its_dash_is_read_with_it_and_accepted() -> None:
    document = application().to_dict()
    unzr = document["applicant"]["unzr"]
    document["applicant"]["unzr"] = unzr.replace("-", "")
    app = Application.from_dict(document)
    assert app.applicant.unzr == unzr
    assert codes(check(app), "applicant.unzr") == []


def test_id_card_number_format() -> None:
    app = application()
    assert app.applicant.document is not None
    app.applicant.document.number = "12345"
    assert codes(check(app), "applicant.document.number") == ["id_card.format"]


def test_birth_certificate_of_child() -> None:
    app = application()
    child = app.household[1]
    child.document = IdentityDocument(type="birth_certificate", number="БК123456")
    assert codes(check(app), "household[1].document.number") == ["birth_certificate.format"]


def test_iban() -> None:
    app = application()
    app.payment.iban = app.payment.iban[:-1] + "9"
    assert codes(check(app), "payment.iban") == ["iban.checksum"]
    app.payment.iban = ""
    assert codes(check(app), "payment.iban") == ["iban.missing"]
    app.payment.method = "post"
    assert codes(check(app), "payment.iban") == []


def test_a_card_number_typed_for_the_iban_is_named_so() -> None:
    """Residents hold out their bank card: its 16 digits are not where assistance is paid."""
    app = application()
    app.payment.iban = "4149 6293 1234 5678".replace(" ", "")
    [problem] = check(app).for_field("payment.iban")
    assert problem.code == "iban.card_number" and problem.severity is Severity.ERROR
    assert "номер банківської картки" in problem.message("uk")


def test_katottg_format_and_existence_when_codifier_loaded() -> None:
    app = application()
    app.registered_address.katottg = "UA123"
    assert codes(check(app), "registered_address.katottg") == ["katottg.format"]
    app.registered_address.katottg = "UA18040530010099999"
    assert codes(check(app), "registered_address.katottg") == []  # no codifier: format only
    assert codes(check(app, KNOWN_PLACES), "registered_address.katottg") == ["katottg.unknown"]


def test_dates_cannot_be_in_the_future() -> None:
    app = application()
    app.household[1].birth_date = TODAY + dt.timedelta(days=1)
    assert codes(check(app), "household[1].birth_date") == ["date.future"]
    assert app.applicant.document is not None
    app.applicant.document.issue_date = TODAY + dt.timedelta(days=3)
    assert "date.future" in codes(check(app), "applicant.document.issue_date")


def test_a_date_in_the_future_names_the_day_this_computer_takes_for_today() -> None:
    """(a laptop whose clock is behind, a flat CMOS battery: a newborn's real birth date was
    "in the future", and nothing pointed at the computer's date)"""
    app = application()
    app.household[1].birth_date = TODAY + dt.timedelta(days=1)
    [problem] = check(app).for_field("household[1].birth_date")
    assert "сьогодні за годинником цього комп'ютера 22.11.2026" in problem.message("uk")
    assert "today is 22.11.2026 by this computer's clock" in problem.message("en")


def test_a_birth_date_typed_as_year_9999_is_in_the_future_not_a_crash() -> None:
    """The services' age rules add years to a birth date: past 9999 there is no date."""
    app = application()  # the birth grant, with the newborn in the household
    app.household[1].birth_date = dt.date(9999, 12, 31)
    assert "date.future" in codes(check(app), "household[1].birth_date")


def test_expired_document_is_a_warning() -> None:
    app = application()
    assert app.applicant.document is not None
    app.applicant.document.expiry_date = dt.date(2025, 1, 1)
    [problem] = check(app).for_field("applicant.document.expiry_date")
    assert problem.severity is Severity.WARNING


def test_services_must_be_known_and_present() -> None:
    app = application()
    app.services = []
    assert codes(check(app), "services") == ["services.missing"]
    app.services = [ServiceRequest("999")]
    assert codes(check(app), "services[0].code") == ["services.unknown"]


def test_at_least_one_address() -> None:
    app = application()
    app.registered_address = Address()
    assert codes(check(app), "registered_address") == ["address.empty"]
    app.actual_address = Address(street="Миру", house="1")
    assert codes(check(app), "registered_address") == []


def test_consent_required() -> None:
    app = application()
    app.consent.given = False
    assert codes(check(app), "consent.given") == ["consent.missing"]


def test_optional_phone_missing_is_nothing_but_bad_phone_is_an_error() -> None:
    app = application()
    app.applicant.phone = ""
    assert codes(check(app), "applicant.phone") == []
    app.applicant.phone = "12345"
    assert codes(check(app), "applicant.phone") == ["phone.format"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_problem_has_a_message_in_both_languages(lang: str) -> None:
    app = application()
    app.applicant.surname = ""
    app.household.append(HouseholdMember(relationship="child"))
    for problem in check(app).problems:
        message = problem.message(lang)
        assert message and message != problem.code


def test_an_address_with_any_one_field_filled_is_not_empty() -> None:
    import dataclasses

    from frontdesk.model import Address

    assert Address().is_empty()
    for field in dataclasses.fields(Address):
        assert not Address(**{field.name: "1"}).is_empty(), field.name


def test_text_longer_than_the_exchange_format_allows_is_an_error_on_its_field() -> None:
    app = application()
    app.applicant.surname = "Коваленко" * 30  # 270 letters: the format allows 200
    app.registered_address.street = "вул. " + "Шевченка " * 40
    app.household[1].given_name = "Марʼяна" * 40
    report = check(app)
    assert codes(report, "applicant.surname") == ["text.too_long"]
    assert codes(report, "registered_address.street") == ["text.too_long"]
    assert codes(report, "household[1].given_name") == ["text.too_long"]
    assert "200" in report.for_field("applicant.surname")[0].message("uk")
    app.applicant.surname = "Коваленко"
    assert codes(check(app), "applicant.surname") == []


def test_more_scans_or_family_members_than_the_exchange_format_allows_is_an_error() -> None:
    """101 page photos were saved ready and refused by the registry only after every scan
    had been sent, the resident long gone; said on the list now, while she is there."""
    app = application()
    scan = Attachment(sha256="a" * 64, filename="сторінка.jpg", media_type="image/jpeg")
    app.attachments = [dataclasses.replace(scan, sha256=f"{i:064x}") for i in range(101)]
    app.household += [dataclasses.replace(app.household[1]) for _ in range(30)]
    report = check(app)
    assert codes(report, "attachments") == ["attachments.too_many"]
    assert "100" in report.for_field("attachments")[0].message("uk")
    assert codes(report, "household") == ["list.too_many"]
    app.attachments, app.household = app.attachments[:100], app.household[:30]
    assert codes(check(app), "attachments") == codes(check(app), "household") == []


def test_a_field_with_its_own_problem_is_not_also_called_too_long() -> None:
    app = application()
    app.applicant.rnokpp = "1" * 25
    assert "text.too_long" not in codes(check(app), "applicant.rnokpp")


@pytest.mark.parametrize("typed", ["Коваленко123", "Петренко!", "Бондар_", "Шевчук@"])
def test_a_name_with_digits_or_symbols_is_an_error(typed: str) -> None:
    app = application()
    app.applicant.surname = typed
    assert codes(check(app), "applicant.surname") == ["name.characters"]


@pytest.mark.parametrize(
    "name",
    [
        "Пʼятаченко",
        "Нечуй-Левицький",
        "Нечуй\u2011Левицький",  # the non-breaking hyphen a word processor puts in
        "Оле\u0301на",  # with a stress mark
        "Д'Артаньян",
        "Ван дер Берг",
        "Smith",
        "Ґонта",
    ],
)
def test_real_names_pass(name: str) -> None:
    app = application()
    app.applicant.surname = name
    assert codes(check(app), "applicant.surname") == []


def test_a_missing_document_is_named_in_the_language_of_the_message() -> None:
    app = application()
    app.documents = []
    [problem] = [p for p in check(app).problems if p.field == "documents.birth_certificate"]
    assert problem.message("uk").endswith("Свідоцтво про народження дитини")
    assert problem.message("en") == "The service needs this document: Child's birth certificate"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Бiлик", "Білик"),  # a Latin i: a Russian keyboard layout has no і
        ("Iваненко", "Іваненко"),  # a Latin I, as spreadsheets have it
        ("Коваленкo", "Коваленко"),  # a Latin o
        ("ТКАЧEНКО", "ТКАЧЕНКО"),  # a Latin E among capitals
        ("Мар'янa", "Марʼяна"),
        ("Петренко-Kоваль", "Петренко-Коваль"),
        ("Smith", "Smith"),  # a name wholly in Latin letters stays Latin
    ],
)
def test_latin_look_alikes_in_a_cyrillic_name_are_saved_as_the_ukrainian_letters(
    typed: str, read: str
) -> None:
    document = application().to_dict()
    document["applicant"]["given_name"] = typed
    document["household"][1]["surname"] = typed
    document["applicant"]["document"]["issued_by"] = "Iрпінський РВ"  # not a name: as typed
    app = Application.from_dict(document)
    assert app.applicant.given_name == read
    assert app.household[1].surname == read
    assert app.applicant.document is not None
    assert app.applicant.document.issued_by == "Iрпінський РВ"
    report = check(app)
    assert codes(report, "applicant.given_name") == codes(report, "household[1].surname") == []


@pytest.mark.parametrize(("typed", "letters"), [("Коваленкоs", "s"), ("Kовалеnко", "K, n")])
def test_a_word_mixing_latin_letters_that_look_like_no_cyrillic_one_is_an_error(
    typed: str, letters: str
) -> None:
    app = Application.from_dict({**application().to_dict()})
    app.applicant.surname = typed
    app.household[1].patronymic = typed
    report = check(app)
    [problem] = report.for_field("applicant.surname")
    assert (problem.code, problem.severity) == ("name.mixed_script", Severity.ERROR)
    assert problem.message("uk").startswith(f"Латинські літери ({letters}) серед українських")
    assert codes(report, "household[1].patronymic") == ["name.mixed_script"]
