"""``frontdesk operator add LOGIN``: set up who may sign in on this workstation."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from frontdesk.cli.common import Failed, command_line_user, open_profile, say


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "operator",
        help=say(
            "оператори, які входять на цьому робочому місці",
            "operators who sign in on this workstation",
        ),
    )
    ops = parser.add_subparsers(
        dest="operator_command", metavar=say("КОМАНДА", "COMMAND"), required=True
    )
    add = ops.add_parser(
        "add",
        help=say(
            "додати оператора або задати новий пароль (з запиту або стандартного вводу)",
            "add an operator or set a new password (read from a prompt, or stdin)",
        ),
    )
    add.add_argument(
        "login",
        metavar=say("ЛОГІН", "LOGIN"),
        help=say("логін для входу", "the login to sign in with"),
    )
    add.add_argument(
        "--name",
        default="",
        metavar=say("ПІБ", "NAME"),
        help=say("повне ім'я, як у розписках", "full name shown on receipts"),
    )
    add.add_argument(
        "--reset-password",
        action="store_true",
        help=say(
            "задати новий пароль наявному операторові (забув пароль; знову допускає "
            "деактивованого)",
            "set a new password for an existing operator (forgotten; lets a deactivated "
            "one sign in again)",
        ),
    )
    add.set_defaults(handler=add_operator)
    off = ops.add_parser(
        "deactivate",
        help=say(
            "оператор більше не входить (звільнився); його дії зберігають його ім'я",
            "the operator no longer signs in (left); what they did keeps their name",
        ),
    )
    off.add_argument(
        "login", metavar=say("ЛОГІН", "LOGIN"), help=say("чий вхід закрити", "whose sign-in to end")
    )
    off.set_defaults(handler=deactivate_operator)
    listing = ops.add_parser("list", help=say("список операторів", "list operators"))
    listing.set_defaults(handler=list_operators)


def _read_password() -> str:
    if not sys.stdin.isatty():
        # Bytes, as UTF-8 (Windows would read a pipe in its ANSI code page), with a
        # byte-order mark and the spaces around it left out ("echo secret123 | …" in cmd
        # sends "secret123 ").
        try:
            line = sys.stdin.buffer.readline().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Failed(  # (cmd's echo sends its code page: the letters would be lost)
                say(
                    "Пароль надійшов не в кодуванні UTF-8 — введіть його в запиті або "
                    "збережіть файл із паролем як UTF-8",
                    "The password did not come as UTF-8 — type it at the prompt, or save "
                    "the file holding it as UTF-8",
                )
            ) from None
        password = line.strip()
        if not password:
            raise Failed(
                say(
                    "Пароль не надійшов: стандартний ввід порожній — введіть пароль у "
                    "запиті або передайте його рядком",
                    "No password was given: standard input is empty — type it at the "
                    "prompt, or pipe it in as a line",
                )
            )
        if password != line.rstrip("\r\n").removeprefix("\ufeff"):
            print(  # (kept out on purpose, as cmd's echo adds one: said, not silent)
                say(
                    "Пробіли на початку й у кінці пароля відкинуто",
                    "The spaces at the start and end of the password were left out",
                ),
                file=sys.stderr,
            )
        return password
    first = getpass.getpass(say("Пароль: ", "Password: "))
    if getpass.getpass(say("Ще раз: ", "Again: ")) != first:
        raise Failed(say("Паролі не збігаються", "The passwords differ"))
    return first


def add_operator(args: argparse.Namespace) -> int:
    password = _read_password()
    with open_profile(args) as profile:
        new = profile.operators.add(
            args.login, password, args.name, by=command_line_user(), reset=args.reset_password
        )
    login = args.login.strip().lower()
    if new:
        print(say(f"Оператора {login} збережено", f"Operator {login} saved"))
    else:
        print(say(f"Оператору {login} встановлено новий пароль", f"New password set for {login}"))
    return 0


def deactivate_operator(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        profile.operators.deactivate(args.login, by=command_line_user())
    login = args.login.strip().lower()
    print(say(f"Оператор {login} більше не входить", f"Operator {login} no longer signs in"))
    return 0


def list_operators(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        operators = profile.operators
        for login in operators.logins(inactive=True):
            gone = "" if operators.active(login) else say("  (деактивовано)", "  (deactivated)")
            print(f"{login}  {operators.full_name(login)}{gone}")
    return 0
