"""The form follows the application the background sync changes while it is on screen.

The sync runs on its own connection (here: another Profile on the same folder, as the
sync thread has); the window tells the form when a round changed applications
(``data_changed``), as the sync panel does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.errors import DiskFull
from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from frontdesk.store.applications import ApplicationStore
from tests.factories import application
from tests.ui_form.conftest import OPERATOR
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.session import APPLICATIONS, Session

PHONE = "+380501112233"


def _stored(session: Session, app_id: str) -> Application:
    return session.reader.applications.get(app_id)


def _claimed(root: Path) -> list[str]:
    """The sync takes what waits in the queue and starts sending it (in flight)."""
    with Profile.open(root) as sync:
        return [item.application_id for item in sync.outbox.claim(10)]


def _delivered(root: Path) -> None:
    with Profile.open(root) as sync:
        items = sync.outbox.claim(10) + sync.outbox.in_flight()
        sync.outbox.record_results(
            [(i, {"received_at": "2026-11-22T10:00:00Z"}, None) for i in items]
        )


def _decided(root: Path, app_id: str, status: Status, reason: str = "", revision: int = 1) -> None:
    """The registry's decision, read from its feed by the sync."""
    change = {
        "kind": "status",
        "application_id": app_id,
        "revision": revision,
        "status": status.value,
        "reason": reason,
        "at": "2026-11-23T09:00:00Z",
    }
    with Profile.open(root) as sync:
        sync.outbox.apply_changes([change], "c1")


def _round_ended(session: Session) -> None:
    session.changed.data_changed.emit(APPLICATIONS)  # (what the sync panel says after it)


def _saved_ready(session: Session) -> Application:
    """Saved as ready earlier (offline, in the van), still waiting to be sent."""
    return session.profile.applications.save(application(), OPERATOR).application


