"""Hidden partial files beside what is written (an export, its scans, a receipt), until
they are whole and take its name.

A writer cut off by a power cut, or killed, leaves its partial behind: residents' data in
clear, in a hidden file nobody sees and nothing removed. The next write to the same
folder removes those no writer holds any more: each writer holds an exclusive lock on its
partial while it writes (POSIX ``flock``; released by the system when the process dies).
Where there are no such locks (Windows), a partial is taken for abandoned after an hour.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: partials are judged by their age only
    fcntl = None  # type: ignore[assignment]

STALE_SECONDS = 3600  # without locks: a partial untouched for this long is abandoned
FRESH_SECONDS = 10  # a partial this new may be between its creation and its lock


def hold(fd: int) -> None:
    """Mark the partial open on ``fd`` as being written, until ``fd`` is closed."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_abandoned(folder: Path, pattern: str) -> int:
    """Remove the partials in ``folder`` matching the glob ``pattern`` that no writer
    holds; how many. Whatever cannot be looked at or removed is left as it is."""
    removed = 0
    now = time.time()
    for partial in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if _abandoned(partial, now):
                partial.unlink()
                removed += 1
    return removed


def _abandoned(path: Path, now: float) -> bool:
    age = now - path.stat().st_mtime
    if fcntl is None:
        return age > STALE_SECONDS
    if age < FRESH_SECONDS:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a writer holds it
        return True
    finally:
        os.close(fd)
