"""Wrong input a worker or the IT person can meet is said in the session's language: the
English interface and command line said "Invalid input: пароль: щонайменше 8 символів"."""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from frontdesk.daily_backup import configure_auto_backup
from frontdesk.errors import (
    CannotRead,
    CodifierTooSmall,
    FrontDeskError,
    InvalidInput,
    NotFound,
)
from frontdesk.model import Status, new_application_id
from frontdesk.operators import check_new_password
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.store.retention import check_days
from frontdesk.worktime import kyiv_today
from sync.workstation import enrol
from tests.conftest import KATOTTG_CSV, run_cli
from tests.factories import application

CYRILLIC = re.compile("[\u0400-\u04ff]")


def _raised(act: Callable[[], object]) -> FrontDeskError:
    with pytest.raises((InvalidInput, NotFound, CannotRead, CodifierTooSmall)) as caught:
        act()
    return caught.value


def _codifier(tmp: Path, name: str, lines: list[str]) -> Path:
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _said_of_files(profile: Profile, case: str, tmp: Path) -> FrontDeskError:
    """The codifier's file and the profile's folder; ``tmp`` is what {tmp} stands for."""
    places = profile.places
    header = KATOTTG_CSV.read_text(encoding="utf-8").splitlines()[:11]
    if case == "codifier not text":
        scan = tmp / "scan.csv"
        scan.write_bytes(b"\x98\xff\x00" * 100)
        return _raised(lambda: places.import_csv(scan))
    if case == "codifier of another file":
        other = _codifier(tmp, "other.csv", ["a,b,c", "1,2,3"])
        return _raised(lambda: places.import_csv(other))
    if case == "codifier line short":
        short = _codifier(tmp, "short.csv", [header[0], "UA01000000000013043;O"])
        return _raised(lambda: places.import_csv(short))
    if case == "codifier line wrong":
        wrong = _codifier(tmp, "wrong.csv", [header[0], "UA123;;;;;C;Зламаний"])
        return _raised(lambda: places.import_csv(wrong))
    if case == "codifier too small":
        places.import_csv(_codifier(tmp, "whole.csv", header), allow_smaller=True)
        part = _codifier(tmp, "part.csv", header[:3])
        return _raised(lambda: places.import_csv(part))
    if case == "codifier a folder":
        return _raised(lambda: places.import_csv(tmp))
    if case == "profile folder a file":
        (tmp / "notes.txt").write_text("x", encoding="utf-8")
        return _raised(lambda: Profile.open(tmp / "notes.txt"))
    assert case == "workstation code"
    return _raised(
        lambda: Profile.create(tmp / "new", workstation="Z", community="UA18040530000045696")
    )


