"""Operators' passwords at the command line: only a signed-in operator sets another's or adds
and removes operators; a password someone else set is changed by its owner before she works,
and a sign-in refused for it is not logged as one."""

from __future__ import annotations

from pathlib import Path

from frontdesk.operators import FREE_TRIES
from frontdesk.profile import Profile
from tests.conftest import (
    CLI_COMMUNITY,
    IVAN,
    IVAN_PASSWORD,
    OLENA,
    OLENA_PASSWORD,
    access_log,
    last_audit_seq,
    run_cli,
)
from tests.test_cli_signin import APPLICATIONS


def test_a_new_password_for_an_operator_needs_another_operators_sign_in(staffed: str) -> None:
    since = last_audit_seq(staffed)
    add = ("--data-dir", staffed, "operator", "add", OLENA, "--reset-password")
    anyone = run_cli(*add, input_text="Зовсім-новий-1\n")
    assert anyone.returncode == 2 and "--operator ЛОГІН" in anyone.stderr
    herself = run_cli(*add, "--operator", OLENA, input_text=OLENA_PASSWORD + "\nЗовсім-новий-1\n")
    assert herself.returncode == 2
    assert "це робить інший активний оператор, не olena" in herself.stderr
    wrong = run_cli(*add, "--operator", IVAN, input_text="не-той-пароль\nЗовсім-новий-1\n")
    assert wrong.returncode == 1 and "Неправильний пароль для ivan" in wrong.stderr
    with Profile.open(Path(staffed)) as profile:
        assert profile.operators.check(OLENA, OLENA_PASSWORD)  # (nothing changed yet)
    done = run_cli(*add, "--operator", IVAN, input_text=IVAN_PASSWORD + "\nЗовсім-новий-1\n")
    assert done.returncode == 0 and "встановлено новий пароль" in done.stdout
    with Profile.open(Path(staffed)) as profile:
        assert profile.operators.check(OLENA, "Зовсім-новий-1")
    assert access_log(staffed, since) == [
        (IVAN, "sign_in_failed", "cli_signed_in"),
        (IVAN, "cli_signed_in", "operator add"),
        (IVAN, "operator_password_set", OLENA),
    ]


def test_adding_or_deactivating_an_operator_needs_an_operators_sign_in(staffed: str) -> None:
    since = last_audit_seq(staffed)
    newcomer = run_cli("--data-dir", staffed, "operator", "add", "eve", input_text="Моя-зміна-1\n")
    assert newcomer.returncode == 2 and "--operator" in newcomer.stderr
    off = run_cli("--data-dir", staffed, "operator", "deactivate", IVAN, input_text="x\n")
    assert off.returncode == 2 and "--operator" in off.stderr
    with Profile.open(Path(staffed)) as profile:
        assert profile.operators.logins() == [IVAN, OLENA]
    added = run_cli(
        "--data-dir",
        staffed,
        "--operator",
        OLENA,
        "operator",
        "add",
        "oksana",
        input_text=OLENA_PASSWORD + "\nМоя-зміна-1\n",
    )
    assert added.returncode == 0, added.stderr
    own = run_cli(  # (Olena knows the password she gave her: Oksana chooses her own)
        *("--data-dir", staffed, "operator", "password", "--operator", "oksana"),
        input_text="Моя-зміна-1\nЛише-моя-зміна-2\n",
    )
    assert own.returncode == 0, own.stderr
    gone = run_cli(
        "--data-dir",
        staffed,
        "operator",
        "deactivate",
        IVAN,
        "--operator",
        "oksana",
        input_text="Лише-моя-зміна-2\n",
    )
    assert gone.returncode == 0, gone.stderr
    assert access_log(staffed, since) == [
        (OLENA, "cli_signed_in", "operator add"),
        (OLENA, "operator_added", "oksana"),
        ("oksana", "operator_password_changed", None),
        ("oksana", "cli_signed_in", "operator deactivate"),
        ("oksana", "operator_deactivated", IVAN),
    ]


