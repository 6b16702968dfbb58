"""A field of the application document in the worker's words: "household[1].surname" is
«Член сім'ї 2 · прізвище» (English: "Household member 2 · surname"). The one wording of
a field's place, for the command line (``show``) and the app alike."""

from __future__ import annotations

# A part of a path: (Ukrainian, English).
NAMES = {
    "services": ("Послуги", "Services"),
    "applicant": ("Заявник", "Applicant"),
    "surname": ("прізвище", "surname"),
    "given_name": ("ім'я", "given name"),
    "patronymic": ("по батькові", "patronymic"),
    "birth_date": ("дата народження", "date of birth"),
    "sex": ("стать", "sex"),
    "rnokpp": ("РНОКПП", "РНОКПП"),
    "rnokpp_refused": ("відмова від РНОКПП", "refusal of a РНОКПП"),
    "citizenship": ("громадянство", "citizenship"),
    "document": ("документ, що посвідчує особу", "identity document"),
    "type": ("тип", "type"),
    "series": ("серія", "series"),
    "number": ("номер", "number"),
    "issued_by": ("ким видано", "issued by"),
    "issue_date": ("дата видачі", "date of issue"),
    "expiry_date": ("дійсний до", "valid until"),
    "unzr": ("УНЗР", "УНЗР"),
    "phone": ("телефон", "phone"),
    "email": ("ел. пошта", "e-mail"),
    "notify_by": ("спосіб повідомлення про рішення", "how to tell of the decision"),
    "registered_address": ("Адреса реєстрації", "Registered address"),
    "actual_address": ("Фактична адреса", "Actual address"),
    "katottg": ("населений пункт", "settlement"),
    "postcode": ("індекс", "postcode"),
    "street_type": ("тип вулиці", "street type"),
    "street": ("вулиця", "street"),
    "house": ("будинок", "house"),
    "building": ("корпус", "building"),
    "flat": ("квартира", "flat"),
    "household": ("Член сім'ї", "Household member"),
    "relationship": ("родинний зв'язок", "relationship"),
    "able_to_work": ("працездатний", "able to work"),
    "disability_group": ("група інвалідності", "disability group"),
    "payment": ("Виплата", "Payment"),
    "method": ("спосіб", "method"),
    "iban": ("IBAN", "IBAN"),
    "documents": ("Документ із переліку", "Document of the checklist"),
    "provided": ("подано", "provided"),
    "code": ("код", "code"),
    "attachments": ("Скан-копія", "Scan"),
    "filename": ("файл", "file"),
    "consent": ("Згода", "Consent"),
    "given": ("надано", "given"),
    "given_at": ("коли", "when"),
    "service_point": ("Місце прийому", "Service point"),
    "kind": ("вид", "kind"),
    "name": ("назва", "name"),
}


def field_name(path: str, language: str) -> str:
    """``path`` in the worker's words in ``language`` ("uk" or "en"); a part not known here
    is shown as it is."""
    english = language == "en"
    words = []
    for part in path.split("."):
        key, _, index = part.partition("[")
        uk, en = NAMES.get(key, (key, key))
        word = en if english else uk
        if index.rstrip("]").isdigit() and key != "services":
            word += f" {int(index.rstrip(']')) + 1}"
        words.append(word)
    return " · ".join(words)
