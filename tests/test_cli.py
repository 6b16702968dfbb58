"""The command line, run as a separate process the way an IT person would."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.cli import build_parser
from frontdesk.command_language import APPLICATIONS, counted
from frontdesk.profile import Profile
from tests.conftest import EXAMPLES, KATOTTG_CSV, ROOT, example_documents, run_cli, write_lines

COMMUNITY = "UA18040530000045696"


def test_help_everywhere() -> None:
    for args in [
        (),
        ("init",),
        ("import",),
        ("export",),
        ("list",),
        ("show",),
        ("reference",),
        ("reference", "import-katottg"),
    ]:
        result = run_cli(*args, "--help")
        assert result.returncode == 0 and "використання: frontdesk" in result.stdout
        assert "usage" not in result.stdout and "options" not in result.stdout
    english = run_cli("list", "--help", env={"FRONTDESK_LANG": "en"})
    assert english.returncode == 0 and "usage: frontdesk list" in english.stdout
    assert "only applications in this state" in english.stdout


def test_nothing_typed_parses_the_same_without_the_commands_parsers() -> None:
    """``frontdesk`` with no argument (how a worker starts the app) builds only the
    options: what it parses is what the whole command line parses."""
    assert vars(build_parser(commands=False).parse_args([])) == vars(build_parser().parse_args([]))


def _parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _helps(monkeypatch: pytest.MonkeyPatch, language: str) -> dict[str, str | None]:
    with monkeypatch.context() as env:
        env.setenv("FRONTDESK_LANG", language)
        helps: dict[str, str | None] = {}
        for prog, parser in _parsers(build_parser()):
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    for command in action._choices_actions:  # each subcommand's line
                        helps[f"{prog} {command.dest}"] = command.help
                else:
                    helps[f"{prog} {action.dest}"] = action.help
        return helps


def test_every_option_of_every_command_is_explained_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ukrainian, english = _helps(monkeypatch, "uk"), _helps(monkeypatch, "en")
    assert ukrainian.keys() == english.keys() and len(ukrainian) > 60
    for where, help_uk in ukrainian.items():
        assert help_uk and english[where], f"{where} has no help"
        assert help_uk != english[where] and re.search("[а-яіїєґ]", help_uk), where


def test_mistakes_in_the_command_are_said_in_the_chosen_language() -> None:
    ukrainian = run_cli("list", "--limit", "many")
    assert ukrainian.returncode == 2 and "помилка: аргумент --limit" in ukrainian.stderr
    english = run_cli("list", "--limit", "many", env={"FRONTDESK_LANG": "en"})
    assert english.returncode == 2 and "error: argument --limit" in english.stderr
    assert "usage: frontdesk list" in english.stderr


def test_the_command_line_speaks_english_when_asked(tmp_path: Path) -> None:
    """FRONTDESK_LANG=en: what the commands print, not only their help, is English."""
    english = {"FRONTDESK_LANG": "en"}
    root = str(tmp_path / "p")
    made = run_cli(
        "--data-dir", root, "init", "--workstation", "ZT01", "--community", COMMUNITY, env=english
    )
    assert made.returncode == 0 and "Profile created" in made.stdout
    imported = run_cli("--data-dir", root, "import", str(EXAMPLES), env=english)
    assert imported.returncode == 0 and "Imported: " in imported.stdout
    number = json.loads(run_cli("--data-dir", root, "list", "--json").stdout)[0]["number"]
    shown = run_cli("--data-dir", root, "show", number, env=english)
    assert f"Application {number} (revision 1)" in shown.stdout
    assert "Applicant: " in shown.stdout and "Service " in shown.stdout
    status = run_cli("--data-dir", root, "status", env=english)
    assert "Waiting to be sent: " in status.stdout and "Last successful sync: none yet" in (
        status.stdout
    )
    missing = run_cli("--data-dir", root, "import", str(tmp_path / "none.jsonl"), env=english)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    for said in (made.stdout, imported.stdout, shown.stdout, status.stdout, missing.stderr):
        for ukrainian in ("Профіль", "Імпортовано", "Заява", "Заявник", "Очікують", "файл"):
            assert ukrainian not in said


def test_commands_without_profile_say_how_to_create_one(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path / "none"), "list")
    assert result.returncode == 1
    assert "frontdesk init" in result.stderr


def test_list_and_show(data_dir: str) -> None:
    run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    listed = json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)
    assert len(listed) == len(example_documents())
    assert {"id", "number", "status", "revision"} <= set(listed[0])
    someone = example_documents()[3]["applicant"]
    surname = str(someone["surname"])  # type: ignore[index]
    found = json.loads(
        run_cli("--data-dir", data_dir, "list", "--search", surname.lower(), "--json").stdout
    )
    assert found and all(surname in row["applicant_name"] for row in found)
    number = found[0]["number"]
    shown = run_cli("--data-dir", data_dir, "show", number)
    assert shown.returncode == 0 and number in shown.stdout and surname in shown.stdout
    as_json = json.loads(run_cli("--data-dir", data_dir, "show", number, "--json").stdout)
    assert as_json["number"] == number
    missing = run_cli("--data-dir", data_dir, "show", "ZT01-2026-999999")
    assert missing.returncode == 1 and "не знайдено" in missing.stderr


def test_reference_import_and_search(data_dir: str) -> None:
    result = run_cli("--data-dir", data_dir, "reference", "import-katottg", str(KATOTTG_CSV))
    assert result.returncode == 0 and "31748" in result.stdout
    found = run_cli("--data-dir", data_dir, "reference", "search", "Тетерів", "--json")
    labels = [row["label"] for row in json.loads(found.stdout)]
    assert any(
        label.startswith("Тетерівка, Тетерівська громада, Житомирський р-н") for label in labels
    )
    narrowed = run_cli("--data-dir", data_dir, "reference", "search", "Іванівка, хорош")
    assert narrowed.stdout.split("  ")[1].startswith("Іванівка, Хорошівська громада")
    english = run_cli(
        "--data-dir",
        data_dir,
        "reference",
        "search",
        "Іванівка, хорош",
        env={"FRONTDESK_LANG": "en"},
    )
    assert english.stdout.split("  ")[1].startswith(
        "Іванівка, Хорошівська hromada, Житомирський raion"
    )
    none = run_cli("--data-dir", data_dir, "reference", "search", "Іванівка, Марс")
    assert none.returncode == 0 and none.stdout == "" and "Нічого не знайдено" in none.stderr


def test_without_a_display_the_app_says_so_instead_of_crashing(tmp_path: Path) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_cli("--data-dir", str(tmp_path / "p"), env=env)
    assert result.returncode == 2
    assert "Немає графічного дисплея" in result.stderr


def test_what_the_registry_refused_is_listed_and_explained(data_dir: str) -> None:
    run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    with Profile.open(Path(data_dir)) as profile:  # as the sync engine records a refusal
        item = profile.outbox.claim(1)[0]
        reason = {
            "outcome": "rejected",
            "problems": [{"field": "payment.iban", "message": "IBAN містить помилку"}],
        }
        profile.outbox.record_results([(item, None, reason)])
    listed = json.loads(run_cli("--data-dir", data_dir, "list", "--not-accepted", "--json").stdout)
    assert [(row["number"], row["not_accepted"]) for row in listed] == [(item.number, True)]
    plain = run_cli("--data-dir", data_dir, "list", "--not-accepted").stdout
    assert item.number in plain and "не прийнято реєстром" in plain
    shown = run_cli("--data-dir", data_dir, "show", item.number).stdout
    assert "Реєстр не прийняв цю редакцію" in shown and "IBAN містить помилку" in shown


def test_a_list_cut_short_says_so_and_show_names_the_status(data_dir: str) -> None:
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    total = len(example_documents())
    short = run_cli("--data-dir", data_dir, "list", "--limit", "3", "--json")
    assert len(json.loads(short.stdout)) == 3  # stdout stays a clean JSON array
    assert f"Показано 3 з {total}" in short.stderr
    whole = run_cli("--data-dir", data_dir, "list", "--limit", str(total))
    assert "Показано" not in whole.stderr
    states = {line.split("  ")[1].strip() for line in whole.stdout.splitlines()}
    assert "очікує надсилання" in states and "ready" not in states  # the worker's words
    starts = {line.index(" 20") for line in whole.stdout.splitlines()}  # the date column
    assert len(starts) == 1, whole.stdout  # aligned, whatever the state's length
    assert run_cli("--data-dir", data_dir, "list", "--limit", "-1").returncode == 2
    first = json.loads(short.stdout)[0]["number"]
    shown = run_cli("--data-dir", data_dir, "show", first)
    assert "— очікує надсилання" in shown.stdout.splitlines()[0]
    # Dates as the form shows them, the history in words and on the local clock.
    assert re.search(r"^Заявник: .+, \d\d\.\d\d\.\d{4}$", shown.stdout, re.M)
    [step] = shown.stdout.split("Історія:\n")[1].splitlines()
    assert re.fullmatch(r"  \d\d\.\d\d\.\d{4} \d\d:\d\d  Імпортовано  \(import, ред\. 1\)", step)


def test_counts_are_said_with_the_right_form_of_the_noun(monkeypatch: pytest.MonkeyPatch) -> None:
    said = {n: counted(n, *APPLICATIONS) for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 111)}
    assert said == {
        0: "0 заяв",
        1: "1 заява",
        2: "2 заяви",
        4: "4 заяви",
        5: "5 заяв",
        11: "11 заяв",
        12: "12 заяв",
        14: "14 заяв",
        21: "21 заява",
        22: "22 заяви",
        25: "25 заяв",
        111: "111 заяв",
    }
    monkeypatch.setenv("FRONTDESK_LANG", "en")
    assert [counted(n, *APPLICATIONS) for n in (1, 2)] == ["1 application", "2 applications"]


def test_list_dates_an_application_by_the_workers_calendar(data_dir: str) -> None:
    """Taken at 00:30 in Kyiv on 22 November (22:30 the day before in UTC): listed on the
    22nd, the day the date filters and the journal file it under."""
    line = example_documents()[0]
    line.pop("id", None)
    line.pop("number", None)
    line["created_at"] = "2026-11-21T22:30:00Z"
    source = Path(data_dir).parent / "late.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    kyiv = {"TZ": "Europe/Kyiv"}
    assert run_cli("--data-dir", data_dir, "import", str(source), env=kyiv).returncode == 0
    listed = run_cli("--data-dir", data_dir, "list", env=kyiv)
    assert "  2026-11-22  " in listed.stdout and "2026-11-21" not in listed.stdout


def test_show_takes_a_number_as_people_write_it(data_dir: str, tmp_path: Path) -> None:
    """As `list --search` and the registry's `show` read it: "№", slashes, spaces, lower
    case, no zeros, a Cyrillic look-alike letter, or its year and sequence alone when no
    other application here has the same ones."""
    run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    number = json.loads(run_cli("--data-dir", data_dir, "list", "--json").stdout)[-1]["number"]
    code, year, sequence = number.split("-")
    for typed in (
        f"№ {number}",
        f"{code}-{year}-{int(sequence)}",
        f"{code}/{year}/{sequence}".lower(),
        f"{code} {year} {sequence}",
        f"{year}-{sequence}",
        number.replace("T", "Т"),  # (a Cyrillic Т)
    ):
        shown = run_cli("--data-dir", data_dir, "show", typed)
        assert shown.returncode == 0 and shown.stdout.startswith(f"Заява {number} "), typed

    # Another workstation's application with the same year and sequence (moved by export).
    moved = example_documents()[0] | {
        "id": str(uuid.uuid4()),
        "number": f"ZT02-{year}-{sequence}",
        "workstation": "ZT02",
        "community": COMMUNITY,
    }
    run_cli("--data-dir", data_dir, "import", str(write_lines(tmp_path / "m.jsonl", [moved])))
    ambiguous = run_cli("--data-dir", data_dir, "show", f"{year}-{sequence}")
    assert ambiguous.returncode == 1 and "Traceback" not in ambiguous.stderr
    assert number in ambiguous.stderr and f"ZT02-{year}-{sequence}" in ambiguous.stderr
    whole = run_cli("--data-dir", data_dir, "show", f"zt02 {year} {int(sequence)}")
    assert whole.stdout.startswith(f"Заява ZT02-{year}-{sequence} ")


# `frontdesk init --katottg` on a disk that fills up while the codifier goes in.


def test_status_names_the_workstation_its_community_and_the_version(tmp_path: Path) -> None:
    """(the IT person setting up many laptops checks each with `status`: it named only the
    registry, and the last sync as a UTC time stamp)"""
    from frontdesk import __version__

    root = str(tmp_path / "p")
    made = run_cli(
        "--data-dir", root, "init", "--workstation", "ZT21", "--community", COMMUNITY,
        "--katottg", str(KATOTTG_CSV),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    status = run_cli("--data-dir", root, "status")
    assert status.stdout.splitlines()[0] == (
        f"Робоче місце: ZT21, громада {COMMUNITY} (Тетерівська, Житомирський р-н, "
        f"Житомирська обл.); FrontDesk {__version__}"
    )
    assert status.stdout.splitlines()[1] == f"Тека профілю: {root}"
    data = json.loads(run_cli("--data-dir", root, "status", "--json").stdout)
    assert (data["workstation"], data["community"]) == ("ZT21", COMMUNITY)
    assert data["profile_folder"] == root


# `frontdesk list` in which opening the profile meets a bug whose message quotes a resident.
UNEXPECTED_ERROR = """
import sys
from frontdesk.profile import Profile

