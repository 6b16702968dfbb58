"""When a case was decided, by either clock (for retention: frontdesk.store.retention).

Clocks are often wrong: a dead CMOS battery puts a laptop a year behind, a slip sets one
a year ahead, and a registry's clock can be off for every laptop of its community. The
registry's change feed says when it recorded each status (``at``) and what its time is
(``now``, each page; docs/protocol.md): a decided case keeps the registry's time of its
decision (``applications.decided_at``), and the profile the registry's time at the last
sync (:data:`REGISTRY_TIME_KEY`). A case's window must have passed by both clocks: by
the laptop's since the decision reached it (``updated_at``), and by the registry's from
its time of the decision (or, without one, from ``updated_at``) to its time at the last
sync. One clock off delays removal; it never brings it forward.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from frontdesk.errors import FrontDeskError
from frontdesk.store.audit import stamp
from frontdesk.store.db import DB_ERRORS
from frontdesk.text import parse_stamp
from frontdesk.worktime import in_kyiv

REGISTRY_TIME_KEY = "sync.registry_time"
KNOWN_DAY_READ_S = 1.0  # the registry's last time, for the validator: read at most this often
SLACK = dt.timedelta(days=1)  # how far behind the registry the laptop's clock may read
# The latest time a save stamped while the laptop's clock was behind (KnownClock).
KNOWN_LAST_KEY = "clock.known_last"


def registry_stamp(value: Any) -> str | None:
    """A time the registry sent, as the store writes times; None for anything else."""
    if not isinstance(value, str):
        return None
    moment = parse_stamp(value)
    if moment is None:
        return None
    try:
        return stamp(moment)
    except (OverflowError, ValueError):  # (a year 9999 with an offset: no time)
        return None


def registry_time(conn: Any) -> dt.datetime | None:
    """The registry's time at the last sync (None: no registry has said it)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (REGISTRY_TIME_KEY,)).fetchone()
    return parse_stamp(row[0]) if row else None


def record_registry_time(conn: Any, now: Any, changes: list[dict[str, Any]]) -> None:
    """Keep the registry's time a page of its feed brought (its ``now``), in the caller's
    transaction (with the cursor). A page without one comes from a registry that does not
    say its time (an older build, another registry): the time kept before is forgotten,
    or it would stand still and nothing would ever be due by it."""
    seen = registry_stamp(now)
    if seen is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (REGISTRY_TIME_KEY,))
        return
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (REGISTRY_TIME_KEY, seen),
    )


@dataclass(frozen=True)
class Cutoff:
    """Which decided cases' retention window has passed. By the laptop's clock: recorded
    here (``updated_at``) before ``laptop``. And, once a registry has said its time, by
    the registry's clock too: decided (``decided_at``, its time of the decision; else
    ``updated_at``) before ``registry``. Both must agree: one clock a year off (the
    laptop's or the registry's, ahead or behind) strips nothing early."""

    laptop: dt.datetime
    registry: dt.datetime | None = None

    def passed(self, decided_at: str | None, updated_at: str | None) -> dt.datetime | None:
        """The case's decision time if its window has passed, else None (no readable
        time, or a time after a cutoff: kept)."""
        recorded = parse_stamp(updated_at)
        if recorded is None or recorded >= self.laptop:
            return None
        decided = parse_stamp(decided_at) if decided_at is not None else recorded
        if decided is None:
            return None
        if self.registry is not None and decided >= self.registry:
            return None
        return decided


def laptop_behind(registry_now: dt.datetime | None, laptop_now: dt.datetime) -> bool:
    """Whether the laptop's clock reads more than :data:`SLACK` behind the registry's last
    time: one of the two clocks is wrong (the cutoff waits for both)."""
    return registry_now is not None and laptop_now < registry_now - SLACK


def awake_or_asleep() -> float:
    """Seconds on a clock that counts while the laptop sleeps and never goes back (nor jumps
    with the clock on the wall): a lid closed for an hour is an hour. Linux's monotonic
    clock stops while suspended (CLOCK_BOOTTIME does not); elsewhere the monotonic clock."""
    return time.clock_gettime(_BOOTTIME) if _BOOTTIME is not None else time.monotonic()


_BOOTTIME: int | None = getattr(time, "CLOCK_BOOTTIME", None)


class KnownClock:
    """The time a worker's write stamps: this laptop's clock, unless it reads more than
    :data:`SLACK` behind the registry's time at the last sync (a clock reset by a dead CMOS
    battery). Then the latest time known to have come: the registry's last time, plus what
    this program has counted since it first saw it (on a clock the wall clock does not
    move: :func:`awake_or_asleep`), and never before a time a save stamped so before
    (:data:`KNOWN_LAST_KEY`: a restart forgets what it counted).

    The receipt is the resident's proof of the date they applied and the number carries
    its year: a date years back is certainly wrong. This one is never later than the true
    time, and goes on with it while the program runs: the receipts of a day offline are not
    all stamped with one minute. (The banner says the clock is wrong: ui.clock_warning.
    Retention keeps reading the laptop's own clock: a later stamp only delays a removal.)
    One per store: its writes run one at a time."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self._seen: dt.datetime | None = None  # the registry's last time, as first seen
        self._since = 0.0  # (awake_or_asleep() then)
        self.behind = False  # whether the last time given was the latest known, not the clock

    def now(self, conn: Any) -> dt.datetime:
        """The time to stamp, read (and, while the clock is behind, kept: the latest
        stamped) in the caller's write transaction."""
        laptop = self._clock()
        registry = registry_time(conn)
        self.behind = registry is not None and laptop_behind(registry, laptop)
        if registry is None or not self.behind:
            return laptop
        counted = awake_or_asleep()
        if registry != self._seen:
            self._seen, self._since = registry, counted
        known = registry + dt.timedelta(seconds=max(0.0, counted - self._since))
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (KNOWN_LAST_KEY,)).fetchone()
        stamped = parse_stamp(row[0]) if row else None
        if stamped is not None and stamped > known:
            known = stamped
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (KNOWN_LAST_KEY, stamp(known)),
        )
        return known


class KnownDay:
    """The registry's date while this laptop's clock is known to be behind it, for the
    validator's today, as :class:`KnownClock` dates saves: a baby born since the clock was
    reset is not "in the future". The registry's time changes only at a sync: it is read
    at most once a second (the form checks what is typed at each pause, a save checks it
    again). None when it cannot be read just then (a form checked as its window closes,
    the database closed first): a hint, never a reason to fail a check."""

    def __init__(self, db: Any, clock: Callable[[], dt.datetime]) -> None:
        self._db, self._clock = db, clock
        self._registry: dt.datetime | None = None
        self._read_at: float | None = None

    def __call__(self) -> dt.date | None:
        now = time.monotonic()
        if self._read_at is None or now - self._read_at > KNOWN_DAY_READ_S:
            try:
                self._registry = registry_time(self._db)
            except FrontDeskError:
                self._registry = None
            except DB_ERRORS:  # (not said as ours: a closed connection)
                self._registry = None
            self._read_at = now
        registry = self._registry
        if registry is not None and laptop_behind(registry, self._clock()):
            return in_kyiv(registry).date()
        return None


def cutoff(conn: Any, laptop_now: dt.datetime, days: int) -> Cutoff:
    """The cutoff of a window of ``days``, by the laptop's clock and, when a registry has
    said its time, by the registry's at the last sync."""
    registry_now = registry_time(conn)
    window = dt.timedelta(days=days)
    return Cutoff(laptop_now - window, registry_now - window if registry_now else None)
