"""The workstation's GUI settings, declared in one place with their types and defaults.

They live in the profile's ``meta`` table under ``ui.*`` keys (so they are
encrypted and travel with a profile backup). Reading and writing them takes
a :class:`~frontdesk.profile.Profile`; call from the db lane when writing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from frontdesk.model import ServicePoint
from frontdesk.profile import Profile
from frontdesk.worktime import kyiv_today

LANGUAGE_KEY = "ui.language"
IDLE_MINUTES_KEY = "ui.idle_minutes"
SERVICE_POINT_KEY = "ui.service_point"

LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
DEFAULT_IDLE_MINUTES = 10.0
SERVICE_POINT_KINDS = ("office", "van", "home_visit")


@dataclass
class Preferences:
    language: str = DEFAULT_LANGUAGE
    idle_minutes: float = DEFAULT_IDLE_MINUTES  # 0 turns the screen lock off
    service_point: ServicePoint = field(default_factory=ServicePoint)
    # Where the worker was on an earlier day, when that was not the office: the point is
    # "today's", so a new day starts at the office and the window says what it replaced.
    earlier_point: ServicePoint | None = None

    @classmethod
    def load(cls, profile: Profile, today: dt.date | None = None) -> Preferences:
        language = profile.setting(LANGUAGE_KEY) or DEFAULT_LANGUAGE
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        try:
            idle = float(profile.setting(IDLE_MINUTES_KEY) or DEFAULT_IDLE_MINUTES)
        except ValueError:
            idle = DEFAULT_IDLE_MINUTES
        point, day = _service_point(profile.setting(SERVICE_POINT_KEY))
        earlier = None
        if day != (today or kyiv_today()) and point.kind != "office":  # (None: set long ago)
            point, earlier = ServicePoint(), point
        return cls(language, max(0.0, idle), point, earlier)

    def save(self, profile: Profile, today: dt.date | None = None) -> None:
        profile.set_setting(LANGUAGE_KEY, self.language)
        profile.set_setting(IDLE_MINUTES_KEY, f"{self.idle_minutes:g}")
        point = self.service_point
        profile.set_setting(
            SERVICE_POINT_KEY,
            json.dumps(
                {
                    "kind": point.kind,
                    "name": point.name,
                    "katottg": point.katottg,
                    "date": (today or kyiv_today()).isoformat(),
                },
                ensure_ascii=False,
            ),
        )


def _service_point(raw: str | None) -> tuple[ServicePoint, dt.date | None]:
    """The stored point and the day it was set (None: set before days were kept)."""
    if not raw:
        return ServicePoint(), None
    try:
        data = json.loads(raw)
        kind = str(data.get("kind") or "office")
        point = ServicePoint(
            kind=kind if kind in SERVICE_POINT_KINDS else "office",
            name=str(data.get("name") or ""),
            katottg=str(data.get("katottg") or ""),
        )
    except (ValueError, AttributeError):
        return ServicePoint(), None
    try:
        return point, dt.date.fromisoformat(str(data.get("date")))
    except ValueError:
        return point, None
