"""The КАТОТТГ codifier file as offices have it: saved by a spreadsheet in another encoding or
language, a part of it, a copy cut short, columns in another order; each loads or is refused
with a clear error, and a refused one leaves the loaded codifier as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from frontdesk.errors import CodifierTooSmall, InvalidInput
from frontdesk.profile import Profile
from tests.conftest import KATOTTG_CSV, run_cli


def test_malformed_file_keeps_the_loaded_codifier(loaded: Profile, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = KATOTTG_CSV.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:100], "UA123;;;;;C;Зламаний"]), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        loaded.places.import_csv(bad)
    assert "101" in caught.value.message("uk")
    assert loaded.places.count() == 31_748


def test_not_a_codifier(profile: Profile, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        profile.places.import_csv(other)
    assert not profile.places.loaded


def test_a_codifier_saved_by_a_spreadsheet_in_windows_1251_loads(
    profile: Profile, tmp_path: Path
) -> None:
    saved = tmp_path / "katottg-cp1251.csv"
    lines = KATOTTG_CSV.read_text(encoding="utf-8").splitlines()[:2000]
    saved.write_bytes("\r\n".join(lines).encode("cp1251"))
    assert profile.places.import_csv(saved, allow_smaller=True) == 1999  # (a part: quicker)
    cells = [cell.strip() for cell in lines[-1].split(";")]
    code, name = [c for c in cells[:5] if c][-1], cells[6]
    place = profile.places.get(code)
    assert place is not None and place.name == name  # the Cyrillic came through whole


def _first_lines(count: int) -> list[list[str]]:
    text = KATOTTG_CSV.read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[:count]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [("\t", "utf-16"), (",", "cp1251"), (",", "utf-8-sig")],
    ids=["excel-unicode-text", "excel-csv-english-windows", "excel-csv-utf8-english"],
)
def test_a_codifier_saved_by_excel_in_another_language_or_as_unicode_text_loads(
    profile: Profile, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    """Excel on an English Windows saves CSV with commas, and "Unicode text" is UTF-16
    with tabs: both were "not the КАТОТТГ codifier", or "line 2: 7 columns are needed"."""
    rows = _first_lines(2000)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    saved = tmp_path / "katottg.csv"
    saved.write_bytes(out.getvalue().encode(encoding))
    assert profile.places.import_csv(saved, allow_smaller=True) == 1999  # (a part: quicker)
    code, name = [c for c in rows[-1][:5] if c][-1], rows[-1][6].strip()
    place = profile.places.get(code)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    "start", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"], ids=["xlsx", "xls"]
)
def test_an_excel_workbook_is_refused_saying_to_save_it_as_csv(
    profile: Profile, tmp_path: Path, start: bytes
) -> None:
    workbook = tmp_path / "katottg.xlsx"
    workbook.write_bytes(start + b"\x00" * 64 + b";;;;;;;\n" * 3)
    with pytest.raises(InvalidInput) as caught:
        profile.places.import_csv(workbook)
    assert "це книга Excel, а не CSV" in caught.value.message("uk")
    assert "збережіть як CSV" in caught.value.message("uk")
    assert not profile.places.loaded


def test_a_file_with_the_header_alone_is_no_codifier_and_init_makes_no_profile(
    tmp_path: Path,
) -> None:
    """(init took it: an empty codifier, and the community code checked against nothing)"""
    header = tmp_path / "katottg.csv"
    header.write_text(KATOTTG_CSV.read_text(encoding="utf-8").splitlines()[0] + "\r\n")
    root = tmp_path / "p"
    made = run_cli(
        "--data-dir", str(root), "init", "--workstation", "ZT01", "--community",
        "UA18040530000045696", "--katottg", str(header),
    )  # fmt: skip
    assert made.returncode == 1
    assert "немає жодного об'єкта кодифікатора" in made.stderr
    assert not Profile.exists(root)


def test_a_file_that_is_no_text_is_refused_with_a_clear_error(
    profile: Profile, tmp_path: Path
) -> None:
    garbage = tmp_path / "scan.csv"
    garbage.write_bytes(b"\x98\xff\x00" * 100)
    with pytest.raises(InvalidInput) as caught:
        profile.places.import_csv(garbage)
    assert "Windows-1251" in caught.value.message("uk")


def test_a_part_of_the_codifier_does_not_replace_the_whole_unless_forced(
    loaded: Profile, tmp_path: Path
) -> None:
    part = tmp_path / "part.csv"
    part.write_text("\n".join(KATOTTG_CSV.read_text(encoding="utf-8").splitlines()[:5]))
    with pytest.raises(CodifierTooSmall) as caught:
        loaded.places.import_csv(part)
    assert "31748" in caught.value.message("uk") and "--force" in caught.value.message("uk")
    assert loaded.places.count() == 31_748
    teterivka = "UA18040530010026726"
    assert loaded.places.exists(teterivka)  # (now remembered)
    assert loaded.places.import_csv(part, allow_smaller=True) == 4
    assert not loaded.places.exists(teterivka)  # the import forgot what it remembered


def _rows() -> list[list[str]]:
    return _first_lines(10**6)


def _write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


TETERIVKA = "UA18040530010026726"


@pytest.mark.parametrize("layout", ["name before category", "one more column"])
def test_a_codifier_with_its_columns_in_another_order_or_one_more_is_read_by_its_header(
    profile: Profile, tmp_path: Path, layout: str
) -> None:
    """Taken by position, the category was read from the name's column: every object was
    loaded as something no address may be, and every application was refused."""
    rows = _rows()
    if layout == "name before category":
        changed = [[*row[:5], row[6], row[5]] for row in rows]
    else:
        changed = [
            [*row[:5], "Код статусу" if i == 0 else "1", *row[5:]] for i, row in enumerate(rows)
        ]
    assert profile.places.import_csv(_write(tmp_path / "katottg.csv", changed)) == 31_748
    place = profile.places.get(TETERIVKA)
    assert place is not None and (place.category, place.name) == ("C", "Тетерівка")
    assert place.label == "Тетерівка, Тетерівська громада, Житомирський р-н"


def test_a_row_of_a_category_the_codifier_has_not_is_refused_and_nothing_changes(
    loaded: Profile, tmp_path: Path
) -> None:
    rows = _rows()
    rows[5] = [*rows[5][:5], "Село", rows[5][6]]  # (a column of words where the letter is)
    with pytest.raises(InvalidInput) as caught:
        loaded.places.import_csv(_write(tmp_path / "katottg.csv", rows))
    assert "рядок 6" in caught.value.message("uk") and "категорія" in caught.value.message("uk")
    assert loaded.places.count() == 31_748 and loaded.places.exists(TETERIVKA)


@pytest.mark.parametrize("damage", ["a name saved in Windows-1251", "a letter cut in two"])
def test_a_utf8_codifier_with_bytes_that_are_not_utf8_is_refused_not_read_garbled(
    loaded: Profile, tmp_path: Path, damage: str
) -> None:
    """It was read as Windows-1251 whole: loaded, every name garbled, none found."""
    rows = _rows()
    data = bytearray(_write(tmp_path / "whole.csv", rows).read_bytes())
    line = 1000 if damage == "a name saved in Windows-1251" else 20_000
    name = rows[line - 1][6]
    row = ";".join(rows[line - 1]).encode()
    at = data.index(row) + len(row) - len(name.encode())  # (where the line's name starts)
    if damage == "a name saved in Windows-1251":
        data[at : at + len(name.encode())] = name.encode("cp1251")
    else:
        del data[at + 1]  # (the second byte of the first letter)
    bad = tmp_path / "katottg.csv"
    bad.write_bytes(bytes(data))
    with pytest.raises(InvalidInput) as caught:
        loaded.places.import_csv(bad)
    assert f"рядок {line}:" in caught.value.message("uk")
    assert "UTF-8" in caught.value.message("uk")
    assert loaded.places.get(TETERIVKA).name == "Тетерівка"  # type: ignore[union-attr]


def test_a_part_of_the_codifier_is_refused_even_as_the_first_one_loaded(
    profile: Profile, tmp_path: Path
) -> None:
    """On a new profile there was nothing to compare it with: half the file went in without
    a word, and the villages of the other half were "not in the codifier"."""
    rows = _rows()
    half = _write(tmp_path / "half.csv", rows[: len(rows) // 2])
    with pytest.raises(CodifierTooSmall) as caught:
        profile.places.import_csv(half)
    assert "першого рівня" in caught.value.message("uk") and "--force" in caught.value.message("uk")
    assert not profile.places.loaded
    root = tmp_path / "p"
    made = run_cli(
        "--data-dir", str(root), "init", "--workstation", "ZT01", "--community",
        "UA18040530000045696", "--katottg", str(half),
    )  # fmt: skip
    assert made.returncode == 1 and "це не весь кодифікатор" in made.stderr
    assert not Profile.exists(root)
    assert profile.places.import_csv(half, allow_smaller=True) == len(rows) // 2 - 1


def test_a_copy_cut_short_in_the_middle_of_a_line_is_refused(
    profile: Profile, tmp_path: Path
) -> None:
    text = KATOTTG_CSV.read_text(encoding="utf-8")
    cut = tmp_path / "katottg.csv"
    cut.write_text(text[:-5], encoding="utf-8")  # (the last name, Sevastopol's last place, cut)
    with pytest.raises(CodifierTooSmall) as caught:
        profile.places.import_csv(cut)
    assert "обривається посеред рядка" in caught.value.message("uk")
    assert not profile.places.loaded


def test_a_file_with_the_codifier_twice_names_the_repeated_code_not_an_unexpected_error(
    loaded: Profile, tmp_path: Path
) -> None:
    rows = _rows()
    twice = _write(tmp_path / "katottg.csv", [*rows, *rows[1:]])
    said = run_cli("--data-dir", str(loaded.root), "reference", "import-katottg", str(twice))
    assert said.returncode == 1
    assert f"рядок {len(rows) + 1}: код {rows[1][0]} уже був у рядку 2" in said.stderr
    assert "непередбачена" not in said.stderr
    assert loaded.places.count() == 31_748
