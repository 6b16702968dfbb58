"""The command line's import and export, run as a separate process: files as people
bring them (paper converted, spreadsheets, exports of another laptop)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from frontdesk.worktime import kyiv_today
from tests.conftest import (
    CLI_COMMUNITY,
    EXAMPLES,
    KATOTTG_CSV,
    example_documents,
    run_cli,
    write_lines,
)

ASSIGNED = {"id", "number", "created_at", "updated_at", "workstation", "community", "format"}


def test_import_export_round_trip(data_dir: str, tmp_path: Path) -> None:
    result = run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    originals = example_documents()
    assert f"Імпортовано: {len(originals)}" in result.stdout

    exported = run_cli("--data-dir", data_dir, "export")
    assert exported.returncode == 0
    docs = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [{k: v for k, v in d.items() if k not in ASSIGNED} for d in docs] == originals
    assert all(d["number"].startswith("ZT01-") and d["community"] == CLI_COMMUNITY for d in docs)

    # The same file again (a worker re-runs it after fixing a line): nothing is doubled.
    again = run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    assert again.returncode == 0, again.stderr
    assert f"Імпортовано: 0, уже були: {len(originals)}, відхилено: 0" in again.stdout
    assert run_cli("--data-dir", data_dir, "export").stdout == exported.stdout

    # A full export moved to another workstation comes back identical, byte for byte.
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported.stdout, encoding="utf-8")
    other = str(tmp_path / "other")
    run_cli("--data-dir", other, "init", "--workstation", "ZT02", "--community", CLI_COMMUNITY)
    assert run_cli("--data-dir", other, "import", str(dump)).returncode == 0
    assert run_cli("--data-dir", other, "export").stdout == exported.stdout
    repeat = run_cli("--data-dir", other, "import", str(dump))
    assert repeat.returncode == 0 and f"уже були: {len(originals)}" in repeat.stdout


def test_bad_lines_are_rejected_with_line_numbers_and_exit_1(data_dir: str, tmp_path: Path) -> None:
    good = EXAMPLES.read_text(encoding="utf-8").splitlines()
    bad_rnokpp = json.loads(good[0])
    bad_rnokpp["applicant"]["rnokpp"] = "1234567890"
    lines = [
        good[0],
        "{not json",
        json.dumps(bad_rnokpp, ensure_ascii=False),
        good[1],
        json.dumps({"services": "250"}),
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 1
    assert "Імпортовано: 2" in result.stdout and "відхилено: 3" in result.stdout
    assert "рядок 2: document: Неправильна структура документа: рядок не є правильним JSON" in (
        result.stderr
    )
    assert "рядок 3: applicant.rnokpp:" in result.stderr and "контрольна цифра" in result.stderr
    assert "рядок 5: services: Неправильна структура документа: неправильний тип значення: " in (
        result.stderr
    )
    listed = json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)
    assert len(listed) == 2


def test_a_second_application_of_the_same_person_for_the_same_service_needs_a_decision(
    data_dir: str, tmp_path: Path
) -> None:
    first = example_documents()[0]
    source = tmp_path / "first.jsonl"
    source.write_text(json.dumps(first, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli("--data-dir", data_dir, "import", str(source)).returncode == 0
    [number] = [
        a["number"] for a in json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)
    ]

    changed = json.loads(json.dumps(first))
    changed["applicant"]["phone"] = "+380501112233"  # typed again elsewhere, not the same line
    source.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    refused = run_cli("--data-dir", data_dir, "import", str(source))
    assert refused.returncode == 1
    assert "рядок 1: у журналі вже є нерозглянута заява" in refused.stderr
    assert number in refused.stderr and "--allow-duplicates" in refused.stderr
    assert len(json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)) == 1

    allowed = run_cli("--data-dir", data_dir, "import", "--allow-duplicates", str(source))
    assert allowed.returncode == 0 and "Імпортовано: 1" in allowed.stdout
    assert len(json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)) == 2


def test_a_line_separator_inside_a_text_does_not_split_the_line(
    data_dir: str, tmp_path: Path
) -> None:
    document = example_documents()[0]
    document["applicant"]["document"]["issued_by"] = "Відділ\u2028№ 1\u0085(м. Житомир)"  # type: ignore[index]
    source = tmp_path / "odd.jsonl"
    source.write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Імпортовано: 1, уже були: 0, відхилено: 0" in result.stdout


def test_a_file_that_cannot_be_read_says_why(data_dir: str, tmp_path: Path) -> None:
    missing = run_cli("--data-dir", data_dir, "import", str(tmp_path / "nowhere.jsonl"))
    assert missing.returncode != 0 and "файл не знайдено" in missing.stderr + missing.stdout
    folder = run_cli("--data-dir", data_dir, "import", str(tmp_path))
    assert "це тека" in folder.stderr + folder.stdout
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_text(EXAMPLES.read_text(encoding="utf-8"), encoding="utf-16")
    wrong = run_cli("--data-dir", data_dir, "import", str(utf16))
    assert "UTF-8" in wrong.stderr + wrong.stdout


def test_a_file_with_one_line_not_in_utf8_imports_nothing(data_dir: str, tmp_path: Path) -> None:
    """The file is checked whole before anything is imported, though read a line at a time."""
    lines = EXAMPLES.read_bytes().splitlines()
    source = tmp_path / "mostly.jsonl"
    source.write_bytes(b"\n".join([*lines[:5], "Коваленко".encode("cp1251")]) + b"\n")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 1 and "UTF-8" in result.stderr
    assert json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout) == []


def test_import_refuses_numbers_and_cases_this_workstation_could_never_send(
    data_dir: str, tmp_path: Path
) -> None:
    """A new line (no id) numbered in another workstation's series would reach the registry
    first and get the owner's application renumbered; a number of a year to come or
    000000 is a typo; another community's case could never be sent from here. A case
    moved by export (with its id) from a workstation of this community keeps its number."""
    year = kyiv_today().year
    first, second, third, fourth, fifth = example_documents()[:5]
    moved = {"id": str(uuid.uuid4()), "number": f"ZT02-{year}-000007", "workstation": "ZT02"}
    lines = [
        first | {"number": f"ZT02-{year}-000002"},
        second | {"number": "ZT01-2099-000001"},
        third | {"number": f"ZT01-{year}-000000"},
        fourth
        | {
            "id": str(uuid.uuid4()),
            "number": f"BR01-{year}-000001",
            "workstation": "BR01",
            "community": "UA18080010000090720",
        },
        fifth | moved | {"community": CLI_COMMUNITY},
    ]
    result = run_cli("--data-dir", data_dir, "import", str(write_lines(tmp_path / "f", lines)))
    assert result.returncode == 1
    assert "Імпортовано: 1, уже були: 0, відхилено: 4" in result.stdout
    said = result.stderr.splitlines()
    assert said[0].startswith(
        f"рядок 1: Неправильні дані: номер ZT02-{year}-000002 — із серії іншого робочого "
        "місця (ZT02); нова заява (без id) отримує номер цього (ZT01)"
    )
    assert said[1].startswith("рядок 2: Неправильні дані: номер ZT01-2099-000001: такого року")
    assert said[2].startswith(f"рядок 3: Неправильні дані: номер ZT01-{year}-000000: номерів")
    assert said[3].startswith(
        "рядок 4: Неправильні дані: заява іншої громади (UA18080010000090720), а це робоче "
        f"місце — громади {CLI_COMMUNITY}: реєстр не прийме її звідси"
    )
    listed = json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)
    assert [a["number"] for a in listed] == [moved["number"]]

    # The case changed elsewhere and brought back: named by its number, not its id.
    changed = json.loads(json.dumps(lines[-1]))
    changed["applicant"]["phone"] = "+380670000000"
    again = run_cli("--data-dir", data_dir, "import", str(write_lines(tmp_path / "c", [changed])))
    assert again.returncode == 1
    assert f"рядок 1: Неправильні дані: заява {moved['number']} уже є, з іншою редакцією" in (
        again.stderr
    )


def test_lines_kept_as_drafts_are_counted_and_their_problems_listed(
    data_dir: str, tmp_path: Path
) -> None:
    """A spreadsheet conversion writes no "status": each line is a draft, kept whatever its
    problems, and never sent until finished in the app. The summary said "Імпортовано: 2 …
    відхилено: 0" and nothing of what the drafts lack."""
    first, second = (
        {k: v for k, v in d.items() if k != "status"} for d in example_documents()[4:6]
    )
    wrong = json.loads(json.dumps(second))
    wrong["applicant"]["rnokpp"] = "1234567890"
    wrong["household"][0]["rnokpp"] = "1234567890"
    source = write_lines(tmp_path / "sheet.jsonl", [first, wrong])
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Імпортовано: 2 (з них 2 чернетки: не надсилатимуться, доки їх не завершать у "
        "програмі), уже були: 0, відхилено: 0"
    )
    assert result.stderr.splitlines() == [
        "рядок 2 (збережено як чернетку): applicant.rnokpp: РНОКПП містить помилку: не "
        "збігається контрольна цифра",
        "рядок 2 (збережено як чернетку): household[0].rnokpp: РНОКПП містить помилку: не "
        "збігається контрольна цифра",
    ]
    english = run_cli("--data-dir", data_dir, "import", str(source), env={"FRONTDESK_LANG": "en"})
    assert "Imported: 0, already there: 2, rejected: 0" in english.stdout  # (no drafts new)


