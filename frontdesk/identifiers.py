"""Checks for Ukrainian identifiers (see docs/glossary.md and DOMAIN.md).

Each ``check_*`` function returns ``None`` when the value is acceptable or a
message code from :mod:`frontdesk.messages` describing the first problem.
Values are expected already cleaned with :func:`compact`.
"""

from __future__ import annotations

import datetime as dt
import re

# Latin letters that look like Cyrillic ones: people type them by accident in document
# series (Latin "M", "K" for Cyrillic "М", "К"), as in names.
from frontdesk.text import LATIN_LOOKALIKES

RNOKPP_EPOCH = dt.date(1899, 12, 31)
# The Ukrainian alphabet's capitals (А-Я would let in Ъ, Ы and Э, which it does not have).
UK_CAPITALS = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
_PASSPORT_RE = re.compile(rf"^[{UK_CAPITALS}]{{2}}\d{{6}}$", re.ASCII)
_ID_CARD_RE = re.compile(r"^\d{9}$", re.ASCII)
_UNZR_RE = re.compile(r"^(\d{8})-(\d{5})$", re.ASCII)
_BIRTH_CERT_RE = re.compile(rf"^([IVXLC]{{1,6}})-([{UK_CAPITALS}]{{2}})(\d{{6}})$", re.ASCII)
_KATOTTG_RE = re.compile(r"^UA\d{17}$", re.ASCII)
_WORKSTATION_RE = re.compile(r"^[A-Z0-9]{2,12}$")
_UNZR_WEIGHTS = (7, 3, 1)


# КАТОТТГ categories of places people live in: city (M), urban settlement (X), village (C),
# small settlement (T), city of special status (K), city district (B).
SETTLEMENT_CATEGORIES = ("M", "X", "C", "T", "K", "B")


def _ascii_digits(value: str) -> bool:
    """0–9 only: str.isdigit() and a bare \\d also take other scripts' digits (and ²)."""
    return value.isascii() and value.isdigit()


def compact(value: str) -> str:
    """Strip spaces and upper-case an identifier as typed."""
    if value.isalnum():  # no space of any kind (the usual case): nothing to strip
        return value.upper()
    return "".join(value.split()).upper()  # split(): every Unicode space, as \s does


# Cyrillic capitals that look like Latin ones: typed with the Ukrainian keyboard layout on,
# "КС01" or "UА…" looks right and was refused as "Latin capitals only" with no way to see why.
_CYRILLIC_TWINS = str.maketrans("АВСЕНІКМОРТХУ", "ABCEHIKMOPTXY")
_NON_LATIN_LETTER_RE = re.compile(r"[^\W\d_A-Z]")


def compact_code(value: str) -> str:
    """A workstation or community code as typed: :func:`compact`, and a Cyrillic letter
    that looks like a Latin one read as that Latin letter (the codes are Latin only)."""
    return compact(value).translate(_CYRILLIC_TWINS)


def fix_cyrillic_series(value: str) -> str:
    """Turn look-alike Latin capitals in a document series into Cyrillic ones."""
    return compact(value).translate(LATIN_LOOKALIKES)


# --- РНОКПП -----------------------------------------------------------------


def check_rnokpp(value: str) -> str | None:
    if not _ascii_digits(value) or len(value) != 10:
        return "rnokpp.format"
    from stdnum.ua import rntrc  # imported on first use: start-up time

    # The format is checked above, so the check digit alone (validate() would clean
    # and re-check the format first: a third of the whole validation's time).
    if rntrc.calc_check_digit(value) != value[-1]:
        return "rnokpp.checksum"
    return None


def rnokpp_birth_date(value: str) -> dt.date:
    """The birth date encoded in the first five digits of a РНОКПП."""
    return RNOKPP_EPOCH + dt.timedelta(days=int(value[:5]))


def rnokpp_sex(value: str) -> str:
    """'M' when the ninth digit is odd, 'F' when it is even."""
    return "M" if int(value[8]) % 2 else "F"


