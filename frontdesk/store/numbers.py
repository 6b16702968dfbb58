"""Application numbers: ``CODE-YYYY-NNNNNN``, one series per workstation code and year.

Numbers are zero-padded, so the text order is the numeric order, and the next
number of a series is read from the unique index on ``number``: imported numbers
count too, and a save writes no extra page for a counter. No number comes back: an
application leaves only as a discarded draft, and its number stays taken
(:func:`keep_discarded`).
"""

from __future__ import annotations

import re
from typing import Any

from frontdesk.errors import SeriesExhausted

NUMBER_RE = re.compile(r"^[A-Z0-9]{2,12}-\d{4}-\d{6}$")
# The registry names its highest number with "taken", so one renumbering settles it;
# more than a few means a registry to look at, not a number to try again.
MAX_RENUMBERS = 5
LAST_IN_SERIES = 999_999  # six digits
DISCARDED_KEY = "numbers.discarded:"  # + series: the highest number of a discarded draft
VOID_KEY = "numbers.void:"  # + number: each number of a discarded draft


def series(number: str) -> str:
    """``CODE-YYYY-`` of a number."""
    return number.rsplit("-", 1)[0] + "-"


def next_in_series(conn: Any, prefix: str, after: str | None = None) -> str:
    """The next number of the series ``prefix`` (``CODE-YYYY-``), after every number
    this workstation holds and after ``after`` (one the registry holds)."""
    last = last_in_series(conn, prefix, after)
    if last >= LAST_IN_SERIES:
        raise SeriesExhausted(series=prefix)
    return f"{prefix}{last + 1:06d}"


def last_in_series(conn: Any, prefix: str, after: str | None = None) -> int:
    """The highest sequence of the series this workstation holds or gave to a draft it
    threw away (and ``after``); 0 for none."""
    highest = conn.execute(
        "SELECT max(number) FROM applications WHERE number GLOB ?",
        (prefix + "[0-9]" * 6,),
    ).fetchone()[0]
    discarded = conn.execute(
        "SELECT value FROM meta WHERE key = ?", (DISCARDED_KEY + prefix,)
    ).fetchone()
    for taken in (after, discarded[0] if discarded else None):
        if taken and taken.startswith(prefix) and NUMBER_RE.match(taken):
            highest = max(highest or taken, taken)
    return int(highest.rsplit("-", 1)[1]) if highest else 0


def keep_discarded(conn: Any, number: str) -> None:
    """The number of a draft thrown away is not given again: a receipt may name it (one
    printed before the worker took the application back to a draft)."""
    if not NUMBER_RE.match(number):
        return
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
        (DISCARDED_KEY + series(number), number),
    )
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, '')", (VOID_KEY + number.upper(),)
    )


def discarded(conn: Any, number: str) -> bool:
    """Whether ``number`` was a draft's that was thrown away (an import may not take it)."""
    return bool(
        conn.execute("SELECT 1 FROM meta WHERE key = ?", (VOID_KEY + number.upper(),)).fetchone()
    )
