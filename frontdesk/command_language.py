"""The language of FrontDesk's command lines (the workstation's and the registry's):
Ukrainian unless FRONTDESK_LANG=en, argparse's own words included. Pure: no profile,
no database, so the registry's command line speaks it too."""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, NoReturn


def lang() -> str:
    return "en" if os.environ.get("FRONTDESK_LANG", "uk").lower().startswith("en") else "uk"


def say(uk: str, en: str) -> str:
    """A text of the command line in its language: Ukrainian unless FRONTDESK_LANG=en."""
    return en if lang() == "en" else uk


def counted(number: int, uk: tuple[str, str, str], en: tuple[str, str]) -> str:
    """``number`` and its noun in the right form: Ukrainian has three (1 заява, 2 заяви,
    5 заяв; 21 заява, 11 заяв), English two."""
    if lang() == "en":
        return f"{number} {en[0] if number == 1 else en[1]}"
    if number % 10 == 1 and number % 100 != 11:
        form = uk[0]
    elif 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        form = uk[1]
    else:
        form = uk[2]
    return f"{number} {form}"


APPLICATIONS = (("заява", "заяви", "заяв"), ("application", "applications"))


# argparse's own complaints, in the words of the rest of the command line (first match wins).
_ARGPARSE_UK = (
    (
        r"^argument (\S+): invalid choice: (.+) \(choose from (.+)\)$",
        r"аргумент \1: неправильне значення \2 (можна: \3)",
    ),
    (r"^argument (\S+): invalid \S+ value: (.+)$", r"аргумент \1: неправильне значення \2"),
    (r"^argument (\S+): expected one argument$", r"аргумент \1: потрібне значення"),
    (r"^argument (\S+): expected at most one argument$", r"аргумент \1: щонайбільше одне значення"),
    (r"^argument (\S+): expected at least one argument$", r"аргумент \1: потрібне значення"),
    (r"^argument (\S+): ignored explicit argument (.+)$", r"аргумент \1 не має значення (\2)"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"аргумент \1 не можна разом з \2"),
    (r"^argument (\S+): (.+)$", r"аргумент \1: \2"),
    (r"^the following arguments are required: (.+)$", r"потрібно вказати: \1"),
    (r"^unrecognized arguments: (.+)$", r"незрозумілі аргументи: \1"),
    (r"^one of the arguments (.+) is required$", r"потрібен один з аргументів: \1"),
    (r"^ambiguous option: (\S+) could match (.+)$", r"неоднозначний параметр \1: це може бути \2"),
)


def ukrainian_usage_error(message: str) -> str:
    for pattern, replacement in _ARGPARSE_UK:
        translated, count = re.subn(pattern, replacement, message)
        if count:
            return translated
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        if prefix is None:
            prefix = say("використання: ", "usage: ")
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """argparse speaking the command line's language: its headings, its own ``--help``
    and its mistakes-in-the-command messages (Ukrainian unless FRONTDESK_LANG=en).
    Subcommands' parsers are of this class too (argparse makes them like their parent)."""

    def __init__(self, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = say("аргументи", "positional arguments")
        self._optionals.title = say("параметри", "options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=say("показати цю довідку й вийти", "show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if lang() == "en":
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}: помилка: {ukrainian_usage_error(message)}\n")
