"""An application's place in time: its rowid.

The rowid is the second it was created (UTC) times ENTRY_SLOTS, plus its place among
those created in that second. The journal's newest-first order is then the order of the
applications' dates, even for paper applications imported later with older dates; the
search index (which walks rowids) returns matches in that order without sorting them;
and a date filter is a range of rowids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdesk.text import parse_stamp

ENTRY_SLOTS = 1_000_000  # places in a second: a batch import stores a few thousand
# Dates before this are no application's (a typo in a year): their rowids come before
# every dated one, from 1 up, in the order they were stored (an import refuses them now;
# a profile upgraded from before may hold some).
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
UNDATED_END = int(EARLIEST.timestamp()) * ENTRY_SLOTS


def entry_base(stamp: str | None) -> int:
    """The first rowid of the second ``stamp`` (an RFC 3339 time, as stored or imported:
    any offset, fractions, a leap second) falls in; 0 for what is not a time, or is
    before :data:`EARLIEST`."""
    moment = parse_stamp(stamp)
    if moment is None or moment < EARLIEST:
        return 0
    return int(moment.timestamp()) * ENTRY_SLOTS


def day_starts(day: dt.date) -> int:
    """The first rowid of the worker's local ``day``: dates are chosen on the local
    calendar, applications are stamped in UTC."""
    return int(dt.datetime.combine(day, dt.time.min).astimezone().timestamp()) * ENTRY_SLOTS


def entry_rowid(conn: Any, created_at: str | None) -> int:
    """The rowid of a new application: the next free one in the second it was created
    (see :data:`ENTRY_SLOTS`); were that second full, the next free
    one in the seconds after it."""
    base = entry_base(created_at)
    if not base:  # no date to go by: after the other undated ones, before every dated one
        last = conn.execute(
            "SELECT max(rowid) FROM applications WHERE rowid < ?", (UNDATED_END,)
        ).fetchone()[0]
        return max(1, int(last or 0) + 1)
    start = base
    for _ in range(MAX_OVERFLOW_SECONDS):
        last = conn.execute(
            "SELECT max(rowid) FROM applications WHERE rowid >= ? AND rowid < ?",
            (start, start + ENTRY_SLOTS),
        ).fetchone()[0]
        if last is None:
            return start
        if last + 1 < start + ENTRY_SLOTS:
            return int(last) + 1
        start += ENTRY_SLOTS
    return int(conn.execute("SELECT max(rowid) FROM applications").fetchone()[0]) + 1


MAX_OVERFLOW_SECONDS = 3600  # (a million a second: never reached by hand or by import)
