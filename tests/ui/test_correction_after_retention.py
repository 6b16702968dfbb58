"""The card of a case retention stripped on this laptop and the back office returned
since: "Correct and resend" takes the returned revision from the registry and the
correction starts from it; when the registry cannot give it, no correction starts from
the empty record, and the worker is told what happened and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from frontdesk.profile import Profile
from sync.workstation import connect
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.test_retention_correction import strip_and_return
from tests.ui.test_sync_panel import enrol_elsewhere
from ui.application_card import ApplicationCard
from ui.form_host import FormHost
from ui.session import Session

WAIT_MS = 30_000
SURNAME = "Гнатюк"


def _delivered_stripped_returned(root: Path, *, deliver: bool) -> str:
    """Saved, delivered to the registry (when ``deliver``), refused long ago, stripped
    here by retention, then returned for correction."""
    with Profile.open(root) as profile:
        saved = profile.applications.save(application(surname=SURNAME), "olena").application
        if deliver:
            engine, transport = connect(profile)
            try:
                engine.sync_once()
            finally:
                transport.close()
            assert profile.applications.get(saved.id).status is not Status.READY
        strip_and_return(profile, saved.id)
    return saved.id


def _host_and_card(qtbot: QtBot, session: Session, app_id: str) -> tuple[FormHost, Any]:
    host = FormHost(session)
    qtbot.addWidget(host)
    host.resize(1366, 900)
    host.show()
    card = ApplicationCard(session, app_id, host)
    card.correctRequested.connect(host.correct)  # (as the main window carries it out)
    card.show()
    assert card.correct_button is not None
    return host, card


def _boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_correct_and_resend_on_a_stripped_case_starts_from_the_registrys_copy(
    qtbot: QtBot, session: Session, registry: RunningRegistry, profile_root: Path
) -> None:
    """It started from the empty record left here: a form with no one in it."""
    enrol_elsewhere(registry, profile_root)
    app_id = _delivered_stripped_returned(profile_root, deliver=True)
    host, card = _host_and_card(qtbot, session, app_id)
    label = " ".join(w.text() for w in card.findChildren(type(card.status_label)))
    assert "спершу бере заяву з реєстру" in label  # (the card says it before)
    card.correct_button.click()
    form = host.form
    qtbot.waitUntil(lambda: form._keeper.identity.revision == 2, timeout=WAIT_MS)
    assert form.applicant.surname.text() == SURNAME
    stored = session.reader.applications.get(app_id)
    assert (stored.revision, stored.status) == (2, Status.DRAFT)
    assert stored.applicant.surname == SURNAME
    assert not _boxes(host)


def test_correct_and_resend_on_a_stripped_case_without_the_registry_says_what_to_do(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """Not connected to a registry (or no connection): no correction starts from the empty
    record, and the worker reads why and what to do."""
    app_id = _delivered_stripped_returned(profile_root, deliver=False)
    host, card = _host_and_card(qtbot, session, app_id)
    card.correct_button.click()
    qtbot.waitUntil(lambda: bool(_boxes(host)), timeout=WAIT_MS)
    said = _boxes(host)[0].text()
    assert "видалено з цього комп'ютера після строку зберігання" in said
    assert "не підключено до реєстру" in said  # why it could not be had
    assert "як нову заяву" in said and "бек-офіс" in said  # what to do
    stored = session.reader.applications.get(app_id)
    assert (stored.revision, stored.status) == (1, Status.RETURNED)
    assert host.form._keeper.identity.id != app_id  # the form did not open it
    QApplication.processEvents()
