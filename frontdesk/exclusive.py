"""Work that only one program at a time may do on a profile, whichever program it is.

The app, ``frontdesk`` commands run by the IT person and scheduled ones may all be open
on one profile at once, each with its own connection. Some work must not run twice at
once: a sync round (the app's background sync and ``frontdesk sync``) and the daily
backup (the app's hourly look and ``frontdesk backup --auto`` from the system's
scheduler). Such work holds an exclusive lock on a file of its own in the profile folder
(:data:`SYNC_LOCK`, :data:`BACKUP_LOCK`).

- Sync: a round takes every row it finds in flight for one a crash left "maybe
  delivered" (``SyncEngine.resolve_in_flight``); beside another program's round it took
  that round's batch on the wire for such a row, uploaded its scans a second time and
  sent it again, and its late answer could mark "sent" a change the worker made after
  the other's batch failed. Another program's round waits for it.
- The daily backup: two programs both found it due, both made a copy, and each removed
  the other's new copy as an old one; the day had no backup. The second finds the lock
  held and leaves the backup to the first.

The lock is the operating system's (``flock``; ``msvcrt.locking`` on Windows), held by an
open file: a program that dies (a crash, a power cut) holds nothing, and no stale lock is
ever left to clear.
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

SYNC_LOCK = "sync.lock"
BACKUP_LOCK = "backup.lock"
POLL_SECONDS = 0.05
log = logging.getLogger(__name__)
_SET = threading.Event()  # (try_acquire: give up at once)
_SET.set()


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


class ProfileLock:
    """One kind of work on one profile: :meth:`acquire` (or :meth:`try_acquire`) before
    it, :meth:`release` after."""

    def __init__(self, folder: Path, name: str) -> None:
        self._path = folder / name
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take it if no other program holds it; False (at once) when one does."""
        return self.acquire(stopping=_SET)

    def acquire(
        self,
        *,
        stopping: threading.Event | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> bool:
        """Take it, waiting while another program holds it (``waiting`` is called once,
        when it does). False when ``stopping`` is set first: the work is not to be done.

        A lock file that cannot be opened (a folder made read-only) takes nothing: the
        work goes on as before, and fails where it writes, as it would have.
        """
        try:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("no %s for this profile (%s)", self._path.name, type(exc).__name__)
            return True
        told = False
        try:
            while not _try_lock(fd):
                if stopping is not None and stopping.is_set():
                    os.close(fd)
                    return False
                if not told:
                    told = True
                    log.info("another program holds %s: waiting for it", self._path.name)
                    if waiting is not None:
                        waiting()
                if stopping is None:
                    time.sleep(POLL_SECONDS)
                else:
                    stopping.wait(POLL_SECONDS)
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
