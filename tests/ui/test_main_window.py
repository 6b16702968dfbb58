"""The main window: a returned application is corrected and resent; the idle lock hides the work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from frontdesk.model import Application, Status
from tests.factories import application
from tests.ui.conftest import PASSWORD, main_window
from tests.ui.keyboard import type_text
from ui.journal_model import STATUS
from ui.main_window import FORM_TAB, JOURNAL_TAB, MainWindow
from ui.session import Session
from ui.sync_controller import SyncController
from ui.sync_panel import LOCAL_ONLY

WAIT_MS = 15_000


def returned_application(qtbot: QtBot, session: Session) -> str:
    """Saved, sent, then returned for correction by the back office (recorded as sync does)."""
    profile = session.profile
    saved: list[str] = []

    def work() -> None:
        app = profile.applications.save(application(), "olena").application
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE application_id = ?", (app.id,))
            profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
        saved.append(app.id)

    session.db.run(work)  # the db lane owns the profile
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return saved[0]


def test_returned_application_is_corrected_and_resent_as_revision_2(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.form_host.available  # this build has the form
    app_id = returned_application(qtbot, session)
    window.journal.model.refresh()
    qtbot.waitUntil(lambda: window.journal.model.total == 1, timeout=WAIT_MS)
    assert window.journal.model.summary(0).status is Status.RETURNED

    window.journal.table.selectRow(0)
    qtbot.keyClick(window.journal.table, Qt.Key.Key_Return)  # open it from the keyboard
    card = window.journal.card
    assert card is not None and card.application.id == app_id
    assert "Повернуто на доопрацювання" in card.status_label.text()
    assert card.correct_button is not None
    qtbot.mouseClick(card.correct_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    assert "редакція 2" in window.statusBar().currentMessage()

    form = window.form_host.form
    # What the back office asked for stays in sight while it is corrected.
    assert form.header.correction_area.isVisible()
    assert "Повернуто на доопрацювання: Немає довідки" in form.header.correction_label.text()
    window.journal.open_application(app_id)
    card = window.journal.card
    assert card is not None and card.correction_label is not None
    assert card.correction_label.text() == "Немає довідки"
    assert card.correction_label.textFormat() == Qt.TextFormat.PlainText  # "<" is no markup
    card.close()
    qtbot.mouseClick(form.header.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(session.reader.outbox.pending(10)), timeout=WAIT_MS)
    [item] = session.reader.outbox.pending(10)
    assert item.application.id == app_id
    assert item.application.revision == 2
    assert session.reader.applications.get(app_id).status is Status.READY
    assert [r.revision for r in session.reader.applications.revisions(app_id)] == [1]
    # Saved: the form no longer tells the worker to correct it and press Ctrl+S.
    qtbot.waitUntil(form.header.print_button.isVisible, timeout=WAIT_MS)  # "saved"
    assert not form.header.correction_area.isVisible()
    # The receipt is offered once, in the form's notice ("Print" has the focus); the PDF is
    # written off the GUI thread, where the worker chose.
    assert form.header.print_button.isVisible()
    assert window.focusWidget() is form.header.print_button  # Enter prints
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    target = tmp_path / "receipt.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    qtbot.mouseClick(form.header.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.is_file, timeout=WAIT_MS)
    assert target.read_bytes().startswith(b"%PDF")


def test_idle_lock_hides_the_work_until_the_password(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    assert window.sync_panel.state == LOCAL_ONLY
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    window.status_message.show("Заяву ZT01-2026-000233 збережено")
    window.idle_lock.set_minutes(0.3 / 60)
    qtbot.waitUntil(lambda: window.locked, timeout=WAIT_MS)
    assert not window.journal.isVisible()
    assert not window.new_action.isEnabled()
    assert not window.statusBar().isVisible()  # (its messages name applications)

    type_text(window.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.locked
    assert window.journal.isVisible()
    assert window.statusBar().isVisible()
    window.idle_lock.set_minutes(0)


def test_ready_comes_only_once_the_journal_rows_are_painted(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """What waits for "ready" (sync and its imports, the form) must not delay the first paint."""
    events: list[str] = []

    class PaintWatch(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    controller = SyncController(profile_root, watch_network=False)
    window = MainWindow(session, controller)
    qtbot.addWidget(window)
    watch = PaintWatch()
    window.journal.table.viewport().installEventFilter(watch)
    window.journal.model.rowsArrived.connect(lambda *_: events.append("rows"))
    window.ready.connect(lambda: events.append("ready"))
    window.show()
    qtbot.waitUntil(lambda: "ready" in events, timeout=WAIT_MS)
    rows, ready = events.index("rows"), events.index("ready")
    assert "paint" in events[rows:ready]
    assert events.count("ready") == 1
    qtbot.wait(50)
    assert events.count("ready") == 1  # the fallback timer does not say it twice
    controller.stop()


def test_what_the_registry_did_not_accept_is_shown_explained_and_resent_after_a_fix(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    assert window.form_host.available  # this build has the form
    reason = {
        "outcome": "rejected",
        "error": "validation",
        "problems": [
            {
                "field": "addresses.registered.katottg",
                "code": "katottg.unknown",
                "message": "Такого коду КАТОТТГ немає в кодифікаторі",
                "message_en": "No such КАТОТТГ code in the codifier",
            }
        ],
    }
    refused: list[str] = []

    def work() -> None:  # as the sync engine records a refusal (tests/sync covers that path)
        profile = session.profile
        app = profile.applications.save(application(), "olena").application
        [item] = profile.outbox.claim(10)
        profile.outbox.record_results([(item, None, reason)])
        refused.append(app.id)

    session.db.run(work)
    qtbot.waitUntil(lambda: bool(refused), timeout=WAIT_MS)
    panel = window.sync_panel
    panel.refresh()
    qtbot.waitUntil(lambda: panel.not_accepted_button.isVisible(), timeout=WAIT_MS)
    assert "не прийнято реєстром" in panel.problem_label.text()

    qtbot.mouseClick(panel.not_accepted_button, Qt.MouseButton.LeftButton)
    model = window.journal.model
    qtbot.waitUntil(lambda: not model.busy and model.total == 1, timeout=WAIT_MS)
    assert window.tabs.currentIndex() == JOURNAL_TAB
    assert model.summary(0).id == refused[0]
    assert model.data(model.index(0, STATUS)) == "Не прийнято реєстром"
    status_filter = window.journal.status_filter  # (its text cut short: whole in its tooltip)
    assert status_filter.toolTip() == status_filter.currentText() == "Не прийнято реєстром"

    window.journal.open_row(0)
    card = window.journal.card
    assert card is not None and card.refusal_label is not None
    assert "Не прийнято реєстром" in card.status_label.text()
    assert card.refusal_label.text() == "Такого коду КАТОТТГ немає в кодифікаторі"
    assert card.edit_button is not None
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    form = window.form_host.form
    # (once the store has it as a draft, out of the queue: the db lane's write)
    qtbot.waitUntil(lambda: not form.read_only, timeout=WAIT_MS)
    assert "не прийняв" in form.header.notice_label.text()  # (why, while it is fixed)
    qtbot.mouseClick(form.header.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: [i.application.id for i in session.reader.outbox.pending(10)] == refused,
        timeout=WAIT_MS,
    )
    assert session.reader.outbox.refusal(refused[0]) is None
    qtbot.waitUntil(lambda: not panel.not_accepted_button.isVisible(), timeout=WAIT_MS)


def test_closing_with_a_draft_that_cannot_be_saved_asks_and_keeps_it_by_default(
    qtbot: QtBot, window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the last keystrokes are not in the store; closing would lose them."""
    from frontdesk.errors import DiskFull
    from frontdesk.store.applications import ApplicationStore

    qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=WAIT_MS)
    window.new_application()
    form = window.form_host.form
    assert form is not None
    real_save = ApplicationStore.save

    def disk_full(self: ApplicationStore, *args: object, **kwargs: object) -> object:
        raise DiskFull("No space left on device")

    monkeypatch.setattr(ApplicationStore, "save", disk_full)
    type_text(form.applicant.surname, "Коваленко")
    qtbot.waitUntil(lambda: "НЕ збережено" in form.header.autosave.text(), timeout=WAIT_MS)

    answers: list[str] = []

    def answer(role: QMessageBox.ButtonRole) -> None:
        box = window.close_box
        if box is None or not box.isVisible():
            QTimer.singleShot(50, lambda: answer(role))
            return
        answers.append(box.text())
        [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
        button.click()

    QTimer.singleShot(50, lambda: answer(QMessageBox.ButtonRole.RejectRole))  # "Do not close"
    window.close()
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    assert "НЕ збережено" in answers[0]
    assert window.isVisible() and form.applicant.surname.text() == "Коваленко"

    def lock_over_the_question() -> None:  # the worker stepped away with the box up
        box = window.close_box
        if box is None or not box.isVisible():
            QTimer.singleShot(50, lock_over_the_question)
            return
        window.lock()

    QTimer.singleShot(50, lock_over_the_question)
    window.close()
    qtbot.waitUntil(lambda: window.locked and window.close_box is None, timeout=WAIT_MS)
    qtbot.wait(200)
    assert window.isVisible()  # no button was clicked: nothing agreed
    window.unlock()
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in window.children())
    QTimer.singleShot(50, lambda: answer(QMessageBox.ButtonRole.RejectRole))
    window.close()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=WAIT_MS)  # asked again
    qtbot.wait(200)
    assert window.isVisible()  # and kept again
    answers.pop()

    monkeypatch.setattr(ApplicationStore, "save", real_save)  # the disk has room again
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert len(answers) == 1  # saved this time: nothing to ask
    [draft] = session.reader.applications.search(limit=5)
    assert draft.applicant_name.startswith("Коваленко")


