import pytest

from frontdesk.text import CANONICAL_APOSTROPHE, clean_text, search_key, search_terms


@pytest.mark.parametrize("typed", ["Мар'яна", "Мар’яна", "Марʼяна", "Мар`яна"])
def test_apostrophe_variants_are_stored_as_one(typed: str) -> None:
    assert clean_text(typed) == f"Мар{CANONICAL_APOSTROPHE}яна"


def test_clean_text_folds_spaces() -> None:
    assert clean_text("  Ко   валенко ") == "Ко валенко"


@pytest.mark.parametrize("typed", ["МАР'ЯНА", "марʼяна", "Мар’яна", "маряна"])
def test_search_key_ignores_case_and_apostrophes(typed: str) -> None:
    assert search_key(typed) == "маряна"


@pytest.mark.parametrize("hostile", ['"', "'", "*", "AND OR NOT", "(", "NEAR(a b)", "a:b", "^", ""])
def test_search_terms_never_contain_query_syntax(hostile: str) -> None:
    for term in search_terms(hostile):
        assert term.replace(" ", "").isalnum() or term.isalnum()
