"""What is typed in the household stays in sight while it is saved and sent."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.model import ServiceRequest, Status
from tests.factories import application
from tests.ui_form.keyboard import Keyboard
from tests.ui_form.test_household_editing import DISABILITY, saved_ready, tick, write
from ui.form import ApplicationForm
from ui.session import Session


def test_the_applicants_disability_typed_for_a_service_then_unticked_stays_in_sight(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    session: Session,
) -> None:
    """The worker ticks the disability service by mistake, types the applicant's group in
    the household's applicant row, then unticks it: the group is still saved and sent
    (health data), so the household and its column stay on screen, where she sees it and
    can clear it (Delete); cleared, the household the service does not ask for goes."""
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    app = application()
    app.status, app.id, app.number, app.created_at = Status.DRAFT, "", "", None
    app.household = app.household[:1]  # the applicant alone
    app.services = [ServiceRequest("251")]  # the IDP living allowance: no household asked
    app.documents = []
    form.open_application(app)
    QApplication.processEvents()
    assert not form.household.isVisible()
    tick(form, "248")  # the disability services, the line above the one meant
    QApplication.processEvents()
    assert form.household.isVisible()
    table = form.household.table
    table.setFocus()
    table.setCurrentCell(0, DISABILITY)
    kb = Keyboard(qtbot)
    write(kb, "і")  # "І група"
    kb.key(Qt.Key.Key_Return)
    assert table.item(0, DISABILITY).text() == "І група"

    tick(form, "248", False)
    QApplication.processEvents()
    assert form.household.isVisible() and not table.isColumnHidden(DISABILITY)
    assert table.item(0, DISABILITY).text() == "І група"

    table.setFocus()
    table.setCurrentCell(0, DISABILITY)
    kb.key(Qt.Key.Key_Delete)  # she clears it
    assert table.item(0, DISABILITY).text() == ""
    tick(form, "251", False)
    tick(form, "251")  # (the services changed again: the household is looked at again)
    QApplication.processEvents()
    assert not form.household.isVisible()
    form.applicant.surname.setFocus()
    stored = saved_ready(qtbot, form, session)
    assert stored.service_codes == ["251"]
    assert stored.household[0].disability_group == ""
