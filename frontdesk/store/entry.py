"""An application's place in time: its rowid.

The rowid is the day it was created (on the worker's calendar, Kyiv's, counted from 2000)
times ENTRY_SLOTS, plus its place among that day's applications. The journal's newest-first
order is then the order of the applications' days, even for paper applications imported
later with older dates (within a day, the order they were stored in); the search index
(which walks rowids) returns matches in that order without sorting them; a date filter is
a range of rowids; and the index, which stores the gaps between rowids, stays compact
(the gap between two applications of a day is 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdesk.text import parse_stamp
from frontdesk.worktime import in_kyiv

ENTRY_SLOTS = 10_000_000  # places in a day: a batch import stores a few thousand a second
# Dates before this are no application's (a typo in a year): their rowids come before
# every dated one, from 1 up, in the order they were stored (an import refuses them now;
# a profile upgraded from before may hold some).
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_FIRST_DAY = dt.date(2000, 1, 1)


def entry_base(stamp: str | None) -> int:
    """The first rowid of the day ``stamp`` (an RFC 3339 time, as stored or imported: any
    offset, fractions, a leap second) falls in on the worker's calendar; 0 for what is
    not a time, or is before :data:`EARLIEST`."""
    moment = parse_stamp(stamp)
    if moment is None or moment < EARLIEST:
        return 0
    return day_starts(in_kyiv(moment).date())


def day_starts(day: dt.date) -> int:
    """The first rowid of the worker's ``day``: dates are chosen on the worker's calendar, as
    the applications' days are counted."""
    return max(1, (day - _FIRST_DAY).days + 1) * ENTRY_SLOTS


UNDATED_END = ENTRY_SLOTS  # the undated ones: rowids below the first day's


def entry_rowid(conn: Any, created_at: str | None) -> int:
    """The rowid of a new application: the next free one in the day it was created (see
    :data:`ENTRY_SLOTS`); were that day full, the next free one in the days after it."""
    base = entry_base(created_at)
    if not base:  # no date to go by: after the other undated ones, before every dated one
        last = conn.execute(
            "SELECT max(rowid) FROM applications WHERE rowid < ?", (UNDATED_END,)
        ).fetchone()[0]
        return max(1, int(last or 0) + 1)
    start = base
    for _ in range(MAX_OVERFLOW_DAYS):
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


MAX_OVERFLOW_DAYS = 366  # (ten million a day: never reached by hand or by import)