def broken(cls, *args, **kwargs):
    raise ValueError("Шевчуківна Ганна 3012345678")

Profile.open = classmethod(broken)
from frontdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("language", ["uk", "en"])
def test_an_unexpected_error_says_where_the_log_is_and_neither_its_message_nor_a_traceback(
    tmp_path: Path, language: str
) -> None:
    """A bug in a command printed its message (which may quote what was typed) and a
    Python traceback to the worker."""
    failed = subprocess.run(
        [sys.executable, "-c", UNEXPECTED_ERROR, "--data-dir", str(tmp_path / "p"), "list"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "FRONTDESK_LANG": language},
        check=False,
    )
    assert failed.returncode == 1
    shown = failed.stdout + failed.stderr
    assert "Шевчуківна" not in shown and "3012345678" not in shown
    assert "Traceback" not in shown and "ValueError" not in shown
    log = tmp_path / "logs" / "frontdesk.log"
    assert failed.stderr.splitlines() == [failed.stderr.strip()]  # one line
    assert str(log) in failed.stderr
    said = "непередбачена помилка" if language == "uk" else "an unexpected error"
    assert said in failed.stderr
    logged = log.read_text(encoding="utf-8")
    assert "ValueError (message not logged)" in logged and "Traceback" in logged
    assert "Шевчуківна" not in logged and "3012345678" not in logged


