"""The main window in the language chosen in Settings: the status bar's message said again in
it, the journal's calendar in it, and in each language no two things on screen share an Alt
letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.model import ServicePoint
from frontdesk.worktime import kyiv_today
from tests.ui.conftest import main_window
from tests.ui.keyboard import alt_letters
from ui.i18n import Translations
from ui.main_window import FORM_TAB, JOURNAL_TAB
from ui.preferences import Preferences
from ui.session import Session


def test_the_status_bar_says_its_message_again_in_the_language_switched_to(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations
) -> None:
    """(a message shown when the worker switched to English stayed in Ukrainian until its
    time was over)"""
    session.service_point = ServicePoint(kind="van", name="Маршрут 3")
    with main_window(qtbot, session, profile_root, ukrainian) as window:

        def bar_says() -> str:
            return window.statusBar().currentMessage()

        try:
            window.check_new_day(kyiv_today() + dt.timedelta(days=1))  # a morning
            assert bar_says().startswith("Новий день: сьогоднішнє місце роботи — офіс")
            window.apply_preferences(Preferences("en", session.idle_minutes, ServicePoint()))
            qtbot.waitUntil(
                lambda: bar_says().startswith(
                    "A new day: today's place of work is the office (it was Mobile service "
                    "van: Маршрут 3)."
                )
            )
            window.apply_preferences(Preferences("uk", session.idle_minutes, ServicePoint()))
            qtbot.waitUntil(lambda: bar_says().startswith("Новий день"))
            # A message whose time is over is not brought back by a switch.
            window.statusBar().clearMessage()
            window.apply_preferences(Preferences("en", session.idle_minutes, ServicePoint()))
            qtbot.wait(50)
            assert bar_says() == ""
            # A text with no way to say it again goes, rather than stay in the other language.
            window.show_message("Чернетку збережено")
            window.apply_preferences(Preferences("uk", session.idle_minutes, ServicePoint()))
            qtbot.waitUntil(lambda: bar_says() == "")
        finally:
            window.apply_preferences(Preferences("uk", session.idle_minutes, ServicePoint()))
            qtbot.wait(50)


def test_the_journals_calendar_speaks_the_language_chosen_in_settings(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations
) -> None:
    """(it kept the language the window was opened in until a restart)"""
    from PySide6.QtCore import QLocale

    with main_window(qtbot, session, profile_root, ukrainian) as window:
        calendars = [e.calendarWidget() for e in (window.journal.date_from, window.journal.date_to)]
        assert calendars[0].locale().language() == QLocale.Language.Ukrainian
        window.apply_preferences(Preferences("en", session.idle_minutes, session.service_point))
        qtbot.wait(50)  # (the widgets' LanguageChange events)
        assert window.journal.date_from.locale().language() == QLocale.Language.English
        assert [c.locale().language() for c in calendars] == [QLocale.Language.English] * 2
        window.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))
        qtbot.wait(50)
        assert calendars[0].locale().language() == QLocale.Language.Ukrainian


@pytest.mark.parametrize("language", ["uk", "en"])
def test_no_two_things_on_screen_share_an_alt_letter(
    qtbot: QtBot, session: Session, profile_root: Path, ukrainian: Translations, language: str
) -> None:
    """(Alt+M went to "E-mail" and never added a household member; Alt+О opened the
    Service menu instead of going to the document number)"""
    with main_window(qtbot, session, profile_root, ukrainian) as window:
        window.apply_preferences(Preferences(language, session.idle_minutes, session.service_point))
        qtbot.wait(50)
        try:
            for tab in (JOURNAL_TAB, FORM_TAB):
                if tab == FORM_TAB:
                    window.new_application()
                window.tabs.setCurrentIndex(tab)
                qtbot.wait(50)
                shared = {k: v for k, v in alt_letters(window).items() if len(v) > 1}
                assert shared == {}, (language, tab)
        finally:
            window.apply_preferences(Preferences("uk", session.idle_minutes, session.service_point))
            qtbot.wait(50)