def rnokpp_for(birth_date: dt.date, sex: str, serial: int = 0) -> str:
    """Build a valid РНОКПП for a birth date and sex (for examples and tests)."""
    days = (birth_date - RNOKPP_EPOCH).days
    serial_digits = f"{serial % 1000:03d}"
    ninth = (serial // 1000) % 5 * 2 + (1 if sex == "M" else 0)
    body = f"{days:05d}{serial_digits}{ninth}"
    from stdnum.ua import rntrc

    return body + rntrc.calc_check_digit(body)


# --- УНЗР -------------------------------------------------------------------


def unzr_check_digit(twelve_digits: str) -> str:
    total = sum(int(d) * _UNZR_WEIGHTS[i % 3] for i, d in enumerate(twelve_digits))
    return str(total % 10)


def normalize_unzr(value: str) -> str:
    """A УНЗР as typed, in its written form: spaces gone, a typographic dash made "-", and
    the dash put in when the 13 digits were typed without it (1980030500424 →
    19800305-00424; it always follows the eight digits of the date)."""
    value = compact(value).translate(DASHES)
    if len(value) == 13 and _ascii_digits(value):
        return f"{value[:8]}-{value[8:]}"
    return value


def check_unzr(value: str) -> str | None:
    match = _UNZR_RE.match(value)
    if not match:
        return "unzr.format"
    if unzr_birth_date(value) is None:
        return "unzr.date"
    digits = match.group(1) + match.group(2)
    if unzr_check_digit(digits[:12]) != digits[12]:
        return "unzr.checksum"
    return None


def unzr_birth_date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None


def unzr_for(birth_date: dt.date, counter: int) -> str:
    """Build a valid УНЗР (for examples and tests)."""
    twelve = f"{birth_date:%Y%m%d}{counter % 10000:04d}"
    return f"{twelve[:8]}-{twelve[8:]}{unzr_check_digit(twelve)}"


# --- identity documents -----------------------------------------------------


def split_passport_booklet(series: str, number: str) -> tuple[str, str]:
    """A passport booklet's series and number, as (series, number): the whole "МК123456"
    typed in either field with the other left empty is split (its letters read as Cyrillic,
    as a series typed alone is); anything else is as typed, compacted, its series in
    Cyrillic."""
    series, number = fix_cyrillic_series(series), compact(number)
    if bool(series) != bool(number):
        whole = fix_cyrillic_series(series or number)
        if _PASSPORT_RE.match(whole):
            return whole[:2], whole[2:]
    return series, number


def check_passport_booklet(series_and_number: str) -> str | None:
    return None if _PASSPORT_RE.match(series_and_number) else "passport.format"


def check_id_card(number: str) -> str | None:
    return None if _ID_CARD_RE.match(number) else "id_card.format"


# A birth certificate's series and number as printed on it and copied: "І-БК № 123456",
# the Roman numeral typed as a Cyrillic І or a digit 1, the dash left out.
_BIRTH_CERT_TYPED = re.compile(r"^([IVXLCІ1]{1,6})-?([^\W\d_]{2})(\d{6})$")


def normalize_birth_certificate(value: str) -> str:
    """The series's Roman numeral in Latin letters (people type Cyrillic І or the digit 1),
    its letters in Cyrillic, a dash between them and the number right after (the "№" the
    certificate prints before it dropped)."""
    value = compact(value).translate(DASHES).replace("№", "")
    match = _BIRTH_CERT_TYPED.match(value)
    if match is None:
        return value
    roman, letters, number = match.groups()
    roman = roman.replace("1", "I").replace("І", "I")  # Cyrillic І to Latin I
    return f"{roman}-{letters.translate(LATIN_LOOKALIKES)}{number}"


def join_birth_certificate(series: str, number: str) -> str:
    """A birth certificate whole, as the exchange format keeps it in its number
    (docs/format.md), when its series came apart: "I-ТП" and "548213" in the two columns
    of a spreadsheet are "I-ТП548213" (they were refused as no certificate at all). A
    series the number already starts with is not put in twice; one that makes no
    certificate with the number is put in front all the same, for the check to show."""
    whole = normalize_birth_certificate(number)
    if not compact(series):
        return whole
    joined = normalize_birth_certificate(series + number)
    if check_birth_certificate(joined) is not None and (match := _BIRTH_CERT_RE.match(whole)):
        typed = normalize_birth_certificate(series + "0" * 6)[:-6]
        if typed == f"{match[1]}-{match[2]}":
            return whole
    return joined


def check_birth_certificate(value: str) -> str | None:
    return None if _BIRTH_CERT_RE.match(value) else "birth_certificate.format"


# --- payment and places -----------------------------------------------------


IBAN_LENGTH = 29  # UA, 2 check digits, 6-digit bank code, 19-digit account


def check_iban(value: str) -> str | None:
    problem = iban_problem(value)
    return problem[0] if problem else None


def iban_problem(value: str) -> tuple[str, dict[str, str]] | None:
    """The first problem of an IBAN as a message code and what its message names: the
    country code it starts with, the character where a digit belongs and its position, or
    the length found. One "must start with UA and have 29 characters" for all of them was
    no help with a Latin O typed for a zero: the IBAN seemed to be both."""
    if len(value) == 16 and _ascii_digits(value):
        return "iban.card_number", {}  # the card the resident holds out, not its account
    start = value[:2]
    if start != "UA":
        if start.translate(_CYRILLIC_TWINS) == "UA":  # (compact_code on the way in reads it)
            return "iban.country_cyrillic", {"start": start}
        return "iban.country", {"start": start}
    if not _ascii_digits(value[2:]):
        for position, character in enumerate(value[2:], start=3):
            if not _ascii_digits(character):
                code = "iban.letter" if character.isalpha() else "iban.character"
                return code, {"character": character, "position": str(position)}
    if len(value) != IBAN_LENGTH:
        return "iban.length", {"length": str(len(value))}
    # ISO 13616: move the country code and check digits to the end, letters as their
    # base-36 values (U = 30, A = 10), and the number mod 97 must be 1: what
    # stdnum.iso7064.mod_97_10.is_valid computes character by character, in one
    # integer operation (a tenth of the validation's time otherwise; the tests
    # compare the two).
    if int(value[4:] + "3010" + value[2:4]) % 97 != 1:
        return "iban.checksum", {}
    return None


def check_katottg_format(value: str) -> str | None:
    return None if _KATOTTG_RE.match(value) else "katottg.format"


def check_workstation_code(value: str) -> str | None:
    if _WORKSTATION_RE.match(value):
        return None
    if _NON_LATIN_LETTER_RE.search(value):  # (after compact_code: Я, Ж, Ш… no twin)
        return "workstation.not_latin"
    return "workstation.format"


_PHONE_RE = re.compile(r"^\+380\d{9}$", re.ASCII)
# Another country's number, with its country code (E.164: at most 15 digits): a resident
# back from abroad, or whose only phone is a foreign SIM card.
_FOREIGN_PHONE_RE = re.compile(r"^\+(?!380)[1-9]\d{6,14}$", re.ASCII)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_phone(value: str) -> str:
    """Bring a Ukrainian phone number to +380XXXXXXXXX where it is unambiguous."""
    if _PHONE_RE.match(value):  # already so (every stored document)
        return value
    digits = re.sub(r"[\s()\-.]", "", value)
    if re.fullmatch(r"0\d{9}", digits, re.ASCII):
        return "+38" + digits
    if re.fullmatch(r"80\d{9}", digits, re.ASCII):  # the old long-distance "8" before 0XX
        return "+3" + digits
    if re.fullmatch(r"380\d{9}", digits, re.ASCII):
        return "+" + digits
    if re.fullmatch(r"00[1-9]\d{6,14}", digits, re.ASCII):  # "00" dialled for abroad
        return normalize_phone("+" + digits[2:])
    return digits


def check_phone(value: str) -> str | None:
    """None for a Ukrainian number; "phone.foreign" for another country's (a warning: it
    is kept, but the back office's SMS may not reach it); "phone.format" otherwise."""
    if _PHONE_RE.match(value):
        return None
    return "phone.foreign" if _FOREIGN_PHONE_RE.match(value) else "phone.format"


def check_email(value: str) -> str | None:
    return None if _EMAIL_RE.match(value) else "email.format"


# --- application numbers as people write them ---------------------------------------
#
# One reading for the workstation's search and `show` (frontdesk.store) and the registry's
# back office: any case, "№" before it, a full stop after it, its parts apart with dashes of
# any kind, slashes or spaces, the sequence without its zeros, a workstation code typed with
# a Cyrillic look-alike letter (the keyboard on the other layout).

# What a PDF or a word processor puts for a hyphen: dashes, minus signs.
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))
_NUMBER_PARTS = re.compile(r"\s*[-/]\s*|\s+")
_CYRILLIC_TO_LATIN = str.maketrans("АВСЕНІКМОРТХУавсенікмортху", "ABCEHIKMOPTXYabcehikmoptxy")
SEQUENCE_DIGITS = 6


