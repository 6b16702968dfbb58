"""Valid applications for tests, built from parts so a test can spoil one part."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from frontdesk.identifiers import rnokpp_for, unzr_for
from frontdesk.model import (
    Address,
    Applicant,
    Application,
    Consent,
    DocumentCheck,
    HouseholdMember,
    IdentityDocument,
    Payment,
    ServiceRequest,
    Status,
)

IBAN = "UA213223130000026007233566001"

if TYPE_CHECKING:
    from frontdesk.profile import Profile


def applicant(
    surname: str = "Коваленко",
    given_name: str = "Марʼяна",
    birth_date: dt.date = dt.date(1990, 5, 17),
    sex: str = "F",
    serial: int = 7,
) -> Applicant:
    return Applicant(
        surname=surname,
        given_name=given_name,
        patronymic="Іванівна",
        birth_date=birth_date,
        sex=sex,
        rnokpp=rnokpp_for(birth_date, sex, serial),
        document=IdentityDocument(
            type="id_card",
            number="001234567",
            issued_by="4810",
            issue_date=dt.date(2019, 3, 1),
            expiry_date=dt.date(2029, 3, 1),
        ),
        unzr=unzr_for(birth_date, serial),
        phone="+380671234567",
    )


def application(**person: object) -> Application:
    person_ = applicant(**person)  # type: ignore[arg-type]
    child_birth = dt.date(2026, 9, 1)
    return Application(
        status=Status.READY,
        services=[ServiceRequest("250")],
        applicant=person_,
        registered_address=Address(
            katottg="UA18040530010026726", postcode="12345", street="Шевченка", house="5"
        ),
        household=[
            HouseholdMember(
                relationship="applicant",
                surname=person_.surname,
                given_name=person_.given_name,
                birth_date=person_.birth_date,
                sex=person_.sex,
                rnokpp=person_.rnokpp,
            ),
            HouseholdMember(
                relationship="child",
                surname=person_.surname,
                given_name="Дарʼя",
                birth_date=child_birth,
                sex="F",
                document=IdentityDocument(type="birth_certificate", number="I-БК123456"),
            ),
        ],
        payment=Payment(method="bank", iban=IBAN),
        documents=[
            DocumentCheck("identity_document", True),
            DocumentCheck("birth_certificate", True),
        ],
        consent=Consent(given=True),
    )


class SetClock:
    """A laptop's clock that a test sets (laptop clocks are often wrong: DESIGN.md)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def counts(profile: Profile) -> dict[str, int]:
    """Rows of the tables one save writes together (a failed save changes none)."""
    return {
        table: int(profile.db.scalar(f"SELECT count(*) FROM {table}"))
        for table in ("applications", "outbox", "audit")
    }
