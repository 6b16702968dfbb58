"""The first start in the language of whoever sets the laptop up: picked on the wizard's
first page, and kept by the sign-in and the app after it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.conftest import KATOTTG_CSV
from tests.ui.conftest import close_all_windows
from tests.ui.keyboard import type_text
from ui.app import Startup
from ui.i18n import Translations
from ui.preferences import Preferences
from ui.wizard import FirstRunWizard

WAIT_MS = 30_000
TETERIVSKA = "UA18040530000045696"


def test_the_first_start_done_in_english_goes_on_in_english(
    qtbot: QtBot, tmp_path: Path, ukrainian: Translations
) -> None:
    """An IT person who reads no Ukrainian picks English on the first page: the wizard
    opens again in English with the code she typed, and the app after it is in English."""
    root = tmp_path / "profile"
    wizards: list[FirstRunWizard] = []
    titles: list[str] = []

    def answer_the_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard) or wizard in wizards:
            QTimer.singleShot(20, answer_the_wizard)
            return
        wizards.append(wizard)
        page = wizard.workstation_page
        titles.append(page.title())
        if len(wizards) == 1:  # in Ukrainian, as every first start begins
            type_text(page.code, "zt01")
            page.language.setFocus()
            qtbot.keyClick(page.language, Qt.Key.Key_Down)  # Українська → English
            QTimer.singleShot(20, answer_the_wizard)
            return
        assert page.code.text() == "zt01"  # typed before the switch: not to type again
        assert page.language.currentText() == "English"
        wizard.next()
        community = wizard.community_page
        community.load(KATOTTG_CSV)
        qtbot.waitUntil(community.picker.isEnabled, timeout=WAIT_MS)
        type_text(community.code, TETERIVSKA)
        wizard.next()
        assert wizard.currentPage() is wizard.registry_page  # "work offline for now"
        assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Create the profile"
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.operator_page, timeout=WAIT_MS)
        operator = wizard.operator_page
        type_text(operator.login, "olena")
        type_text(operator.full_name, "Olena Petrenko")
        for edit in (operator.password, operator.repeat):
            type_text(edit, "a long password")
        wizard.next()  # Finish

    QTimer.singleShot(0, answer_the_wizard)
    startup = Startup(root, ukrainian)
    try:
        assert startup.run()
        assert titles == ["Ласкаво просимо до FrontDesk", "Welcome to FrontDesk"]
        window = startup.window
        assert window is not None and startup.session is not None
        assert window.journal.status_filter.itemText(0) == "All statuses"
        assert Preferences.load(startup.session.reader).language == "en"
    finally:
        close_all_windows()
        startup.close()
    with Profile.open(root) as profile:  # the next start signs in in English too
        assert Preferences.load(profile).language == "en"
        assert profile.workstation == "ZT01"


def test_a_profile_made_in_ukrainian_keeps_ukrainian(
    qtbot: QtBot, tmp_path: Path, ukrainian: Translations
) -> None:
    wizard = FirstRunWizard(tmp_path / "profile")
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.workstation_page
    assert page.language.currentText() == "Українська"
    assert page.language.isVisibleTo(wizard)
    assert wizard.focusWidget() is page.code  # the code is typed first, as it always was


def test_only_the_first_operator_left_to_add_asks_no_language(qtbot: QtBot, tmp_path: Path) -> None:
    """(the profile has its language already: the wizard opens on its last page)"""
    root = tmp_path / "profile"
    Profile.create(root, workstation="ZT01", community=TETERIVSKA).close()
    wizard = FirstRunWizard(root, existing=Profile.open(root))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.operator_page
    assert not wizard.workstation_page.language.isVisibleTo(wizard)
    wizard.reject()
