"""An operator's sign-in for the commands that read or change residents' applications.

Once a profile has an active operator, such a command runs only for an operator who signs
in as at the app's sign-in: ``--operator LOGIN`` (before or after the command's name, or
``FRONTDESK_OPERATOR``) and her password, typed at the terminal or read from the first line
of standard input when that is not a terminal. The same checks as the app's
(:class:`frontdesk.operators.Operators`): a wrong password counts against that login and is
in the access log, after a few each next try waits, a deactivated operator is refused. A
right password someone else set (a colleague added her, or set it again) is refused until she
chooses her own (``frontdesk operator password``). Only a sign-in the command then runs on is
``cli_signed_in`` in the access log, and what the command does is written under her login.

A profile with no active operator yet (just made by ``frontdesk init``, before the first
operator is added: the IT person's set-up) has no one to sign in: the commands work without,
and the access log names the computer's account (``cli:<user>``), as before.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import Any

from frontdesk.cli.common import Failed, UsageFailed, command_line_user, read_piped_secret
from frontdesk.command_language import say
from frontdesk.operators import Attempt
from frontdesk.profile import Profile

OPERATOR_ENV = "FRONTDESK_OPERATOR"
# The access log's word for a sign-in at the command line (the app's are "signed_in" and
# "unlocked"); a wrong password is "sign_in_failed" with this as its detail.
SIGN_IN_ACTION = "cli_signed_in"


def add_global_option(parser: argparse.ArgumentParser) -> None:
    """``frontdesk --operator LOGIN COMMAND …``: for any command that needs a sign-in."""
    parser.add_argument(
        "--operator",
        dest="global_operator",
        metavar=say("ЛОГІН", "LOGIN"),
        help=say(
            "увійти як цей оператор для команд, які читають чи змінюють заяви (пароль — із "
            f"запиту або першого рядка стандартного вводу; також {OPERATOR_ENV})",
            "sign in as this operator for the commands that read or change applications "
            f"(password from a prompt or the first line of stdin; also {OPERATOR_ENV})",
        ),
    )


def add_option(parser: Any, help_uk: str = "", help_en: str = "") -> None:
    """A command's own ``--operator LOGIN``: who signs in to run it."""
    parser.add_argument(
        "--operator",
        dest="operator",
        metavar=say("ЛОГІН", "LOGIN"),
        help=say(
            help_uk
            or "увійти як цей оператор (пароль — із запиту або першого рядка стандартного "
            f"вводу); потрібно, коли на робочому місці є оператори; також {OPERATOR_ENV}",
            help_en
            or "sign in as this operator (password from a prompt or the first line of "
            f"stdin); needed once the workstation has operators; also {OPERATOR_ENV}",
        ),
    )


def chosen_login(args: argparse.Namespace) -> str | None:
    """The login given for the sign-in: the command's ``--operator``, the global one, or
    ``FRONTDESK_OPERATOR`` (the first of them given); None when none is."""
    own = getattr(args, "operator", None)
    before = getattr(args, "global_operator", None)
    if own and before and own.strip().lower() != before.strip().lower():
        raise UsageFailed(
            say(
                f"Два різні --operator: {before} і {own} — вкажіть один",
                f"Two different --operator: {before} and {own} — give one",
            )
        )
    given = own or before or os.environ.get(OPERATOR_ENV, "")
    return given.strip() or None


def command_name(args: argparse.Namespace) -> str:
    """The command as typed ("export", "operator add"), for what is said."""
    words = [getattr(args, "command", None), getattr(args, "operator_command", None)]
    return " ".join(w for w in words if w)


def sign_in(
    profile: Profile,
    args: argparse.Namespace,
    *,
    terminal_only: bool = False,
    not_as: str | None = None,
) -> str | None:
    """The login of the operator who signed in for this command; None on a profile with no
    active operator (set-up: there is no one to sign in as).

    ``terminal_only``: standard input holds the command's data (``import -``), so the
    password is typed at the terminal or the command is refused. ``not_as``: a login that
    may not sign in for it (an operator's password is set again by another operator).
    """
    given = chosen_login(args)
    operators = profile.operators
    if not operators.logins():
        if given:
            print(
                say(
                    f"На цьому робочому місці ще немає активних операторів — вхід не потрібен, "
                    f"--operator {given} не перевірено; у журналі доступу: {command_line_user()}",
                    f"This workstation has no active operator yet — no sign-in is needed, "
                    f"--operator {given} was not checked; in the access log: "
                    f"{command_line_user()}",
                ),
                file=sys.stderr,
            )
        return None
    login = _who_signs_in(profile, args, given, not_as)
    password = _read_password(login, terminal_only)
    # A password someone else set is not taken (whoever set it knows it: it is not yet hers
    # to work with); the access log has it as refused, not as a sign-in the command ran on.
    tried = operators.attempt(
        login, password, action=SIGN_IN_ACTION, detail=command_name(args), own_only=True
    )
    if tried.set_by:
        raise Failed(
            say(
                f"Пароль оператора {login} задав(ла) {tried.set_by}, а не {login}: спершу "
                f"змініть його — frontdesk operator password --operator {login} (або в "
                "застосунку)",
                f"The password of operator {login} was set by {tried.set_by}, not by {login}: "
                f"change it first — frontdesk operator password --operator {login} (or in "
                "the app)",
            )
        )
    if not tried.ok:
        raise _refused(login, tried)
    return login