def test_a_colleague_signing_in_at_the_lock_is_not_refused_for_a_correction_the_registry_withdrew(
    qtbot: QtBot, window: MainWindow, session: Session, profile_root: Path
) -> None:
    """The owner corrects a returned application; the back office refuses the returned
    revision meanwhile (the correction can never be saved or sent), she types on, walks
    away, the screen locks, and a colleague signs in: the window hands over, it does not
    wait for edits that can never be saved."""
    from frontdesk.profile import Profile

    app_id = returned_application(qtbot, session)
    window.form_host.correct(app_id)
    form = window.form_host.form
    qtbot.waitUntil(
        lambda: form is not None and form._keeper.identity.revision == 2, timeout=WAIT_MS
    )
    refused = {"kind": "status", "application_id": app_id, "revision": 1, "status": "refused"}
    with Profile.open(profile_root) as sync:  # (the sync thread's round, not told yet)
        sync.outbox.apply_changes([refused], "c1")
    type_text(form.applicant.phone, "+380501112233")
    handed: list[str] = []
    window.handedOver.connect(handed.append)
    window.lock()
    window._signed_in_at_lock("ivan")
    qtbot.waitUntil(lambda: handed == ["ivan"], timeout=WAIT_MS)
    assert window.lock_screen.error.text() == ""