def test_a_case_the_registry_holds_moves_by_export_though_todays_codifier_no_longer_has_its_code(
    tmp_path: Path,
) -> None:
    """Moving a laptop by export and import: a granted case whose village code a newer
    codifier dropped was refused ("no such settlement"), and could not be brought over at
    all. It is the registry's history now, taken as it was sent, its problem told; an
    application this laptop would send with that code is still refused."""
    root = str(tmp_path / "new-laptop")
    made = run_cli(
        "--data-dir", root, "init", "--workstation", "ZT01", "--community", CLI_COMMUNITY,
        "--katottg", str(KATOTTG_CSV),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    year = kyiv_today().year
    gone = "UA18040530019999999"  # (a village code the codifier of today does not have)
    granted, ready = example_documents()[:2]
    granted = granted | {
        "id": str(uuid.uuid4()),
        "number": f"ZT01-{year}-000007",
        "status": "granted",
        "registered_address": granted["registered_address"] | {"katottg": gone},  # type: ignore[operator]
    }
    ready = ready | {"registered_address": ready["registered_address"] | {"katottg": gone}}  # type: ignore[operator]
    moved = run_cli(
        "--data-dir", root, "import", str(write_lines(tmp_path / "f", [granted, ready]))
    )
    assert moved.returncode == 1
    assert "Імпортовано: 1, уже були: 0, відхилено: 1" in moved.stdout
    said = moved.stderr.splitlines()
    assert said[0].startswith(
        "рядок 1 (збережено як є: заяву вже надіслано до реєстру): registered_address.katottg:"
    )
    assert said[1].startswith("рядок 2: registered_address.katottg:")
    [listed] = json.loads(run_cli("--data-dir", root, "list", "--json").stdout)
    assert (listed["number"], listed["status"]) == (granted["number"], "granted")
