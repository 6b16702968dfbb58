"""The shell speaks Ukrainian completely; every part's translation file is loaded."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from frontdesk.text import local_time
from frontdesk.worktime import KYIV
from tests.conftest import ROOT
from ui.i18n import Translations, translation_files
from ui.wording import time_ago

SHELL_TS = ROOT / "resources" / "translations" / "frontdesk_shell_uk.ts"


def test_every_shell_string_has_a_ukrainian_translation() -> None:
    unfinished = [
        message.findtext("source")
        for message in ET.parse(SHELL_TS).getroot().iter("message")
        if message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == []
    compiled = SHELL_TS.with_suffix(".qm")
    assert compiled.stat().st_mtime >= SHELL_TS.stat().st_mtime - 1  # lrelease was run


def test_all_parts_are_loaded_and_english_is_the_source(ukrainian: Translations) -> None:
    names = {Path(path).name for path in translation_files("uk")}
    assert "frontdesk_shell_uk.qm" in names
    assert translation_files("en") == []
    assert QCoreApplication.translate("MainWindow", "Journal") == "Журнал"
    stamp = "2026-11-22T08:00:00Z"
    now = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
    assert time_ago(stamp, now) == "2 години тому"
    assert time_ago("2026-11-22T05:00:00Z", now) == "5 годин тому"
    assert time_ago("2026-11-21T10:00:00Z", now) == "вчора"  # (a day back, on any clock)
    assert time_ago("2026-11-22T10:02:00Z", now) == "щойно"  # clocks differ a little
    # Later than now by more (the clock ran ahead, or is behind now): the date, not "just now".
    assert time_ago("2027-11-23T10:00:00Z", now) == local_time("2027-11-23T10:00:00Z")
    ukrainian.switch("en")
    assert QCoreApplication.translate("MainWindow", "Journal") == "Journal"
    assert time_ago(stamp, now) == "2 hours ago"


def _ago(last: tuple[int, int, int], now: tuple[int, int, int]) -> str:
    """time_ago of a moment on the worker's clock (day, hour, minute in November 2026)."""
    local = KYIV

    def moment(day: int, hour: int, minute: int) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, minute, tzinfo=local).astimezone(dt.UTC)

    return time_ago(moment(*last).strftime("%Y-%m-%dT%H:%M:%SZ"), moment(*now))


def test_yesterday_is_the_date_before_today_and_days_are_calendar_days(
    ukrainian: Translations,
) -> None:
    """The sync strip's «Востаннє: вчора» for Monday 09:00 read on Wednesday 08:00 sent the
    worker looking for a sync that had not run for two days."""
    assert _ago((23, 9, 0), (25, 8, 0)) == "2 дні тому"  # Monday morning, Wednesday morning
    assert _ago((24, 7, 0), (25, 8, 0)) == "вчора"
    assert _ago((23, 23, 30), (25, 0, 30)) == "2 дні тому"  # 25 hours, two dates back
    assert _ago((20, 18, 0), (25, 8, 0)) == "5 днів тому"
    assert _ago((24, 23, 0), (25, 1, 0)) == "2 години тому"  # under a day: hours, as before
    ukrainian.switch("en")
    assert _ago((23, 9, 0), (25, 8, 0)) == "2 days ago"
    assert _ago((24, 7, 0), (25, 8, 0)) == "yesterday"


def test_a_return_for_correction_has_one_name_everywhere(ukrainian: Translations) -> None:
    """The worker reads the status's name, "повернуто на доопрацювання", on the journal, the
    card, the form and in the CLI: not "повернено", nor "повернуто на виправлення"."""
    from frontdesk.messages import MESSAGES, text
    from frontdesk.model import Status
    from ui.wording import status_name

    said = [uk for uk, _en in MESSAGES.values()]
    for catalogue in (ROOT / "resources" / "translations").glob("*_uk.ts"):
        said += ["".join(m.itertext()) for m in ET.parse(catalogue).getroot().iter("translation")]
    for package in ("frontdesk", "ui"):
        said += [path.read_text(encoding="utf-8") for path in (ROOT / package).rglob("*.py")]
    assert [s for s in said if "повернено" in s.lower()] == []
    assert [s for s in said if "повернуто на виправлення" in s.lower()] == []
    assert status_name(Status.RETURNED) == "Повернуто на доопрацювання"
    assert text("status.returned") == "повернуто на доопрацювання"
    card_label = QCoreApplication.translate("ApplicationCard", "Returned for correction:")
    assert card_label == "Повернуто на доопрацювання:"


def test_the_back_offices_acceptance_is_not_the_desks(ukrainian: Translations) -> None:
    """The receipt tells the resident «Заяву прийнято» at the desk; the status the back
    office sends when it takes the application up says so, not a bare «Прийнято» the
    worker would read out on the phone as nothing new."""
    from frontdesk.messages import history_text, text
    from frontdesk.model import Status
    from ui.wording import status_name

    assert status_name(Status.ACCEPTED) == "Прийнято до розгляду"
    assert text("status.accepted") == "прийнято до розгляду"
    assert history_text("status:accepted") == "Реєстр: Прийнято до розгляду"


def test_the_worker_reads_one_apostrophe(ukrainian: Translations) -> None:
    """Every Ukrainian text of the app writes the apostrophe one way (комп'ютер, під'єднано),
    as the rest of its texts do: a screen saying «компʼютера» in one message and
    «комп'ютера» in the next reads as two hands. (Names the resident gives are data: they
    are stored with the canonical ʼ, frontdesk.text.)"""
    from frontdesk.messages import MESSAGES

    said = [uk for uk, _en in MESSAGES.values()]
    for catalogue in (ROOT / "resources" / "translations").glob("*_uk.ts"):
        said += ["".join(m.itertext()) for m in ET.parse(catalogue).getroot().iter("translation")]
    for package in ("frontdesk", "sync"):  # the command line's say("…", "…")
        for path in (ROOT / package).rglob("*.py"):
            said += re.findall(r'say\(\s*"([^"]*)"', path.read_text(encoding="utf-8"))
    other = re.compile("[а-щьюяєіїґА-ЩЬЮЯЄІЇҐ][\u02bc\u2019`][а-щьюяєіїґ]")
    assert [s for s in said if other.search(s)] == []
