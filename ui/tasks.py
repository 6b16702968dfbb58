"""Running work off the GUI thread (the Anki "operation" pattern, STYLE.md).

A :class:`TaskRunner` is one lane: a single worker thread that runs callables
in order. Results and errors come back to the GUI thread through a queued
signal and are handed to the callbacks there; worker code never touches a
widget. The app has a ``db`` lane (everything that touches the profile's
write connection) and a ``net`` lane (sync). Tests pass ``synchronous=True``
to run tasks inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(object, object, object)  # callback, value, error


class TaskRunner(QObject):
    def __init__(self, name: str, *, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self._name = name
        self._synchronous = synchronous
        self._pool = None if synchronous else ThreadPoolExecutor(1, thread_name_prefix=name)
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0
        self.closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work`` on this lane; then ``on_done(result)`` or ``on_error(exc)`` on the GUI
        thread — unless ``owner`` (the widget the callbacks update) was deleted meanwhile."""
        if self.closed:
            log.debug("lane %s is shut down; dropped a task", self._name)
            return
        self.pending += 1
        if self._pool is None:
            try:
                value = work()
            except Exception as exc:  # handed to the caller's error callback
                self._deliver((on_done, on_error, owner), None, exc)
            else:
                self._deliver((on_done, on_error, owner), value, None)
            return

        def job() -> None:
            try:
                value = work()
            except Exception as exc:  # carried back to the GUI thread
                self._relay.finished.emit((on_done, on_error, owner), None, exc)
            else:
                self._relay.finished.emit((on_done, on_error, owner), value, None)

        self._pool.submit(job)

    @Slot(object, object, object)
    def _deliver(self, callbacks: Any, value: Any, error: Any) -> None:
        self.pending -= 1
        on_done, on_error, owner = callbacks
        if owner is not None and not shiboken6.isValid(owner):
            if error is not None:
                log.debug("task on %s failed after its window closed", self._name, exc_info=error)
            return  # its window went away while the work ran
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("task on %s failed", self._name, exc_info=error)
        elif on_done is not None:
            on_done(value)

    def shutdown(self, *, wait: bool = True) -> None:
        """Finish the queued work; later tasks are dropped (the window is going away).
        ``wait=False`` returns at once: the queued work still runs to its end."""
        self.closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=False)


class Periodic(QObject):
    """Background work of the open app (the daily backup, retention): at :meth:`start`,
    then every ``interval_ms``, never two at once. :meth:`begin` starts a run (on a lane);
    the run sets ``running`` back to False when it ends."""

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)

    def start(self) -> None:
        """Once signed in: a run now, then one every interval (idempotent)."""
        if self.timer.isActive():
            return
        self.timer.start()
        self.run_now()

    def stop(self) -> None:
        self.timer.stop()

    def run_now(self) -> None:
        if self.running:
            return  # the previous one is still going
        self.running = True
        self.begin()

    def begin(self) -> None:
        raise NotImplementedError