def test_show_takes_the_number_of_an_old_receipt_and_says_what_became_of_it(
    data_dir: str,
) -> None:
    """A resident calls with the number on her receipt. Renumbered by the sync since, it
    was «Заяву не знайдено» (show) and nothing (list --search); a draft deleted since, the
    same, with no word of what happened; and what the sync set aside was pointed to
    («див. «Не надіслано»») in a section show never printed."""
    from frontdesk.model import Status
    from frontdesk.store.set_aside import put_aside
    from tests.factories import application

    with Profile.open(Path(data_dir)) as profile:
        store = profile.applications
        first = store.save(application(), "olena").application
        with profile.db.transaction() as conn:
            old, new = profile.from_registry.renumber(
                conn, first.id, 1, first.number[:-6] + "000010"
            ) or ("", "")
            typed = store.get(first.id).to_dict()
            typed["revision"], typed["applicant"]["phone"] = 2, "+380631111111"
            put_aside(conn, first.id, 2, json.dumps(typed), "2026-11-20T10:00:00Z")
        draft = application(surname="Бондар", serial=2)
        draft.status = Status.DRAFT
        deleted = store.save(draft, "olena").application
        store.discard_draft(deleted.id, "olena")

    shown = run_cli("--data-dir", data_dir, "show", old)
    listed = run_cli("--data-dir", data_dir, "list", "--search", old, "--json")
    gone = run_cli("--data-dir", data_dir, "show", deleted.number)

    assert shown.returncode == 0, shown.stderr
    assert f"Номер {old} цій заяві змінено на {new}" in shown.stdout
    assert "Не надіслано (редакція 2) — внесене на цьому комп'ютері:" in shown.stdout
    assert "Заявник · телефон: +380631111111 (у реєстрі: " in shown.stdout
    assert [row["number"] for row in json.loads(listed.stdout)] == [new]
    assert gone.returncode == 1
    assert f"{deleted.number} — чернетку видалено " in gone.stderr
    assert "(оператор olena): заяву не надсилали, і розписка з цим номером недійсна" in (
        gone.stderr
    )