def test_enter_twice_in_the_journal_does_not_open_a_saved_application_for_changing(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """Enter, Enter used to open it editable, and a stray key then made it a draft (out of
    the send queue). Changing it is a click on "Змінити", and the form says what it means."""
    qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=WAIT_MS)
    saved: list[str] = []
    session.db.run(
        lambda: saved.append(
            session.profile.applications.save(application(), "olena").application.id
        )
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    window.journal.model.refresh()
    qtbot.waitUntil(lambda: window.journal.model.total == 1, timeout=WAIT_MS)
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    window.journal.table.selectRow(0)
    qtbot.keyClick(window.journal.table, Qt.Key.Key_Return)  # opens the card
    card = window.journal.card
    assert card is not None and card.isVisible()
    qtbot.keyClick(card, Qt.Key.Key_Return)  # the second Enter only closes it
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=WAIT_MS)
    assert window.tabs.currentIndex() == JOURNAL_TAB

    window.journal.table.selectRow(0)
    qtbot.keyClick(window.journal.table, Qt.Key.Key_Return)
    card = window.journal.card
    assert card is not None and card.edit_button is not None
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)  # "Змінити": a choice
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    form = window.form_host.form
    assert form is not None
    # (once the store has it as a draft, out of the queue: the db lane's write)
    qtbot.waitUntil(lambda: not form.read_only, timeout=WAIT_MS)
    assert form.header.notice_frame.isVisible()  # says what it means
    assert "доки ви не збережете її знову" in form.header.notice_label.text()


