"""``frontdesk operator add LOGIN``: set up who may sign in on this workstation.

Once it has an active operator, another one signs in to add an operator, set one's password
again or deactivate one (:mod:`frontdesk.cli.signin`); else anyone at the computer could
make herself an operator, or take over one's account, and read every application."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from frontdesk.cli import signin
from frontdesk.cli.common import (
    Failed,
    UsageFailed,
    command_line_user,
    open_profile,
    read_piped_secret,
)
from frontdesk.command_language import say
from frontdesk.errors import InvalidInput

_SIGNER_HELP = (
    "вхід іншого активного оператора, який це робить (потрібен, коли на робочому місці є "
    "оператори; його пароль — із запиту або першого рядка стандартного вводу, перед новим "
    f"паролем); також {signin.OPERATOR_ENV}",
    "sign-in of the other active operator who does this (needed once the workstation has "
    "operators; that one's password from a prompt or the first line of stdin, before the "
    f"new password); also {signin.OPERATOR_ENV}",
)

# (deactivate sets no password: only the signer's is read)
_DEACTIVATOR_HELP = (
    "вхід іншого активного оператора, не того, кого деактивують (пароль того, хто входить, — "
    f"із запиту або першого рядка стандартного вводу); також {signin.OPERATOR_ENV}",
    "sign-in of another active operator, not the one deactivated (the password of the one "
    f"signing in, from a prompt or the first line of stdin); also {signin.OPERATOR_ENV}",
)


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
            "деактивованого, і журнал доступу це записує); хто він, не змінює: --name, "
            "якщо вказано, має бути його ПІБ",
            "set a new password for an existing operator (forgotten; lets a deactivated "
            "one sign in again, and the access log says so); does not change who it is: "
            "--name, if given, must be that operator's name",
        ),
    )
    signin.add_option(add, *_SIGNER_HELP)
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
    signin.add_option(off, *_DEACTIVATOR_HELP)
    off.set_defaults(handler=deactivate_operator)
    own = ops.add_parser(
        "password",
        help=say(
            "змінити власний пароль: спершу поточний, тоді новий двічі (або рядками "
            "стандартного вводу)",
            "change your own password: the current one first, then the new one twice (or "
            "as lines of stdin)",
        ),
    )
    signin.add_option(
        own,
        f"чий пароль: оператор, який його змінює; також {signin.OPERATOR_ENV}",
        f"whose password: the operator who changes it; also {signin.OPERATOR_ENV}",
    )
    own.set_defaults(handler=change_password)
    listing = ops.add_parser("list", help=say("список операторів", "list operators"))
    listing.set_defaults(handler=list_operators)


def _read_password(prompt: tuple[str, str] = ("Пароль: ", "Password: ")) -> str:
    if not sys.stdin.isatty():
        return read_piped_secret()
    first = getpass.getpass(say(*prompt))
    if getpass.getpass(say("Ще раз: ", "Again: ")) != first:
        raise Failed(say("Паролі не збігаються", "The passwords differ"))
    return first


def add_operator(args: argparse.Namespace) -> int:
    login = args.login.strip().lower()
    with open_profile(args) as profile:
        operators = profile.operators
        # (before any password; a reset never renames: a new person needs a new login)
        operators.check_login(login, reset=args.reset_password, full_name=args.name)
        active = operators.logins()
        returning = args.reset_password and login not in active  # (deactivated)
        # She forgot her password and no other operator can sign in to set a new one: the
        # computer's account may, loudly (see docs/operations.md, "Operators").
        alone = args.reset_password and active == [login]
        recovery = alone and signin.chosen_login(args) is None
        if alone and not recovery:
            raise UsageFailed(
                say(
                    f"{login} — єдиний активний оператор, тож новий пароль для {login} задають "
                    f"без --operator (і без {signin.OPERATOR_ENV}); це буде записано в журнал "
                    "доступу",
                    f"{login} is the only active operator, so the new password for {login} is "
                    f"set without --operator (and without {signin.OPERATOR_ENV}); the access log "
                    "says so",
                )
            )
        by = (
            command_line_user()
            if recovery
            else signin.signed_in(profile, args, not_as=login if args.reset_password else None)
        )
        password = _read_password()
        new = operators.add(
            login,
            password,
            args.name,
            by=by,
            reset=args.reset_password,
            without_sign_in=recovery,
        )
        name = operators.full_name(login)
        set_by = operators.password_set_by(login)
    if new:
        print(say(f"Оператора {login} збережено", f"Operator {login} saved"))
    else:
        print(say(f"Оператору {login} встановлено новий пароль", f"New password set for {login}"))
    if set_by:  # (whoever set it knows it)
        print(
            say(
                f"Цей пароль знає {set_by}, тож {login} спершу вибере власний: у застосунку під "
                f"час входу або frontdesk operator password --operator {login}",
                f"{set_by} knows this password, so {login} first chooses her own: in the app "
                f"at the sign-in, or frontdesk operator password --operator {login}",
            )
        )
    if returning:  # (the account of one who left is open again: said, and in the access log)
        print(
            say(
                f"Оператора {login} ({name}) було деактивовано: тепер він знову входить, і це "
                f"записано в журнал доступу. Заяви й розписки {login} і далі називають "
                f"«{name}»; якщо це інша людина, деактивуйте {login} і додайте їй новий логін.",
                f"Operator {login} ({name}) was deactivated and now signs in again; the access "
                f"log says so. The applications and receipts of {login} still name «{name}»; if "
                f"this is another person, deactivate {login} and add a new login for her.",
            )
        )
    if recovery:
        print(
            say(
                f"Увага: {login} — єдиний активний оператор, тож новий пароль задано без входу "
                f"іншого оператора; у журналі доступу це записано як {by}. Якщо {login} нового "
                "пароля не просили, повідомте відповідального за захист персональних даних.",
                f"Warning: {login} is the only active operator, so the new password was set "
                f"without another operator's sign-in; the access log has it as {by}. If {login} "
                "did not ask for a new password, tell whoever is responsible for personal data "
                "protection.",
            ),
            file=sys.stderr,
        )
    return 0


def change_password(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        login = signin.change_own_password(
            profile, args, lambda: _read_password(("Новий пароль: ", "New password: "))
        )
    print(say(f"Пароль оператора {login} змінено", f"The password of {login} is changed"))
    return 0


def deactivate_operator(args: argparse.Namespace) -> int:
    login = args.login.strip().lower()
    with open_profile(args) as profile:
        operators = profile.operators
        active = operators.logins()
        if login not in active:
            raise InvalidInput(what_code="operator.no_active", login=login)
        if active == [login]:  # (no one could sign in then, and the data would be open)
            raise Failed(
                say(
                    f"{login} — єдиний активний оператор: після цього ніхто не зміг би "
                    "увійти. Спершу додайте іншого оператора (frontdesk operator add ЛОГІН "
                    f"--operator {login}), а тоді деактивуйте {login}, увійшовши як новий "
                    "оператор.",
                    f"{login} is the only active operator: no one could sign in after this. "
                    f"First add another operator (frontdesk operator add LOGIN --operator "
                    f"{login}), then deactivate {login} signed in as that one.",
                )
            )
        by = signin.signed_in(profile, args, not_as=login)
        operators.deactivate(login, by=by)
    print(say(f"Оператор {login} більше не входить", f"Operator {login} no longer signs in"))
    return 0


def list_operators(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        operators = profile.operators
        for login in operators.logins(inactive=True):
            gone = "" if operators.active(login) else say("  (деактивовано)", "  (deactivated)")
            print(f"{login}  {operators.full_name(login)}{gone}")
    return 0