def test_edit_on_an_application_waiting_to_be_sent_takes_it_out_of_the_queue_first(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """The card's "Edit": the form says it is a draft and not sent while it is changed, so
    the store holds it so at once; a sync round meanwhile sends nothing of it."""
    saved = _saved_ready(session)
    form.open_application(_stored(session, saved.id))  # (the card's "Edit")
    assert not form.read_only
    assert "є чернеткою і не надсилається" in form.header.notice_label.text()
    assert _stored(session, saved.id).status is Status.DRAFT  # before anything is typed
    assert "Чернетка" in form.header.heading.text()
    assert _claimed(profile_root) == []  # the background round has nothing to send

    with qtbot.waitSignal(form.draftSaved, timeout=5000):
        form.applicant.phone.selectAll()
        Keyboard(qtbot).write(PHONE, form.applicant.phone)
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    assert _claimed(profile_root) == [saved.id]
    assert _stored(session, saved.id).applicant.phone == PHONE  # what is sent is what was typed


def test_change_it_right_after_saving_takes_the_application_out_of_the_queue_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    draft = application()
    draft.status = Status.DRAFT
    form.open_application(draft)
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        form.save()
    saved = blocker.args[0]
    form.header.edit_button.click()  # "Change it", nothing typed yet
    assert not form.read_only
    assert _stored(session, saved.id).status is Status.DRAFT
    assert _claimed(profile_root) == []


def test_an_application_being_sent_right_now_stays_read_only_and_the_form_says_why(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """The sync started sending it (the registry went away mid-push: it stays in flight):
    "Change it" cannot unlock what the registry may already hold."""
    draft = application()
    draft.status = Status.DRAFT
    form.open_application(draft)
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        form.save()
    saved = blocker.args[0]
    assert _claimed(profile_root) == [saved.id]

    form.header.edit_button.click()
    assert form.read_only
    assert "саме зараз надсилається" in form.header.notice_label.text()
    assert not form.header.edit_button.isHidden()  # (again once the registry has answered)
    Keyboard(qtbot).write("7", form.applicant.phone)
    assert not form.has_unsaved_changes()

    form.open_application(_stored(session, saved.id))  # the card's "Edit", the same
    assert form.read_only and "саме зараз надсилається" in form.header.notice_label.text()
    assert _stored(session, saved.id).status is Status.READY

    _delivered(profile_root)  # the registry answers: it has it
    _round_ended(session)
    qtbot.waitUntil(form.header.edit_button.isHidden, timeout=5000)
    assert "Надіслано" in form.header.heading.text()


def test_a_saved_application_on_screen_shows_the_registrys_decision_when_it_comes(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    draft = application()
    draft.status = Status.DRAFT
    form.open_application(draft)
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        form.save()
    saved = blocker.args[0]
    _delivered(profile_root)
    _round_ended(session)
    qtbot.waitUntil(lambda: "Надіслано" in form.header.heading.text(), timeout=5000)

    _decided(profile_root, saved.id, Status.RETURNED, "Немає довідки про доходи")
    _round_ended(session)
    qtbot.waitUntil(lambda: "Повернуто" in form.header.heading.text(), timeout=5000)
    notice = form.header.notice_label.text()
    assert "буде автоматично надіслано" not in notice
    assert "Немає довідки про доходи" in notice
    assert not form.header.print_button.isHidden()  # (the receipt stays on offer)


def _correcting(qtbot, session: Session, form: ApplicationForm, root: Path) -> Application:  # type: ignore[no-untyped-def]
    """Saved, sent, returned by the back office, and its correction (revision 2) open."""
    saved = _saved_ready(session)
    _delivered(root)
    _decided(root, saved.id, Status.RETURNED, "Немає довідки про доходи")
    correction = session.profile.applications.start_revision(saved.id, OPERATOR)
    form.open_application(correction)
    assert "редакція 2" in form.header.heading.text()
    assert form.header.correction_area.isVisibleTo(form)
    return correction


def test_a_correction_the_registrys_decision_withdraws_turns_read_only_and_says_why(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """The back office refused revision 1 (the correction was not brought in time) while
    the worker corrects it: nothing typed could be saved or sent any more."""
    correction = _correcting(qtbot, session, form, profile_root)
    with qtbot.waitSignal(form.draftSaved, timeout=5000):
        form.applicant.phone.selectAll()
        Keyboard(qtbot).write(PHONE, form.applicant.phone)

    _decided(profile_root, correction.id, Status.REFUSED, "Документи не подано вчасно")
    _round_ended(session)
    qtbot.waitUntil(lambda: form.read_only, timeout=5000)
    heading = form.header.heading.text()
    assert "Відмовлено" in heading and "редакція 2" not in heading
    assert not form.header.correction_area.isVisibleTo(form)
    assert form.header.edit_button.isHidden() and form.header.save_button.isHidden()
    notice = form.header.notice_label.text()
    assert "Рішення реєстру" in notice and "Документи не подано вчасно" in notice
    assert "НЕ збережено" not in form.header.autosave.text()
    assert not form.has_unsaved_changes()  # (signing out or handing over does not wait)
    assert form.applicant.phone.text() == PHONE  # what was typed stays on screen
    kept = session.reader.applications.set_aside(correction.id)
    if kept:  # the store set the correction aside: the card shows it
        assert kept[0].document["applicant"]["phone"] == PHONE
        assert "картка заяви в журналі показує його" in notice
    else:
        assert "НЕ збережено на цьому комп'ютері" in notice


def test_edits_typed_after_the_last_autosave_of_a_withdrawn_correction_are_said_not_kept(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    correction = _correcting(qtbot, session, form, profile_root)
    form.applicant.phone.selectAll()
    Keyboard(qtbot).write(PHONE, form.applicant.phone)  # (its autosave is not due yet)
    _decided(profile_root, correction.id, Status.REFUSED)
    _round_ended(session)
    qtbot.waitUntil(lambda: form.read_only, timeout=5000)
    assert "НЕ збережено" in form.header.notice_label.text()
    assert not form.has_unsaved_changes()
    qtbot.wait(form.AUTOSAVE_DELAY_MS + 300)
    assert "НЕ збережено" not in form.header.autosave.text()  # (no autosave tried again)


def test_an_autosave_refused_after_the_decision_makes_the_form_say_what_happened(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """The decision came in before the window said so: the next autosave is refused, and
    the form looks at the application again at once."""
    correction = _correcting(qtbot, session, form, profile_root)
    _decided(profile_root, correction.id, Status.REFUSED)  # (not told: no round's end)
    form.applicant.phone.selectAll()
    Keyboard(qtbot).write(PHONE, form.applicant.phone)
    form.save_draft_now()
    qtbot.waitUntil(lambda: form.read_only, timeout=5000)
    assert "Рішення реєстру" in form.header.notice_label.text()
    assert not form.has_unsaved_changes()


def test_save_with_errors_does_not_say_the_draft_is_kept_when_its_autosave_failed(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(self: ApplicationStore, *args: object, **kwargs: object) -> object:
        raise DiskFull("No space left on device")

    monkeypatch.setattr(ApplicationStore, "save", disk_full)
    Keyboard(qtbot).write("Коваленко", form.applicant.surname)
    form.save()  # errors (the rest is empty): not saved as ready, the draft autosaved
    qtbot.waitUntil(lambda: "НЕ збережено" in form.header.autosave.text(), timeout=5000)
    notice = form.header.notice_label.text()
    assert "Заяву не збережено як готову" in notice
    assert "збережено в чернетці" not in notice
    assert "Чернетку теж НЕ збережено" in notice

    monkeypatch.undo()  # the disk has room again
    with qtbot.waitSignal(form.draftSaved, timeout=5000):
        form.save()
    assert "Усе введене збережено в чернетці" in form.header.notice_label.text()
