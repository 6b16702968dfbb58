"""One sync round at a time on a profile, whichever program runs it.

The app's background sync and ``frontdesk sync`` (the IT person's, or a scheduled one)
may run on one profile at once, each with its own connection. A round takes every row
it finds in flight for one a crash left "maybe delivered" (:meth:`SyncEngine.resolve_in_flight`),
so a round running beside another took the other's batch on the wire for such a row: it
uploaded its scans a second time and sent it again, and its late answer could mark "sent"
a change the worker made after the other's batch failed. So a round holds an exclusive
lock on ``sync.lock`` in the profile folder; another program's round waits for it.

The lock is the operating system's (``flock``; ``LockFileEx`` through ``msvcrt`` on
Windows), held by an open file: a program that dies (a crash, a power cut) holds nothing,
and no stale lock is ever left to clear.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

LOCK_FILE = "sync.lock"
POLL_SECONDS = 0.05
log = logging.getLogger(__name__)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # (BlockingIOError, or Windows' "permission denied": held elsewhere)
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


class RoundLock:
    """The profile's sync round: :meth:`acquire` before a round, :meth:`release` after."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / LOCK_FILE
        self._fd: int | None = None

    def acquire(
        self,
        *,
        stopping: threading.Event | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> bool:
        """Take the round, waiting while another program holds it (``waiting`` is called
        once, when it does). False when ``stopping`` is set first: no round then.

        A lock file that cannot be opened (a folder made read-only) takes nothing: the
        round goes on as before, and fails where it writes, as it would have.
        """
        try:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("no sync lock for this profile (%s)", type(exc).__name__)
            return True
        told = False
        try:
            while not _try_lock(fd):
                if not told:
                    told = True
                    log.info("another program is syncing this profile: waiting for its round")
                    if waiting is not None:
                        waiting()
                if stopping is None:
                    time.sleep(POLL_SECONDS)
                elif stopping.wait(POLL_SECONDS):
                    os.close(fd)
                    return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)
