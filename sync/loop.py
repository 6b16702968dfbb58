"""Keep syncing until stopped: backoff with jitter on failure, at once when woken.

The loop waits on an event, so "Sync now" or "connectivity is back" (the GUI
sets :meth:`SyncLoop.wake`) starts a round immediately, whatever the backoff.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from frontdesk.errors import FrontDeskError
from sync.engine import SyncEngine
from sync.errors import NeedsEnrolment, ServerTrouble
from sync.reports import SyncReport

log = logging.getLogger(__name__)


@dataclass
class Backoff:
    """Capped exponential backoff with full jitter (AWS architecture blog, 2015)."""

    base: float = 2.0
    cap: float = 300.0
    rng: random.Random | None = None
    failures: int = 0

    def next_delay(self, at_least: float | None = None) -> float:
        self.failures += 1
        # (the exponent stops growing at the cap: an outage of days, the app left open, is
        # thousands of failures, and 2.0 * 2**1024 is an OverflowError that ended the loop)
        doublings = min(self.failures - 1, 64)
        ceiling = min(self.cap, self.base * 2**doublings)
        delay = (self.rng or random).uniform(0, ceiling)
        return max(delay, min(at_least or 0.0, self.cap))

    def reset(self) -> None:
        self.failures = 0


class SyncLoop:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        record_error: Callable[[str, str, Mapping[str, str]], None],
        interval: float = 60.0,
        backoff: Backoff | None = None,
        on_round: Callable[[SyncReport | None, FrontDeskError | None], None] | None = None,
        reconnect: Callable[[], bool] | None = None,
    ) -> None:
        self._engine = engine
        self._record_error = record_error
        self._interval = interval
        self._backoff = backoff or Backoff()
        self._on_round = on_round
        # Asked before each round: the laptop was enrolled again meanwhile (Settings, or
        # ``frontdesk enrol`` with the app open): this loop's registry and token are the
        # old ones, so it ends (``reconnecting``) for its owner to connect anew.
        self._reconnect = reconnect
        self.reconnecting = False
        self._wake = threading.Event()
        self._stop = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run(self, max_rounds: int | None = None) -> FrontDeskError | None:
        """Sync until stopped (or ``max_rounds``); returns the error that stopped it, if any."""
        rounds = 0
        while not self._stop.is_set() and (max_rounds is None or rounds < max_rounds):
            if self._reconnect is not None and self._reconnect():
                self.reconnecting = True
                return None
            rounds += 1
            delay = self._interval
            report = SyncReport()  # (what a round that fails did before, it still tells)
            try:
                self._engine.sync_once(report, stopping=self._stop)
            except NeedsEnrolment as exc:
                self._note(exc)
                self._notify(report if report.changed_anything else None, exc)
                return exc  # nothing will work until the workstation is enrolled again
            except FrontDeskError as exc:
                self._note(exc)
                retry_after = exc.retry_after if isinstance(exc, ServerTrouble) else None
                delay = self._backoff.next_delay(retry_after)
                log.info("sync failed (%s); next attempt in %.1f s", exc.code, delay)
                self._notify(report if report.changed_anything else None, exc)
            else:
                self._backoff.reset()
                self._notify(report, None)
            if max_rounds is not None and rounds >= max_rounds:
                break
            self._wake.wait(delay)
            self._wake.clear()
        return None

    def _note(self, problem: FrontDeskError) -> None:
        """Keep the problem for the status line; a database busy just then (a long import)
        loses only the note, never the loop."""
        try:
            self._record_error(problem.code, problem.detail, problem.params)
        except FrontDeskError as exc:
            log.warning("could not note the sync problem %s (%s)", problem.code, exc.code)

    def _notify(self, report: SyncReport | None, error: FrontDeskError | None) -> None:
        if self._on_round:
            self._on_round(report, error)
