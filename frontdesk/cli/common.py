"""Helpers shared by the CLI commands: opening the profile, progress, arguments (their
language: :mod:`frontdesk.command_language`)."""

from __future__ import annotations

import argparse
import getpass
import io
import os
import stat
import sys
from pathlib import Path
from typing import Any

from frontdesk import errors
from frontdesk.command_language import lang, say
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


def read_piped_secret() -> str:
    """A password from the first line of standard input that is not a terminal (a script's):
    its bytes as UTF-8 (Windows would read a pipe in its ANSI code page), with a byte-order
    mark and the spaces around it left out ("echo secret123 | …" in cmd sends "secret123 ").
    Each call reads the next line."""
    return read_piped_secret_as_sent()[0]


def read_piped_secret_as_sent() -> tuple[str, str]:
    """:func:`read_piped_secret`, and the line as it came (its spaces kept, without its line
    end and byte-order mark): what an older version took as it was."""
    if sys.stdin is None:  # (started with its standard input closed)
        raise Failed(
            say(
                "Пароль не надійшов: стандартний ввід закрито — введіть пароль у запиті "
                "або передайте його рядком",
                "No password was given: standard input is closed — type it at the prompt, "
                "or pipe it in as a line",
            )
        )
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
    return password, line.rstrip("\r\n").removeprefix("\ufeff")


def command_line_user() -> str:
    """Who ran a command, for the access log: the computer's account ("cli:olena")."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no name for this account (a container, say)
        return "cli"


def keep_private(stream: Any) -> None:
    """``export > file``, ``show … > case.txt``, ``list --json > list.json``: the file the
    shell made for what residents' data a command prints (readable by everyone, 0644) is
    made readable by its owner only, as ``export --output`` writes one."""
    if os.name != "posix":
        return
    try:
        number = stream.fileno()
        mode = os.fstat(number).st_mode
        if stat.S_ISREG(mode) and mode & 0o077:
            os.fchmod(number, 0o600)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return  # (not a file of this account's, or no file at all: nothing to do)
