import datetime as dt

import pytest

from frontdesk import identifiers as ids


class TestRnokpp:
    def test_generated_number_is_valid_and_encodes_birth_date_and_sex(self) -> None:
        number = ids.rnokpp_for(dt.date(1985, 3, 14), "F", 123)
        assert ids.check_rnokpp(number) is None
        assert ids.rnokpp_birth_date(number) == dt.date(1985, 3, 14)
        assert ids.rnokpp_sex(number) == "F"
        male = ids.rnokpp_for(dt.date(1985, 3, 14), "M", 123)
        assert ids.rnokpp_sex(male) == "M"

    def test_known_valid_number(self) -> None:
        # Worked example: 1,1,2,3,4,5,6,7,8 weighted (-1,5,7,9,4,6,10,5,7) → check digit.
        body = "311191230"
        check = sum(int(d) * w for d, w in zip(body, (-1, 5, 7, 9, 4, 6, 10, 5, 7), strict=True))
        assert ids.check_rnokpp(body + str(check % 11 % 10)) is None

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("311191230", "rnokpp.format"),
            ("31119123A7", "rnokpp.format"),
            ("3111912306", "rnokpp.checksum"),
        ],
    )
    def test_invalid(self, value: str, code: str) -> None:
        assert ids.check_rnokpp(value) == code


class TestUnzr:
    def test_valid(self) -> None:
        value = ids.unzr_for(dt.date(1985, 3, 14), 42)
        assert value == "19850314-00423"
        assert ids.check_unzr(value) is None

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("1985031400423", "unzr.format"),
            ("19850314-0042", "unzr.format"),
            ("19850230-00423", "unzr.date"),
            ("19850314-00424", "unzr.checksum"),
        ],
    )
    def test_invalid(self, value: str, code: str) -> None:
        assert ids.check_unzr(value) == code


@pytest.mark.parametrize(
    "typed",
    [
        "1980030500424",
        "19800305 00424",
        " 19800305-00424 ",
        "19800305\u201300424",  # en dash
        "19800305\u201500424",  # horizontal bar (pasted from a PDF)
        "19800305\uff0d00424",  # fullwidth hyphen-minus
    ],
)
def test_a_unzr_typed_without_its_dash_or_with_another_gets_its_dash(typed: str) -> None:
    assert ids.normalize_unzr(typed) == "19800305-00424"
    assert ids.check_unzr(ids.normalize_unzr(typed)) is None


@pytest.mark.parametrize("typed", ["198003050042", "19800305004241", "1980-0305-00424"])
def test_a_unzr_of_other_length_or_shape_is_left_as_typed(typed: str) -> None:
    assert ids.normalize_unzr(typed) == typed
    assert ids.check_unzr(ids.normalize_unzr(typed)) == "unzr.format"


class TestDocuments:
    def test_passport_booklet(self) -> None:
        assert ids.check_passport_booklet("МК123456") is None
        assert ids.check_passport_booklet("МК12345") == "passport.format"
        assert ids.check_passport_booklet("MK123456") == "passport.format"  # Latin letters
        assert ids.check_passport_booklet("ҐЄ123456") is None  # Ukrainian letters all count
        assert ids.check_passport_booklet("ЫЭ123456") == "passport.format"  # not Ukrainian
        assert ids.fix_cyrillic_series("mk") == "МК"

    @pytest.mark.parametrize(
        ("series", "number"),
        [("", "MK123456"), ("", "МК123456"), ("", "мк 123456"), ("MK123456", ""), ("mk", "123456")],
    )
    def test_a_passport_booklet_typed_whole_in_one_field_is_split(
        self, series: str, number: str
    ) -> None:
        assert ids.split_passport_booklet(series, number) == ("МК", "123456")

    @pytest.mark.parametrize(
        ("series", "number"), [("", "123456"), ("", "M1234567"), ("МК", "МК123456"), ("", "")]
    )
    def test_what_is_no_whole_booklet_is_left_as_typed(self, series: str, number: str) -> None:
        assert ids.split_passport_booklet(series, number) == (series, number)

    def test_id_card(self) -> None:
        assert ids.check_id_card("001234567") is None
        assert ids.check_id_card("00123456") == "id_card.format"

    @pytest.mark.parametrize("typed", ["I-БК123456", "1-БК123456", "і-бк123456", "I-бк 123456"])
    def test_birth_certificate_roman_numeral_variants(self, typed: str) -> None:
        fixed = ids.normalize_birth_certificate(typed)
        assert fixed == "I-БК123456"
        assert ids.check_birth_certificate(fixed) is None

    @pytest.mark.parametrize(
        "typed", ["І-БК № 123456", "I-БК №123456", "І БК 123456", "ІБК123456", "I\u2013БК123456"]
    )
    def test_a_birth_certificate_copied_as_printed_is_read(self, typed: str) -> None:
        """The certificate prints "Серія І-БК № 123456": copied so, or with the dash left
        out, it is the same certificate (it was an error that held the application)."""
        assert ids.normalize_birth_certificate(typed) == "I-БК123456"

    def test_birth_certificate_latin_lookalikes_become_cyrillic(self) -> None:
        assert ids.normalize_birth_certificate("II-KM123456") == "II-КМ123456"

    @pytest.mark.parametrize(
        ("series", "number", "whole"),
        [
            ("I-ТП", "548213", "I-ТП548213"),
            ("1-тп", "548213", "I-ТП548213"),
            ("ІТП", "№548213", "I-ТП548213"),
            ("I-ТП", "I-ТП548213", "I-ТП548213"),  # (not put in twice)
            ("", "І-ТП 548213", "I-ТП548213"),
            ("II-ТП", "I-ТП548213", "II-ТПI-ТП548213"),  # another series: shown, not dropped
        ],
    )
    def test_a_birth_certificate_series_given_apart_is_joined(
        self, series: str, number: str, whole: str
    ) -> None:
        assert ids.join_birth_certificate(series, number) == whole

    def test_birth_certificate_invalid(self) -> None:
        assert ids.check_birth_certificate("БК123456") == "birth_certificate.format"
        assert ids.check_birth_certificate("II-БК12345") == "birth_certificate.format"
        assert ids.check_birth_certificate("II-ЪЫ123456") == "birth_certificate.format"