def test_the_only_operator_who_forgot_her_password_gets_a_new_one_loudly(data_dir: str) -> None:
    """No other operator can sign in to set it: the computer's account does, and the access
    log and the screen say so. The only operator cannot be deactivated (no one could sign in
    after it, and the command line would need no sign-in again)."""
    with Profile.open(Path(data_dir)) as profile:
        profile.operators.add(OLENA, OLENA_PASSWORD, by="set-up")
    since = last_audit_seq(data_dir)
    add = ("--data-dir", data_dir, "operator", "add", OLENA, "--reset-password")
    reset = run_cli(*add, input_text="Зовсім-новий-1\n")
    assert reset.returncode == 0 and "встановлено новий пароль" in reset.stdout
    assert "Увага: olena — єдиний активний оператор" in reset.stderr
    signed = run_cli(*add, "--operator", OLENA, input_text="Зовсім-новий-1\nЗовсім-новий-2\n")
    assert signed.returncode == 2 and "без --operator" in signed.stderr
    alone = run_cli("--data-dir", data_dir, "operator", "deactivate", OLENA)
    assert alone.returncode == 1 and "єдиний активний оператор" in alone.stderr
    with Profile.open(Path(data_dir)) as profile:
        assert profile.operators.check(OLENA, "Зовсім-новий-1")
        assert profile.operators.logins() == [OLENA]
    [(who, action, detail)] = access_log(data_dir, since)
    assert who.startswith("cli") and (action, detail) == (
        "operator_password_set_without_sign_in",
        OLENA,
    )


def test_a_password_another_operator_set_is_changed_by_its_owner_before_she_works(
    staffed: str,
) -> None:
    """Ivan set Olena's new password (she forgot hers): he knows it, so it opens nothing of
    the residents' until she has chosen her own, with `operator password`."""
    reset = ("--data-dir", staffed, "operator", "add", OLENA, "--reset-password")
    done = run_cli(*reset, "--operator", IVAN, input_text=IVAN_PASSWORD + "\nВід-Івана-2026\n")
    assert done.returncode == 0, done.stderr
    since = last_audit_seq(staffed)
    export = ("--data-dir", staffed, "export", "--operator", OLENA)
    refused = run_cli(*export, input_text="Від-Івана-2026\n")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Пароль оператора olena задав(ла) ivan" in refused.stderr
    assert "frontdesk operator password --operator olena" in refused.stderr
    english = run_cli(*export, input_text="Від-Івана-2026\n", env={"FRONTDESK_LANG": "en"})
    assert "The password of operator olena was set by ivan" in english.stderr
    assert english.stdout == ""

    change = ("--data-dir", staffed, "operator", "password", "--operator", OLENA)
    wrong = run_cli(*change, input_text="не-той-пароль\nМій-власний-2026\n")
    assert wrong.returncode == 1 and "Неправильний пароль для olena" in wrong.stderr
    same = run_cli(*change, input_text="Від-Івана-2026\nВід-Івана-2026\n")
    assert same.returncode == 1 and "такий самий, як поточний" in same.stderr
    easy = run_cli(*change, input_text="Від-Івана-2026\n1234567890\n")
    assert easy.returncode == 1 and "надто простий" in easy.stderr
    changed = run_cli(*change, input_text="Від-Івана-2026\nМій-власний-2026\n")
    assert changed.returncode == 0 and "Пароль оператора olena змінено" in changed.stdout
    assert run_cli(*export, input_text="Від-Івана-2026\n").returncode == 1
    exported = run_cli(*export, input_text="Мій-власний-2026\n")
    assert exported.returncode == 0 and exported.stdout.count("\n") == APPLICATIONS
    assert access_log(staffed, since) == [  # (refused: no sign-in the export ran on)
        (OLENA, "sign_in_refused", "export"),
        (OLENA, "sign_in_refused", "export"),
        (OLENA, "sign_in_failed", "operator_password_changed"),
        (OLENA, "operator_password_changed", None),
        (OLENA, "sign_in_failed", "cli_signed_in"),
        (OLENA, "cli_signed_in", "export"),
        (OLENA, "exported", str(APPLICATIONS)),
    ]
    # Her own password, changed again, asks nothing more of her.
    again = run_cli(*change, input_text="Мій-власний-2026\nЩе-один-мій-7\n")
    assert again.returncode == 0, again.stderr
    assert run_cli(*export, input_text="Ще-один-мій-7\n").returncode == 0


