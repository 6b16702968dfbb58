"""Setting up a workstation's profile at the command line (`frontdesk init`,
`set-community`), run as a separate process the way an IT person would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from frontdesk.profile import Profile
from frontdesk.worktime import in_kyiv
from tests.conftest import (
    EXAMPLES,
    KATOTTG_CSV,
    ROOT,
    example_documents,
    run_cli,
    run_init,
)

COMMUNITY = "UA18040530000045696"

FULL_WHILE_LOADING_THE_CODIFIER = """
import sys
from frontdesk.errors import DiskFull
from frontdesk.reference import Places

def full(self, other):
    raise DiskFull("database or disk is full")

Places.replace_with = full
from frontdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_init_rejects_a_bad_community_code(tmp_path: Path) -> None:
    result = run_cli(
        "--data-dir", str(tmp_path / "p"), "init", "--workstation", "ZT01", "--community", "Тетерів"
    )
    assert result.returncode == 1 and "КАТОТТГ" in result.stderr
    assert not (tmp_path / "p" / "profile.json").exists()


def test_init_reads_codes_typed_in_the_ukrainian_layout_as_the_latin_letters_they_look_like(
    tmp_path: Path,
) -> None:
    """«КС01» and «UА…» typed with the Ukrainian layout on look right and were refused as
    "Latin capitals only": nobody can see which letter is wrong."""
    root = str(tmp_path / "p")
    cyrillic = COMMUNITY.replace("UA", "U\u0410")  # a Cyrillic А
    result = run_cli("--data-dir", root, "init", "--workstation", "кс01", "--community", cyrillic)
    assert result.returncode == 0, result.stderr
    assert "робоче місце KC01" in result.stdout
    with Profile.open(Path(root)) as profile:
        assert (profile.workstation, profile.community) == ("KC01", COMMUNITY)


def test_init_says_a_workstation_code_has_cyrillic_letters_with_no_latin_twin(
    tmp_path: Path,
) -> None:
    root = tmp_path / "p"
    refused = run_cli(
        "--data-dir", str(root), "init", "--workstation", "ЖТ01", "--community", COMMUNITY
    )
    assert refused.returncode == 1
    assert "літери кирилиці — наберіть його латиницею" in refused.stderr
    assert not root.exists()


def test_init_twice_is_refused(data_dir: str) -> None:
    result = run_cli(
        "--data-dir", data_dir, "init", "--workstation", "ZT02", "--community", COMMUNITY
    )
    assert result.returncode == 1 and "вже існує" in result.stderr.replace("уже", "вже")


def test_no_keyring_gives_a_clear_message(tmp_path: Path) -> None:
    env = {
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "FRONTDESK_ALLOW_INSECURE_KEYRING": "0",
    }
    result = run_init(tmp_path / "p", env=env)
    assert result.returncode == 1
    assert "keyring" in result.stderr and "Traceback" not in result.stderr