def change_own_password(
    profile: Profile, args: argparse.Namespace, read_new: Callable[[], str]
) -> str:
    """``frontdesk operator password``: the operator given signs in with her current password
    and chooses a new one (``read_new()``: asked twice, or the next line of standard input).
    Works also when her password was set by someone else (what it is for). Returns her login."""
    operators = profile.operators
    if not operators.logins():
        raise Failed(
            say(
                "На цьому робочому місці ще немає операторів: додайте першого — frontdesk "
                "operator add ЛОГІН",
                "This workstation has no operator yet: add the first — frontdesk operator "
                "add LOGIN",
            )
        )
    login = _who_signs_in(profile, args, chosen_login(args), None)
    current = _read_password(login, terminal_only=False)
    tried = operators.change_password(login, current, read_new())
    if not tried.ok:
        raise _refused(login, tried)
    return login


def _who_signs_in(
    profile: Profile, args: argparse.Namespace, given: str | None, not_as: str | None
) -> str:
    """The login that signs in, once it is known it may try now (given, an active operator's,
    not ``not_as``, not waiting after wrong passwords)."""
    operators = profile.operators
    command = command_name(args)
    if not given:
        raise UsageFailed(
            say(
                f"frontdesk {command}: на цьому робочому місці є оператори, тож команда "
                "потребує входу оператора. Додайте --operator ЛОГІН (або задайте "
                f"{OPERATOR_ENV}=ЛОГІН): пароль буде запитано в терміналі або прочитано з "
                "першого рядка стандартного вводу.",
                f"frontdesk {command}: this workstation has operators, so the command needs an "
                f"operator's sign-in. Add --operator LOGIN (or set {OPERATOR_ENV}=LOGIN): the "
                "password is asked at the terminal, or read from the first line of standard "
                "input.",
            )
        )
    login = given.lower()
    if not_as is not None and login == not_as:
        raise UsageFailed(
            say(
                f"frontdesk {command}: це робить інший активний оператор, не {login} — вкажіть "
                "його логін у --operator",
                f"frontdesk {command}: another active operator does this, not {login} — give "
                "that one's login in --operator",
            )
        )
    if not operators.active(login):
        if login in operators.logins(inactive=True):
            operators.record(login, False, action=SIGN_IN_ACTION)  # (in the access log)
            raise Failed(
                say(
                    f"Оператора {login} деактивовано — він більше не входить",
                    f"Operator {login} is deactivated and no longer signs in",
                )
            )
        raise Failed(  # (the typed login is not logged: it may be a password typed there)
            say(
                f"Оператора {login} на цьому робочому місці немає (усі: frontdesk operator list)",
                f"There is no operator {login} on this workstation (all: frontdesk operator list)",
            )
        )
    wait = operators.wait(login)
    if wait:
        raise Failed(_wait_text(login, wait))
    return login


def _refused(login: str, tried: Attempt) -> Failed:
    """What is said of a wrong password (and how long to wait, after a few)."""
    if not tried.counts and tried.wait:  # (another wrong one was written meanwhile)
        return Failed(_wait_text(login, tried.wait))
    wrong = say(f"Неправильний пароль для {login}", f"Wrong password for {login}")
    if tried.wait:
        wrong += say(
            f"; наступну спробу буде прийнято через {tried.wait} с",
            f"; the next try is taken in {tried.wait} s",
        )
    return Failed(wrong)


def signed_in(
    profile: Profile,
    args: argparse.Namespace,
    *,
    terminal_only: bool = False,
    not_as: str | None = None,
) -> str:
    """Who runs this command, for the access log: the operator who signed in, or the
    computer's account on a profile with no active operator (see :func:`sign_in`)."""
    login = sign_in(profile, args, terminal_only=terminal_only, not_as=not_as)
    return login or command_line_user()


def _wait_text(login: str, seconds: int) -> str:
    return say(
        f"Забагато неправильних паролів для {login}: зачекайте {seconds} с і спробуйте знову",
        f"Too many wrong passwords for {login}: wait {seconds} s and try again",
    )


def _read_password(login: str, terminal_only: bool) -> str:
    prompt = say(f"Пароль оператора {login}: ", f"Password of operator {login}: ")
    if not sys.stdin.isatty():
        if not terminal_only:
            return read_piped_secret()
        if not _has_terminal():
            raise UsageFailed(
                say(
                    "Заяви надходять зі стандартного вводу («-»), тож пароль оператора "
                    "вводять у терміналі, а терміналу немає. У сценарії вкажіть ім'я файлу "
                    "замість «-» і передайте пароль першим рядком стандартного вводу.",
                    "The applications come from standard input ('-'), so the operator's "
                    "password is typed at the terminal, and there is none. In a script, give "
                    "the file's name instead of '-' and pipe the password in as the first line.",
                )
            )
    try:
        password = getpass.getpass(prompt)
    except EOFError:  # (Ctrl+D at the prompt)
        password = ""
    if not password:
        raise Failed(say("Пароль не введено", "No password was typed"))
    return password


def _has_terminal() -> bool:
    """Whether a password can be typed at a terminal although standard input is redirected
    (getpass reads the terminal itself: /dev/tty, or the Windows console)."""
    if os.name != "posix":
        return True
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True
