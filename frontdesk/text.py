"""Text normalisation shared by storage, validation and search.

Ukrainian names contain an apostrophe (Марʼяна, Вʼячеслав) that people type
as ', ’, ʼ or `. We store one canonical character, U+02BC MODIFIER LETTER
APOSTROPHE (the form recommended for Ukrainian, and a letter to FTS5), and
drop apostrophes entirely in search keys so that every spelling matches.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse

from frontdesk.worktime import in_kyiv

CANONICAL_APOSTROPHE = "\u02bc"  # ʼ
APOSTROPHE_VARIANTS = "'\u2019\u02bc`\u2018\u00b4\u02b9\u2032"
_SPACES_RE = re.compile(r"\s+")
_SEARCH_JUNK_RE = re.compile(r"[\W_]", re.UNICODE)
# Dropped from search keys: apostrophes, and combining marks left after NFC (й and ї are
# single characters then), such as a stress mark (Мари́на), which must not split a name.
_DROPPED_RE = re.compile(f"[{re.escape(APOSTROPHE_VARIANTS)}\u0300-\u036f]")


_TO_CANONICAL_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHE_VARIANTS, CANONICAL_APOSTROPHE))
_OTHER_APOSTROPHE_RE = re.compile(
    f"[{re.escape(APOSTROPHE_VARIANTS.replace(CANONICAL_APOSTROPHE, ''))}]"
)


def normalize_apostrophes(value: str) -> str:
    """Replace every apostrophe variant with the canonical one."""
    # str.translate looks up every character of Cyrillic text in the table (~0.5 µs for
    # a name); the search finds the rare one to replace in a quarter of that.
    if _OTHER_APOSTROPHE_RE.search(value):
        return value.translate(_TO_CANONICAL_APOSTROPHE)
    return value


# Control characters, which no one types and a terminal or a label shows as garbage (an
# escape sequence printed by a command line would even drive the terminal); a tab is kept
# (spacing as typed), line ends are made "\n" before.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Normalise free text on the way in: NFC, one apostrophe, no control characters,
    single spaces, trimmed."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(_CONTROL_RE.sub("", normalize_apostrophes(value)).split())


def clean_reason(value: str) -> str:
    """Free text of several lines (a back office's reason), kept as it was typed: its
    apostrophes, quotes and spacing are the reader's evidence ("в заяві — «Мар'яна», а в
    паспорті — «Марʼяна»"). Only line ends become "\n", control characters go, and
    spaces at the end of a line and at either end of the text are trimmed."""
    lines = [_CONTROL_RE.sub("", line).rstrip() for line in value.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines).lstrip()


# Latin letters that look like Ukrainian Cyrillic ones, typed by accident (a Russian
# layout has no і: a Latin i is typed for it; a keyboard left on the other layout for a
# letter; a spreadsheet's "Iваненко") or imported so. The one table of them: names, a
# passport's series and a birth certificate's letters are read through it. Case is kept
# (a Latin "B" looks like "В"; a lower-case "b" like no Ukrainian letter, nor do "k", "m",
# "n", "t", "u", "h", "r" look like "к", "м", "п", "т", "и", "н", "г" in print).
LATIN_LOOKALIKES = str.maketrans("ABCEHIKMOPTXYÏaceiopxyï", "АВСЕНІКМОРТХУЇасеіорхуї")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_WORD_RE = re.compile(r"[^\W_]+")


def _cyrillic_word(match: re.Match[str]) -> str:
    """A word with Cyrillic letters whose Latin ones all look like Cyrillic letters, in
    Cyrillic; any other word as it is (a Latin name; an identifier, which has digits)."""
    word = match.group()
    if not _CYRILLIC_RE.search(word) or any(c.isdigit() for c in word):
        return word
    cyrillic = word.translate(LATIN_LOOKALIKES)
    return word if _LATIN_RE.search(cyrillic) else cyrillic


def cyrillic_lookalikes(value: str) -> str:
    """``value`` with the Latin look-alikes of each otherwise Cyrillic word made Cyrillic
    ("Бiлик" with a Latin i → "Білик", "Iваненко" → "Іваненко"). A word wholly in Latin
    letters (a foreign name) stays as it is, and so does a word with a Latin letter that
    looks like no Cyrillic one ("Коваленкоs": see :func:`mixed_script_letters`)."""
    if _LATIN_RE.search(value) and _CYRILLIC_RE.search(value):
        return _WORD_RE.sub(_cyrillic_word, value)
    return value


def mixed_script_letters(value: str) -> str:
    """The Latin letters of the words of ``value`` that mix them with Cyrillic ones and
    that :func:`cyrillic_lookalikes` cannot make wholly Cyrillic ("" when there are none):
    "Kn" for "Kовалеnко"."""
    if not (_LATIN_RE.search(value) and _CYRILLIC_RE.search(value)):
        return ""
    letters: dict[str, None] = {}
    for word in _WORD_RE.findall(value):
        if _CYRILLIC_RE.search(word) and _LATIN_RE.search(word.translate(LATIN_LOOKALIKES)):
            letters.update(dict.fromkeys(_LATIN_RE.findall(word)))
    return "".join(letters)


def _folded(value: str) -> str:
    """NFC, Latin look-alikes in Cyrillic words made Cyrillic, case folded, apostrophes
    and combining marks gone, anything else but letters and digits a single space."""
    value = cyrillic_lookalikes(unicodedata.normalize("NFC", value))
    value = _DROPPED_RE.sub("", value.casefold())
    value = _SEARCH_JUNK_RE.sub(" ", value)
    return _SPACES_RE.sub(" ", value).strip()


def search_key(value: str) -> str:
    """Fold text for search: case-insensitive Cyrillic, apostrophes removed, Latin
    look-alikes inside a Cyrillic word read as Cyrillic, ґ as г and ї as і.

    "Мар'яна", "МАРʼЯНА" and "марʼяна" all fold to "маряна"; "Iваненко" (a Latin I) to
    "іваненко"; "Дзигівка" and "Дзиґівка" to "дзигівка", "Київ" and "Киiв" (a Latin i)
    to "киів". A word wholly in Latin letters (a foreign name) stays Latin.
    """
    return _folded(value).translate(_SEARCH_ONLY)


# Letters a worker types for one another (a keyboard without ґ or ї, a Latin i for ї): one
# letter in a search key; the sort key keeps them apart, in the alphabet's order.
_SEARCH_ONLY = str.maketrans("ґї", "гі")

# The Ukrainian alphabet in its order; in Unicode, Ґ, Є, І and Ї lie after Я.
UKRAINIAN_ORDER = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# Each letter to a character in alphabet order that UTF-8 writes in two bytes, as it does
# Cyrillic (U+0100…: the sort key's index is no bigger than one of the name would be).
_SORT_TABLE = str.maketrans({c: chr(0x0100 + i) for i, c in enumerate(UKRAINIAN_ORDER)})


# The sort key of a case with no name left (its personal data removed: frontdesk.store.
# retention): after every name's, so A→Я lists names first (no text sorts after U+10FFFF).
SORTS_LAST = "\U0010ffff"


def sort_key(value: str) -> str:
    """A key that sorts names as a Ukrainian reader expects (Гнатюк, Ґонта, Дмитренко, …
    Єременко, Іваненко, Їжакевич, … Яковенко), case and apostrophes aside.

    Made from the text as :func:`search_key` reads it but with ґ kept: Ґ is a letter of
    its own in the alphabet's order, after Г."""
    return _folded(value).translate(_SORT_TABLE)


def name_keys(value: str) -> tuple[str, str]:
    """:func:`search_key` and :func:`sort_key` of a name, folded once (a save makes both)."""
    folded = _folded(value)
    return folded.translate(_SEARCH_ONLY), folded.translate(_SORT_TABLE)


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms (never raises, whatever the input)."""
    return [term for term in search_key(query).split(" ") if term]


def parse_stamp(stamp: str | None) -> dt.datetime | None:
    """A stored or imported time (RFC 3339: "…Z" or an offset, lower case, fractions, a
    leap second read as the second before it) as an aware datetime; None if not a time.
    A time in the first or the last year a datetime holds (0001, 9999: a typo) is none
    either: on the worker's clock, or in UTC, it could fall outside them."""
    text = (stamp or "").strip().upper().replace("Z", "+00:00")
    if ":60" in text:  # (a template with a group runs an import per call, through
        text = _LEAP_SECOND.sub(r"\g<1>59", text)  # PySide's hook once Qt is loaded)
    try:
        moment = dt.datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        utc = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None
    if utc.year in (dt.MINYEAR, dt.MAXYEAR) or moment.year in (dt.MINYEAR, dt.MAXYEAR):
        return None
    return moment


_LEAP_SECOND = re.compile(r"(T\d\d:\d\d:)60")


def local_time(stamp: str | None, with_time: bool = True) -> str:
    """A stored UTC time as the worker's clock (Kyiv's) shows it: "22.11.2026 14:05" ("" if
    none)."""
    moment = parse_stamp(stamp)
    if moment is None:
        return ""
    return in_kyiv(moment).strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def address_shown(url: str | None) -> str | None:
    """A registry's address as shown or written down (the status, a diagnostics file):
    without the user name and password an address may carry for a proxy in front of the
    registry (``https://user:secret@host`` → ``https://host``)."""
    if not url or "@" not in url:
        return url
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
