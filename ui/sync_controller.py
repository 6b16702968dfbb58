"""Runs the sync loop in a plain Python thread and tells the GUI what happened.

The thread opens **its own** profile connection (never the session's): the
engine writes outbox states and received decisions through it, in parallel
with the worker's saves on the db lane (SQLite WAL, busy timeout). The GUI
wakes the loop for "Sync now", after a save, and when Qt's network
information reports the link is back; results come back as queued signals.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from frontdesk.errors import FrontDeskError
from frontdesk.profile import Profile
from sync import priority
from sync.errors import NeedsEnrolment, NotEnrolled

if TYPE_CHECKING:  # the engine (and requests) load in the sync thread, after the window shows
    from sync.engine import SyncEngine
    from sync.loop import SyncLoop
    from sync.reports import SyncReport
    from sync.transport import Transport

log = logging.getLogger(__name__)
Opener = Callable[[Path], Profile]
# One batch on the wire at a time (the next is prepared meanwhile). The sync runs behind
# a worker's screen: a second sender thread made the GUI thread wait for Python's lock
# longer (``bench gui``: longest stall 35–54 ms with two, 25–35 ms with one) and gained
# nothing there; ``frontdesk sync``, a catch-up nobody types through, keeps two.
BACKGROUND_DEPTH = 1
# Stopped for want of enrolment: how often to look whether another program enrolled the
# laptop meanwhile (``frontdesk enrol`` with the app open); at most the loop's interval.
ENROLMENT_POLL_S = 15.0
RETRY_AFTER_FAULT_S = 300.0  # a fault in the program ended a round: the next try
CLOSING_WAIT_S = 0.2  # how long a closing window waits for the sync thread to end
_FROZEN: list[bool] = []  # gc.freeze() was called in this process


def _freeze_once() -> None:
    """Everything alive now (modules, widgets, Qt wrappers) lives as long as the app: move
    it out of the cyclic collector's reach, so the full collections that sync's many
    short-lived objects trigger stay short and the GUI thread (which they stop too) keeps
    painting (bench/gui.py, stall figure). Once in a process: frozen again at each
    session's start (a colleague signing in at the lock), every ended session's window
    was kept for good, ~1.2 MB a hand-over."""
    if not _FROZEN:
        _FROZEN.append(True)
        gc.freeze()


# Each profile's sync thread started last in this process: a new session's waits for it.
_ALIVE: dict[Path, threading.Thread] = {}
_ALIVE_LOCK = threading.Lock()


class SyncController(QObject):
    # SyncReport | None, FrontDeskError | None, and the round's number (counted from 1)
    round_finished = Signal(object, object, int)
    stopped = Signal(object)  # the error that ended the loop (not enrolled, token revoked)
    link_changed = Signal(bool)  # the local network link is up (True) or down (False)
    # The round waits for another program's round to end (``frontdesk sync``): the
    # profile has one at a time (frontdesk.exclusive); round_finished follows.
    waiting_for_other = Signal()
    # What is in flight changed: a batch was claimed (its applications cannot be changed
    # until the registry answers) or its answers recorded; the round's end says it too.
    sending_changed = Signal()

    def __init__(
        self,
        profile_root: Path,
        *,
        interval: float = 60.0,
        opener: Opener | None = None,
        watch_network: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = profile_root
        self._interval = interval
        self._opener: Opener = opener or (lambda root: Profile.open(root))
        self._lock = threading.Lock()
        self._loop: SyncLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._started = False  # start() was called: from then on, wake() may restart it
        self._rounds_started = 0
        self._poke = threading.Event()  # "Sync now" or stop, while waiting for an enrolment
        self.link_up: bool | None = None
        self._watch_wanted = watch_network  # from start(): QtNetwork loads after the first paint
        self._before: threading.Thread | None = None
        # (connected first: the panel, told of the round next, reads link_up as it is now)
        self.round_finished.connect(self._round_ended)

    # --- control (GUI thread) ---------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._watch_wanted:
            self._watch_wanted = False
            self._watch_network()
        with self._lock:
            self._started = True
            if self.running or self._stopping:
                return
            _freeze_once()
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            with _ALIVE_LOCK:  # (the round before, of a session ended here: see _run)
                self._before = _ALIVE.get(self._root)
                _ALIVE[self._root] = self._thread
            self._thread.start()

    def wake(self) -> int:
        """Sync now, whatever the backoff; starts the loop again if it had stopped.

        Returns the number of rounds started so far: the round this wake causes
        reports a higher number (a round already under way may finish first).
        """
        with self._lock:
            running = self.running
            loop = self._loop if running else None
            started = self._rounds_started
            may_start = self._started
        if loop is not None:
            loop.wake()
        elif running:
            self._poke.set()  # waiting for an enrolment: try again now
        elif may_start:
            self.start()
        return started

    def stop(self, timeout: float = 3.0) -> None:
        """Stop after the current request; waits at most ``timeout`` seconds (the window
        waits :data:`CLOSING_WAIT_S`: it never waits on the network; the thread left behind
        ends with its request, and what it had in flight is settled at the next round)."""
        with self._lock:
            self._stopping = True
            loop, thread = self._loop, self._thread
        self._poke.set()
        if loop is not None:
            loop.stop()
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the sync thread is still busy; leaving it behind")

    def _round_ended(self, report: SyncReport | None, error: object, _number: int) -> None:
        """A round that reached the registry proves the link up, whatever the system's
        hint said last (a stale "disconnected" left the strip saying "no connection" over
        rounds that succeeded)."""
        if error is None and report is not None:
            self.link_up = True

    # --- the thread -------------------------------------------------------------------

    def _run(self) -> None:
        priority.lower_this_thread()  # the window's thread comes first (sync.priority)
        before = self._before
        if before is not None and before is not threading.current_thread():
            # The session before on this profile (a colleague signed in at the lock) left
            # its round on the wire: this one follows it, not told of "another program".
            before.join()
        try:
            profile = self._opener(self._root)
        except FrontDeskError as exc:
            self.stopped.emit(exc)
            return
        try:
            while True:
                try:
                    while self._sync_until_stopped(profile):
                        pass
                    return
                except Exception as exc:  # a bug: log it, show it, never kill the app
                    log.exception("sync thread failed")
                    self.stopped.emit(exc)
                if not self._after_a_fault():
                    return
        finally:
            with self._lock:
                self._loop = None
            profile.close()

    def _sync_until_stopped(self, profile: Profile) -> bool:
        """Run the loop until it stops; True to run it again: the laptop was enrolled
        (again) meanwhile by another program (``frontdesk enrol`` with the app open), or
        "Sync now" was pressed while it waited for that."""
        from sync.loop import SyncLoop

        used = _enrolment(profile)
        mark = _enrolment_mark(profile)
        error: BaseException | None
        loop: SyncLoop | None = None
        connected = self._connect(profile)
        if connected is None:
            error = NotEnrolled()
        else:
            engine, transport = connected
            try:
                loop = SyncLoop(
                    _Counted(engine, self._round_starts),  # type: ignore[arg-type]
                    record_error=profile.outbox.record_error,
                    interval=self._interval,
                    on_round=self._round,
                    # (enrolled again meanwhile: Settings' Connect, or ``frontdesk enrol``;
                    # this loop's transport would go on sending to the old registry)
                    reconnect=lambda: _enrolment_mark(profile, mark) != mark,
                )
                with self._lock:
                    if self._stopping:
                        return False
                    self._loop = loop
                error = loop.run()
            finally:
                with self._lock:
                    self._loop = None
                transport.close()
        if error is None:
            if loop is not None and loop.reconnecting:
                log.info("enrolled again meanwhile: syncing with the new registry and token")
                return True
            return False  # stopped
        if not isinstance(error, (NotEnrolled, NeedsEnrolment)):
            self.stopped.emit(error)
            return False
        if _enrolment(profile) != used:
            # The token this loop held stopped working when another program enrolled the
            # laptop again: go on with the new one.
            log.info("enrolled again meanwhile: syncing with the new token")
            return True
        self.stopped.emit(error)
        return self._await_enrolment(profile, used)

    def _after_a_fault(self) -> bool:
        """A fault in the program ended the loop: try again after :data:`RETRY_AFTER_FAULT_S`
        or at "Sync now", as a start would (it ended the sync for good: the strip kept
        saying the applications would be sent, and nothing was until a restart). False
        when stopping."""
        poked = self._poke.wait(RETRY_AFTER_FAULT_S)
        with self._lock:
            self._poke.clear()
            if self._stopping:
                return False
        log.info("syncing again after a fault (%s)", "asked" if poked else "waited")
        return True

    def _await_enrolment(self, profile: Profile, used: tuple[str | None, str | None]) -> bool:
        """Not enrolled (or the token refused): look every few seconds whether another
        program enrolled the laptop; the app said it works without a registry, or to
        enrol again, and synced nothing until restarted. The keyring is read only when
        the database says something changed (an enrolment sets the registry and clears
        the last problem): a locked keyring may ask the worker to unlock it. False when
        stopping."""
        poll = min(self._interval, ENROLMENT_POLL_S)
        seen = _enrolment_marks(profile)
        while True:
            poked = self._poke.wait(poll)
            with self._lock:
                self._poke.clear()
                if self._stopping:
                    return False
            if poked:
                return True  # "Sync now": try again, as a start would
            marks = _enrolment_marks(profile)
            if marks != seen:
                seen = marks
                if _enrolment(profile) != used:
                    return True

    def _connect(self, profile: Profile) -> tuple[SyncEngine, Transport] | None:
        """The engine and its transport; None when not enrolled."""
        from sync.workstation import connect

        try:
            return connect(profile, depth=BACKGROUND_DEPTH, progress=self._progress)
        except NotEnrolled:
            return None

    def _progress(self, stage: str, _done: int, _total: int) -> None:
        if stage == "wait":
            self.waiting_for_other.emit()  # queued to the GUI thread
        elif stage in ("claim", "push"):
            self.sending_changed.emit()  # queued to the GUI thread

    def _round_starts(self) -> None:
        with self._lock:
            self._rounds_started += 1

    def _round(self, report: SyncReport | None, error: FrontDeskError | None) -> None:
        with self._lock:
            number = self._rounds_started
        self.round_finished.emit(report, error, number)  # queued to the GUI thread

    # --- the network link -------------------------------------------------------------

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        feature = QNetworkInformation.Feature.Reachability
        if not QNetworkInformation.loadBackendByFeatures(feature):
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Unknown:
            self.link_up = None  # (not known: not called down; the rounds will tell)
            return
        up = reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
            QNetworkInformation.Reachability.Local,
        )
        was_up, self.link_up = self.link_up, up
        self.link_changed.emit(up)
        if up and was_up is not True:
            self.wake()  # connectivity is back: try at once, whatever the backoff


def _enrolment(profile: Profile) -> tuple[str | None, str | None]:
    """The registry and device token the profile holds now (read on the sync thread)."""
    from frontdesk.secrets import DEVICE_TOKEN
    from frontdesk.store.outbox import REGISTRY_KEY

    try:
        return profile.outbox.setting(REGISTRY_KEY), profile.secrets.get(DEVICE_TOKEN)
    except FrontDeskError as exc:  # (a keyring locked just then: looked at again later)
        log.info("cannot read the enrolment (%s)", exc.code)
        return None, None


def _enrolment_mark(profile: Profile, unknown: str | None = None) -> str | None:
    """The mark the last enrolment left in the database (sync.workstation.ENROLMENT_KEY):
    one row, read before each round; ``unknown`` when it cannot be read just then."""
    from sync.workstation import ENROLMENT_KEY

    try:
        return profile.outbox.setting(ENROLMENT_KEY)
    except FrontDeskError as exc:  # (the database busy just then: looked at again later)
        log.info("cannot look for an enrolment (%s)", exc.code)
        return unknown


def _enrolment_marks(profile: Profile) -> tuple[str | None, ...]:
    """What an enrolment changes in the database: the registry, and the last problem (it
    is cleared)."""
    from frontdesk.store.outbox import LAST_ERROR_KEY, REGISTRY_KEY

    try:
        return tuple(profile.outbox.setting(key) for key in (REGISTRY_KEY, LAST_ERROR_KEY))
    except FrontDeskError as exc:  # (the database busy just then: looked at again later)
        log.info("cannot look for an enrolment (%s)", exc.code)
        return ()


class _Counted:
    """The engine as the loop sees it, counting the rounds as they start."""

    def __init__(self, engine: SyncEngine, starting: Callable[[], None]) -> None:
        self._engine = engine
        self._starting = starting

    def sync_once(
        self, report: SyncReport | None = None, *, stopping: threading.Event | None = None
    ) -> SyncReport:
        self._starting()
        return self._engine.sync_once(report, stopping=stopping)
