"""How the GUI words domain values: statuses, service points, "2 години тому".

Plain functions over :func:`QCoreApplication.translate` so every window says
the same thing the same way, in the current language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import ServicePoint, Status
from frontdesk.reference import Places
from frontdesk.text import local_time, parse_stamp

FUTURE_SLACK_S = 300  # a later time than now by this much is not "just now"


def status_name(status: Status | str) -> str:
    names = {
        Status.DRAFT: QCoreApplication.translate("Wording", "Draft"),
        Status.READY: QCoreApplication.translate("Wording", "Waiting to be sent"),
        Status.SENT: QCoreApplication.translate("Wording", "Sent"),
        Status.ACCEPTED: QCoreApplication.translate("Wording", "Accepted"),
        Status.GRANTED: QCoreApplication.translate("Wording", "Granted"),
        Status.REFUSED: QCoreApplication.translate("Wording", "Refused"),
        Status.RETURNED: QCoreApplication.translate("Wording", "Returned for correction"),
    }
    try:
        return names[Status(status)]
    except ValueError:
        return str(status)


def point_kind_name(kind: str) -> str:
    names = {
        "office": QCoreApplication.translate("Wording", "Office"),
        "van": QCoreApplication.translate("Wording", "Mobile service van"),
        "home_visit": QCoreApplication.translate("Wording", "Home visit"),
    }
    return names.get(kind, kind)


def point_text(point: ServicePoint, places: Places) -> str:
    """Where applications are taken: "Mobile service van: Route 3, Тетерівка"."""
    text = point_kind_name(point.kind)
    if point.name:
        text += f": {point.name}"
    place = places.get(point.katottg) if point.katottg else None
    if place is not None:
        text += f", {place.name}"
    return text


def not_accepted_name() -> str:
    """What the journal says of a revision the registry refused (waiting for a fix)."""
    return QCoreApplication.translate("Wording", "Not accepted by the registry")


def services_text(catalog: ServiceCatalog, codes: tuple[str, ...] | list[str], lang: str) -> str:
    names = []
    for code in codes:
        service = catalog.get(code)
        names.append(service.name(lang) if service else code)
    return "; ".join(names)


def time_ago(stamp: str | None, now: dt.datetime | None = None) -> str:
    """ "щойно", "5 хвилин тому", "2 години тому", "вчора", "3 дні тому" (display only)."""
    moment = parse_stamp(stamp)
    if moment is None:
        return QCoreApplication.translate("Wording", "never")
    now = now or dt.datetime.now(dt.UTC)
    seconds = int((now - moment).total_seconds())
    if seconds < -FUTURE_SLACK_S:  # the clock was ahead then, or is behind now: say the date
        return local_time(stamp)
    seconds = max(0, seconds)
    if seconds < 60:
        return QCoreApplication.translate("Wording", "just now")
    minutes = seconds // 60
    if minutes < 60:
        return plural(
            QCoreApplication.translate("Wording", "%n minute(s) ago", None, minutes), minutes
        )
    hours = minutes // 60
    if hours < 24:
        return plural(QCoreApplication.translate("Wording", "%n hour(s) ago", None, hours), hours)
    days = hours // 24
    if days == 1:
        return QCoreApplication.translate("Wording", "yesterday")
    return plural(QCoreApplication.translate("Wording", "%n day(s) ago", None, days), days)


def plural(text: str, n: int) -> str:
    """English is the source language and has no .qm: "(s)" is resolved here."""
    return text.replace("(s)", "" if n == 1 else "s")