def clean_number(typed: str) -> str:
    """What was typed, without a "№" or the full stop of a sentence it was copied from, and
    with every kind of dash a hyphen."""
    return typed.translate(DASHES).replace("№", " ").strip(" \t\r\n-.,;:")


def number_parts(typed: str) -> list[str]:
    """The parts of what may be an application number (case as typed): its workstation
    code read in Latin when it mixes Latin and Cyrillic look-alike letters ("ZТ01"); a
    word with no Latin letter or digit in it (a name) is left as it is."""
    parts = _NUMBER_PARTS.split(clean_number(typed))
    first = parts[0]
    if not first.isascii() and any(c.isascii() and c.isalnum() for c in first):
        parts[0] = first.translate(_CYRILLIC_TO_LATIN)
    return parts


def _sequence(part: str) -> str | None:
    ok = _ascii_digits(part) and len(part) <= SEQUENCE_DIGITS and part.strip("0")
    return part.zfill(SEQUENCE_DIGITS) if ok else None


def canonical_number(typed: str) -> str | None:
    """``CODE-YYYY-NNNNNN`` for a whole number written any way people write it; None when
    ``typed`` is not one."""
    parts = number_parts(typed.upper())
    if len(parts) != 3:
        return None
    code, year, sequence = parts[0], parts[1], _sequence(parts[2])
    if not (_WORKSTATION_RE.match(code) and _ascii_digits(year) and len(year) == 4):
        return None
    return f"{code}-{year}-{sequence}" if sequence else None


def year_and_sequence(typed: str) -> str | None:
    """``YYYY-NNNNNN`` for a number written without its workstation code; None otherwise."""
    parts = number_parts(typed)
    if len(parts) != 2 or not (_ascii_digits(parts[0]) and len(parts[0]) == 4):
        return None
    sequence = _sequence(parts[1])
    return f"{parts[0]}-{sequence}" if sequence else None
