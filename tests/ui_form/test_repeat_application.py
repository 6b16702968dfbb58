"""Per ticked service, first or repeat application (the person had this help before and
applies again, or extends it): marked beside the service, saved, shown again when opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.model import ServiceRequest, Status
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.i18n import Translations
from ui.session import Session


def _keyboard(qtbot, form: ApplicationForm) -> Keyboard:  # type: ignore[no-untyped-def]
    qtbot.waitExposed(form)
    form.activateWindow()
    form.services.list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.services.list)
    return Keyboard(qtbot)


def _tick(kb: Keyboard, code: str) -> None:
    """Type the service's code in the list and press Space, as a worker does."""
    kb.write(code, kb.at("services"))
    kb.key(Qt.Key.Key_Space)


def _opened(session: Session, form: ApplicationForm, *services: ServiceRequest) -> None:
    draft = application()
    draft.status = Status.DRAFT
    draft.services = list(services)
    form.open_application(session.profile.applications.save(draft, "olena").application)


def _requested(form: ApplicationForm) -> list[tuple[str, bool]]:
    return [(s.code, s.repeat) for s in form.current_application().services]


def test_a_service_marked_as_a_repeat_application_is_saved_so_and_only_that_one(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    kb = _keyboard(qtbot, form)
    _tick(kb, "249")
    _tick(kb, "250")
    repeat = form.services.repeat_box("249")
    assert repeat.isVisible() and form.services.repeat_box("250").isVisible()
    assert not form.services.repeat_box("664").isVisible()  # only beside a ticked service
    assert repeat.text() == "249 — повторне звернення"
    assert "отримувала цю допомогу" in repeat.toolTip()

    with qtbot.waitSignal(form.services.changed) as edited:
        qtbot.mouseClick(repeat, Qt.MouseButton.LeftButton)
    assert edited.args == ["services"]
    assert form.has_unsaved_changes()
    with qtbot.waitSignal(form.draftSaved, timeout=10_000) as autosaved:  # an edit: autosaved
        pass
    stored = session.reader.applications.get(autosaved.args[0].id)
    assert [(s.code, s.repeat) for s in stored.services] == [("249", True), ("250", False)]


def test_an_opened_repeat_application_is_shown_marked_in_either_language(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
) -> None:
    _opened(session, form, ServiceRequest("249"), ServiceRequest("664", repeat=True))
    extension = form.services.repeat_box("664")
    assert extension.isVisible() and extension.isChecked()
    first = form.services.repeat_box("249")
    assert first.isVisible() and not first.isChecked()
    assert _requested(form) == [("249", False), ("664", True)]
    assert not form.has_unsaved_changes()  # opening is not an edit

    session.language = "en"
    ukrainian.switch("en")
    qtbot.waitUntil(lambda: extension.text() == "664 — repeat application")
    assert extension.isChecked() and "received this assistance before" in extension.toolTip()
    assert _requested(form) == [("249", False), ("664", True)]


def test_a_saved_applications_repeat_mark_cannot_be_changed_until_change_it(
    session: Session,
    form: ApplicationForm,
) -> None:
    ready = application()  # saved as ready: shown read-only
    ready.services = [ServiceRequest("250", repeat=True)]
    form.open_application(session.profile.applications.save(ready, "olena").application)
    form.show_saved_read_only()
    repeat = form.services.repeat_box("250")
    assert repeat.isVisible() and repeat.isChecked() and not repeat.isEnabled()
    form.change_saved()
    assert repeat.isEnabled()


def test_unticking_a_service_drops_its_repeat_mark(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    _opened(session, form, ServiceRequest("250", repeat=True))
    kb = _keyboard(qtbot, form)
    repeat = form.services.repeat_box("250")
    with qtbot.waitSignal(form.services.changed):
        _tick(kb, "250")  # unticked
    assert not repeat.isVisible()
    assert _requested(form) == []
    kb.key(Qt.Key.Key_Space)  # ticked again: a first application unless marked anew
    assert repeat.isVisible() and not repeat.isChecked()
    assert _requested(form) == [("250", False)]


def test_the_repeat_mark_follows_its_service_in_tab_order_and_space_ticks_it(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
) -> None:
    kb = _keyboard(qtbot, form)
    _tick(kb, "249")
    _tick(kb, "664")
    kb.key(Qt.Key.Key_Tab)
    kb.at("services.249.repeat")
    kb.key(Qt.Key.Key_Tab)
    with qtbot.waitSignal(form.services.changed):
        kb.key(Qt.Key.Key_Space, kb.at("services.664.repeat"))
    kb.key(Qt.Key.Key_Tab)
    kb.at("applicant.surname")  # then on to the applicant, as before
    assert _requested(form) == [("249", False), ("664", True)]
    kb.key(Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.ShiftModifier)
    kb.key(Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.ShiftModifier)
    kb.key(Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert kb.focus is form.services.list  # and back
