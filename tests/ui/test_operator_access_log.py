"""What an operator sees or hands out of a resident's application in the app is in the
access log under her login, as ``frontdesk show`` ("viewed") and ``export`` are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from frontdesk.model import Application
from tests.factories import application
from tests.ui.conftest import OPERATOR, main_window
from ui import receipt
from ui.application_card import ApplicationCard
from ui.handover import ReceiptDesk
from ui.session import APPLICATIONS, Session

WAIT_MS = 10_000


def _saved(qtbot: QtBot, session: Session) -> Application:
    """One application saved, through the db lane as the form saves it."""
    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(application(), OPERATOR)))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return saved[0].application


def _access_log(session: Session) -> list[tuple[str, str, str]]:
    rows = session.reader.db.execute("SELECT operator, action, detail FROM audit").fetchall()
    return [(str(who), str(action), str(detail)) for who, action, detail in rows]


def test_opening_a_case_card_is_in_the_access_log_once_per_opening(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """(nothing was written of a card the app opened; `frontdesk show` writes "viewed")"""
    app = _saved(qtbot, session)
    viewed = (OPERATOR, "viewed", app.number)
    with main_window(qtbot, session, profile_root) as window:
        card = window.journal.open_application(app.id)
        assert isinstance(card, ApplicationCard) and card.isVisible()  # (not waiting for it)
        qtbot.waitUntil(lambda: viewed in _access_log(session), timeout=WAIT_MS)
        session.changed.data_changed.emit(APPLICATIONS)  # (the card says it again)
        card.close()
        card = ApplicationCard(session, app.id, window)
        qtbot.addWidget(card)
        qtbot.waitUntil(lambda: _access_log(session).count(viewed) == 2, timeout=WAIT_MS)
        qtbot.wait(200)
        assert _access_log(session).count(viewed) == 2


def test_a_receipt_saved_as_a_pdf_is_in_the_access_log(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    """(a receipt's PDF, not encrypted, with the resident's name and birth date, left no
    trace)"""
    app = _saved(qtbot, session)
    desk = ReceiptDesk(session, QWidget())
    said: list[object] = []
    desk.message.connect(said.append)
    desk.save_pdf(app, tmp_path / "receipt.pdf")
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_MS)
    assert (tmp_path / "receipt.pdf").is_file()
    qtbot.waitUntil(
        lambda: (OPERATOR, "receipt_saved", app.number) in _access_log(session), timeout=WAIT_MS
    )


@pytest.mark.parametrize("printed", [True, False], ids=["printed", "print dialog cancelled"])
def test_a_receipt_printed_is_in_the_access_log(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch, printed: bool
) -> None:
    app = _saved(qtbot, session)
    # (the system's print dialog, answered as the worker would)
    monkeypatch.setattr(receipt, "print_receipt", lambda *_args: printed)
    desk = ReceiptDesk(session, QWidget())
    desk.print(app)
    note = (OPERATOR, "receipt_printed", app.number)
    if printed:
        qtbot.waitUntil(lambda: note in _access_log(session), timeout=WAIT_MS)
    else:
        qtbot.wait(300)
        assert note not in _access_log(session)
