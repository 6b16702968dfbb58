import time

import pytest

from frontdesk.text import (
    APOSTROPHE_VARIANTS,
    CANONICAL_APOSTROPHE,
    clean_reason,
    clean_text,
    cyrillic_lookalikes,
    local_time,
    mixed_script_letters,
    search_key,
    search_terms,
    sort_key,
)


@pytest.mark.parametrize("apostrophe", list(APOSTROPHE_VARIANTS))
def test_apostrophe_variants_are_stored_as_one(apostrophe: str) -> None:
    typed = f"Мар{apostrophe}яна В{apostrophe}ячеславівна"
    ok = CANONICAL_APOSTROPHE
    assert clean_text(typed) == f"Мар{ok}яна В{ok}ячеславівна"


def test_clean_text_folds_spaces() -> None:
    assert clean_text("  Ко   валенко ") == "Ко валенко"


def test_clean_text_drops_control_characters() -> None:
    """An escape sequence in a name or in who decided, printed by `frontdesk-registry show`
    or `frontdesk show`, would drive the officer's terminal (colours, a cleared screen)."""
    assert clean_text("Петренко\x1b[2J Олена\x00\x07") == "Петренко[2J Олена"
    assert clean_text("Мар\u2019яна\tКоваль\r\n") == "Мар\u02bcяна Коваль"


def test_a_reason_keeps_what_was_typed_but_line_ends_and_control_characters() -> None:
    typed = "  \r\n «Мар'яна»  і `Марʼяна`\t \r\n\r\n\t- пункт\x00\x1b[31m  \n\n"
    assert clean_reason(typed) == "«Мар'яна»  і `Марʼяна`\n\n\t- пункт[31m"
    assert clean_reason(" \x01\r\n\t ") == ""


@pytest.mark.parametrize("typed", ["МАР'ЯНА", "марʼяна", "Мар’яна", "маряна"])
def test_search_key_ignores_case_and_apostrophes(typed: str) -> None:
    assert search_key(typed) == "маряна"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Iваненко", "Іваненко"),  # a Latin I, as spreadsheets often have it
        ("Kоваленко", "Коваленко"),  # a Latin K
        ("Пiдгорна", "Підгорна"),  # a Latin i
        ("Киïв", "Київ"),  # a Latin ï
        ("ТЕРЕЩEНКО", "Терещенко"),  # a Latin E among capitals
        ("Марʼянa Bікторівна", "Мар'яна Вікторівна"),
        ("Петренко-Kоваль", "Петренко-Коваль"),
    ],
)
def test_latin_look_alikes_in_a_cyrillic_word_are_read_as_cyrillic(
    typed: str, written: str
) -> None:
    assert search_key(typed) == search_key(written)
    assert sort_key(typed) == sort_key(written)


@pytest.mark.parametrize("latin", ["Ivanenko", "OKSANA", "John Smith", "Kaiser"])
def test_a_word_wholly_in_latin_letters_stays_latin(latin: str) -> None:
    """(a foreign name) Latin as typed: found by the Latin spelling only."""
    assert search_key(latin) == latin.lower()


def test_a_name_mixing_in_latin_letters_that_look_like_none_is_left_as_it_is() -> None:
    assert search_key("Kовалеnко") != search_key("Коваленко")  # (n: no Cyrillic look-alike)


def test_identifiers_keep_their_latin_letters() -> None:
    """(a birth certificate's Roman series is Latin, a foreign passport's too)"""
    assert search_key("I-БК123456") == "i бк123456"
    assert search_key("IБК123456") == "iбк123456"


def test_g_with_upturn_and_yi_are_found_as_g_and_i_but_sort_after_them() -> None:
    assert search_key("Дзиґівка") == search_key("Дзигівка") == "дзигівка"
    assert search_key("Їжакевич") == search_key("Іжакевич")
    assert search_key("Киiв") == search_key("Київ")  # a Latin i for ї (no ї on the keyboard)
    names = ["Ґонта", "Гоща", "Гнатюк", "Дмитренко", "Їжак", "Іщенко"]
    expected = ["Гнатюк", "Гоща", "Ґонта", "Дмитренко", "Іщенко", "Їжак"]
    assert sorted(names, key=sort_key) == expected


@pytest.mark.parametrize("hostile", ['"', "'", "*", "AND OR NOT", "(", "NEAR(a b)", "a:b", "^", ""])
def test_search_terms_never_contain_query_syntax(hostile: str) -> None:
    for term in search_terms(hostile):
        assert term.replace(" ", "").isalnum() or term.isalnum()


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("2026-03-01T10:00:00Z", "01.03.2026 12:00"),
        ("2026-03-01t10:00:00z", "01.03.2026 12:00"),  # RFC 3339 allows lower case
        ("2026-06-30T23:59:60Z", "01.07.2026 02:59"),  # a leap second: the one before it
        ("2026-03-01T12:00:00.25+02:00", "01.03.2026 12:00"),
    ],
)
def test_every_time_the_import_takes_is_shown_with_its_date(
    stamp: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(the journal, the card and the receipt, the resident's proof of the date) a time
    the document format accepts is never shown blank."""
    with monkeypatch.context() as kyiv:
        kyiv.setenv("TZ", "Europe/Kyiv")
        time.tzset()
        assert local_time(stamp) == shown
    time.tzset()


def test_a_name_is_written_with_the_cyrillic_letters_its_latin_look_alikes_stand_for() -> None:
    assert cyrillic_lookalikes("Бiлик Iван") == "Білик Іван"
    assert cyrillic_lookalikes("Kовалеnко") == "Kовалеnко"  # (n looks like no Cyrillic letter)
    assert mixed_script_letters("Kовалеnко") == "Kn"
    assert mixed_script_letters("Iваненко") == ""  # (made Cyrillic on the way in)
    assert cyrillic_lookalikes("John Smith-Коваль") == "John Smith-Коваль"  # a word each
    assert mixed_script_letters("John Smith-Коваль") == ""
