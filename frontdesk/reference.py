"""The КАТОТТГ codifier: import of the official CSV, settlement search, existence checks.

Codes are hierarchical: oblast → raion → hromada → settlement (→ city
district). The object a CSV row describes is its deepest filled level; its
parent is the level above.
"""

from __future__ import annotations

import contextlib
import functools
import re
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.errors import (
    CodifierCutShort,
    CodifierIncomplete,
    CodifierTooSmall,
    InvalidInput,
)
from frontdesk.identifiers import SETTLEMENT_CATEGORIES
from frontdesk.messages import MESSAGES
from frontdesk.place_names import KIND_WORDS, LANGUAGES, Place
from frontdesk.store.db import Database, open_database
from frontdesk.text import search_key

if TYPE_CHECKING:
    from frontdesk.codifier_file import PlaceRow

MESSAGES.update(
    {
        "codifier.spreadsheet": (
            "{path}: це книга Excel, а не CSV. Відкрийте її в Excel чи LibreOffice й "
            "збережіть як CSV (Файл → Зберегти як → CSV), тоді завантажте той файл",
            "{path} is an Excel workbook, not CSV. Open it in Excel or LibreOffice and save "
            "it as CSV (File → Save as → CSV), then load that file",
        ),
        "codifier.empty": (
            "{path}: у файлі немає жодного об'єкта кодифікатора (лише заголовок) — "
            "потрібен увесь кодифікатор КАТОТТГ",
            "{path} holds no codifier object (only the header) — the whole КАТОТТГ "
            "codifier is needed",
        ),
    }
)
# The categories of a community (територіальна громада) in the codifier: a hromada, and a
# city with special status (Kyiv: its districts are parts of it, there is no hromada in it).
COMMUNITY_CATEGORIES = ("H", "K")
# What a code of each category of the codifier is the code of, for a message ("the code of
# the village «…»"; Ukrainian in the genitive: "код села «…»").
CATEGORY_WORDS = {
    "O": ("області", "oblast"),
    "K": ("міста зі спеціальним статусом", "city with special status"),
    "P": ("району", "raion"),
    "M": ("міста", "city"),
    "X": ("селища", "selyshche"),
    "C": ("села", "village"),
    "T": ("селища міського типу", "urban-type settlement"),
    "B": ("району в місті", "city district"),
}
_ORDER = "CASE category WHEN 'K' THEN 0 WHEN 'M' THEN 1 WHEN 'T' THEN 2 WHEN 'X' THEN 2 ELSE 3 END"
Progress = Callable[[int, int], None]


