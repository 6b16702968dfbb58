"""Start-up as the worker sees it: sign in, then the main window with the journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PASSWORD, access_log, close_all_windows
from tests.ui.keyboard import type_text
from ui.app import Startup
from ui.i18n import Translations
from ui.login import LoginDialog
from ui.sync_panel import LOCAL_ONLY


def test_signing_in_opens_the_main_window(
    qtbot: QtBot, profile_root: Path, ukrainian: Translations
) -> None:
    seen: list[str] = []

    def answer_the_sign_in() -> None:  # the worker types at the modal dialog
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, answer_the_sign_in)
            return
        seen.append(dialog.windowTitle())
        type_text(dialog.password, PASSWORD)
        dialog.try_sign_in()

    QTimer.singleShot(0, answer_the_sign_in)
    startup = Startup(profile_root, ukrainian)
    try:
        assert startup.run()
        assert seen == ["FrontDesk — вхід"]
        window = startup.window
        assert window is not None and window.isVisible()
        assert window.session.operator == "olena"
        with qtbot.waitSignal(window.ready, timeout=10_000):
            pass  # the journal's first page is on screen
        assert "Олена Петренко" in window.who.text()
        # The worker types at once into the journal's search (not into the hidden form).
        qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=10_000)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.journal.search, timeout=10_000)
        # Not enrolled: the sync strip says applications stay here, in plain Ukrainian.
        qtbot.waitUntil(lambda: window.sync_panel.state == LOCAL_ONLY, timeout=10_000)
        assert "Реєстр не під'єднано" in window.sync_panel.problem_label.text()
    finally:
        close_all_windows()
        startup.close()


def test_a_database_without_its_profile_file_is_not_taken_for_a_first_run(
    profile_root: Path, ukrainian: Translations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first-run wizard would create a new profile over the applications."""
    from frontdesk.profile import PROFILE_FILE
    from ui.wizard import FirstRunWizard

    (profile_root / PROFILE_FILE).unlink()
    told: list[str] = []
    wizards: list[object] = []
    monkeypatch.setattr(Startup, "_fatal", staticmethod(told.append))
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: wizards.append(self) or 0)
    assert not Startup(profile_root, ukrainian).run()
    assert wizards == []
    [message] = told
    assert "Заяви не втрачено" in message and "profile.json" in message


def test_a_first_run_closed_before_its_first_operator_asks_for_one_at_the_next_start(
    qtbot: QtBot, tmp_path: Path, ukrainian: Translations
) -> None:
    """The wizard made the profile, then was closed on its last page: no one could sign
    in. The next start asks for the first operator, then opens the main window."""
    from frontdesk.profile import Profile
    from ui.wizard import FirstRunWizard

    root = tmp_path / "profile"
    Profile.create(root, workstation="ZT01", community="UA18040530000045696").close()
    asked: list[str] = []

    def answer_the_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard):
            QTimer.singleShot(20, answer_the_wizard)
            return
        page = wizard.currentPage()
        asked.append(page.title())
        assert page is wizard.operator_page
        type_text(page.login, "olena")
        type_text(page.full_name, "Олена Петренко")
        for edit in (page.password, page.repeat):
            type_text(edit, "довгий пароль")
        wizard.next()  # Finish

    QTimer.singleShot(0, answer_the_wizard)
    startup = Startup(root, ukrainian)
    try:
        assert startup.run()
        assert asked == ["Перший оператор"]
        assert startup.window is not None and startup.window.session.operator == "olena"
        assert startup.session is not None
        assert startup.session.reader.operators.check("olena", "довгий пароль")
    finally:
        close_all_windows()
        startup.close()


