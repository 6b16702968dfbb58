"""How the GUI words domain values: statuses, service points, "2 години тому".

Plain functions over :func:`QCoreApplication.translate` so every window says
the same thing the same way, in the current language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from frontdesk.catalog import ServiceCatalog
from frontdesk.field_names import field_name as words_for_field
from frontdesk.model import ServicePoint, Status
from frontdesk.place_names import Place
from frontdesk.reference import Places
from frontdesk.text import local_time, parse_stamp
from frontdesk.worktime import in_kyiv
from ui.i18n import current_language

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


def place_label(place: Place, *, long: bool = False) -> str:
    """A codifier place as the list shows it, its kind and levels in the GUI's language:
    "Тетерівка, Тетерівська hromada, Житомирський raion" (``long``: and the oblast)."""
    language = current_language()
    return place.long_label_in(language) if long else place.label_in(language)


def not_accepted_name() -> str:
    """What the journal says of a revision the registry refused (waiting for a fix)."""
    return QCoreApplication.translate("Wording", "Not accepted by the registry")


def correction_name() -> str:
    """What the journal says of a correction of a returned application not sent yet."""
    return QCoreApplication.translate("Wording", "Correction (draft)")


def service_label(catalog: ServiceCatalog, code: str, lang: str) -> str:
    """A service as a line of a list to choose from: "664 — Допомога на проживання …", led
    by the back office's code, which workers know by heart and type to jump to it; a
    service the catalogue keys by a word ("subsidy", "pilhy": not for the screen) by its
    name alone, and one it does not know by its code."""
    service = catalog.get(code)
    if service is None:
        return code
    return f"{code} — {service.name(lang)}" if code.isdigit() else service.name(lang)


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
    # A day or more: counted in the worker's calendar days ("yesterday" is the date before
    # today, not 24 to 47 hours back: Monday 09:00 seen on Wednesday 08:00 is 2 days ago).
    days = max(1, (in_kyiv(now).date() - in_kyiv(moment).date()).days)
    if days == 1:
        return QCoreApplication.translate("Wording", "yesterday")
    return plural(QCoreApplication.translate("Wording", "%n day(s) ago", None, days), days)


def plural(text: str, n: int) -> str:
    """English is the source language and has no .qm: "(s)" is resolved here."""
    return text.replace("(s)", "" if n == 1 else "s")


def field_name(path: str) -> str:
    """A document path ("household[1].surname") in the worker's words ("Член сім'ї 2 ·
    прізвище"), in the language on screen (:func:`frontdesk.field_names.field_name`)."""
    return words_for_field(path, current_language())


def field_value(value: object) -> str:
    """A document value as the worker reads it."""
    if value is None or value == "":
        return "—"
    if value is True:
        return QCoreApplication.translate("Wording", "yes")
    if value is False:
        return QCoreApplication.translate("Wording", "no")
    return str(value)
