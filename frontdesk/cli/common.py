"""Helpers shared by the CLI commands: opening the profile, language, progress."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
