"""The worker's calendar and clock: Ukraine's (Europe/Kyiv), whatever time zone the
laptop is set to.

Donated laptops come set to UTC or to the donor's zone. The time on a receipt, the year
in an application's number, the day a journal filter means and the date an application
was made on are the worker's, in Kyiv, as the resident and the back office read them.
Times are stored in UTC; these give them on the worker's clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# (the tzdata package ships with the app: Windows has no zone files of its own, and a
# system's may predate the name "Kyiv", 2022)
KYIV = ZoneInfo("Europe/Kyiv")


def in_kyiv(moment: dt.datetime) -> dt.datetime:
    """An aware ``moment`` on the worker's clock."""
    return moment.astimezone(KYIV)


def kyiv_now() -> dt.datetime:
    return dt.datetime.now(KYIV)


def kyiv_today() -> dt.date:
    """Today on the worker's calendar (by this laptop's clock)."""
    return kyiv_now().date()
