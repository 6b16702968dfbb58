import pytest

from frontdesk.text import (
    APOSTROPHE_VARIANTS,
    CANONICAL_APOSTROPHE,
    clean_text,
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