def test_the_forms_shortcuts_work_wherever_the_focus_is_in_the_window(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """Ctrl+S with the focus on the tab bar or the sync button (both in the form's Tab cycle)
    used to do nothing."""
    qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=WAIT_MS)
    window.new_application()
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    form = window.form_host.form
    assert form is not None
    type_text(form.applicant.surname, "Коваленко")
    window.activateWindow()
    window.sync_panel.sync_button.setFocus()
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is window.sync_panel.sync_button, timeout=WAIT_MS
    )
    assert not form.header.notice_frame.isVisible()
    qtbot.keyClick(window.sync_panel.sync_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Ctrl+S checked the form, as asked: not ready yet, what is wrong, kept as a draft
    qtbot.waitUntil(lambda: "помилок" in form.header.notice_label.text(), timeout=WAIT_MS)
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    window.journal.search.setFocus()
    qtbot.keyClick(window.journal.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)  # one Ctrl+N


def test_ctrl_f_goes_to_the_journals_search_from_the_form_and_the_journal(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The search's placeholder says Ctrl+F: from the form it did nothing (the journal's own
    shortcut was hidden with it)."""
    qtbot.waitUntil(lambda: window.form_host.form is not None, timeout=WAIT_MS)
    window.new_application()
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    form = window.form_host.form
    window.activateWindow()
    form.applicant.surname.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.applicant.surname, timeout=WAIT_MS)
    qtbot.keyClick(form.applicant.surname, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == JOURNAL_TAB
    assert QApplication.focusWidget() is window.journal.search
    # and in the journal itself, from its table
    window.journal.table.setFocus()
    qtbot.keyClick(window.journal.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.journal.search


def test_the_back_offices_reason_stays_through_a_failed_save_and_fits_a_small_screen(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """(its own place above the fields) an error count after Ctrl+S does not take it away;
    a long reason scrolls within a few lines instead of pushing the fields off a netbook."""
    assert window.form_host.available  # this build has the form
    app_id = returned_application(qtbot, session)
    window.resize(1024, 600)
    window.form_host.correct(app_id)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == FORM_TAB, timeout=WAIT_MS)
    header = window.form_host.form.header
    qtbot.waitUntil(header.correction_area.isVisible, timeout=WAIT_MS)
    window.form_host.form.applicant.surname.clear()  # one field left wrong…
    header.save_button.click()  # …and Ctrl+S: "not saved as ready: 1 error"
    qtbot.waitUntil(header.notice_frame.isVisible, timeout=WAIT_MS)
    assert header.correction_area.isVisible()
    assert "Немає довідки" in header.correction_label.text()
    header.show_correction("Уточніть дані. " * 200)  # the registry allows 2,000 characters
    QApplication.processEvents()
    assert (
        header.correction_area.height() <= 8 * header.correction_label.fontMetrics().lineSpacing()
    )
    header.show_application(Application())
    assert not header.correction_area.isVisible()  # another application: gone


def test_a_long_reason_leaves_the_card_its_history(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    """(the registry allows 2,000 characters) it scrolls within a few lines."""
    app_id = returned_application(qtbot, session)
    done: list[bool] = []

    def longer() -> None:
        with session.profile.db.transaction() as conn:
            conn.execute(
                "UPDATE applications SET status_reason = ? WHERE id = ?",
                ("Уточніть дані заявника та складу сім'ї. " * 48, app_id),
            )
        done.append(True)

    session.db.run(longer)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    card = window.journal.open_application(app_id)
    card.show()
    QApplication.processEvents()
    assert card.history.height() >= 4 * card.history.verticalHeader().defaultSectionSize()
    card.close()


def test_what_the_command_line_imports_with_the_app_open_shows_in_the_journal(
    qtbot: QtBot, session: Session, profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IT person imports paper applications (``frontdesk import``) while the app is
    open on the journal: they appear in it by themselves (they stayed out of it until the
    app itself wrote something, and the worker thought the import had failed)."""
    import ui.session

    monkeypatch.setattr(ui.session, "OTHERS_CHECK_MS", 100, raising=False)  # (15 s)
    from frontdesk.profile import Profile

    with main_window(qtbot, session, profile_root) as shown:
        qtbot.waitUntil(lambda: not shown.journal.model.busy, timeout=WAIT_MS)
        assert shown.journal.model.rowCount() == 0
        with Profile.open(profile_root) as cli:  # another program on the profile
            paper = [application(surname=name) for name in ("Бондар", "Гнатюк")]
            cli.applications.import_batch(paper, "import")
        qtbot.waitUntil(lambda: shown.journal.model.rowCount() == 2, timeout=WAIT_MS)