@pytest.mark.parametrize("language", ["uk", "en"])
def test_show_names_the_fields_with_problems_in_the_workers_words(
    data_dir: str, language: str
) -> None:
    """(it printed "applicant.rnokpp:" and "household[1].birth_date:", the document's
    dotted paths, to a worker on the telephone with the resident)"""
    from frontdesk.model import Status
    from tests.factories import application

    draft = application()
    draft.status = Status.DRAFT
    draft.applicant.rnokpp = draft.applicant.rnokpp[:-1] + str(
        (int(draft.applicant.rnokpp[-1]) + 1) % 10
    )  # a wrong check digit
    draft.household[1].birth_date = None
    with Profile.open(Path(data_dir)) as profile:
        number = profile.applications.save(draft, "olena").application.number

    shown = run_cli("--data-dir", data_dir, "show", number, env={"FRONTDESK_LANG": language})

    assert shown.returncode == 0, shown.stderr
    if language == "uk":
        assert "  помилка: Заявник · РНОКПП: " in shown.stdout
        assert "  помилка: Член сім'ї 2 · дата народження: " in shown.stdout
    else:
        assert "  error: Applicant · РНОКПП: " in shown.stdout
        assert "  error: Household member 2 · date of birth: " in shown.stdout
    assert "applicant." not in shown.stdout and "household[" not in shown.stdout