class TestIbanAndPlaces:
    def test_iban(self) -> None:
        assert ids.check_iban("UA213223130000026007233566001") is None
        assert ids.check_iban("UA213223130000026007233566002") == "iban.checksum"
        assert ids.check_iban("UA2132231300000260072335660") == "iban.length"
        assert ids.check_iban("DE89370400440532013000") == "iban.country"

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            (
                "UA21322313000002600723356600O",
                ("iban.letter", {"character": "O", "position": "29"}),
            ),
            ("UA2132231300000260072335660", ("iban.length", {"length": "27"})),
            ("UA2132231300000260072335660011", ("iban.length", {"length": "30"})),
            ("UА213223130000026007233566001", ("iban.country_cyrillic", {"start": "UА"})),
            ("213223130000026007233566001", ("iban.country", {"start": "21"})),
        ],
    )
    def test_an_iban_problem_names_what_is_wrong(
        self, value: str, problem: tuple[str, dict[str, str]]
    ) -> None:
        """Wrong country, wrong length and a non-digit were one "iban.format"."""
        assert ids.iban_problem(value) == problem

    def test_iban_checksum_agrees_with_stdnum(self) -> None:
        """The one-integer mod 97 equals python-stdnum's IBAN check, valid or not."""
        import random

        from stdnum import iban

        rng = random.Random(7)
        valid = 0
        for _ in range(3000):
            body = "".join(rng.choice("0123456789") for _ in range(25))
            check = iban.calc_check_digits("UA00" + body)
            if rng.random() < 0.5:
                check = f"{rng.randrange(100):02d}"  # right now and then, by chance
            value = f"UA{check}{body}"
            ours_ok = ids.check_iban(value) is None
            assert ours_ok == iban.is_valid(value), value
            valid += ours_ok
        assert 1000 < valid < 3000  # both kinds were tried

    def test_katottg_format(self) -> None:
        assert ids.check_katottg_format("UA18040530010026726") is None
        assert ids.check_katottg_format("UA1804053001002672") == "katottg.format"
        assert ids.check_katottg_format("18040530010026726UA") == "katottg.format"

    def test_phone(self) -> None:
        assert ids.normalize_phone("067 123 45 67") == "+380671234567"
        assert ids.normalize_phone("(067) 123-45-67") == "+380671234567"
        # As many still write it, with the old trunk prefix "8" before the operator's code.
        assert ids.normalize_phone("8 067 123 45 67") == "+380671234567"
        assert ids.normalize_phone("8(067)1234567") == "+380671234567"
        assert ids.check_phone("+380671234567") is None
        assert ids.check_phone("12345") == "phone.format"

    def test_a_foreign_phone_is_kept_with_its_country_code(self) -> None:
        """A resident whose only phone is a Polish SIM card: the number was an error no one
        could fix, and the application could not be sent."""
        assert ids.normalize_phone("+48 601 234 567") == "+48601234567"
        assert ids.normalize_phone("0048 601-234-567") == "+48601234567"
        assert ids.normalize_phone("00380 67 123 45 67") == "+380671234567"
        assert ids.check_phone("+48601234567") == "phone.foreign"
        assert ids.check_phone("+3806712345678") == "phone.format"  # a digit too many
        assert ids.check_phone("+4860") == "phone.format"  # too short for any country


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    ("check", "valid"),
    [
        (ids.check_rnokpp, "3012345678"),
        (ids.check_id_card, "123456789"),
        (ids.check_passport_booklet, "МН123456"),
        (ids.check_katottg_format, "UA18040530000045696"),
        (ids.check_phone, "+380671234567"),
    ],
)
def test_digits_of_other_scripts_are_not_digits(check: object, valid: str) -> None:
    """Only 0–9 count: a pasted "١٢٣" or "²" is a format error, never accepted or a crash."""
    assert callable(check)
    digits = [i for i, c in enumerate(valid) if c.isdigit()]
    lookalike = "".join(
        c.translate(ARABIC_INDIC) if i == digits[0] else c for i, c in enumerate(valid)
    )
    superscript = "".join("²" if i == digits[0] else c for i, c in enumerate(valid))
    for value in (lookalike, superscript):
        assert check(value) is not None, value


def test_an_iban_and_a_unzr_with_other_digits_are_refused() -> None:
    assert ids.iban_problem("UA" + "٢" + "13223130000026007233566001"[1:]) == (
        "iban.character",
        {"character": "٢", "position": "3"},
    )
    assert ids.check_unzr("19850312-٠٠٠٢٣") == "unzr.format"
    assert ids.normalize_phone("٠٦٧١٢٣٤٥٦٧") == "٠٦٧١٢٣٤٥٦٧"  # left as typed: not a number
