"""How the GUI words domain values: statuses, service points, "2 години тому".

Plain functions over :func:`QCoreApplication.translate` so every window says
the same thing the same way, in the current language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import Status


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


def not_accepted_name() -> str:
    """What the journal says of a revision the registry refused (waiting for a fix)."""
    return QCoreApplication.translate("Wording", "Not accepted by the registry")


def history_action(action: str, detail: str = "") -> str:
    """One line of an application's history, as the worker would say it."""
    if action == "renumbered":  # detail: the number it had
        return QCoreApplication.translate(
            "Wording", "New number: the registry already had %1 (give the resident a new receipt)"
        ).replace("%1", detail)
    if action.startswith("status:"):
        return QCoreApplication.translate("Wording", "Registry: %1").replace(
            "%1", status_name(action.split(":", 1)[1])
        )
    names = {
        "created": QCoreApplication.translate("Wording", "Saved on this workstation"),
        "saved": QCoreApplication.translate("Wording", "Changed"),
        "imported": QCoreApplication.translate("Wording", "Imported"),
        "acknowledged": QCoreApplication.translate("Wording", "Delivered to the registry"),
        "quarantined": QCoreApplication.translate("Wording", "The registry did not accept it"),
        "revision_started": QCoreApplication.translate(
            "Wording", "Correction started (new revision)"
        ),
    }
    return names.get(action, action)


def services_text(catalog: ServiceCatalog, codes: tuple[str, ...] | list[str], lang: str) -> str:
    names = []
    for code in codes:
        service = catalog.get(code)
        names.append(service.name(lang) if service else code)
    return "; ".join(names)


def parse_stamp(stamp: str | None) -> dt.datetime | None:
    """A stored UTC timestamp ("…Z" or "+00:00") as an aware datetime."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def local_time(stamp: str | None, with_time: bool = True) -> str:
    moment = parse_stamp(stamp)
    if moment is None:
        return ""
    local = moment.astimezone()
    return local.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def time_ago(stamp: str | None, now: dt.datetime | None = None) -> str:
    """ "щойно", "5 хвилин тому", "2 години тому", "вчора", "3 дні тому" (display only)."""
    moment = parse_stamp(stamp)
    if moment is None:
        return QCoreApplication.translate("Wording", "never")
    now = now or dt.datetime.now(dt.UTC)
    seconds = max(0, int((now - moment).total_seconds()))
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