def _said(profile: Profile, case: str, tmp: Path) -> FrontDeskError:
    if case.startswith(("codifier", "profile", "workstation")):
        return _said_of_files(profile, case, tmp)
    operators, store = profile.operators, profile.applications
    year = dt.datetime.now(dt.UTC).year
    if case == "short password":
        return _raised(lambda: check_new_password("olena", "short"))
    if case == "easy password":
        return _raised(lambda: check_new_password("olena", "olena2026"))
    if case == "keys in a row":
        return _raised(lambda: check_new_password("olena", "asdfghjkl"))
    if case == "login":
        return _raised(lambda: operators.add("олена", "correct horse"))
    if case == "existing operator":
        operators.add("olena", "correct horse", "Olena Petrenko")
        return _raised(lambda: operators.add("Olena", "another pass 1"))
    if case == "unknown operator":
        return _raised(lambda: operators.add("nobody", "another pass 1", reset=True))
    if case == "no active operator":
        return _raised(lambda: operators.deactivate("nobody"))
    if case == "registry not https":
        return _raised(lambda: enrol(profile, "ftp://example", "x"))
    if case == "registry http elsewhere":
        return _raised(lambda: enrol(profile, "http://10.0.0.5:8443", "x"))
    if case == "retention":
        return _raised(lambda: check_days(0))
    if case == "backup passphrase":
        return _raised(lambda: configure_auto_backup(profile, Path("/nowhere"), 1, "short"))
    if case == "backup keep":
        return _raised(lambda: configure_auto_backup(profile, Path("/nowhere"), 0, "long enough 1"))
    if case == "missing attachment":
        return _raised(lambda: store.get_blob("ab" * 32))
    if case == "saved as sent":
        sent = application()
        sent.status = Status.SENT
        return _raised(lambda: store.save(sent, "o"))
    if case == "discarded draft":
        draft = application(surname="Бондар")
        draft.status = Status.DRAFT
        draft = store.save(draft, "o").application
        store.discard_draft(draft.id, "o")
        return _raised(lambda: store.save(draft, "o"))
    if case == "another revision":
        saved = store.save(application(), "o").application
        return _raised(lambda: store.import_document(replace(saved, revision=2), "import"))
    if case == "number format":
        typo = application()
        typo.number = "ZT01-26-1"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "number taken":
        taken = store.save(application(), "o").application
        paper = application(surname="Ткачук")
        paper.number = taken.number
        return _raised(lambda: store.import_document(paper, "import"))
    if case == "number of a discarded draft":
        draft = application(surname="Бондар")
        draft.status = Status.DRAFT
        draft = store.save(draft, "o").application
        store.discard_draft(draft.id, "o")
        paper = application(surname="Ткачук")
        paper.number = draft.number
        return _raised(lambda: store.import_document(paper, "import"))
    if case == "number of another workstation":
        foreign = application()
        foreign.number = f"ZT02-{year}-000002"
        return _raised(lambda: store.import_document(foreign, "import"))
    if case == "number of a year to come":
        typo = application()
        typo.number = "ZT01-2099-000001"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "number zero":
        typo = application()
        typo.number = f"ZT01-{year}-000000"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "another community":
        moved = application()
        moved.id, moved.number = new_application_id(), f"BR01-{year}-000001"
        moved.community, moved.workstation = "UA18080010000090720", "BR01"
        return _raised(lambda: store.import_document(moved, "import"))
    if case == "community of an enrolled workstation":
        profile.outbox.set_setting(REGISTRY_KEY, "https://registry.example.gov.ua")
        return _raised(lambda: profile.change_community("UA18080010000090720", "cli"))
    if case == "community of applications sent":
        sent = store.save(application(), "o").application
        profile.db.execute("UPDATE applications SET status = 'sent' WHERE id = ?", (sent.id,))
        return _raised(lambda: profile.change_community("UA18080010000090720", "cli"))
    if case == "number far ahead":
        typo = application()
        typo.number = f"ZT01-{year}-999999"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "time in the future":
        typo = application()
        typo.created_at = "2099-01-01T09:00:00Z"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "time before 2000":
        typo = application()
        typo.created_at = "0026-11-20T09:00:00Z"
        return _raised(lambda: store.import_document(typo, "import"))
    if case == "no such time":
        typo = application()
        typo.created_at = "0000-01-01T00:00:00Z"
        return _raised(lambda: store.import_document(typo, "import"))
    assert case == "new document sent"
    line = application()
    line.status = Status.SENT
    return _raised(lambda: store.import_document(line, "import"))


