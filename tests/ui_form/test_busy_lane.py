"""The worker goes on while the database lane is still busy (storing photos, a sync or a
backup ahead in the queue): nothing typed or added ends up lost, or in another resident's
application."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from frontdesk.model import Status
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.session import Session

WAIT_MS = 20_000


def _photos(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        photo = QImage(3000, 2000, QImage.Format.Format_RGB32)
        photo.fill(QColor.fromHsv(i * 40, 200, 200))  # each its own content (and hash)
        paths.append(folder / f"коваленко-{i}.png")
        assert photo.save(str(paths[-1]))
    return paths


def test_scans_stay_with_the_resident_they_were_added_for(
    qtbot,  # type: ignore[no-untyped-def]
    threaded_session: Session,
    threaded_form: ApplicationForm,
    tmp_path: Path,
) -> None:
    form = threaded_form
    Keyboard(qtbot).write("Коваленко", form.applicant.surname)
    photos = _photos(tmp_path, 3)
    form.attachments.add_files(photos)
    form.new_application()  # Ctrl+N for the next resident while the photos are stored
    assert form.applicant.surname.text() == "Коваленко"  # not left yet: the files go in first
    assert "файли цієї заяви" in form.header.notice_label.text()
    qtbot.waitUntil(lambda: form.applicant.surname.text() == "", timeout=WAIT_MS)
    assert form.current_application().attachments == []  # the next resident's: empty
    reader = threaded_session.reader.applications
    qtbot.waitUntil(lambda: bool(reader.search()), timeout=WAIT_MS)
    [summary] = reader.search()
    qtbot.waitUntil(lambda: len(reader.get(summary.id).attachments) == 3, timeout=WAIT_MS)
    assert reader.get(summary.id).applicant.surname == "Коваленко"


def test_what_is_saved_as_ready_is_what_is_on_screen(
    qtbot,  # type: ignore[no-untyped-def]
    threaded_session: Session,
    threaded_form: ApplicationForm,
) -> None:
    form, session = threaded_form, threaded_session
    form.open_application(replace(application(), status=Status.DRAFT))
    session.db.run(lambda: time.sleep(0.5))  # a backup ahead in the lane: the save waits
    form.applicant.phone.setFocus()
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        form.save()  # Ctrl+S
        assert form.header.autosave.text() == "Перевірка і збереження…"
        Keyboard(qtbot).write("+380501112233", form.applicant.phone)  # typed meanwhile
        assert "+380501112233" not in form.applicant.phone.text()  # nothing went in
    app = saved.args[0]
    assert form.read_only and form.applicant.phone.text() == app.applicant.phone
    form.save_draft_now()  # what an autosave would do now: nothing
    qtbot.wait(300)
    assert session.reader.applications.get(app.id).status is Status.READY
    assert [i.application_id for i in session.reader.outbox.pending(10)] == [app.id]


def test_a_save_that_fails_gives_the_fields_and_the_cursor_back(
    qtbot,  # type: ignore[no-untyped-def]
    threaded_session: Session,
    threaded_form: ApplicationForm,
) -> None:
    form, session = threaded_form, threaded_session
    form.open_application(replace(application(), status=Status.DRAFT))
    form.applicant.phone.setFocus()
    session.profile.db.close()  # the disk went away: the save cannot be written
    form.save()
    qtbot.waitUntil(lambda: form.header.save_button.isEnabled(), timeout=WAIT_MS)
    assert not form.read_only and form.applicant.phone.isEnabled()
    assert form.applicant.phone.hasFocus()  # typing goes on where it was
    assert form.header.notice_label.isVisible()  # and the worker is told why


def test_reopening_the_draft_on_screen_keeps_the_last_keystrokes(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    kb = Keyboard(qtbot)
    kb.write("Коваленко", form.applicant.surname)
    form.save_draft_now()
    stored = session.reader.applications.get(form.current_application().id)
    kb.write("+380671234567", form.applicant.phone)  # not autosaved yet
    form.open_application(stored)  # the journal: Enter on the row, "Continue editing"
    assert form.applicant.phone.text() == "+380671234567"
    form.save_draft_now()
    assert session.reader.applications.get(stored.id).applicant.phone == "+380671234567"


def test_a_scan_removed_and_added_again_at_once_stays_stored(
    qtbot,  # type: ignore[no-untyped-def]
    threaded_session: Session,
    threaded_form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """The worker removed a photo and dragged the same one straight back in: the autosave
    of the removal, queued behind the photo being reduced, deleted the photo just stored
    again. The form listed it, the receipt counted it, and the sync set the application
    aside for a scan «gone from this computer» once the resident had left."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    form, reader = threaded_form, threaded_session.reader.applications
    form.open_application(replace(application(), status=Status.DRAFT))
    [photo] = _photos(tmp_path, 1)
    form.attachments.add_files([photo])
    qtbot.waitUntil(lambda: form.attachments.list.count() == 1, timeout=WAIT_MS)
    form.save_draft_now()
    qtbot.waitUntil(lambda: bool(form.current_application().id), timeout=WAIT_MS)
    app_id = form.current_application().id
    qtbot.waitUntil(lambda: bool(reader.get(app_id).attachments), timeout=WAIT_MS)
    [scan] = reader.get(app_id).attachments

    form.attachments.list.setCurrentRow(0)
    form.attachments.remove_selected()
    [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    [agree] = [b for b in box.buttons() if b.text() == "Видалити"]
    agree.click()
    assert form.current_application().attachments == []
    form.attachments.add_files([photo])  # the same photo again: reduced on the db lane
    form.save_draft_now()  # the removal's autosave, queued behind it
    qtbot.waitUntil(lambda: form.attachments.list.count() == 1, timeout=WAIT_MS)
    form.save_draft_now()  # the next autosave names it again
    qtbot.waitUntil(lambda: bool(reader.get(app_id).attachments), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not form._keeper.busy, timeout=WAIT_MS)
    assert [a.sha256 for a in reader.get(app_id).attachments] == [scan.sha256]
    assert reader.has_blob(scan.sha256)  # stored, as the form shows it
