"""Operators at the command line, run as a separate process the way an IT person would:
added from a script, passwords piped in, the access log, the keyring."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from frontdesk.profile import Profile
from tests.conftest import ROOT, run_cli, run_init


def test_operator_add_from_a_script_and_the_access_log(data_dir: str) -> None:
    """`frontdesk operator add` sets up who signs in (password from stdin); setting a new
    password for an existing login says so; both are in the access log with the computer's
    account that ran them (the first operator, and the only one's forgotten password: no
    other operator could sign in for it), and a bulk export with the operator signed in."""
    added = run_cli(
        "--data-dir", data_dir, "operator", "add", "olena", input_text="перший-пароль\n"
    )
    assert added.returncode == 0 and "Оператора olena збережено" in added.stdout
    again = run_cli(  # a second Olena would take over the first's account and name
        "--data-dir",
        data_dir,
        "operator",
        "add",
        "Olena",
        "--name",
        "Олена Коваленко",
        input_text="другий-пароль\n",
    )
    assert again.returncode == 1 and "оператор olena уже є" in again.stderr
    reset = run_cli(  # she forgot it: the IT person sets a new one
        "--data-dir",
        data_dir,
        "operator",
        "add",
        "olena",
        "--reset-password",
        input_text="другий-пароль\n",
    )
    assert reset.returncode == 0 and "встановлено новий пароль" in reset.stdout
    assert "olena — єдиний активний оператор" in reset.stderr
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.check("olena", "другий-пароль")
        assert not profile.operators.check("olena", "перший-пароль")
    # Whoever ran it knows the new one: she chooses her own before the residents' data.
    changed = run_cli(
        "--data-dir",
        data_dir,
        "operator",
        "password",
        "--operator",
        "olena",
        input_text="другий-пароль\nтретій-її-власний\n",
    )
    assert changed.returncode == 0, changed.stderr
    exported = run_cli(
        "--data-dir", data_dir, "export", "--operator", "olena", input_text="третій-її-власний\n"
    )
    assert exported.returncode == 0
    with Profile.open(Path(data_dir)) as profile:
        log = profile.db.query("SELECT operator, action, detail FROM audit ORDER BY seq")
    assert [(e["action"], e["detail"]) for e in log] == [
        ("operator_added", "olena"),
        ("operator_password_set_without_sign_in", "olena"),
        ("operator_password_changed", None),
        ("cli_signed_in", "export"),
        ("exported", "0"),
    ]
    assert [e["operator"].startswith("cli") for e in log] == [True, True, False, False, False]
    assert log[-1]["operator"] == "olena"


def test_a_password_piped_by_the_it_person_is_the_one_the_worker_types(data_dir: str) -> None:
    """cmd's "echo secret123 | …" sends a space before the line end; a file saved by
    Notepad starts with a byte-order mark; a "ї" pasted from a file may be two characters:
    each stored a password the worker could never type."""
    for login, raw in (
        ("olena", b"Secret-123 \r\n"),
        ("oksana", b"\xef\xbb\xbfSecret-123\r\n"),
        ("iryna", "Паролі-і\u0308-1\n".encode()),  # ї as і and a combining diaeresis
    ):
        # (the operators after the first are added by her: her password is the first line)
        signer = [] if login == "olena" else ["--operator", "olena"]
        add = [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "operator", "add"]
        done = subprocess.run(
            [*add, login, *signer],
            input=raw if login == "olena" else b"Secret-123\n" + raw,
            capture_output=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        left_out = "Пробіли на початку й у кінці пароля відкинуто" in done.stderr.decode()
        assert left_out == (login == "olena")  # (said, not silent)
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.check("olena", "Secret-123")
        assert profile.operators.check("oksana", "Secret-123")
        assert profile.operators.check("iryna", "Паролі-\u0457-1")


def test_nothing_piped_in_is_said_to_be_no_password(data_dir: str) -> None:
    """(an empty standard input said "at least 8 characters", as if a password had come)"""
    for given in ("", "\n"):
        refused = run_cli("--data-dir", data_dir, "operator", "add", "olena", input_text=given)
        assert refused.returncode == 1
        assert "Пароль не надійшов: стандартний ввід порожній" in refused.stderr
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.logins() == []


def test_an_operator_who_left_is_deactivated_and_easy_passwords_are_refused(
    data_dir: str,
) -> None:
    for weak in ("        \n", "12345678\n", "olena2026\n", "aaaaaaaa\n"):
        refused = run_cli("--data-dir", data_dir, "operator", "add", "olena", input_text=weak)
        assert refused.returncode == 1 and "пароль" in refused.stderr
    run_cli("--data-dir", data_dir, "operator", "add", "olena", input_text="перший-пароль\n")
    run_cli(  # (her successor, added by her: he chooses his own password first)
        *("--data-dir", data_dir, "operator", "add", "ivan", "--operator", "olena"),
        input_text="перший-пароль\nйого-пароль-1\n",
    )
    own = run_cli(
        *("--data-dir", data_dir, "operator", "password", "--operator", "ivan"),
        input_text="його-пароль-1\nйого-власний-2\n",
    )
    assert own.returncode == 0, own.stderr
    off = run_cli(
        *("--data-dir", data_dir, "operator", "deactivate", "olena", "--operator", "ivan"),
        input_text="його-власний-2\n",
    )
    assert off.returncode == 0 and "більше не входить" in off.stdout
    listed = run_cli("--data-dir", data_dir, "operator", "list")
    assert "olena" in listed.stdout and "(деактивовано)" in listed.stdout
    with Profile.open(Path(data_dir)) as profile:
        assert not profile.operators.check("olena", "перший-пароль")
        assert profile.operators.logins() == ["ivan"]
        assert profile.db.scalar("SELECT action FROM audit ORDER BY seq DESC LIMIT 1") == (
            "operator_deactivated"
        )


def test_a_password_piped_in_another_code_page_is_refused_not_stored_mangled(
    data_dir: str,
) -> None:
    """(cmd's "echo пароль | …" sends its code page: every Cyrillic letter was stored as
    a replacement character, and the worker could never sign in)"""
    done = subprocess.run(
        [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "operator", "add", "olena"],
        input="Пароль-ЗИМА-2024\r\n".encode("cp1251"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "UTF-8" in done.stderr.decode()
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.logins() == []


def test_a_chain_of_keyrings_never_keeps_the_database_key_in_its_plain_text_member(
    tmp_path: Path,
) -> None:
    """(keyring's chain of every installed backend passed as secure, and wrote the
    database key, base64, into keyrings.alt's plain-text file)"""
    data = tmp_path / "xdg-data"
    env = {
        "PYTHON_KEYRING_BACKEND": "keyring.backends.chainer.ChainerBackend",
        "FRONTDESK_ALLOW_INSECURE_KEYRING": "0",
        "XDG_DATA_HOME": str(data),
        "DBUS_SESSION_BUS_ADDRESS": "disabled:",  # (no Secret Service here: plain text only)
    }
    made = run_init(tmp_path / "p", env=env)
    assert made.returncode == 1
    assert "keyring" in made.stderr and "Traceback" not in made.stderr
    written = [path for path in data.rglob("*") if path.is_file()] if data.exists() else []
    assert not any("database" in path.read_text(errors="replace") for path in written)


def test_deactivates_help_asks_for_the_signers_password_only() -> None:
    """Its --operator help spoke of "the new password", as `operator add`'s does:
    deactivating reads only the password of the operator who does it."""
    for lang, signer, new_password in (
        ("en", "another active operator", "new password"),
        ("uk", "іншого активного оператора", "новим"),
    ):
        shown = run_cli("operator", "deactivate", "--help", env={"FRONTDESK_LANG": lang})
        assert shown.returncode == 0, shown.stderr
        flat = " ".join(shown.stdout.split())
        assert signer in flat and "FRONTDESK_OPERATOR" in flat
        assert new_password not in flat, flat
    added = run_cli("operator", "add", "--help", env={"FRONTDESK_LANG": "en"})
    assert "before the new password" in " ".join(added.stdout.split())


def test_a_password_reset_never_makes_a_login_someone_else_and_says_it_reopens_one(
    data_dir: str,
) -> None:
    """Olena Petrenko left and was deactivated; a new Olena starts. `--reset-password --name`
    on the old login renamed it and let it in again, saying only «встановлено новий пароль»:
    the old applications' history and reprinted receipts then named the new Olena as who
    took them. A reset is refused with another name (changing nothing, before any password
    is asked); a reset that lets a deactivated login in again says so, and the access log
    has it."""
    with Profile.open(Path(data_dir)) as profile:
        profile.operators.add("olena", "Квітка-Сонце-26", "Олена Петренко")
        profile.operators.add("ivan", "Зелений-Чай-77", "Іван Мельник")
        profile.operators.deactivate("olena", by="ivan")
        before = profile.db.scalar("SELECT max(seq) FROM audit")
    reset = ("--data-dir", data_dir, "operator", "add", "olena", "--reset-password")
    signed = ("--operator", "ivan")
    renamed = run_cli(
        *reset, "--name", "Олена Новенька", *signed, input_text="Зелений-Чай-77\nНова-Робота-27\n"
    )
    assert renamed.returncode == 1 and renamed.stdout == ""
    assert "--reset-password лише задає новий пароль" in renamed.stderr
    assert "olena (Олена Петренко)" in renamed.stderr
    assert "frontdesk operator add НОВИЙ-ЛОГІН" in renamed.stderr
    english = run_cli(
        *reset,
        "--name",
        "Olena Novenka",
        *signed,
        input_text="Зелений-Чай-77\nНова-Робота-27\n",
        env={"FRONTDESK_LANG": "en"},
    )
    assert english.returncode == 1
    assert "does not change who olena is (Олена Петренко)" in english.stderr
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.full_name("olena") == "Олена Петренко"
        assert not profile.operators.active("olena")
        assert profile.db.scalar("SELECT max(seq) FROM audit") == before  # (not even a sign-in)

    # Her own name (as typed, spaces and all) or none: the same person, back at work.
    back = run_cli(
        *reset,
        "--name",
        " Олена  Петренко ",
        *signed,
        input_text="Зелений-Чай-77\nНова-Робота-27\n",
    )
    assert back.returncode == 0, back.stderr
    assert "Оператору olena встановлено новий пароль" in back.stdout
    assert "Оператора olena (Олена Петренко) було деактивовано: тепер він знову входить" in (
        back.stdout
    )
    listed = run_cli("--data-dir", data_dir, "operator", "list")
    assert "olena  Олена Петренко\n" in listed.stdout  # (no longer "(деактивовано)")
    with Profile.open(Path(data_dir)) as profile:
        log = profile.db.query(
            "SELECT operator, action, detail FROM audit WHERE seq > ? ORDER BY seq", (before,)
        )
    assert [(e["operator"], e["action"], e["detail"]) for e in log] == [
        ("ivan", "cli_signed_in", "operator add"),
        ("ivan", "operator_password_set", "olena"),
        ("ivan", "operator_reactivated", "olena"),
    ]
    # A reset of one who is at work says nothing of coming back.
    again = run_cli(*reset, *signed, input_text="Зелений-Чай-77\nНова-Робота-28\n")
    assert again.returncode == 0 and "деактивовано" not in again.stdout
