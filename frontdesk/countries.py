"""Citizenship: the countries by their ISO 3166 alpha-2 codes (as the exchange format
writes them), named in Ukrainian or English, and a stateless person.

Names and codes come from pycountry (ISO 3166-1 and its translations), read once, when
first asked for (the form's list is built after the journal is on screen).
"""

from __future__ import annotations

import gettext
from functools import cache

from frontdesk.text import sort_key

UKRAINE = "UA"
# A stateless person (особа без громадянства): ICAO Doc 9303's code for one, which the
# format's three characters hold; ISO 3166 names no country so.
STATELESS = "XXA"
_STATELESS_NAMES = {"uk": "Особа без громадянства", "en": "Stateless person"}


@cache
def _names(lang: str) -> dict[str, str]:
    import pycountry

    if lang == "uk":  # (translations exist for the official names)
        uk = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"])
        names = {country.alpha_2: uk.gettext(country.name) for country in pycountry.countries}
    else:  # "Moldova", not "Moldova, Republic of"
        names = {
            country.alpha_2: getattr(country, "common_name", None) or country.name
            for country in pycountry.countries
        }
    names[STATELESS] = _STATELESS_NAMES["uk" if lang == "uk" else "en"]
    return names


def check_citizenship(code: str) -> str | None:
    """None for a country's code (or a stateless person's); the problem's code otherwise."""
    return None if code in _names("en") else "citizenship.unknown"


def citizenship_name(code: str, lang: str = "uk") -> str:
    """The country's name (or "stateless person"); an unknown code as it is."""
    return _names("uk" if lang == "uk" else "en").get(code, code)


def citizenship_choices(lang: str = "uk") -> list[tuple[str, str]]:
    """(code, name) for the form: Ukraine, a stateless person, then every country by
    name in the language's alphabetical order."""
    names = _names("uk" if lang == "uk" else "en")
    first = [UKRAINE, STATELESS]
    others = sorted((code for code in names if code not in first), key=lambda c: sort_key(names[c]))
    return [(code, names[code]) for code in (*first, *others)]
