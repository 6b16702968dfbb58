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
    add.set_defaults(handler=add_operator)
    listing = ops.add_parser("list", help=say("список операторів", "list operators"))
    listing.set_defaults(handler=list_operators)


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(say("Пароль: ", "Password: "))
    if getpass.getpass(say("Ще раз: ", "Again: ")) != first:
        raise Failed(say("Паролі не збігаються", "The passwords differ"))
    return first


def add_operator(args: argparse.Namespace) -> int:
    password = _read_password()
    with open_profile(args) as profile:
        new = profile.operators.add(args.login, password, args.name, by=command_line_user())
    login = args.login.strip().lower()
    if new:
        print(say(f"Оператора {login} збережено", f"Operator {login} saved"))
    else:
        print(say(f"Оператору {login} встановлено новий пароль", f"New password set for {login}"))
    return 0


def list_operators(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        for login in profile.operators.logins():
            print(f"{login}  {profile.operators.full_name(login)}")
    return 0