def test_an_empty_data_dir_is_refused_not_taken_for_the_default(tmp_path: Path) -> None:
    """An unset variable in a script ("--data-dir $DIR") silently meant the default profile;
    a folder whose name is not UTF-8 is a folder like any other."""
    init = ("init", "--workstation", "ZT01", "--community", COMMUNITY)
    for empty in ("", " "):
        refused = run_cli("--data-dir", empty, *init)
        assert refused.returncode == 2
        assert "помилка: аргумент --data-dir: порожнє значення — вкажіть теку профілю" in (
            refused.stderr
        )
    assert not (tmp_path / "default-profile").exists()
    odd = str(tmp_path / "профіль-\udcd1")
    for args in (init, ("list",)):  # (its name is printed as it is: bytes, not text)
        done = subprocess.run(
            [sys.executable, "-m", "frontdesk", "--data-dir", odd, *args],
            capture_output=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_a_community_code_that_is_no_hromadas_is_caught_and_corrected_before_enrolment(
    tmp_path: Path,
) -> None:
    """`init --community` took any UA and 17 digits (a typo, a village's code): the
    applications were stamped with it, enrolment refused it, and nothing could change it."""
    root = str(tmp_path / "p")
    init = ("--data-dir", root, "init", "--workstation", "ZT21", "--community")
    village = "UA18040530010026726"  # Тетерівка, a village of the Тетерівська hromada
    refused = run_cli(*init, village, "--katottg", str(KATOTTG_CSV))
    assert refused.returncode == 1
    assert f"код громади {village} — це код не громади, а села «Тетерівка, Тетерівська " in (
        refused.stderr
    )
    assert "громада, до якої належить це місце, — «Тетерівська, Житомирський р-н, " in (
        refused.stderr
    )
    assert f"її код {COMMUNITY}" in refused.stderr
    assert not (tmp_path / "p" / "profile.json").exists()  # nothing made for a wrong code

    typo = "UA18040530000045697"  # one digit wrong; no codifier to check it against
    made = run_cli(*init, typo)
    assert made.returncode == 0 and f"Код громади {typo} перевірено лише за формою" in made.stderr
    run_cli("--data-dir", root, "import", str(EXAMPLES))
    loaded = run_cli("--data-dir", root, "reference", "import-katottg", str(KATOTTG_CSV))
    assert loaded.returncode == 1 and "Завантажено об'єктів кодифікатора: 31748" in loaded.stdout
    assert loaded.stderr.startswith(
        f"Увага: код громади цього робочого місця не підходить — код громади {typo}: такого "
        "коду немає в завантаженому кодифікаторі КАТОТТГ"
    )
    assert "Виправте його: frontdesk set-community КОД_ГРОМАДИ" in loaded.stderr

    wrong = run_cli("--data-dir", root, "set-community", village)
    assert wrong.returncode == 1 and f"її код {COMMUNITY}" in wrong.stderr
    fixed = run_cli("--data-dir", root, "set-community", COMMUNITY)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.strip() == (
        f"Код громади змінено: {typo} → {COMMUNITY} (Тетерівська, Житомирський р-н, "
        f"Житомирська обл.); заяв із новим кодом: {len(example_documents())}"
    )
    exported = run_cli("--data-dir", root, "export").stdout.splitlines()
    assert {json.loads(line)["community"] for line in exported} == {COMMUNITY}
    number = json.loads(exported[0])["number"]
    history = run_cli("--data-dir", root, "show", number).stdout
    assert f"Код громади виправлено (робоче місце ще не було зареєстровано): {typo} → " in history
    again = run_cli("--data-dir", root, "reference", "import-katottg", str(KATOTTG_CSV))
    assert again.returncode == 0 and not again.stderr


def test_init_with_the_codifier_loads_it_and_takes_a_hromadas_code(tmp_path: Path) -> None:
    root = str(tmp_path / "p")
    made = run_cli(
        "--data-dir", root, "init", "--workstation", "ZT21", "--community", COMMUNITY,
        "--katottg", str(KATOTTG_CSV),
    )  # fmt: skip
    assert made.returncode == 0 and "Профіль створено" in made.stdout and not made.stderr
    found = run_cli("--data-dir", root, "reference", "search", "Тетерівка")
    assert found.stdout.startswith("UA18040530010026726  Тетерівка, Тетерівська громада")


def test_init_that_runs_out_of_disk_while_loading_the_codifier_makes_no_profile(
    tmp_path: Path,
) -> None:
    """(a nearly full disk) the profile was made and the codifier not put in it: the message
    said "free some space and try again", and the same init then said "a profile already
    exists", with a profile that lacked the codifier its code was checked against."""
    root = tmp_path / "p"
    init = [
        "--data-dir", str(root), "init", "--workstation", "ZT21", "--community", COMMUNITY,
        "--katottg", str(KATOTTG_CSV),
    ]  # fmt: skip
    full = subprocess.run(
        [sys.executable, "-c", FULL_WHILE_LOADING_THE_CODIFIER, *init],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert full.returncode == 1
    assert "Диск заповнено — звільніть місце й спробуйте ще раз" in full.stderr
    assert not Profile.exists(root)
    assert not root.exists()  # (nor an empty folder with a stray ".creating" in it)
    again = run_cli(*init)  # room was made: the same command
    assert again.returncode == 0, again.stderr
    assert "Профіль створено" in again.stdout
    with Profile.open(root) as profile:
        assert profile.places.count() == 31748


def test_a_profile_folder_given_relative_is_named_in_full(tmp_path: Path) -> None:
    """`frontdesk --data-dir profile init …` said "Профіль створено: profile": of no use
    to whoever reads it later, from another folder."""
    made = subprocess.run(
        [sys.executable, "-m", "frontdesk", "--data-dir", "profile", "init",
         "--workstation", "ZT31", "--community", COMMUNITY],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert f"Профіль створено: {tmp_path / 'profile'} " in made.stdout


def test_a_second_laptop_set_up_with_a_code_another_laptop_holds_takes_its_own_and_enrols(
    tmp_path: Path,
) -> None:
    """The IT person typed ZT01 (the office's first laptop's) for the second laptop, meant
    ZT02. The registry refused to enrol it, its receipts carried the first laptop's
    numbers, and no command changed a workstation code: its applications were stranded."""
    from tests.registry_process import RunningRegistry

    root = tmp_path / "second-laptop"
    data = ("--data-dir", str(root))
    password = "Весна-2025-ранок"
    with RunningRegistry(tmp_path / "registry") as registry:
        registry.add_community(COMMUNITY)
        registry.enrol(COMMUNITY, workstation="ZT01")  # the office's first laptop
        assert run_init(root).returncode == 0
        assert run_cli(*data, "import", str(EXAMPLES)).returncode == 0  # worked offline
        with Profile.open(root) as profile:
            profile.operators.add("olena", password, by="set-up")
            year = in_kyiv(profile.applications.now()).year
        enrol = (*data, "enrol", "--registry", registry.url, "--operator", "olena")
        code = registry.enrolment_code(COMMUNITY)
        refused = run_cli(*enrol, "--code", code, input_text=password + "\n")
        assert refused.returncode == 1 and "ZT01 уже використовує інший ноутбук" in refused.stderr

        unsigned = run_cli(*data, "set-workstation", "ZT02")
        assert unsigned.returncode == 2 and "--operator" in unsigned.stderr
        fixed = run_cli(
            *data, "set-workstation", "zt02", "--operator", "olena", input_text=password + "\n"
        )
        assert fixed.returncode == 0, fixed.stderr
        count = len(example_documents())
        lines = fixed.stdout.splitlines()
        assert lines[:2] == [
            f"Код робочого місця змінено: ZT01 → ZT02; заяв із новими номерами: {count}",
            "Видайте цим заявникам нові розписки — номери на старих уже не їхні:",
        ]
        assert lines[2:] == [
            f"  ZT01-{year}-{n:06d} → ZT02-{year}-{n:06d}" for n in range(1, count + 1)
        ]
        history = run_cli(
            *data, "show", f"ZT02-{year}-000001", "--operator", "olena", input_text=password + "\n"
        ).stdout
        assert f"заява мала номер ZT01-{year}-000001 (видайте заявнику нову розписку)" in history

        enrolled = run_cli(*enrol, "--code", code, input_text=password + "\n")
        assert enrolled.returncode == 0, enrolled.stderr
        assert run_cli(*data, "sync", "--once").returncode == 0
        held = json.loads(registry.cli("list", "--json").stdout)
        assert held and {item["number"].split("-")[0] for item in held} == {"ZT02"}
        again = run_cli(
            *data, "set-workstation", "ZT03", "--operator", "olena", input_text=password + "\n"
        )
        assert again.returncode == 1
        assert "це робоче місце вже зареєстровано в реєстрі як ZT02" in again.stderr