class Places:
    """The codifier of one profile. Validation asks about the same few codes at every save
    and keystroke, so answers are remembered: whether a codifier is loaded, and the
    category of each code found (a code's category never changes in practice; an import
    here forgets it all). A codifier loaded meanwhile by another process only makes
    validation stricter after a restart; it never turns a valid code into an error."""

    _REMEMBERED = 4096

    def __init__(self, db: Database, near: str | None = None) -> None:
        self._db = db
        self._categories: dict[str, str] = {}
        self._loaded: bool | None = None
        self._near = near

    @property
    def near(self) -> str:
        """The code searches rank around unless told another (where the worker is today):
        the workstation's community, as the profile holds it now. Of 119 villages named
        Іванівка, the worker's own come first, also right after ``frontdesk
        set-community`` corrected the code while the app was open (it ranked around the
        old code until a restart)."""
        if self._near is not None:
            return self._near
        return str(self._db.scalar("SELECT value FROM meta WHERE key = 'community'") or "")

    @near.setter
    def near(self, code: str) -> None:
        self._near = code

    @property
    def loaded(self) -> bool:
        if self._loaded is None:
            self._loaded = bool(self._db.scalar("SELECT 1 FROM places LIMIT 1"))
        return self._loaded

    def count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM places"))

    def exists(self, code: str) -> bool:
        return self.category(code) is not None

    def category(self, code: str) -> str | None:
        """The codifier's category of ``code`` (None: not in the loaded codifier)."""
        known = self._categories.get(code)
        if known is not None:
            return known
        value = self._db.scalar("SELECT category FROM places WHERE code = ?", (code,))
        if value is None:
            return None
        if len(self._categories) >= self._REMEMBERED:
            self._categories.clear()
        self._categories[code] = str(value)
        return self._categories[code]

    def community_problem(self, code: str) -> InvalidInput | None:
        """Why ``code`` cannot be a workstation's community by the loaded codifier: it is
        not in it (a typo), or it is a place that is no hromada (a village, a raion, an
        oblast: the registry knows communities by their hromada's code). None when it is
        a hromada, and when no codifier is loaded (nothing to check it against)."""
        if not self.loaded:
            return None
        place = self.get(code)
        if place is None:
            return InvalidInput(what_code="community.unknown", code=code)
        if place.category in COMMUNITY_CATEGORIES:
            return None
        kind_uk, kind_en = CATEGORY_WORDS.get(place.category, ("", ""))
        words = {
            "code": code,
            "kind": kind_en,
            "kind_uk": kind_uk,
            "place": place.long_label_in("en"),
            "place_uk": place.long_label_in("uk"),
        }
        hromada = self._hromada_of(code)
        if hromada is None:
            return InvalidInput(what_code="community.not_hromada", **words)
        return InvalidInput(
            what_code="community.within_hromada",
            hromada=hromada.long_label_in("en"),
            hromada_uk=hromada.long_label_in("uk"),
            hromada_code=hromada.code,
            **words,
        )

    def _hromada_of(self, code: str) -> Place | None:
        """The hromada a settlement (or a city's district) lies in: up its parents."""
        for _ in range(3):  # settlement, city district: the hromada is at most 2 up
            parent = self._db.scalar("SELECT parent FROM places WHERE code = ?", (code,))
            if not parent:
                return None
            place = self.get(str(parent))
            if place is None or place.category in COMMUNITY_CATEGORIES:
                return place
            code = place.code
        return None

    def get(self, code: str) -> Place | None:
        rows = self._db.execute(
            "SELECT code, category, name, hromada, raion, oblast FROM places WHERE code = ?",
            (code,),
        ).fetchall()
        return self._told_apart([_place(rows[0])])[0] if rows else None

    def search(
        self,
        text: str,
        *,
        categories: tuple[str, ...] = SETTLEMENT_CATEGORIES,
        limit: int = 20,
        near: str = "",
    ) -> list[Place]:
        """Settlements as the worker names them: a name's beginning, then, to tell apart
        villages of one name, words of their hromada, raion or oblast ("Іванівка,
        житомир", "нова борова хорош"; the label a place is shown with finds it too, and
        a КАТОТТГ code in the text finds just that place). Case, apostrophes and a leading
        "с.", "смт" or "м." do not matter. Exact names first, then the places nearest
        ``near`` or else :attr:`near` (same hromada, raion, oblast), cities first.
        """
        return self._found(text, categories, limit, near)[1]

    def _found(
        self, text: str, categories: tuple[str, ...], limit: int, near: str
    ) -> tuple[str, list[Place]]:
        """:meth:`search`'s places, with the name key of the reading that found them ("" for
        a code)."""
        code = _CODE_RE.search(text)
        if code:
            place = self.get(code.group().upper())
            return "", [place] if place is not None and place.category in categories else []
        for name, qualifiers in _readings(text):
            found = self._by_name(
                name, categories, limit if not qualifiers else _NARROWED, near or self.near
            )
            if qualifiers:
                found = [p for p in found if _within(p, qualifiers)][:limit]
            if found:
                return name, self._told_apart(found)
        return "", []

    def named(self, text: str, *, near: str = "") -> Place | None:
        """The settlement ``text`` names: the label it is shown with (in either language),
        or its name (any case, "с." or "смт" before it, its hromada, raion or oblast after a
        comma) when that is a place no other shares, or the nearest of the places that
        share it: the only one in the hromada of ``near`` (else of :attr:`near`, the
        workstation's community), else the only one in its raion, else in its oblast, as
        the search ranks them. None when it names none, or several as near as each other
        (two Іванівка in the raion)."""
        key = search_key(text)
        if not key:
            return None
        near = near or self.near
        name, found = self._found(text, SETTLEMENT_CATEGORIES, 30, near)
        if not name:
            return found[0] if found else None  # a code
        labelled = [
            p
            for p in found
            if any(
                key in (search_key(p.label_in(lang)), search_key(p.long_label_in(lang)))
                for lang in LANGUAGES
            )
        ]
        if len(labelled) == 1:
            return labelled[0]
        # the places of just that name, the nearest first (the search's order)
        same = [p for p in found if search_key(p.name) == name]
        if len(same) == 1:
            return same[0]
        if len(same) > 1 and _nearness(same[0].code, near) < min(
            _nearness(same[1].code, near), _FAR
        ):
            return same[0]
        return None

    def _by_name(self, key: str, categories: tuple[str, ...], limit: int, near: str) -> list[Place]:
        marks = ", ".join("?" for _ in categories)
        # КАТОТТГ codes carry their levels: UA + oblast (2 digits) + raion (2) + hromada (3).
        near = near or "-"
        rows = self._db.execute(
            "SELECT code, category, name, hromada, raion, oblast FROM places "
            f"WHERE name_key >= ? AND name_key < ? AND category IN ({marks}) "
            "ORDER BY name_key = ? DESC, CASE WHEN substr(code, 1, 9) = ? THEN 0 "
            "WHEN substr(code, 1, 6) = ? THEN 1 WHEN substr(code, 1, 4) = ? THEN 2 ELSE 3 END, "
            f"{_ORDER}, name_key, code LIMIT ?",
            (key, key + "\U0010ffff", *categories, key, near[:9], near[:6], near[:4], limit),
        ).fetchall()
        return [_place(r) for r in rows]

    def _told_apart(self, places: list[Place]) -> list[Place]:
        """``places`` with what tells each from the places its label would share: their
        categories, and for a hromada its centre when the centres differ."""
        if not places:
            return places
        marks = ", ".join("?" for _ in places)
        rows = self._db.execute(
            "SELECT p.code, group_concat(t.category, ''), group_concat(t.code, ' ') "
            "FROM places p JOIN places t ON t.name_key = p.name_key AND t.name = p.name "
            "AND t.code != p.code AND t.hromada = p.hromada AND t.raion = p.raion "
            f"AND t.oblast = p.oblast WHERE p.code IN ({marks}) GROUP BY p.code",
            [p.code for p in places],
        ).fetchall()
        twins = {
            str(code): (str(categories), str(codes).split()) for code, categories, codes in rows
        }
        return [self._with_twins(p, *twins[p.code]) if p.code in twins else p for p in places]

    def _with_twins(self, place: Place, categories: str, codes: list[str]) -> Place:
        if place.category != "H":
            return replace(place, twins=categories)
        centre = self._centre(place.code)
        if centre is None or centre in {self._centre(code) for code in codes}:
            return replace(place, twins=categories)
        category, name = centre
        return replace(place, twins=categories, centre=name, centre_category=category)

    def _centre(self, hromada: str) -> tuple[str, str] | None:
        """A hromada's administrative centre, ("M", "Покров"): the codifier numbers it first
        (settlement 001; in every hromada with a city, that is the city)."""
        first = hromada[:9] + "001"
        marks = ", ".join("?" for _ in KIND_WORDS)
        rows = self._db.execute(
            "SELECT category, name FROM places WHERE code >= ? AND code < ? "
            f"AND category IN ({marks}) ORDER BY code LIMIT 1",
            (first, hromada[:9] + "002", *KIND_WORDS),
        ).fetchall()
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def import_csv(
        self, path: Path, progress: Progress | None = None, *, allow_smaller: bool = False
    ) -> int:
        """Replace the codifier with the official CSV file; returns how many objects.

        All or nothing: a malformed file leaves the current codifier as it was. The file
        may be UTF-8 (as published) or Windows-1251 (as a spreadsheet saves it). Unless
        ``allow_smaller``, a file that is not whole is refused: one with less than half the
        objects already loaded, one cut short (its last line unended), one without every
        oblast (a part loaded first): a part would make most settlements unknown.
        """
        from frontdesk.codifier_file import TOP_LEVEL, read_codifier  # (not at every start)

        read = read_codifier(path)
        records, total = read.records, len(read.records)
        if not total:  # (a header alone: none would be checked, and the code taken as is)
            raise InvalidInput(what_code="codifier.empty", path=str(path))
        loaded = self.count()
        if not allow_smaller and total < loaded / 2:
            raise CodifierTooSmall(path=str(path), count=str(total), loaded=str(loaded))
        if not allow_smaller and not read.ends_whole:  # (a copy cut short)
            raise CodifierCutShort(path=str(path), count=str(total))
        if not allow_smaller and read.top_level < TOP_LEVEL:  # (a part, loaded first)
            raise CodifierIncomplete(
                path=str(path),
                count=str(total),
                top_level=str(read.top_level),
                expected=str(TOP_LEVEL),
            )
        self._store(records, progress)
        return total

    def replace_with(self, other: Places) -> int:
        """Put the codifier ``other`` holds (one loaded into another database: the first-run
        wizard's scratch one) in place of this one; returns how many objects. The file it
        was read from may be gone by now (a USB stick taken out)."""
        records = other._db.execute(f"SELECT {_PLACE_COLUMNS} FROM places").fetchall()
        self._store(records)
        return len(records)

    def _store(self, records: list[PlaceRow], progress: Progress | None = None) -> None:
        """Replace every place with ``records``, in one transaction."""
        total = len(records)
        self._categories.clear()
        self._loaded = None
        marks = ", ".join("?" for _ in _PLACE_COLUMNS.split(","))
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM places")
            for start in range(0, total, 2000):
                conn.executemany(
                    f"INSERT INTO places ({_PLACE_COLUMNS}) VALUES ({marks})",
                    records[start : start + 2000],
                )
                if progress:
                    progress(min(start + 2000, total), total)