def test_the_first_start_after_an_update_says_the_database_is_being_updated(
    qtbot: QtBot, profile_root: Path, ukrainian: Translations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many applications the update takes seconds before the sign-in shows: a window
    says why, instead of nothing at all."""
    from frontdesk.profile import Profile
    from frontdesk.store import db as store_db

    with Profile.open(profile_root) as profile:
        version = profile.db.schema_version
    shown_meanwhile: list[str] = []

    def spy(_conn: object) -> None:  # a migration that looks at the screen while it runs
        shown_meanwhile.extend(
            w.text()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QLabel) and w.isVisible()
        )

    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS, spy])

    def cancel_the_sign_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, cancel_the_sign_in)
            return
        dialog.reject()

    QTimer.singleShot(0, cancel_the_sign_in)
    startup = Startup(profile_root, ukrainian)
    try:
        assert not startup.run()  # (signing in cancelled)
        assert any("оновлює базу даних" in text for text in shown_meanwhile)
        visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, QLabel)]
        assert not [w for w in visible if w.isVisible()]  # gone once it is done
        with Profile.open(profile_root) as profile:
            assert profile.db.schema_version == version + 1
    finally:
        close_all_windows()
        startup.close()


def test_a_colleague_signs_in_at_the_lock_screen_and_the_owners_form_is_kept_as_her_draft(
    qtbot: QtBot, profile_root: Path, ukrainian: Translations
) -> None:
    """(a colleague could only type her password at Olena's lock screen, where it counted
    as Olena's wrong tries and made Olena wait; or close FrontDesk and start it again)"""
    from frontdesk.model import Status
    from frontdesk.profile import Profile

    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "another horse", "Іван Мельник")
        profile.operators.add("petro", "third horse 3", "Петро Коваль")

    def answer_the_sign_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, answer_the_sign_in)
            return
        dialog.login.setCurrentText("olena")
        type_text(dialog.password, PASSWORD)
        dialog.try_sign_in()

    QTimer.singleShot(0, answer_the_sign_in)
    startup = Startup(profile_root, ukrainian)
    try:
        assert startup.run()
        olenas = startup.window
        assert olenas is not None and olenas.session.operator == "olena"
        olenas.new_application()
        type_text(olenas.form_host.form.applicant.surname, "Коваленко")  # not yet saved
        olenas.lock()
        screen = olenas.lock_screen
        assert screen.another_button.text() == "Увійти як інший працівник"
        screen.another_button.click()
        dialog = olenas.sign_in_dialog
        assert dialog is not None and dialog.isVisible()
        offered = [dialog.login.itemText(i) for i in range(dialog.login.count())]
        assert offered == ["ivan", "petro"]  # not Olena's own
        # Petro mistypes his password four times: he waits, Olena does not.
        dialog.login.setCurrentText("petro")
        for guess in range(4):
            type_text(dialog.password, f"guess {guess}")
            dialog.try_sign_in()
            qtbot.waitUntil(lambda: olenas.session.db.pending == 0)  # (written, as he types)
        assert not dialog.password.isEnabled() and "Забагато" in dialog.error.text()
        assert screen.password.isEnabled()  # the owner's field is not held
        assert access_log(profile_root).count(("petro", "sign_in_failed")) == 4
        assert olenas.session.reader.operators.wait("olena") == 0
        assert olenas.session.reader.operators.wait("petro") > 0
        # Ivan signs in: Olena's form goes into her draft, and his window opens.
        dialog.login.setCurrentText("ivan")
        type_text(dialog.password, "another horse")
        dialog.try_sign_in()
        qtbot.waitUntil(lambda: startup.window not in (None, olenas), timeout=15_000)
        ivans = startup.window
        assert ivans is not None and ivans is not olenas and ivans.isVisible()
        assert startup.session is not None and startup.session.operator == "ivan"
        assert "Іван Мельник" in ivans.who.text()
        assert not shiboken6.isValid(olenas)  # gone, with all it showed
        # (the form is made once his journal is on screen; a draft left open reopens then,
        # if it is his)
        qtbot.waitUntil(lambda: ivans.form_host.form is not None, timeout=10_000)
        assert ivans.form_host.form.current_application().applicant.surname == ""
        assert QApplication.quitOnLastWindowClosed()
        with Profile.open(profile_root) as profile:
            [line] = profile.applications.search()
            draft = profile.applications.get(line.id)
        assert (draft.status, draft.operator) == (Status.DRAFT, "olena")
        assert draft.applicant.surname == "Коваленко"
        log = access_log(profile_root)
        assert ("olena", "closed_at_lock") in log and ("ivan", "signed_in") in log
        assert ("olena", "sign_in_failed") not in log
    finally:
        close_all_windows()
        startup.close()


def when_shown(kind: type[QDialog], act: Callable[[Any], None]) -> None:
    """Once a modal dialog of ``kind`` is up (``exec()`` waits in it), ``act`` on it."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def sign_in_then(login: str, password: str, then: Callable[[], None]) -> None:
    def answer(dialog: LoginDialog) -> None:
        dialog.login.setCurrentText(login)
        type_text(dialog.password, password)
        dialog.try_sign_in()
        then()

    when_shown(LoginDialog, answer)


def test_a_password_someone_else_set_is_changed_before_the_journal_opens(
    qtbot: QtBot, profile_root: Path, ukrainian: Translations
) -> None:
    """Olena forgot her password; Ivan set her a new one, so he knows it. At her next
    sign-in she chooses her own before anything of the residents' is shown."""
    from frontdesk.profile import Profile
    from ui.password import ChangePasswordDialog

    given, own = "Від-Івана-2026", "Мій-власний-2026"
    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "another horse", "Іван Мельник")
        profile.operators.add("olena", given, reset=True, by="ivan")
    seen: list[str] = []

    def choose_her_own(dialog: ChangePasswordDialog) -> None:
        seen.append(dialog.note.text())
        for field in (dialog.current, dialog.new, dialog.again):
            type_text(field, given)
        dialog.submit()  # the same one: refused, nothing written
        seen.append(dialog.error.text())
        for field, typed in ((dialog.current, "не той"), (dialog.new, own), (dialog.again, own)):
            field.clear()
            type_text(field, typed)
        dialog.submit()
        seen.append(dialog.error.text())
        type_text(dialog.current, given)
        dialog.submit()

    sign_in_then("olena", given, lambda: when_shown(ChangePasswordDialog, choose_her_own))
    startup = Startup(profile_root, ukrainian)
    try:
        assert startup.run()
        assert "Ваш пароль задав(ла) ivan, тож його знає ще хтось" in seen[0]
        assert "такий самий, як поточний" in seen[1]
        assert seen[2] == "Поточний пароль неправильний. Спробуйте ще раз."
        window = startup.window
        assert window is not None and window.session.operator == "olena"
        operators = window.session.reader.operators
        assert operators.check("olena", own) and not operators.check("olena", given)
        assert operators.password_set_by("olena") is None
        log = access_log(profile_root)
        assert ("olena", "operator_password_changed") in log
    finally:
        close_all_windows()
        startup.close()


def test_closing_the_password_dialog_there_opens_nothing(
    qtbot: QtBot, profile_root: Path, ukrainian: Translations
) -> None:
    from frontdesk.profile import Profile
    from ui.password import ChangePasswordDialog

    with Profile.open(profile_root) as profile:
        profile.operators.add("olena", "Від-Івана-2026", reset=True, by="cli:it")
    sign_in_then(
        "olena", "Від-Івана-2026", lambda: when_shown(ChangePasswordDialog, QDialog.reject)
    )
    startup = Startup(profile_root, ukrainian)
    try:
        assert not startup.run()
        assert startup.window is None
    finally:
        close_all_windows()
        startup.close()
