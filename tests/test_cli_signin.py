"""The command line asks for an operator's sign-in once the workstation has operators.

Residents' personal data (names, РНОКПП, passports, bank accounts) is read and changed
only by an operator who signed in with her password, as at the app's sign-in; what she
does is in the access log under her login. A profile with no operator yet (the IT person's
set-up) works without, logged under the computer's account.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from frontdesk.operators import FREE_TRIES
from frontdesk.profile import Profile
from tests.conftest import (
    EXAMPLES,
    IVAN,
    IVAN_PASSWORD,
    OLENA,
    OLENA_PASSWORD,
    ROOT,
    access_log,
    example_documents,
    last_audit_seq,
    run_cli,
)

PASSPHRASE = "довга фраза для копії"
APPLICATIONS = len(example_documents())


def _surnames() -> list[str]:
    return [str(d["applicant"]["surname"]) for d in example_documents()]  # type: ignore[index]


def test_with_operators_export_without_a_sign_in_is_refused_and_says_which_option(
    staffed: str,
) -> None:
    since = last_audit_seq(staffed)
    refused = run_cli("--data-dir", staffed, "export", input_text=OLENA_PASSWORD + "\n")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "Traceback" not in refused.stderr
    assert "frontdesk export: на цьому робочому місці є оператори" in refused.stderr
    assert "--operator ЛОГІН" in refused.stderr and "FRONTDESK_OPERATOR" in refused.stderr
    english = run_cli("--data-dir", staffed, "export", env={"FRONTDESK_LANG": "en"})
    assert english.returncode == 2 and english.stdout == ""
    assert "needs an operator's sign-in. Add --operator LOGIN" in english.stderr
    assert access_log(staffed, since) == []


def test_an_export_signed_in_is_logged_under_her_login(staffed: str) -> None:
    """The option after the command, before it, or in the environment (a script's)."""
    since = last_audit_seq(staffed)
    for where, env in (
        (["export", "--operator", OLENA], {}),
        (["--operator", IVAN, "export"], {}),
        (["export"], {"FRONTDESK_OPERATOR": OLENA}),
    ):
        password = IVAN_PASSWORD if IVAN in where else OLENA_PASSWORD
        done = run_cli("--data-dir", staffed, *where, input_text=password + "\n", env=env)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == APPLICATIONS
    assert access_log(staffed, since) == [
        (OLENA, "cli_signed_in", "export"),
        (OLENA, "exported", str(APPLICATIONS)),
        (IVAN, "cli_signed_in", "export"),
        (IVAN, "exported", str(APPLICATIONS)),
        (OLENA, "cli_signed_in", "export"),
        (OLENA, "exported", str(APPLICATIONS)),
    ]


def test_an_export_says_it_is_not_encrypted_and_its_file_is_readable_by_its_owner_only(
    staffed: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    file = folder / "all.jsonl"
    unsigned = run_cli("--data-dir", staffed, "export", "--output", str(file))
    assert unsigned.returncode == 2 and "--operator" in unsigned.stderr
    assert list(folder.iterdir()) == []  # (not even a half-written file)
    done = run_cli(
        *("--data-dir", staffed, "export", "--operator", OLENA, "--output", str(file)),
        input_text=OLENA_PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert len(file.read_text(encoding="utf-8").splitlines()) == APPLICATIONS
    assert list(folder.iterdir()) == [file]
    assert f"УВАГА: файл {file} НЕ зашифровано й містить персональні дані" in done.stderr
    assert "видаліть одразу після використання" in done.stderr

    # "export > file" as the README showed it: the file the shell made (0644) is made
    # its owner's only too, and the warning is said in English when asked.
    redirected = folder / "redirected.jsonl"
    os.close(os.open(redirected, os.O_CREAT | os.O_WRONLY, 0o644))
    os.chmod(redirected, 0o644)
    frontdesk = [sys.executable, "-m", "frontdesk", "--data-dir", staffed]
    with redirected.open("w") as out:
        shown = subprocess.run(
            [*frontdesk, "--operator", IVAN, "export"],
            input=IVAN_PASSWORD + "\n",
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "FRONTDESK_LANG": "en"},
            timeout=60,
            check=False,
        )
    assert shown.returncode == 0, shown.stderr
    assert stat.S_IMODE(redirected.stat().st_mode) == 0o600
    assert redirected.read_bytes() == file.read_bytes()
    assert "WARNING: what was printed (standard output) is NOT encrypted" in shown.stderr
    assert "delete it as soon as it has been used" in shown.stderr


def test_a_wrong_password_is_refused_counted_in_her_name_and_then_waits(staffed: str) -> None:
    since = last_audit_seq(staffed)
    for _ in range(FREE_TRIES + 1):
        wrong = run_cli(
            "--data-dir", staffed, "export", "--operator", OLENA, input_text="не-той-пароль\n"
        )
        assert wrong.returncode == 1 and wrong.stdout == ""
        assert wrong.stderr.startswith(f"Неправильний пароль для {OLENA}")
    assert "наступну спробу буде прийнято через 15 с" in wrong.stderr
    # Now even the right password waits (as at the app's sign-in), and says how long.
    waiting = run_cli(
        "--data-dir", staffed, "list", "--operator", OLENA, input_text=OLENA_PASSWORD + "\n"
    )
    assert waiting.returncode == 1 and waiting.stdout == ""
    assert f"Забагато неправильних паролів для {OLENA}: зачекайте " in waiting.stderr
    seconds = int(waiting.stderr.split("зачекайте ")[1].split(" с")[0])
    assert 0 < seconds <= 15
    # Another operator is not held up by her wrong passwords.
    ivan = run_cli(
        "--data-dir", staffed, "list", "--operator", IVAN, input_text=IVAN_PASSWORD + "\n"
    )
    assert ivan.returncode == 0, ivan.stderr
    assert access_log(staffed, since) == [(OLENA, "sign_in_failed", "cli_signed_in")] * (
        FREE_TRIES + 1
    ) + [(IVAN, "cli_signed_in", "list"), (IVAN, "listed", str(APPLICATIONS))]


def test_a_deactivated_operator_is_refused(staffed: str) -> None:
    with Profile.open(Path(staffed)) as profile:
        profile.operators.deactivate(IVAN, by=OLENA)
    since = last_audit_seq(staffed)
    for command in (["export"], ["list"], ["show", "ZT01-2026-000001"]):
        refused = run_cli(
            "--data-dir", staffed, *command, "--operator", IVAN, input_text=IVAN_PASSWORD + "\n"
        )
        assert refused.returncode == 1 and refused.stdout == ""
        assert refused.stderr.strip() == f"Оператора {IVAN} деактивовано — він більше не входить"
    english = run_cli(
        "--data-dir",
        staffed,
        "export",
        "--operator",
        IVAN,
        input_text=IVAN_PASSWORD + "\n",
        env={"FRONTDESK_LANG": "en"},
    )
    assert english.returncode == 1 and "Operator ivan is deactivated" in english.stderr
    assert access_log(staffed, since) == [(IVAN, "sign_in_failed", "cli_signed_in")] * 4


def test_show_and_list_are_in_the_access_log_without_personal_data(staffed: str) -> None:
    since = last_audit_seq(staffed)
    surname = _surnames()[3]
    signed = {"FRONTDESK_OPERATOR": OLENA}  # (as a script sets it)
    found = run_cli(
        "--data-dir",
        staffed,
        "list",
        "--search",
        surname,
        "--json",
        input_text=OLENA_PASSWORD + "\n",
        env=signed,
    )
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert rows and all(surname in row["applicant_name"] for row in rows)
    number = rows[0]["number"]
    shown = run_cli(
        "--data-dir", staffed, "show", number, "--operator", OLENA, input_text=OLENA_PASSWORD
    )
    assert shown.returncode == 0 and surname in shown.stdout
    log = access_log(staffed, since)
    assert log == [
        (OLENA, "cli_signed_in", "list"),
        (OLENA, "listed", str(len(rows))),
        (OLENA, "cli_signed_in", "show"),
        (OLENA, "viewed", number),
    ]
    assert not any(surname in str(entry) for entry in log)


def test_without_an_operator_the_commands_work_as_before_under_the_computers_account(
    data_dir: str, tmp_path: Path
) -> None:
    """Right after `frontdesk init` (the IT person's set-up): no sign-in to ask for."""
    imported = run_cli("--data-dir", data_dir, "import", str(EXAMPLES))
    assert imported.returncode == 0, imported.stderr
    exported = run_cli("--data-dir", data_dir, "export")
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == APPLICATIONS
    listed = run_cli("--data-dir", data_dir, "list", "--json")
    number = json.loads(listed.stdout)[0]["number"]
    shown = run_cli("--data-dir", data_dir, "show", number)
    assert listed.returncode == 0 and shown.returncode == 0 and number in shown.stdout
    log = access_log(data_dir)
    assert [(action, detail) for _, action, detail in log] == [
        ("imported", str(APPLICATIONS)),
        ("exported", str(APPLICATIONS)),
        ("listed", str(APPLICATIONS)),
        ("viewed", number),
    ]
    assert all(who.startswith("cli") for who, _, _ in log)
    # Each imported application's history names the importer as before.
    with Profile.open(Path(data_dir)) as profile:
        history = profile.applications.history(profile.applications.get_by_number(number).id)
    assert [(e["operator"], e["action"]) for e in history] == [("import", "imported")]


def test_import_signs_in_first_and_never_takes_the_password_from_the_data(
    staffed: str, tmp_path: Path
) -> None:
    paper = tmp_path / "paper.jsonl"
    line = example_documents()[0]
    line["applicant"]["phone"] = "+380501112233"  # type: ignore[index]
    paper.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    since = last_audit_seq(staffed)
    unsigned = run_cli("--data-dir", staffed, "import", str(paper))
    assert unsigned.returncode == 2 and "--operator" in unsigned.stderr
    # With "-" standard input is the data: the password is typed at a terminal, and with
    # none (a script, here a new session) the command is refused before reading anything.
    piped = subprocess.run(
        [sys.executable, "-m", "frontdesk", "--data-dir", staffed, "import", "-"],
        input=OLENA_PASSWORD + "\n" + paper.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "FRONTDESK_OPERATOR": OLENA},
        start_new_session=True,  # (no controlling terminal)
        timeout=60,
        check=False,
    )
    assert piped.returncode == 2 and "Traceback" not in piped.stderr
    assert "пароль оператора вводять у терміналі" in piped.stderr
    assert "вкажіть ім'я файлу замість «-»" in piped.stderr
    assert access_log(staffed, since) == []
    signed = run_cli(
        "--data-dir",
        staffed,
        "import",
        "--allow-duplicates",
        "--operator",
        OLENA,
        str(paper),
        input_text=OLENA_PASSWORD + "\n",
    )
    assert signed.returncode == 0 and "Імпортовано: 1" in signed.stdout
    assert access_log(staffed, since) == [
        (OLENA, "cli_signed_in", "import"),
        (OLENA, "imported", "1"),
    ]
    with Profile.open(Path(staffed)) as profile:
        rows = profile.db.query(
            "SELECT operator FROM audit WHERE seq > ? AND action = 'imported' "
            "AND application_id IS NOT NULL",
            (since,),
        )
    assert [r["operator"] for r in rows] == [OLENA]


def test_a_backup_and_the_settings_of_personal_data_need_a_sign_in(
    staffed: str, tmp_path: Path
) -> None:
    """A backup holds every application (its passphrase is the one who makes it chooses);
    the community code and the retention period change what is kept of residents."""
    file = tmp_path / "copy.fdbackup"
    unsigned = run_cli("--data-dir", staffed, "backup", str(file), input_text=PASSPHRASE + "\n")
    assert unsigned.returncode == 2 and "frontdesk backup:" in unsigned.stderr
    assert not file.exists()
    for command in (
        ["set-community", "UA18040530000045696"],
        ["retention", "--days", "30"],
        ["retention", "--run"],
    ):
        refused = run_cli("--data-dir", staffed, *command)
        assert refused.returncode == 2 and "--operator" in refused.stderr, command
    readable = run_cli("--data-dir", staffed, "retention")  # (counts only: anyone's)
    assert readable.returncode == 0 and "90 днів" in readable.stdout
    since = last_audit_seq(staffed)
    made = run_cli(
        "--data-dir",
        staffed,
        "backup",
        str(file),
        "--operator",
        IVAN,
        input_text=f"{IVAN_PASSWORD}\n{PASSPHRASE}\n",
    )
    assert made.returncode == 0 and file.exists(), made.stderr
    assert access_log(staffed, since) == [
        (IVAN, "cli_signed_in", "backup"),
        (IVAN, "backup", str(APPLICATIONS)),
    ]
    # The restored copy keeps its operators: they sign in there too.
    restored = str(tmp_path / "restored")
    back = run_cli("--data-dir", restored, "restore", str(file), input_text=PASSPHRASE + "\n")
    assert back.returncode == 0, back.stderr
    assert run_cli("--data-dir", restored, "list").returncode == 2
