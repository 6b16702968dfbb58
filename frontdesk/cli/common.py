"""Helpers shared by the CLI commands: opening the profile, language, progress."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from frontdesk import errors
from frontdesk.paths import data_dir
from frontdesk.profile import Profile


class Failed(Exception):
    """A command that cannot go on; its text is printed as is, and the command ends with
    :attr:`code`."""

    code = 1


class UsageFailed(Failed):
    """The command cannot go on as it was given (an option missing, say): the exit code of
    argparse's own usage errors."""

    code = 2


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


def profile_dir(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


def open_profile(args: argparse.Namespace) -> Profile:
    return Profile.open(profile_dir(args), on_upgrade=_say_upgrading)


def _say_upgrading() -> None:
    """(the first run after an update: seconds with many applications)"""
    print(
        say(
            "Оновлення бази даних для нової версії (один раз; до хвилини)…",
            "Updating the database for the new version (once; up to a minute)…",
        ),
        file=sys.stderr,
        flush=True,
    )


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._shown = -1
        self._open = False  # the bar is drawn and its line not ended
        self._tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self._tty or total <= 0:
            return
        percent = done * 100 // total
        if percent == self._shown:
            return
        self._shown = percent
        bar = "#" * (percent // 4)
        self._open = done < total  # (first: a Ctrl+C may come as soon as it is drawn)
        sys.stderr.write(f"\r{self._label} [{bar:<25}] {percent:3d}% ({done}/{total})")
        if not self._open:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def end_line(self) -> None:
        """End the bar's line, so that what is printed next has a line of its own (the bar
        is drawn again below it at the next step)."""
        if self._open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._open = False
            self._shown = -1

    def done(self) -> None:
        """End the bar's line early (the work stopped before 100%)."""
        self.end_line()


MAX_LIMIT = 1_000_000  # more rows than any workstation holds, more places than the codifier


def positive(value: str) -> int:
    """``--limit N``: a whole number from 1 to :data:`MAX_LIMIT` (one larger than SQLite
    takes was a traceback; 0 or -1 said "nothing found" or listed everything)."""
    number = int(value)
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(say(f"від 1 до {MAX_LIMIT}", f"1 to {MAX_LIMIT}"))
    return number


def folder(value: str) -> str:
    """``--data-dir``: not empty (an unset variable in a script would open the default
    profile without a word)."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            say(
                "порожнє значення — вкажіть теку профілю (чи не порожня змінна в сценарії?)",
                "empty — give the profile folder (an empty variable in a script?)",
            )
        )
    return value


# Arguments that only name a file or folder to open: a name in another encoding is the
# name the file has (Linux allows any bytes), and it never reaches the database.
OPENED_PATHS = frozenset({"data_dir", "file", "output"})


def undecodable(args: argparse.Namespace) -> str | None:
    """An argument that is not UTF-8 text, as it was typed (a half-typed Cyrillic letter,
    a terminal in another code page: Python keeps such bytes as lone surrogates, which
    SQLite and the output cannot take); None when every one is text."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if name in OPENED_PATHS or not isinstance(item, str | Path):
                continue
            try:
                str(item).encode("utf-8")
            except UnicodeEncodeError:
                try:  # the bytes typed (\xd1), as the terminal sent them
                    return os.fsencode(item).decode("utf-8", "backslashreplace")
                except UnicodeEncodeError:  # (not bytes from a terminal: a lone \ud800)
                    return str(item).encode("utf-8", "backslashreplace").decode("ascii")
    return None


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the worker's words."""
    return errors.os_reason(exc, lang())


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


def read_piped_secret() -> str:
    """A password from the first line of standard input that is not a terminal (a script's):
    its bytes as UTF-8 (Windows would read a pipe in its ANSI code page), with a byte-order
    mark and the spaces around it left out ("echo secret123 | …" in cmd sends "secret123 ").
    Each call reads the next line."""
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


def command_line_user() -> str:
    """Who ran a command, for the access log: the computer's account ("cli:olena")."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no name for this account (a container, say)
        return "cli"
