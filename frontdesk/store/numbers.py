"""Application numbers: ``CODE-YYYY-NNNNNN``, one series per workstation code and year.

Numbers are zero-padded, so the text order is the numeric order, and the next
number of a series is read from the unique index on ``number``: imported numbers
count too, and a save writes no extra page for a counter. Applications are never
deleted, so no number comes back.
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


def series(number: str) -> str:
    """``CODE-YYYY-`` of a number."""
    return number.rsplit("-", 1)[0] + "-"


def next_in_series(conn: Any, prefix: str, after: str | None = None) -> str:
    """The next number of the series ``prefix`` (``CODE-YYYY-``), after every number
    this workstation holds and after ``after`` (one the registry holds)."""
    highest = conn.execute(
        "SELECT max(number) FROM applications WHERE number GLOB ?",
        (prefix + "[0-9]" * 6,),
    ).fetchone()[0]
    if after and after.startswith(prefix) and NUMBER_RE.match(after):
        highest = max(highest or after, after)
    last = int(highest.rsplit("-", 1)[1]) if highest else 0
    if last >= LAST_IN_SERIES:
        raise SeriesExhausted(series=prefix)
    return f"{prefix}{last + 1:06d}"
