import time

import pytest

from frontdesk.text import (
    APOSTROPHE_VARIANTS,
    CANONICAL_APOSTROPHE,
    clean_text,
    local_time,
    search_key,
    search_terms,
)


@pytest.mark.parametrize("apostrophe", list(APOSTROPHE_VARIANTS))
def test_apostrophe_variants_are_stored_as_one(apostrophe: str) -> None:
    typed = f"Мар{apostrophe}яна В{apostrophe}ячеславівна"
    ok = CANONICAL_APOSTROPHE
    assert clean_text(typed) == f"Мар{ok}яна В{ok}ячеславівна"


def test_clean_text_folds_spaces() -> None:
    assert clean_text("  Ко   валенко ") == "Ко валенко"


@pytest.mark.parametrize("typed", ["МАР'ЯНА", "марʼяна", "Мар’яна", "маряна"])
def test_search_key_ignores_case_and_apostrophes(typed: str) -> None:
    assert search_key(typed) == "маряна"


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