def test_a_new_operator_added_by_a_colleague_chooses_her_own_password_first(
    staffed: str, tmp_path: Path
) -> None:
    """Olena adds the week's substitute with a password she typed herself: it worked at
    once, so Olena could work under Maria's name (after a reset by a colleague the same
    login was refused until Maria changed it). Whoever set a password knows it: the new
    operator chooses her own first, at the command line as in the app; the first operator
    of the set-up and the wizard's are not asked."""
    add = ("--data-dir", staffed, "--operator", OLENA, "operator", "add", "maria.z")
    added = run_cli(
        *add, "--name", "Марія Заміна", input_text=OLENA_PASSWORD + "\nЗаміна-Тиждень-5\n"
    )
    assert added.returncode == 0, added.stderr
    listing = ("--data-dir", staffed, "list", "--operator", "maria.z")
    refused = run_cli(*listing, input_text="Заміна-Тиждень-5\n")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Пароль оператора maria.z задав(ла) olena" in refused.stderr
    assert "Оператора maria.z збережено" in added.stdout
    assert "Цей пароль знає olena, тож maria.z спершу вибере власний" in added.stdout
    with Profile.open(Path(staffed)) as profile:  # (what the app's sign-in asks about)
        assert profile.operators.password_set_by("maria.z") == OLENA
    change = ("--data-dir", staffed, "operator", "password", "--operator", "maria.z")
    changed = run_cli(*change, input_text="Заміна-Тиждень-5\nМарії-власний-9\n")
    assert changed.returncode == 0, changed.stderr
    listed = run_cli(*listing, input_text="Марії-власний-9\n")
    assert listed.returncode == 0 and listed.stdout.count("\n") == APPLICATIONS
    assert run_cli(*listing, input_text="Заміна-Тиждень-5\n").returncode == 1

    # The set-up: the first operator, added from the computer's account (no one to sign
    # in), and the wizard's work with the password they were given.
    first = str(tmp_path / "first")
    made = run_cli(
        "--data-dir", first, "init", "--workstation", "ZT02", "--community", CLI_COMMUNITY
    )
    assert made.returncode == 0, made.stderr
    setup = run_cli(
        "--data-dir", first, "operator", "add", "oksana", input_text="Перший-пароль-1\n"
    )
    assert setup.returncode == 0 and "спершу вибере власний" not in setup.stdout
    signed = run_cli(
        "--data-dir", first, "list", "--operator", "oksana", input_text="Перший-пароль-1\n"
    )
    assert signed.returncode == 0, signed.stderr
    with Profile.open(Path(first)) as profile:
        profile.operators.add("wizard", "Перший-пароль-2")  # (as ui/wizard.py adds one)
        assert profile.operators.password_set_by("wizard") is None


def test_a_sign_in_refused_for_a_password_someone_else_set_is_not_logged_as_a_sign_in(
    staffed: str,
) -> None:
    """(after a colleague's reset `list` was refused, yet the access log had «cli_signed_in
    list», as if the command had run) Nor is it a wrong password: however often she runs
    a command before changing it, she never waits for it."""
    reset = ("--data-dir", staffed, "operator", "add", IVAN, "--reset-password")
    done = run_cli(*reset, "--operator", OLENA, input_text=OLENA_PASSWORD + "\nВід-Олени-2026\n")
    assert done.returncode == 0, done.stderr
    since = last_audit_seq(staffed)
    for _ in range(FREE_TRIES + 2):
        refused = run_cli(
            "--data-dir", staffed, "list", "--operator", IVAN, input_text="Від-Олени-2026\n"
        )
        assert refused.returncode == 1 and "спершу змініть його" in refused.stderr
    assert access_log(staffed, since) == [(IVAN, "sign_in_refused", "list")] * (FREE_TRIES + 2)
    with Profile.open(Path(staffed)) as profile:
        assert profile.operators.wait(IVAN) == 0
