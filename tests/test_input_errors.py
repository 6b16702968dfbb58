"""Wrong input a worker or the IT person can meet is said in the session's language: the
English interface and command line said "Invalid input: пароль: щонайменше 8 символів"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from frontdesk.backup import configure_auto_backup
from frontdesk.errors import FrontDeskError, InvalidInput, NotFound
from frontdesk.model import Status
from frontdesk.operators import check_new_password
from frontdesk.profile import Profile
from frontdesk.store.retention import check_days
from sync.workstation import enrol
from tests.conftest import run_cli
from tests.factories import application

CYRILLIC = re.compile("[\u0400-\u04ff]")


def _raised(act: Callable[[], object]) -> FrontDeskError:
    with pytest.raises((InvalidInput, NotFound)) as caught:
        act()
    return caught.value


def _said(profile: Profile, case: str) -> FrontDeskError:
    operators, store = profile.operators, profile.applications
    year = dt.datetime.now(dt.UTC).year
    if case == "short password":
        return _raised(lambda: check_new_password("olena", "short"))
    if case == "easy password":
        return _raised(lambda: check_new_password("olena", "olena2026"))
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
CASES = {  # case: (Ukrainian, English)
    "short password": (
        "Неправильні дані: пароль: щонайменше 8 символів",
        "Invalid input: password: at least 8 characters",
    ),
    "easy password": (
        "Неправильні дані: пароль: надто простий (поширений, з кількох однакових знаків чи "
        "з логіном)",
        "Invalid input: password: too easy to guess (a common one, a few characters "
        "repeated, or with the login in it)",
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
    "discarded draft": (
        f"Заяву не знайдено: чернетку ZT01-{YEAR}-000001 видалено",
        f"Application not found: the draft ZT01-{YEAR}-000001 was deleted",
    ),
    "another revision": (
        "Неправильні дані: заява {id} уже є, з іншою редакцією чи вмістом",
        "Invalid input: application {id} is already here, with another revision or content",
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
        "Неправильні дані: created_at: 2099-01-01T09:00:00Z — у майбутньому",
        "Invalid input: created_at: 2099-01-01T09:00:00Z — in the future",
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
def test_wrong_input_is_said_in_ukrainian_and_in_english(profile: Profile, case: str) -> None:
    said = _said(profile, case)
    uk, en = (words.replace("{id}", said.params.get("id", "")) for words in CASES[case])
    assert said.message("uk") == uk
    assert said.message("en") == en
    assert not CYRILLIC.search(said.message("en").replace("Petrenko", ""))
    assert str(said) == en  # (the log's words)


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
