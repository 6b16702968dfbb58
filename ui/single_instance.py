"""One app per profile: starting FrontDesk again brings the open window to the front.

Two windows on one profile would both reopen the same unfinished draft and
autosave over each other's typing (and a worker double-clicks the icon again
when a slow laptop takes its time). The first start holds a lock file in the
profile folder and listens on a local socket named after the folder; a later
start finds the lock held, connects to ask the first one to show itself, and
ends. The lock is Qt's ``QLockFile``: a lock left by a crash or a power cut
(its process is gone) is taken over, so the app always starts again. A lock made
on another computer (the folder was carried over, or the computer renamed) cannot
be checked from here: the worker is asked, and may take it over
(:meth:`SingleInstance.take_over`).

QtNetwork (for the socket) loads only after the window is on screen, or in the
second start.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

log = logging.getLogger(__name__)
LOCK_FILE = "frontdesk.lock"
ASK_FOR_MS = 5000  # the first start may still be opening its window
ANSWER_WAIT_MS = 1000  # a running app answers a knock at once
ANSWER = b"!"


class SingleInstance(QObject):
    activated = Signal()  # another start asked this one to come to the front

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._lock: QLockFile | None = None
        self._held: QLockFile | None = None  # the lock someone else holds (acquire failed)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Hold the profile's lock; False when another FrontDesk holds it.

        A folder where no lock can be made (read-only, say) is not guarded: the
        profile's own errors tell the worker what is wrong.
        """
        try:
            self._root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.info("no lock for this profile (%s)", type(exc).__name__)
            return True
        lock = QLockFile(str(self._root / LOCK_FILE))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however old
        if lock.tryLock(0):
            self._lock = lock
            return True
        if lock.error() == QLockFile.LockError.LockFailedError:
            self._held = lock
            return False
        log.info("no lock for this profile (QLockFile error %s)", lock.error())
        return True

    def other_computer(self) -> str | None:
        """The name of the computer whose FrontDesk holds the lock, when that is not this
        one (after a failed :meth:`acquire`). Qt never counts such a lock stale: whether
        that FrontDesk still runs cannot be seen from here."""
        if self._held is None:
            return None
        info = self._held.getLockInfo()
        if not isinstance(info, tuple) or len(info) != 3:
            return None  # the lock file went away or cannot be read
        host = str(info[1])
        return host if host and host != QSysInfo.machineHostName() else None

    def take_over(self) -> bool:
        """Remove a lock the worker says is left over (see :meth:`other_computer`) and
        hold the profile."""
        if self._held is None:
            return False
        self._held.removeStaleLockFile()
        self._held = None
        return self.acquire()

    def listen(self) -> None:
        """Answer later starts (call once the window is up: QtNetwork loads here)."""
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self._root)
        QLocalServer.removeServer(name)  # a socket left by a crash: we hold the lock
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._knocked)
        if not server.listen(name):
            log.warning("cannot answer later starts: %s", server.errorString())
            return
        self._server = server

    def _knocked(self) -> None:
        server = self._server
        while server is not None and (socket := server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            socket.write(ANSWER)  # alive: a frozen app's socket is accepted but says nothing
            socket.flush()
            socket.disconnectFromServer()
            self.activated.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def ask_to_show(root: Path, within_ms: int = ASK_FOR_MS) -> bool:
    """Ask the FrontDesk that holds ``root`` to come to the front; False if it never
    answered (it may still be starting, or be stuck)."""
    from PySide6.QtNetwork import QLocalSocket

    name = server_name(root)
    if sys.platform == "win32":
        # Windows lets only the foreground process hand the foreground on: allow the
        # first start to come to the front (ASFW_ANY), or it only flashes in the taskbar.
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # type: ignore[attr-defined]
    deadline = time.monotonic() + within_ms / 1000
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(250):
            # The OS accepts the connection even for a frozen app: only its answer counts.
            if not socket.bytesAvailable():
                socket.waitForReadyRead(ANSWER_WAIT_MS)  # (False too once it hung up)
            answered = bool(socket.readAll().data())
            socket.abort()
            if answered:
                return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def server_name(root: Path) -> str:
    """The local socket's name: one per profile folder (and, through the OS, per user)."""
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"frontdesk-{digest}"
