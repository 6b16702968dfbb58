"""Generated applications in bulk: realistic names, valid identifiers, varied services."""

from __future__ import annotations

import datetime as dt
import random

from frontdesk.identifiers import rnokpp_for
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

SURNAMES = [
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Шевченко",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Бойко",
    "Ковальчук",
    "Мельник",
    "Лисенко",
    "Мороз",
    "Марченко",
    "Савченко",
    "Руденко",
    "Петренко",
    "Павленко",
    "Левченко",
    "Гончаренко",
    "Клименко",
    "Кузьменко",
    "Романенко",
    "Сидоренко",
    "Вʼюн",
    "Пʼятаченко",
    "Мазур",
    "Кушнір",
    "Гнатюк",
    "Костенко",
    "Захарченко",
    "Харченко",
    "Демченко",
    "Швець",
    "Литвиненко",
    "Тимошенко",
    "Юрченко",
    "Ярошенко",
    "Мартинюк",
    "Зінченко",
]
GIVEN = {
    "F": [
        "Олена",
        "Марʼяна",
        "Дарʼя",
        "Ірина",
        "Наталія",
        "Оксана",
        "Тетяна",
        "Людмила",
        "Любов",
        "Галина",
        "Ганна",
        "Софія",
    ],
    "M": [
        "Андрій",
        "Вʼячеслав",
        "Олександр",
        "Сергій",
        "Іван",
        "Микола",
        "Петро",
        "Василь",
        "Юрій",
        "Богдан",
        "Тарас",
        "Дмитро",
    ],
}
SERVICES = ("250", "249", "664", "248", "267", "268", "862", "subsidy", "pilhy")
SETTLEMENT = "UA18040530010026726"
IBAN = "UA213223130000026007233566001"


def generate(count: int, seed: int = 1) -> list[Application]:
    rng = random.Random(seed)
    return [_one(rng, i) for i in range(count)]


def _one(rng: random.Random, i: int) -> Application:
    sex = rng.choice("MF")
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 62))
    surname = rng.choice(SURNAMES)
    given = rng.choice(GIVEN[sex])
    rnokpp = rnokpp_for(birth, sex, i % 5000)
    service = rng.choice(SERVICES)
    applicant = Applicant(
        surname=surname,
        given_name=given,
        patronymic="Іванівна" if sex == "F" else "Іванович",
        birth_date=birth,
        sex=sex,
        rnokpp=rnokpp,
        document=IdentityDocument(type="passport_booklet", series="МК", number=f"{i % 10**6:06d}"),
        phone=f"+38067{rng.randrange(10**7):07d}",
    )
    return Application(
        status=Status.READY,
        services=[ServiceRequest(service)],
        applicant=applicant,
        registered_address=Address(
            katottg=SETTLEMENT,
            postcode="12345",
            street="Шевченка",
            house=str(rng.randrange(1, 200)),
        ),
        household=[
            HouseholdMember(
                relationship="applicant",
                surname=surname,
                given_name=given,
                birth_date=birth,
                sex=sex,
                rnokpp=rnokpp,
            )
        ],
        payment=Payment(method="bank", iban=IBAN),
        documents=[DocumentCheck("identity_document", True)],
        consent=Consent(given=True, given_at="2026-10-01T09:00:00Z"),
    )
