"""Nothing is lost: drafts autosave, survive a killed process, and reopen."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from frontdesk.errors import NotFound
from frontdesk.model import Application, ServicePoint, Status
from frontdesk.profile import Profile
from tests.conftest import ROOT
from tests.factories import application
from tests.ui_form.conftest import OPERATOR, shown_form
from tests.ui_form.draft_crash_child import GIVEN_NAME, STREET, SURNAME
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm, pending_draft_id
from ui.i18n import Translations
from ui.session import APPLICATIONS, Session, open_session

VAN = ServicePoint(kind="van", name="Маршрут 3", katottg="UA18040530010026726")


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            return proc.stdout.readline().strip()
        if proc.poll() is not None:
            break
    raise AssertionError(f"the child said nothing (exit code {proc.poll()})")


def test_the_draft_survives_a_killed_process_and_reopens_with_what_was_typed(
    qtbot,  # type: ignore[no-untyped-def]
    profile_root: Path,
    session: Session,
    form: ApplicationForm,
) -> None:
    keyring_file = keyring.get_keyring().file_path  # the test's file keyring
    command = [sys.executable, "-m", "tests.ui_form.draft_crash_child", str(profile_root)]
    with subprocess.Popen(
        [*command, keyring_file],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            line = _read_line(proc, timeout=60)
        finally:
            proc.send_signal(signal.SIGKILL)  # a power cut: no clean-up at all
            proc.wait(timeout=10)
    assert line.startswith("saved ")
    draft_id = line.split()[1]

    with Profile.open(profile_root) as reopened:  # as the app does on its next start
        assert pending_draft_id(reopened, OPERATOR) == draft_id
        draft = reopened.applications.get(draft_id)
    assert draft.status is Status.DRAFT
    assert (draft.applicant.surname, draft.applicant.given_name) == (SURNAME, GIVEN_NAME)

    form.open_application(draft)
    assert form.applicant.surname.text() == SURNAME
    assert form.applicant.given_name.text() == GIVEN_NAME
    assert form.addresses.registered.street.text() == STREET
    assert form.current_application().id == draft_id


def test_autosaves_update_one_draft_and_a_final_save_forgets_it(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    kb = Keyboard(qtbot)
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as first:
        kb.write("Коваленко", form.applicant.surname)
    draft_id = first.args[0].id
    assert session.reader.setting(f"ui.open_draft:{OPERATOR}") == draft_id
    assert pending_draft_id(session.reader, OPERATOR) == draft_id
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as second:
        kb.write("Марʼяна", form.applicant.given_name)
    assert second.args[0].id == draft_id
    assert session.reader.applications.count() == 1
    assert session.reader.applications.get(draft_id).applicant.given_name == "Марʼяна"

    ready = application()
    ready.status = Status.DRAFT
    form.open_application(ready)  # the typed draft stays in the journal as a draft
    assert pending_draft_id(session.reader, OPERATOR) is None
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    saved = blocker.args[0]
    assert saved.status is Status.READY
    assert pending_draft_id(session.reader, OPERATOR) is None
    assert session.reader.applications.count() == 2
    assert session.reader.applications.get(draft_id).status is Status.DRAFT


def saved_as_ready(qtbot, form: ApplicationForm, draft: Application) -> Application:  # type: ignore[no-untyped-def]
    """``draft`` opened in the form and saved as ready (Save), as the form saved it."""
    form.open_application(draft)
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    saved: Application = blocker.args[0]
    return saved


def test_a_saved_application_is_read_only_until_the_worker_chooses_to_change_it(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    draft = application()
    draft.status = Status.DRAFT
    saved = saved_as_ready(qtbot, form, draft)
    kb = Keyboard(qtbot)
    kb.write("7", form.applicant.phone)  # a stray key after the receipt was handed over
    qtbot.wait(form._autosave_timer.interval() + 200)
    assert form.applicant.phone.text() == draft.applicant.phone
    assert not form.has_unsaved_changes()
    assert session.reader.applications.get(saved.id).status is Status.READY
    assert len(session.reader.outbox.pending(10)) == 1  # still going to be sent

    form.header.retranslate()  # (a language switch) keeps the way to change it on screen
    assert form.read_only and not form.header.edit_button.isHidden()
    assert form.header.save_button.isHidden()  # not a greyed "Save" that looks clickable
    form.header.edit_button.click()  # the worker means it
    assert form.header.edit_button.isHidden() and not form.header.save_button.isHidden()
    assert not form.read_only
    with qtbot.waitSignal(form.draftSaved, timeout=5000):
        form.applicant.given_name.clear()
        kb.write("Зоряна", form.applicant.given_name)
    assert session.reader.applications.get(saved.id).status is Status.DRAFT  # not sent half-done
    with qtbot.waitSignal(form.saved):
        form.save()
    changed = session.reader.applications.get(saved.id)
    assert changed.status is Status.READY and changed.applicant.given_name == "Зоряна"
    assert form.read_only


def test_a_saved_application_sent_meanwhile_is_no_longer_offered_for_change(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """Saved as ready, then delivered by the sync while it stays on screen: "Change it"
    unlocked the fields, and what was typed could never be saved (the store refuses to
    change a sent application), nor said so until the autosave failed."""
    draft = application()
    draft.status = Status.DRAFT
    saved = saved_as_ready(qtbot, form, draft)
    assert not form.header.edit_button.isHidden()

    def deliver() -> None:  # (the sync thread, on its own connection)
        with Profile.open(profile_root) as other:
            items = other.outbox.claim(10)
            other.outbox.record_results(
                [(i, {"received_at": "2026-11-22T10:00Z"}, None) for i in items]
            )

    deliver()
    form.header.edit_button.click()  # before the form heard of it: refused at the click
    assert form.read_only and form.header.edit_button.isHidden()
    assert "надіслано до реєстру" in form.header.notice_label.text()
    assert "Надіслано" in form.header.heading.text()
    assert session.reader.applications.get(saved.id).status is Status.SENT

    again = application(surname="Бондар", serial=2)  # the next: saved, then sent while shown
    again.status = Status.DRAFT
    assert again.applicant.document is not None
    again.applicant.document.number = "009876543"  # (another person: not a duplicate)
    saved_as_ready(qtbot, form, again)
    deliver()
    session.changed.data_changed.emit("applications")  # (what the sync panel says after a round)
    qtbot.waitUntil(form.header.edit_button.isHidden, timeout=5000)
    assert form.read_only and "Надіслано" in form.header.heading.text()


def test_new_application_keeps_the_previous_draft(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    Keyboard(qtbot).write("Бондар", form.applicant.surname)
    assert form.has_unsaved_changes()
    form.new_application()  # before the autosave was due
    assert form.applicant.surname.text() == ""
    qtbot.waitUntil(lambda: session.reader.applications.count() == 1, timeout=5000)
    [summary] = session.reader.applications.search()
    assert summary.applicant_name == "Бондар" and summary.status is Status.DRAFT
    assert not form.has_unsaved_changes()


def test_edits_flushed_as_the_app_closes_reach_the_same_draft(
    qtbot,  # type: ignore[no-untyped-def]
    profile_root: Path,
    ukrainian: object,
) -> None:
    session = open_session(profile_root, OPERATOR)  # real lanes: writes run on a thread
    form = ApplicationForm(session)
    kb = Keyboard(qtbot)
    kb.write("Коваленко", form.applicant.surname)
    form.save_draft_now()  # the first write (it creates the record) is still running…
    kb.write("Марʼяна", form.applicant.given_name)
    form.save_draft_now()  # …when this one is asked for: it must update, not create
    form.close()
    form.deleteLater()
    session.close()  # finishes the queued writes, as the shell does on quit
    with Profile.open(profile_root) as reopened:
        [summary] = reopened.applications.search()
        draft = reopened.applications.get(summary.id)
        assert pending_draft_id(reopened, OPERATOR) == summary.id
    assert (draft.applicant.surname, draft.applicant.given_name) == ("Коваленко", "Марʼяна")


def _answer(choice: str) -> QMessageBox:
    """Press ``choice`` on the question on screen ("reject" for its Cancel)."""
    [box] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    if choice == "reject":
        [button] = [
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole
        ]
    else:
        [button] = [b for b in box.buttons() if b.text() == choice]
    button.click()
    return box


def test_a_draft_for_a_resident_who_did_not_apply_is_deleted_once_the_worker_confirms(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    kb = Keyboard(qtbot)
    button = form.header.discard_button
    assert button.isHidden()  # nothing stored yet: nothing to delete
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as first:
        kb.write("Коваленко", form.applicant.surname)
    draft = first.args[0]
    assert not button.isHidden() and button.text() == "Видалити чернетку"

    button.click()
    box = _answer("reject")  # Cancel is what Enter presses: nothing is thrown away by chance
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
    assert session.reader.applications.get(draft.id).applicant.surname == "Коваленко"
    assert form.applicant.surname.text() == "Коваленко"

    button.click()
    _answer("Видалити")
    qtbot.waitUntil(lambda: session.reader.applications.count() == 0, timeout=5000)
    assert form.applicant.surname.text() == "" and button.isHidden()
    assert draft.number in form.header.notice_label.text()
    assert pending_draft_id(session.reader, OPERATOR) is None
    qtbot.wait(form._autosave_timer.interval() + 200)
    assert session.reader.applications.count() == 0  # no autosave brought it back

    with qtbot.waitSignal(form.draftSaved, timeout=5000) as following:
        kb.write("Мельник", form.applicant.surname)
    assert following.args[0].number > draft.number  # its number is not given again


def test_a_correction_not_wanted_is_cancelled_and_the_application_stays_returned(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    store = session.profile.applications
    app = store.save(application(), OPERATOR).application
    with session.profile.db.transaction() as conn:
        session.profile.db.execute("DELETE FROM outbox")
        session.profile.from_registry.set_status(conn, app.id, 1, Status.RETURNED, "Немає довідки")
    form.open_application(store.start_revision(app.id, OPERATOR))
    button = form.header.discard_button
    assert not button.isHidden() and button.text() == "Скасувати виправлення"
    button.click()
    _answer("Скасувати виправлення")
    qtbot.waitUntil(lambda: session.reader.applications.get(app.id).revision == 1, timeout=5000)
    returned = session.reader.applications.get(app.id)
    assert returned.status is Status.RETURNED and returned.status_reason == "Немає довідки"
    assert form.current_application().id != app.id


def test_the_next_resident_opened_while_a_discard_waits_its_turn_brings_nothing_back(
    qtbot,  # type: ignore[no-untyped-def]
    threaded_session: Session,
    threaded_form: ApplicationForm,
) -> None:
    """The db lane is busy (a backup, a retention step): the discard waits; the worker
    presses Ctrl+N, then opens another draft. The discarded one's last keystrokes were
    written back under a new number, and the draft opened was replaced by an empty form."""
    form, session = threaded_form, threaded_session
    other = application(surname="Мельник")
    other.status = Status.DRAFT
    other = session.profile.applications.save(other, OPERATOR).application
    kb = Keyboard(qtbot)
    with qtbot.waitSignal(form.draftSaved, timeout=20000):
        kb.write("Коваленко", form.applicant.surname)
    kb.write("Марія", form.applicant.given_name)  # typed; its autosave not yet due
    session.db.run(lambda: time.sleep(1.0))  # what is ahead on the lane
    form.header.discard_button.click()
    _answer("Видалити")
    form.new_application()  # Ctrl+N while the discard waits
    form.open_application(other)  # then a draft from the journal
    qtbot.waitUntil(lambda: session.reader.applications.count() == 1, timeout=20000)
    qtbot.wait(form._autosave_timer.interval() + 500)
    assert [s.id for s in session.reader.applications.search()] == [other.id]
    assert form.applicant.surname.text() == "Мельник"


def test_a_late_write_of_a_discarded_draft_is_refused_not_stored_again(session: Session) -> None:
    store = session.profile.applications
    draft = application(surname="Коваленко")
    draft.status = Status.DRAFT
    draft = store.save(draft, OPERATOR).application
    store.discard_draft(draft.id, OPERATOR)
    with pytest.raises(NotFound):
        store.save(draft, OPERATOR)
    assert store.count() == 0


def test_a_draft_begun_before_the_van_was_set_records_the_van(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    """The worker begins an application ("Сьогодні: Офіс" at the top), an autosave gives
    it its number, then she sets today's van route in Settings and finishes it: it was
    taken in the van, and its receipt and the registry say so."""
    kb = Keyboard(qtbot)
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as first:
        kb.write("Коваленко", form.applicant.surname)
    assert first.args[0].service_point.kind == "office"
    session.service_point = VAN
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as second:
        kb.write("Марія", form.applicant.given_name)
    stored = session.reader.applications.get(second.args[0].id)
    assert (stored.service_point.kind, stored.service_point.name) == ("van", "Маршрут 3")

    # One saved as ready in the van, changed in the office before it was sent, stays the
    # van's: where the resident applied.
    taken = application()
    taken.service_point = VAN
    ready = session.profile.applications.save(taken, OPERATOR).application
    session.service_point = ServicePoint()
    form.open_application(session.reader.applications.get(ready.id))
    form.header.edit_button.click()
    assert form.current_application().service_point.kind == "van"


def test_one_saved_ready_in_the_van_and_changed_at_the_office_stays_the_vans(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    """Saved as ready in the van (the receipt says so); later, at the office, the worker
    changes it (the first edit makes it a draft again), then saves it again: the registry
    is told it was taken in the van, as the receipt says. A draft never saved ready, begun
    after it, takes the office."""
    session.service_point = VAN
    draft = application()
    draft.status = Status.DRAFT
    saved = saved_as_ready(qtbot, form, draft)
    assert saved.service_point.kind == "van"

    session.service_point = ServicePoint()  # the next day, at the office
    form.open_application(session.reader.applications.get(saved.id))
    form.header.edit_button.click()
    kb = Keyboard(qtbot)
    for name in ("Зоряна", "Зорина"):  # a typo fixed, each edit autosaved as a draft
        with qtbot.waitSignal(form.draftSaved, timeout=5000) as autosaved:
            form.applicant.given_name.clear()
            kb.write(name, form.applicant.given_name)
        assert autosaved.args[0].service_point.kind == "van"
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    stored = session.reader.applications.get(saved.id)
    assert stored.status is Status.READY and stored.applicant.given_name == "Зорина"
    assert (stored.service_point.kind, stored.service_point.name) == ("van", "Маршрут 3")
    assert stored.service_point.katottg == VAN.katottg

    form.new_application()
    with qtbot.waitSignal(form.draftSaved, timeout=5000) as begun:
        kb.write("Коваленко", form.applicant.surname)
    assert begun.args[0].service_point.kind == "office"


def test_the_heading_says_sent_after_a_language_switch(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
    ukrainian: Translations,
) -> None:
    """(the heading went back to "Waiting to be sent" in the language switched to, for an
    application the sync had delivered while it was on screen)"""
    draft = application()
    draft.status = Status.DRAFT
    saved = saved_as_ready(qtbot, form, draft)
    with Profile.open(profile_root) as other:  # the sync delivers it while it is on screen
        items = other.outbox.claim(10)
        other.outbox.record_results(
            [(i, {"received_at": "2026-11-22T10:00Z"}, None) for i in items]
        )
    session.changed.data_changed.emit(APPLICATIONS)
    qtbot.waitUntil(lambda: "Надіслано" in form.header.heading.text(), timeout=5000)
    assert session.reader.applications.get(saved.id).status is Status.SENT
    ukrainian.switch("en")
    qtbot.waitUntil(lambda: "Application №" in form.header.heading.text(), timeout=5000)
    assert "Sent" in form.header.heading.text(), form.header.heading.text()


def test_each_operator_gets_her_own_draft_back_after_a_colleague_worked_at_her_lock_screen(
    qtbot,  # type: ignore[no-untyped-def]
    profile_root: Path,
    ukrainian: object,
) -> None:
    """Olena locked with a resident's form half typed; Ivan signed in at her lock screen
    and began his own intake, then locked; Olena signed in again: her form was empty (one
    setting kept the open draft for everyone, and Ivan's had taken its place)."""
    from ui.form.drafts import pending_draft_id as reopened_for
    from ui.session import open_session

    with Profile.open(profile_root) as profile:
        profile.operators.add("ivan", "Zelenyi-Chai-77", "Іван Мельник")
    drafts = {}
    for login, surname in ((OPERATOR, "Шевченко"), ("ivan", "Бондар")):
        worker = open_session(profile_root, login, synchronous=True)
        with shown_form(worker) as form:
            with qtbot.waitSignal(form.draftSaved, timeout=5000) as saved:
                Keyboard(qtbot).write(surname, form.applicant.surname)
            drafts[login] = saved.args[0].id
            form.save_draft_now()
        worker.close()  # (locked: the form goes with the session)

    with Profile.open(profile_root) as profile:
        assert reopened_for(profile, OPERATOR) == drafts[OPERATOR]
        assert reopened_for(profile, "ivan") == drafts["ivan"]
