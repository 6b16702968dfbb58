"""Handing the receipt over: the application as stored now, and the file it goes to."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from frontdesk.model import ServiceRequest, Status
from tests.factories import application
from tests.ui_form.conftest import OPERATOR
from tests.ui_form.test_receipt import _pdf_tool
from ui import file_dialogs
from ui.form import ApplicationForm
from ui.handover import ReceiptDesk
from ui.receipt import save_receipt_pdf
from ui.session import APPLICATIONS, Session


def _chosen(monkeypatch: pytest.MonkeyPatch, name: Path) -> None:
    """The save dialog answers ``name``, as typed by the worker."""
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(name), ""))


def _question() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((box for box in boxes if box.isVisible()), None)


def _text(path: Path) -> str:
    tool = _pdf_tool("pdftotext")
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True).stdout


def test_a_receipt_asked_for_after_the_registry_renumbered_carries_the_new_number(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(the form's Print and PDF buttons handed over the application as it was saved: after
    the sync renumbered it, the resident's receipt carried the old number, now another
    resident's)"""
    saved = session.profile.applications.save(application(), OPERATOR).application
    [item] = session.profile.outbox.claim(10)
    _old, new = session.profile.outbox.renumber(item, "ZT01-2026-000041") or ("", "")
    target = tmp_path / "receipt.pdf"
    _chosen(monkeypatch, target)
    desk = ReceiptDesk(session, QWidget())
    said: list[object] = []
    desk.message.connect(said.append)
    desk.handle(saved, "pdf")  # what the form's button holds
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    text = _text(target)
    assert new and new in text and saved.number not in text


def test_a_receipt_named_without_pdf_does_not_replace_another_unasked(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(".pdf" was added after the dialog had looked for the name typed: another
    resident's receipt of that name was replaced without a question)"""
    first = session.profile.applications.save(application(), OPERATOR).application
    second = session.profile.applications.save(application(surname="Шевчук", serial=9), OPERATOR)
    older = save_receipt_pdf(first, session, tmp_path / "Розписка Коваленко.pdf")
    before = older.read_bytes()
    _chosen(monkeypatch, tmp_path / "Розписка Коваленко")
    desk = ReceiptDesk(session, QWidget())
    desk.save_pdf(second.application)
    qtbot.waitUntil(lambda: _question() is not None, timeout=10_000)
    question = _question()
    assert question is not None and "Розписка Коваленко.pdf" in question.text()
    question.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(100)
    assert older.read_bytes() == before  # kept: the worker chose another name
    desk.save_pdf(second.application)
    qtbot.waitUntil(lambda: _question() is not None, timeout=10_000)
    said: list[object] = []
    desk.message.connect(said.append)
    question = _question()
    assert question is not None
    agree = QMessageBox.ButtonRole.AcceptRole
    next(b for b in question.buttons() if question.buttonRole(b) == agree).click()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "Шевчук" in _text(older)  # replaced, as she agreed


def test_a_long_name_the_file_system_takes_is_taken(session: Session, tmp_path: Path) -> None:
    """(the temp file beside it repeated the whole name: "File name too long" for a name of
    243 bytes, which the file system takes)"""
    app = session.profile.applications.save(application(), OPERATOR).application
    name = ("Розписка Іваненко-Хмельницька Марʼяна Олександрівна заява " * 3)[:126] + ".pdf"
    assert 240 < len(name.encode()) <= 255
    assert save_receipt_pdf(app, session, tmp_path / name).is_file()


def test_the_form_says_the_new_number_the_registry_gave_the_saved_application(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    """(the heading and the "saved, give the resident the receipt" notice kept the old
    number after the sync renumbered it)"""
    form.open_application(replace(application(), status=Status.DRAFT))
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    old = saved.args[0].number
    [item] = session.profile.outbox.claim(10)
    _old, new = session.profile.outbox.renumber(item, "ZT01-2026-000041") or ("", "")
    session.changed.data_changed.emit(APPLICATIONS)  # as the sync says it
    qtbot.waitUntil(lambda: new in form.header.notice_label.text(), timeout=10_000)
    assert old not in form.header.notice_label.text()
    assert new in form.header.heading.text() and form.header.print_button.isVisible()


def test_the_checklist_asks_no_document_of_a_rnokpp_the_applicant_refused(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
) -> None:
    """(the resident with the refusal mark in her passport was asked, on the checklist and
    the scans' document list, for a "document with the РНОКПП" she cannot have)"""
    draft = application()
    draft.status = Status.DRAFT
    draft.services = [ServiceRequest("pilhy")]
    form.open_application(draft)
    assert form.documents.box("rnokpp").isVisibleTo(form)
    form.applicant.rnokpp_refused.click()  # (as a click or Space would)
    qtbot.waitUntil(lambda: not form.documents.box("rnokpp").isVisibleTo(form), timeout=5000)
    form.applicant.rnokpp_refused.click()  # (unticked: asked for again)
    qtbot.waitUntil(lambda: form.documents.box("rnokpp").isVisibleTo(form), timeout=5000)
