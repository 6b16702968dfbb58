"""Where things live: the profile and the logs.

Normally the platform's folders (platformdirs). ``--data-dir`` or
``FRONTDESK_DATA_DIR`` override the profile folder. In *portable mode* — the
``--portable`` flag, ``FRONTDESK_PORTABLE=1``, or a file named ``portable``
beside the executable — the profile and the logs stay next to the program
(``data/`` and ``logs/``), for a workstation run from a USB stick.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "FrontDesk"
ENV_DATA_DIR = "FRONTDESK_DATA_DIR"
ENV_PORTABLE = "FRONTDESK_PORTABLE"
PORTABLE_MARKER = "portable"


def program_dir() -> Path:
    """The folder of the frozen executable, or of the source tree when not frozen."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_root() -> Path | None:
    """The folder that holds everything in portable mode, or None when not portable."""
    root = program_dir()
    if os.environ.get(ENV_PORTABLE) == "1" or (root / PORTABLE_MARKER).is_file():
        return root
    return None


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser().absolute()
    portable = portable_root()
    if portable is not None:
        return portable / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "default"


def log_dir() -> Path:
    portable = portable_root()
    if portable is not None:
        return portable / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def make_private(path: Path) -> None:
    """``path`` readable by its user only (0700, 0600) when it was made more open: before
    FrontDesk set its umask (``frontdesk.hardening``), or by hand. A symbolic link is left
    as it is. Raises :class:`OSError` (:class:`FileNotFoundError` when it is not there): a
    folder on a FAT USB stick has no such modes, and each caller says so, or not."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode) or not mode & 0o077:
        return
    path.chmod(stat.S_IMODE(mode) & ~0o077)
