"""Helpers shared by the CLI commands: opening the profile, language, progress."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from frontdesk.paths import data_dir
from frontdesk.profile import Profile


class Failed(Exception):
    """A command that cannot go on; its text is printed as is."""


def lang() -> str:
    return "en" if os.environ.get("FRONTDESK_LANG", "uk").lower().startswith("en") else "uk"


def profile_dir(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


def open_profile(args: argparse.Namespace) -> Profile:
    return Profile.open(profile_dir(args))


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._shown = -1
        self._tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self._tty or total <= 0:
            return
        percent = done * 100 // total
        if percent == self._shown:
            return
        self._shown = percent
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r{self._label} [{bar:<25}] {percent:3d}% ({done}/{total})")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def done(self) -> None:
        """End the bar's line early (the work stopped before 100%)."""
        if self._tty and 0 <= self._shown < 100:
            sys.stderr.write("\n")
            sys.stderr.flush()


_OS_REASONS = {
    errno.ENOSPC: "диск заповнено — звільніть місце",
    errno.EACCES: "немає дозволу на цей файл чи теку",
    errno.EPERM: "немає дозволу на цей файл чи теку",
    errno.EROFS: "диск чи тека лише для читання",
    errno.ENOENT: "файл чи теку не знайдено",
    errno.EISDIR: "це тека, а не файл",
    errno.ENOTDIR: "частина шляху — не тека",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the worker's words."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or type(exc).__name__


# argparse's own complaints, in the words of the rest of the command line (first match wins).
_ARGPARSE_UK = (
    (
        r"^argument (\S+): invalid choice: (.+) \(choose from (.+)\)$",
        r"аргумент \1: неправильне значення \2 (можна: \3)",
    ),
    (r"^argument (\S+): invalid \S+ value: (.+)$", r"аргумент \1: неправильне значення \2"),
    (r"^argument (\S+): expected one argument$", r"аргумент \1: потрібне значення"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"аргумент \1 не можна разом з \2"),
    (r"^argument (\S+): (.+)$", r"аргумент \1: \2"),
    (r"^the following arguments are required: (.+)$", r"потрібно вказати: \1"),
    (r"^unrecognized arguments: (.+)$", r"незрозумілі аргументи: \1"),
    (r"^one of the arguments (.+) is required$", r"потрібен один з аргументів: \1"),
)


def ukrainian_usage_error(message: str) -> str:
    for pattern, replacement in _ARGPARSE_UK:
        translated, count = re.subn(pattern, replacement, message)
        if count:
            return translated
    return message


class Parser(argparse.ArgumentParser):
    """argparse, whose mistakes-in-the-command messages speak Ukrainian like the rest."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: помилка: {ukrainian_usage_error(message)}\n")
