"""How the form words the fixed choices (sex, documents, relationships, …).

Values are the exchange format's; labels are translated at call time so a
language switch relabels them. Typing the first letter in a closed combo box
picks the item (again: the next one with that letter), so labels start with a
letter of their language — the worker types on that keyboard layout — and with
different letters where possible.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

Choices = list[tuple[str, str]]
EMPTY = ("", "—")


def _tr(text: object) -> str:
    """Translate a label marked with QT_TRANSLATE_NOOP (so lupdate finds it)."""
    return QCoreApplication.translate("Choices", str(text))


def sex_choices() -> Choices:
    return [
        EMPTY,
        ("M", _tr(QT_TRANSLATE_NOOP("Choices", "male"))),
        ("F", _tr(QT_TRANSLATE_NOOP("Choices", "female"))),
    ]


def document_choices() -> Choices:
    return [
        EMPTY,
        ("id_card", _tr(QT_TRANSLATE_NOOP("Choices", "ID card"))),
        ("passport_booklet", _tr(QT_TRANSLATE_NOOP("Choices", "Passport (booklet)"))),
        ("birth_certificate", _tr(QT_TRANSLATE_NOOP("Choices", "Birth certificate"))),
        ("foreign_passport", _tr(QT_TRANSLATE_NOOP("Choices", "Foreign passport"))),
        ("residence_permit", _tr(QT_TRANSLATE_NOOP("Choices", "Residence permit"))),
    ]


def relationship_choices(with_applicant: bool = False) -> Choices:
    choices = [
        ("spouse", _tr(QT_TRANSLATE_NOOP("Choices", "spouse"))),
        ("child", _tr(QT_TRANSLATE_NOOP("Choices", "child"))),
        ("parent", _tr(QT_TRANSLATE_NOOP("Choices", "parent"))),
        ("sibling", _tr(QT_TRANSLATE_NOOP("Choices", "brother or sister"))),
        ("grandchild", _tr(QT_TRANSLATE_NOOP("Choices", "grandchild"))),
        ("grandparent", _tr(QT_TRANSLATE_NOOP("Choices", "grandparent"))),
        ("ward", _tr(QT_TRANSLATE_NOOP("Choices", "ward"))),
        ("other", _tr(QT_TRANSLATE_NOOP("Choices", "other"))),
    ]
    return (
        [("applicant", _tr(QT_TRANSLATE_NOOP("Choices", "applicant"))), *choices]
        if with_applicant
        else choices
    )


def disability_choices() -> Choices:
    """A household member's disability group (a disabled child has none: "CHILD")."""
    return [
        EMPTY,
        ("I", _tr(QT_TRANSLATE_NOOP("Choices", "group I"))),
        ("II", _tr(QT_TRANSLATE_NOOP("Choices", "group II"))),
        ("III", _tr(QT_TRANSLATE_NOOP("Choices", "group III"))),
        ("CHILD", _tr(QT_TRANSLATE_NOOP("Choices", "disabled child"))),
    ]


def able_to_work_choices() -> Choices:
    """Whether a household member is able to work (means-tested help asks it of adults)."""
    return [
        EMPTY,
        ("yes", _tr(QT_TRANSLATE_NOOP("Choices", "yes"))),
        ("no", _tr(QT_TRANSLATE_NOOP("Choices", "no"))),
    ]


def notify_choices() -> Choices:
    return [
        EMPTY,
        ("sms", _tr(QT_TRANSLATE_NOOP("Choices", "SMS"))),
        ("email", _tr(QT_TRANSLATE_NOOP("Choices", "E-mail"))),
        ("phone", _tr(QT_TRANSLATE_NOOP("Choices", "Phone call"))),
        ("post", _tr(QT_TRANSLATE_NOOP("Choices", "Letter by post"))),
        ("in_person", _tr(QT_TRANSLATE_NOOP("Choices", "In person at the office"))),
    ]


def payment_choices() -> Choices:
    return [
        ("bank", _tr(QT_TRANSLATE_NOOP("Choices", "To a bank account (IBAN)"))),
        ("post", _tr(QT_TRANSLATE_NOOP("Choices", "By post"))),
    ]


def street_types() -> list[str]:
    """Usual street-type abbreviations (Ukrainian whatever the language: they are data)."""
    return ["вул.", "просп.", "пров.", "бульв.", "пл.", "узвіз", "тупик", "шосе", "мкрн"]


def label_of(choices: Choices, value: str) -> str:
    return dict(choices).get(value, value)
