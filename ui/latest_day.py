"""The latest day this laptop knows to have come, for reading two-digit years.

The registry's date at the last sync, while this laptop's clock is behind it
(:mod:`ui.clock_warning` says so, and tells it here); None when the laptop's own today is
the latest known. A module of its own: the clock banner is built at start-up, and the
form (:mod:`ui.form.fields`, which reads it) only after the journal's first paint.
"""

from __future__ import annotations

import datetime as dt

from frontdesk.worktime import kyiv_today

_known: dt.date | None = None


def know_today(day: dt.date | None) -> None:
    """The registry's date seen at the last sync, while this laptop's clock is behind it
    (None once it is not): a two-digit year up to it is read in this century."""
    global _known
    _known = day


def known_today() -> dt.date | None:
    return _known


def worker_today() -> dt.date:
    """Today on the worker's calendar: Kyiv's, or the registry's date while this laptop's
    clock is known to be behind it (the saves are dated by it then)."""
    return _known or kyiv_today()
