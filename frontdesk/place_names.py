"""A place of the КАТОТТГ codifier and how it is named on screen.

The codifier's names are Ukrainian, and stay so in every language. The words a
label puts around them (the kind, "громада", "р-н", "обл.") are said in the
session's language: Ukrainian ("uk", the default; what search reads and the
receipt prints) or English ("en": "Тетерівська hromada, Житомирський raion",
the glossary's words).
"""

from __future__ import annotations

from dataclasses import dataclass

# A place's kind as written before its name ("м. Бар"), where the name alone is not enough.
KIND_WORDS = {"M": "м.", "K": "м.", "X": "с-ще", "T": "смт", "C": "с."}
# The same in an English session: after the name ("Бар (city)"; the glossary's words).
KIND_WORDS_EN = {
    "M": "city",
    "K": "city",
    "X": "selyshche",
    "T": "urban-type settlement",
    "C": "village",
}
# What a label adds around the names, by language: {0} is a name, {1} a second one.
_LABEL_WORDS: dict[str, dict[str, str]] = {
    "uk": {
        "hromada": "{0} громада",
        "raion": "{0} р-н",
        "oblast": "{0} обл.",
        "city_district": "{0} р-н, м. {1}",
        "centre": "{0} (центр {1})",
    },
    "en": {
        "hromada": "{0} hromada",
        "raion": "{0} raion",
        "oblast": "{0} oblast",
        "city_district": "{0} district, city of {1}",
        "centre": "{0} (centre: {1})",
    },
}


LANGUAGES = tuple(_LABEL_WORDS)


def kind_and_name(category: str, name: str, language: str = "uk") -> str:
    """A settlement's name with its kind: "м. Бар", in English "Бар (city)"; the name
    alone for a category with no such word."""
    if language == "en":
        kind = KIND_WORDS_EN.get(category, "")
        return f"{name} ({kind})" if kind else name
    kind = KIND_WORDS.get(category, "")
    return f"{kind} {name}" if kind else name


@dataclass(frozen=True)
class Place:
    code: str
    category: str
    name: str
    hromada: str
    raion: str
    oblast: str
    # Other places whose label would read the same (121 settlement labels are shared, e.g.
    # the city Бар and the selyshche Бар of Барська громада): their categories, and a
    # hromada's centre (its category and name: "M", "Покров"), which :class:`Places`
    # fills in only for those.
    twins: str = ""
    centre: str = ""
    centre_category: str = ""

    # The codifier's names are Ukrainian in every language; the words around them (the
    # kind, "громада", "р-н", "обл.") follow ``language``: "uk" (the default, the one
    # search and the receipt use) or "en". The properties are the Ukrainian ones.

    @property
    def shown_name(self) -> str:
        return self.shown_name_in("uk")

    @property
    def label(self) -> str:
        return self.label_in("uk")

    @property
    def long_label(self) -> str:
        return self.long_label_in("uk")

    def shown_name_in(self, language: str) -> str:
        """The name, with what tells it from its twins: the kind ("м. Бар", "с-ще Бар"),
        a hromada's centre, or where nothing else does, the code."""
        if not self.twins:
            return self.name
        words = _words(language)
        if self.category == "H":
            if not self.centre:
                return f"{self.name} ({self.code})"
            if language == "en":  # "(centre: city of Покров)"
                centre = f"{KIND_WORDS_EN[self.centre_category]} of {self.centre}"
            else:  # "(центр м. Покров)"
                centre = kind_and_name(self.centre_category, self.centre)
            return words["centre"].format(self.name, centre)
        if self.category not in KIND_WORDS:
            return f"{self.name} ({self.code})"
        if self.category not in self.twins:
            return kind_and_name(self.category, self.name, language)
        if language == "en":
            return f"{self.name} ({KIND_WORDS_EN[self.category]}, {self.code})"
        return f"{kind_and_name(self.category, self.name)} ({self.code})"

    def label_in(self, language: str) -> str:
        """ "Тетерівка, Тетерівська громада, Житомирський р-н" — what a worker recognises."""
        words = _words(language)
        if self.in_city_of_special_status:
            return words["city_district"].format(self.shown_name_in(language), self.oblast)
        parts = [self.shown_name_in(language)]
        if self.hromada:
            parts.append(words["hromada"].format(self.hromada))
        if self.raion:
            parts.append(words["raion"].format(self.raion))
        return ", ".join(parts)

    def long_label_in(self, language: str) -> str:
        """The label with the oblast (two raions of one name lie in different oblasts)."""
        label = self.label_in(language)
        if not self.oblast or self.in_city_of_special_status:
            return label
        if "Республіка" in self.oblast:
            return f"{label}, {self.oblast}"
        return f"{label}, {_words(language)['oblast'].format(self.oblast)}"

    @property
    def in_city_of_special_status(self) -> bool:
        """A district of Київ or Севастополь: the codifier gives the city as its oblast,
        raion and hromada alike (the profiles' rows keep them so)."""
        return (
            self.category == "B"
            and bool(self.oblast)
            and (self.oblast == self.raion == self.hromada)
        )


def _words(language: str) -> dict[str, str]:
    return _LABEL_WORDS.get(language, _LABEL_WORDS["uk"])