@contextlib.contextmanager
def scratch_places() -> Iterator[Places]:
    """A codifier with no profile behind it (one read to check a code before a profile is
    made), in a throwaway encrypted database with a random key, deleted when done."""
    with tempfile.TemporaryDirectory(prefix="frontdesk-codifier-") as folder:
        db = open_database(Path(folder) / "codifier.db", secrets.token_hex(32))
        try:
            yield Places(db)
        finally:
            db.close()


_PLACE_COLUMNS = "code, category, name, name_key, parent, oblast, raion, hromada"


def _place(row: tuple[str, ...]) -> Place:
    return Place(*row)


# Words of a place's kind before its name, and of a level after it (as labels show them).
# The English words are those of an English session's labels (which name their place too).
_KINDS = frozenset({"с", "село", "сел", "смт", "селище", "м", "місто", "сщ", "ще", "city", "of"})
_LEVELS = frozenset(
    {"громада", "гр", "тг", "отг", "р", "н", "рн", "район", "обл", "область"}
    | {"hromada", "raion", "district", "oblast"}
)
_BRACKETED_RE = re.compile(r"\(.*?\)")
_CODE_RE = re.compile(r"UA[0-9]{17}", re.IGNORECASE)
_NARROWED = 5000  # name matches read before narrowing by hromada, raion or oblast
_MOST_WORDS = 8  # of a name, and of its hierarchy (no place needs more)


