"""Reading the official КАТОТТГ codifier file (CSV) into rows of places, checked whole.

The file is published as UTF-8 with ";" between seven columns: five levels of codes, the
category, the name. A spreadsheet may save it in Windows-1251, with commas or tabs, as
UTF-16, with its columns in another order or one more. Whatever cannot be read as the
codifier is refused here, before the loaded codifier is touched (:mod:`frontdesk.reference`
replaces it only with what this returns).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from frontdesk.errors import CannotRead, InvalidInput
from frontdesk.identifiers import check_katottg_format
from frontdesk.text import search_key

# code, category, name, name key, parent's code, oblast, raion, hromada (names)
PlaceRow = tuple[str, str, str, str, str | None, str, str, str]

# The categories of the codifier: oblast (and the Autonomous Republic of Crimea), city with
# special status, raion, hromada, city, selyshche, village, urban-type settlement (older
# versions), city district.
CATEGORIES = frozenset("OKPHMXCTB")
# Its first level: 24 oblasts, the Autonomous Republic of Crimea, Kyiv and Sevastopol.
TOP_LEVEL = 27

# The start of an Excel workbook: XLSX (a zip) and the older XLS. The codifier is published
# as a workbook too; read as text, one was "not the codifier" with no word of what to do.
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_DELIMITERS = (";", "\t", ",")  # as published; Excel's "Unicode text"; Excel's CSV in English
# A UTF-8 file with a few bytes that are not (a copy cut in the middle of a letter, a name
# edited in a Windows-1251 editor) has many Cyrillic letters for each bad byte; a file in
# Windows-1251 read as UTF-8 has hardly any.
_UTF8_LETTERS_PER_BAD_BYTE = 10


@dataclass(frozen=True)
class CodifierFile:
    """The places of a codifier file, and whether it looks whole."""

    records: list[PlaceRow]
    top_level: int  # how many first-level objects (oblasts, the two cities) it holds
    ends_whole: bool  # its last line ends with a line end (a copy cut short does not)


def read_codifier(path: Path) -> CodifierFile:
    """The places of the codifier file at ``path``; :class:`InvalidInput` naming the line
    of what is wrong (nothing is loaded from a file with any wrong line)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CannotRead(exc, path) from exc
    if raw.startswith(_SPREADSHEET_MAGIC):
        raise InvalidInput(what_code="codifier.spreadsheet", path=str(path))
    text = _decode(raw, path)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not rows or len(rows[0]) < 7:
        raise InvalidInput(what_code="codifier.not_codifier", path=str(path))
    records = _parse_rows(rows[1:], _Columns.of(rows[0]), path)
    return CodifierFile(
        records,
        top_level=sum(1 for record in records if record[4] is None),
        ends_whole=text.rstrip(" \t\x00").endswith(("\n", "\r")),
    )


def _delimiter(text: str) -> str:
    """The column separator of the file's first line: the one that gives its 7 columns (a
    spreadsheet saves the codifier with the separator of the computer's language)."""
    header = text.split("\n", 1)[0]
    for delimiter in _DELIMITERS:
        if header.count(delimiter) >= 6:
            return delimiter
    return ";"


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput(what_code="codifier.not_text", path=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    # UTF-8 but for a few bytes: read as Windows-1251 it would load with every name garbled.
    read = raw.decode("utf-8", errors="replace")
    letters = sum(1 for char in read if "\u0400" <= char <= "\u04ff")
    bad_bytes = read.count("\ufffd") - raw.count("\ufffd".encode())
    if letters > _UTF8_LETTERS_PER_BAD_BYTE * bad_bytes:
        line = raw.count(b"\n", 0, bad) + 1
        raise InvalidInput(what_code="codifier.damaged_text", path=str(path), line=str(line))
    try:
        return raw.decode("cp1251")
    except UnicodeDecodeError:
        raise InvalidInput(what_code="codifier.not_text", path=str(path)) from None


@dataclass(frozen=True)
class _Columns:
    """Where the five levels, the category and the name are: by the header's words
    ("Перший рівень" … "Категорія об’єкта", "Назва об’єкта"), so a file with its columns
    in another order or one more column is read right; by position when the header does
    not name them."""

    levels: tuple[int, ...] = (0, 1, 2, 3, 4)
    category: int = 5
    name: int = 6

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        words = [search_key(cell) for cell in header]
        levels = tuple(i for i, word in enumerate(words) if "рівень" in word)
        category = [i for i, word in enumerate(words) if word.startswith("категорія")]
        name = [i for i, word in enumerate(words) if word.startswith("назва")]
        if len(levels) == 5 and len(category) == 1 and len(name) == 1:
            return cls(levels, category[0], name[0])
        return cls()

    @property
    def needed(self) -> int:
        return max(*self.levels, self.category, self.name) + 1


def _parse_rows(rows: list[list[str]], columns: _Columns, path: Path) -> list[PlaceRow]:
    names: dict[str, str] = {}
    lines: dict[str, int] = {}
    parsed: list[tuple[list[str], str, str]] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < columns.needed:
            raise InvalidInput(what_code="codifier.columns", path=str(path), line=str(number))
        levels = [row[i].strip() for i in columns.levels]
        category, name = row[columns.category].strip(), row[columns.name].strip()
        filled = [code for code in levels if code]
        if (
            not filled
            or any(check_katottg_format(code) for code in filled)
            or not name
            or category not in CATEGORIES
        ):
            raise InvalidInput(what_code="codifier.row", path=str(path), line=str(number))
        code = filled[-1]
        if code in lines:  # (two copies or versions of the file joined)
            raise InvalidInput(
                what_code="codifier.repeated",
                path=str(path),
                line=str(number),
                first=str(lines[code]),
                code=code,
            )
        names[code], lines[code] = name, number
        parsed.append((levels, category, name))
    records: list[PlaceRow] = []
    for levels, category, name in parsed:
        filled = [code for code in levels if code]
        code = filled[-1]
        parent = filled[-2] if len(filled) > 1 else None
        oblast = names.get(levels[0], "") if levels[0] != code else ""
        raion = names.get(levels[1], "") if levels[1] and levels[1] != code else ""
        hromada = names.get(levels[2], "") if levels[2] and levels[2] != code else ""
        records.append((code, category, name, search_key(name), parent, oblast, raion, hromada))
    return records
