"""When a case was decided, and by whose clock (for retention: frontdesk.store.retention).

Laptop clocks are often wrong (a dead CMOS battery puts one a year behind; a worker sets
one a year ahead by mistake). The registry's change feed says when it recorded each
status (``at``) and what its time is (``now``, each page; docs/protocol.md): a decided
case keeps the registry's time of its decision (``applications.decided_at``), and the
profile the registry's time at the last sync (:data:`REGISTRY_TIME_KEY`). A case's age is
the registry's time at the last sync minus the registry's time of its decision: no
laptop clock in it.

A case decided without a registry time (a registry from before these fields, a case
imported from a file) is aged by when its decision was recorded here (``updated_at``, the
laptop's clock), as before; but while the laptop's clock reads more than
:data:`SLACK` behind the registry's last time, its stamps are not trusted and such cases
wait.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontdesk.store.audit import stamp
from frontdesk.text import parse_stamp

REGISTRY_TIME_KEY = "sync.registry_time"
SLACK = dt.timedelta(days=1)  # how far behind the registry the laptop's clock may read


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
    """Keep the registry's time a page of its feed brought, in the caller's transaction
    (with the cursor): the page's ``now``; from a registry that sends no ``now``, the
    latest ``at`` of its changes, if later than the time kept."""
    seen = registry_stamp(now)
    if seen is None:
        kept = registry_time(conn)
        known = [parse_stamp(registry_stamp(change.get("at"))) for change in changes]
        latest = max((t for t in [*known, kept] if t is not None), default=None)
        if latest is None or latest == kept:
            return
        seen = stamp(latest)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (REGISTRY_TIME_KEY, seen),
    )


@dataclass(frozen=True)
class Cutoff:
    """Which decided cases' retention window has passed: decided before ``moment`` by the
    registry's time of the decision, or, for a case the registry gave no time for, by the
    laptop's (its ``updated_at``), unless ``laptop_times`` is off: then such a case waits."""

    moment: dt.datetime
    laptop_times: bool = True

    def passed(self, decided_at: str | None, updated_at: str | None) -> dt.datetime | None:
        """The case's decision time if its window has passed, else None (no readable
        time, or a time after the cutoff: kept)."""
        if decided_at is not None:
            moment = parse_stamp(decided_at)
        elif self.laptop_times:
            moment = parse_stamp(updated_at)
        else:
            return None
        return moment if moment is not None and moment < self.moment else None


def laptop_behind(registry_now: dt.datetime | None, laptop_now: dt.datetime) -> bool:
    """Whether the laptop's clock reads more than :data:`SLACK` behind the registry's last
    time: its stamps are not trusted then."""
    return registry_now is not None and laptop_now < registry_now - SLACK


def cutoff(conn: Any, laptop_now: dt.datetime, days: int) -> Cutoff:
    """The cutoff of a window of ``days``: counted back from the registry's time at the
    last sync, or from the laptop's clock when no registry has said its time."""
    registry_now = registry_time(conn)
    window = dt.timedelta(days=days)
    if registry_now is None:
        return Cutoff(laptop_now - window)
    return Cutoff(registry_now - window, not laptop_behind(registry_now, laptop_now))