def _readings(text: str) -> list[tuple[str, list[str]]]:
    """Ways to read what was typed, as (name key, hierarchy words), most literal first:
    before a comma the name and after it the hierarchy; with no comma, the whole text as
    a name, then ever fewer of its words as the name and the rest as the hierarchy."""
    name_part, comma, rest = text.partition(",")
    # What a label adds to a name: a centre or a code in brackets, "р-н" after a district.
    words = search_key(_BRACKETED_RE.sub(" ", name_part)).split()[:_MOST_WORDS]
    while len(words) > 1 and words[0] in _KINDS:  # "с-ще" is two words here
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEVELS:
        words.pop()
    if not words:
        return []
    if comma:
        return [(" ".join(words), _hierarchy_words(search_key(rest).split()))]
    return [(" ".join(words[:n]), _hierarchy_words(words[n:])) for n in range(len(words), 0, -1)]


def _hierarchy_words(words: list[str]) -> list[str]:
    # "м." of "Дарницький р-н, м. Київ" is no word of a hromada, raion or oblast.
    return [w for w in words[:_MOST_WORDS] if w not in _LEVELS and w not in _KINDS]


_FAR = 3  # a place in another oblast than the one ranked around


def _nearness(code: str, near: str) -> int:
    """0 when ``code`` is in the hromada of ``near``, 1 in its raion, 2 in its oblast, else
    :data:`_FAR` (КАТОТТГ codes carry their levels: UA, oblast 2, raion 2, hromada 3)."""
    for level, width in enumerate((9, 6, 4)):
        if near and code[:width] == near[:width]:
            return level
    return _FAR


def _within(place: Place, qualifiers: list[str]) -> bool:
    """Whether each word begins a word of the place's hromada, raion or oblast."""
    words = _hierarchy_key(place.hromada, place.raion, place.oblast)
    return all(any(w.startswith(q) for w in words) for q in qualifiers)


@functools.lru_cache(maxsize=2048)  # ~1,500 hromadas in the country
def _hierarchy_key(hromada: str, raion: str, oblast: str) -> tuple[str, ...]:
    return tuple(search_key(f"{hromada} {raion} {oblast}").split())