YEAR = dt.datetime.now(dt.UTC).year
TODAY = f"{kyiv_today():%d.%m.%Y}"  # (this computer's, as a refusal names it)
CASES = {  # case: (Ukrainian, English)
    "short password": (
        "Неправильні дані: пароль: щонайменше 8 символів",
        "Invalid input: password: at least 8 characters",
    ),
    "easy password": (
        "Неправильні дані: пароль: надто простий (поширений, з кількох однакових знаків, "
        "клавіші підряд чи з логіном)",
        "Invalid input: password: too easy to guess (a common one, a few characters "
        "repeated, keys in a row, or with the login in it)",
    ),
    "keys in a row": (
        "Неправильні дані: пароль: надто простий (поширений, з кількох однакових знаків, "
        "клавіші підряд чи з логіном)",
        "Invalid input: password: too easy to guess (a common one, a few characters "
        "repeated, keys in a row, or with the login in it)",
    ),
    "login": (
        "Неправильні дані: логін: 2–32 малі латинські літери, цифри, . _ -",
        "Invalid input: login: 2–32 small Latin letters, digits, . _ -",
    ),
    "existing operator": (
        "Неправильні дані: оператор olena уже є (Olena Petrenko); новий пароль задає "
        "--reset-password, для іншої людини оберіть інший логін",
        "Invalid input: operator olena already exists (Olena Petrenko); --reset-password "
        "sets a new password, for another person choose another login",
    ),
    "unknown operator": (
        "Неправильні дані: оператора nobody немає",
        "Invalid input: there is no operator nobody",
    ),
    "no active operator": (
        "Неправильні дані: активного оператора nobody немає",
        "Invalid input: there is no active operator nobody",
    ),
    "registry not https": (
        "Неправильні дані: адреса реєстру 'ftp://example' (потрібно https://…)",
        "Invalid input: registry address 'ftp://example' (https://… is needed)",
    ),
    "registry http elsewhere": (
        "Неправильні дані: адреса реєстру 'http://10.0.0.5:8443': лише https:// (http:// — "
        "тільки для реєстру на цьому комп'ютері, 127.0.0.1)",
        "Invalid input: registry address 'http://10.0.0.5:8443': https:// only (http:// is "
        "only for a registry on this computer, 127.0.0.1)",
    ),
    "retention": (
        "Неправильні дані: строк зберігання 0 дн. (від 7 до 3650)",
        "Invalid input: retention period of 0 days (from 7 to 3650)",
    ),
    "backup passphrase": (
        "Неправильні дані: Пароль резервної копії має бути не коротшим за 10 символів",
        "Invalid input: The backup passphrase must be at least 10 characters",
    ),
    "backup keep": (
        "Неправильні дані: скільки копій зберігати: щонайменше 1",
        "Invalid input: how many copies to keep: at least 1",
    ),
    "missing attachment": (
        f"Заяву не знайдено: вкладення {'ab' * 32}",
        f"Application not found: attachment {'ab' * 32}",
    ),
    "saved as sent": ("Неправильні дані: стан sent", "Invalid input: status sent"),
    "codifier not text": (
        "Неправильні дані: {tmp}/scan.csv: це не текст у кодуванні UTF-8 чи Windows-1251",
        "Invalid input: {tmp}/scan.csv: this is not text in UTF-8 or Windows-1251",
    ),
    "codifier of another file": (
        "Неправильні дані: {tmp}/other.csv: це не кодифікатор КАТОТТГ (потрібно 7 колонок "
        "через «;»)",
        "Invalid input: {tmp}/other.csv: this is not the КАТОТТГ codifier (7 columns "
        "separated by «;» are needed)",
    ),
    "codifier line short": (
        "Неправильні дані: {tmp}/short.csv, рядок 2: потрібно 7 колонок",
        "Invalid input: {tmp}/short.csv, line 2: 7 columns are needed",
    ),
    "codifier line wrong": (
        "Неправильні дані: {tmp}/wrong.csv, рядок 2: неправильний рядок (код, категорія чи назва)",
        "Invalid input: {tmp}/wrong.csv, line 2: a wrong line (the code, the category or the name)",
    ),
    "codifier too small": (
        "У файлі {tmp}/part.csv лише 2 об'єктів кодифікатора, а завантажено 10 — схоже, це "
        "не весь кодифікатор. Кодифікатор не змінено; щоб усе ж замінити його цим файлом, "
        "додайте --force",
        "{tmp}/part.csv holds only 2 codifier objects while 10 are loaded — it does not look "
        "like the whole codifier. Nothing changed; to replace it with this file anyway, add "
        "--force",
    ),
    "codifier a folder": (
        "Не вдалося прочитати {tmp} — це тека, а не файл",
        "Could not read {tmp} — a folder, not a file",
    ),
    "profile folder a file": (
        "Неправильні дані: {tmp}/notes.txt: це файл, а не тека профілю",
        "Invalid input: {tmp}/notes.txt: a file, not a profile folder",
    ),
    "workstation code": (
        "Неправильні дані: Код робочого місця: 2–12 латинських великих літер або цифр",
        "Invalid input: Workstation code: 2–12 Latin capitals or digits",
    ),
    "discarded draft": (
        f"Заяву не знайдено: чернетку ZT01-{YEAR}-000001 видалено",
        f"Application not found: the draft ZT01-{YEAR}-000001 was deleted",
    ),
    "another revision": (
        f"Неправильні дані: заява ZT01-{YEAR}-000001 уже є, з іншою редакцією чи вмістом",
        f"Invalid input: application ZT01-{YEAR}-000001 is already here, with another "
        "revision or content",
    ),
    "community of an enrolled workstation": (
        "Неправильні дані: код громади не змінити: це робоче місце вже зареєстровано в "
        "реєстрі для громади UA18040530000045696 (реєстр видав йому токен як робочому місцю "
        "цієї громади). Якщо це справді не та громада, адміністратор реєстру відкликає цей "
        "пристрій (frontdesk-registry device revoke), а робоче місце налаштовують заново в "
        "новій теці профілю",
        "Invalid input: the community code cannot be changed: this workstation is enrolled "
        "at the registry for community UA18040530000045696 (its token was issued to a "
        "workstation of that community). If it really is the wrong community, the "
        "registry's administrator revokes this device (frontdesk-registry device revoke) and "
        "the workstation is set up again in a new profile folder",
    ),
    "community of applications sent": (
        "Неправильні дані: код громади не змінити: заяви звідси вже надіслано до реєстру як "
        "заяви громади UA18040530000045696 (і реєстр так їх і зберігає) — зверніться до "
        "адміністратора реєстру",
        "Invalid input: the community code cannot be changed: applications from here were "
        "sent to the registry as community UA18040530000045696's (and it keeps them so) — "
        "call the registry's administrator",
    ),
    "number of another workstation": (
        f"Неправильні дані: номер ZT02-{YEAR}-000002 — із серії іншого робочого місця (ZT02); "
        "нова заява (без id) отримує номер цього (ZT01). Приберіть number з рядка — заява "
        "отримає наступний номер ZT01 (видайте заявнику нову розписку), — або імпортуйте "
        "рядок на робочому місці ZT02",
        f"Invalid input: number ZT02-{YEAR}-000002 is of another workstation's series (ZT02); "
        "a new application (no id) is numbered by this one (ZT01). Leave the number out of "
        "the line — it gets the next number of ZT01 (give the resident a new receipt) — or "
        "import the line on workstation ZT02",
    ),
    "number of a year to come": (
        f"Неправильні дані: номер ZT01-2099-000001: такого року в номері ще бути не може (від "
        f"2000 до {YEAR}; сьогодні за годинником цього комп'ютера {TODAY}; якщо це не так — "
        "виправте його) — перевірте, чи немає в ньому помилки",
        f"Invalid input: number ZT01-2099-000001: no number has that year yet (2000 to {YEAR}; "
        f"today is {TODAY} by this computer's clock; if that is wrong, correct it) — check it "
        "for a typo",
    ),
    "number zero": (
        f"Неправильні дані: номер ZT01-{YEAR}-000000: номерів 000000 не буває (серія "
        "починається з 000001) — перевірте, чи немає в ньому помилки",
        f"Invalid input: number ZT01-{YEAR}-000000: there is no number 000000 (a series "
        "starts at 000001) — check it for a typo",
    ),
    "another community": (
        "Неправильні дані: заява іншої громади (UA18080010000090720), а це робоче місце — "
        "громади UA18040530000045696: реєстр не прийме її звідси. Імпортуйте її на робочому "
        "місці громади UA18080010000090720",
        "Invalid input: an application of another community (UA18080010000090720), and this "
        "workstation is of UA18040530000045696: the registry would not take it from here. "
        "Import it on a workstation of UA18080010000090720",
    ),
    "number format": (
        "Неправильні дані: номер 'ZT01-26-1' (потрібно КОД-РРРР-NNNNNN)",
        "Invalid input: number 'ZT01-26-1' (CODE-YYYY-NNNNNN is needed)",
    ),
    "number taken": (
        f"Неправильні дані: номер ZT01-{YEAR}-000001 уже має інша заява",
        f"Invalid input: number ZT01-{YEAR}-000001 belongs to another application already",
    ),
    "number of a discarded draft": (
        f"Неправильні дані: номер ZT01-{YEAR}-000001 мала чернетка, яку видалено; він не "
        "повторюється",
        f"Invalid input: number ZT01-{YEAR}-000001 was a deleted draft's; it is never used again",
    ),
    "number far ahead": (
        f"Неправильні дані: номер ZT01-{YEAR}-999999 — набагато далі за останній номер цієї "
        f"серії (ZT01-{YEAR}-000000); перевірте, чи немає в ньому помилки",
        f"Invalid input: number ZT01-{YEAR}-999999 is far past the last number of its series "
        f"(ZT01-{YEAR}-000000); check it for a typo",
    ),
    "time in the future": (
        "Неправильні дані: created_at: 2099-01-01T09:00:00Z — у майбутньому (сьогодні за "
        f"годинником цього комп'ютера {TODAY}; якщо це не так — виправте його)",
        "Invalid input: created_at: 2099-01-01T09:00:00Z — in the future (today is "
        f"{TODAY} by this computer's clock; if that is wrong, correct it)",
    ),
    "time before 2000": (
        "Неправильні дані: created_at: 0026-11-20T09:00:00Z — раніше 2000 року (помилка в році?)",
        "Invalid input: created_at: 0026-11-20T09:00:00Z — before 2000 (a typo in the year?)",
    ),
    "no such time": (
        "Неправильні дані: created_at: 0000-01-01T00:00:00Z — такого часу не буває",
        "Invalid input: created_at: 0000-01-01T00:00:00Z — there is no such time",
    ),
    "new document sent": (
        "Неправильні дані: status: «надіслано» — лише для заяви з id (з іншої робочої "
        "станції); нову заяву з паперу вкажіть як draft або ready",
        "Invalid input: status: «sent» — only for an application with an id (from another "
        "workstation); give a new one from paper as draft or ready",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_wrong_input_is_said_in_ukrainian_and_in_english(
    profile: Profile, case: str, tmp_path: Path
) -> None:
    said = _said(profile, case, tmp_path)
    uk, en = (words.replace("{tmp}", str(tmp_path)) for words in CASES[case])
    assert said.message("uk") == uk
    assert said.message("en") == en
    assert not CYRILLIC.search(said.message("en").replace("КАТОТТГ", ""))
    assert str(said) == en + (f" ({said.detail})" if said.detail else "")  # (the log's)


COMMUNITY_CASES = {  # code given: (Ukrainian, English); place names are the codifier's
    "UA18020010000059905": (
        "Неправильні дані: код громади UA18020010000059905: такого коду немає в "
        "завантаженому кодифікаторі КАТОТТГ — перевірте його",
        "Invalid input: community code UA18020010000059905: there is no such code in the "
        "loaded КАТОТТГ codifier — check it",
    ),
    "UA18000000000041385": (
        "Неправильні дані: код громади UA18000000000041385 — це код не громади, а області "
        "«Житомирська»: потрібен код територіальної громади (у кодифікаторі — категорія H; "
        "Київ — K)",
        "Invalid input: community code UA18000000000041385 is not a hromada's but that of "
        "the oblast «Житомирська»: the code of the territorial community is needed "
        "(category H in the codifier; Kyiv: K)",
    ),
    "UA18020010010097402": (
        "Неправильні дані: код громади UA18020010010097402 — це код не громади, а міста "
        "«Андрушівка, Андрушівська громада, Бердичівський р-н, Житомирська обл.»; громада, "
        "до якої належить це місце, — «Андрушівська, Бердичівський р-н, Житомирська обл.», "
        "її код UA18020010000059904",
        "Invalid input: community code UA18020010010097402 is not a hromada's but that of "
        "the city «Андрушівка, Андрушівська hromada, Бердичівський raion, Житомирська "
        "oblast»; the hromada it lies in is «Андрушівська, Бердичівський raion, Житомирська "
        "oblast», code UA18020010000059904",
    ),
}


@pytest.mark.parametrize("code", COMMUNITY_CASES)
def test_a_community_code_that_is_no_hromadas_is_said_in_either_language(
    profile: Profile, code: str, tmp_path: Path
) -> None:
    lines = KATOTTG_CSV.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("UA18000000000041385;"))
    part = _codifier(tmp_path, "part.csv", [lines[0], *lines[start:][:4]])
    profile.places.import_csv(part, allow_smaller=True)
    said = _raised(lambda: profile.change_community(code, "cli"))
    assert (said.message("uk"), said.message("en")) == COMMUNITY_CASES[code]
    assert profile.community == "UA18040530000045696"  # (nothing changed)


def test_a_profile_file_that_cannot_be_read_is_said_in_either_language(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said the system's English words after "Неправильні дані:"."""
    Profile.create(profile_dir, workstation="ZT01", community="UA18040530000045696").close()

    def refused(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refused)
    said = _raised(lambda: Profile.open(profile_dir))
    where = profile_dir / "profile.json"
    assert said.message("uk") == f"Не вдалося прочитати {where} — немає дозволу на цей файл чи теку"
    assert said.message("en") == f"Could not read {where} — no permission for this file or folder"


def test_the_english_command_line_says_operator_mistakes_in_english(data_dir: str) -> None:
    """What the reviewer saw with FRONTDESK_LANG=en: each in Ukrainian after "Invalid input"."""
    english = {"FRONTDESK_LANG": "en"}
    add = ("--data-dir", data_dir, "operator", "add")
    short = run_cli(*add, "olena", input_text="short\n", env=english)
    assert short.stderr.strip() == "Invalid input: password: at least 8 characters"
    run_cli(*add, "olena", "--name", "Olena Petrenko", input_text="correct horse\n")
    again = run_cli(*add, " Olena ", input_text="another pass 1\n", env=english)
    assert again.stderr.startswith("Invalid input: operator olena already exists")
    login = run_cli(*add, "олена", input_text="correct horse\n", env=english)
    assert login.stderr.startswith("Invalid input: login: 2–32 small Latin letters")
    nobody = run_cli(*add, "nobody", "--reset-password", input_text="pass word 1\n", env=english)
    assert nobody.stderr.strip() == "Invalid input: there is no operator nobody"
    for result in (short, again, login, nobody):
        assert result.returncode == 1 and not CYRILLIC.search(result.stderr)


def test_the_english_command_line_says_a_wrong_codifier_file_in_english(
    data_dir: str, tmp_path: Path
) -> None:
    """A spreadsheet's comma-separated file given as the codifier: said in English."""
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    english = {"FRONTDESK_LANG": "en"}
    load = ("--data-dir", data_dir, "reference", "import-katottg")
    wrong = run_cli(*load, str(other), env=english)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        f"Invalid input: {other}: this is not the КАТОТТГ codifier (7 columns separated by "
        "«;» are needed)"
    )
    folder = run_cli(*load, str(tmp_path), env=english)
    assert folder.returncode == 1
    assert folder.stderr.strip() == f"Could not read {tmp_path} — a folder, not a file"
    for result in (wrong, folder):
        assert not CYRILLIC.search(result.stderr.replace("КАТОТТГ", ""))
