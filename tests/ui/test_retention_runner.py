"""Retention in the open app: decided cases' personal data leaves in the background,
and the worker's saves do not wait for it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from frontdesk.store import retention
from tests.factories import application
from tests.ui.test_journal import WAIT_MS, draft_of, make_journal
from ui.session import Session
from ui.status_message import StatusText, status_text


def test_a_case_past_its_retention_period_is_stripped_in_the_background_and_says_so(
    qtbot: QtBot, session: Session
) -> None:
    """The journal still lists it by number and status, with no one's name; its card says
    why, and offers no receipt with nobody on it."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from ui.application_card import ApplicationCard

    decided: list[Any] = []

    def decide(profile: Any) -> None:  # granted half a year ago
        app = profile.applications.save(application(surname="Гнатюк"), "olena").application
        with profile.db.transaction() as conn:
            conn.execute("DELETE FROM outbox")
            profile.from_registry.set_status(conn, app.id, 1, Status.GRANTED)
            conn.execute("UPDATE applications SET updated_at = '2026-03-01T10:00:00Z'")
        decided.append(app)

    session.write(decide)
    qtbot.waitUntil(lambda: bool(decided), timeout=WAIT_MS)
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    assert view.model.index(0, 1).data().startswith("Гнатюк")

    card = ApplicationCard(session, decided[0].id)  # open while the run strips it
    qtbot.addWidget(card)
    assert retention_run(qtbot, session) == [
        "Персональні дані 1 вирішеної заяви видалено з цього комп'ютера: минув строк "
        "зберігання після рішення (їх зберігає реєстр)."
    ]
    qtbot.waitUntil(lambda: "видалено" in (view.model.index(0, 1).data() or ""), timeout=WAIT_MS)
    assert view.model.index(0, 0).data() == decided[0].number
    assert "Задоволено" in card.status_label.text()
    labels = [w.text() for w in card.findChildren(QLabel)]
    assert any("Персональні дані видалено з цього комп'ютера" in t for t in labels)
    assert not any("Гнатюк" in t for t in labels)
    buttons = [b.text() for b in card.findChildren(QPushButton)]
    assert not any("озписк" in t for t in buttons)  # no receipt with nobody on it


def test_the_retention_run_names_drafts_left_for_longer_than_the_window(
    qtbot: QtBot, session: Session
) -> None:
    """A resident's data in a draft nobody finished: the worker is told to finish or
    discard it (retention strips decided cases only, and removes no one's typing)."""

    old = draft_of(qtbot, session, "Гнатюк")
    session.write(
        lambda p: p.db.execute(
            "UPDATE applications SET updated_at = '2026-01-10T10:00:00Z' WHERE id = ?", (old.id,)
        )
    )
    draft_of(qtbot, session, "Мельник")  # today's: not named
    assert retention_run(qtbot, session) == [
        "Чернеток без змін понад 90 днів: 1 — у них персональні дані мешканців; завершіть "
        "або видаліть їх (у журналі: статус «Чернетка»)."
    ]
    assert session.reader.applications.get(old.id).status is Status.DRAFT  # kept


def retention_run(qtbot: QtBot, session: Session) -> list[str]:
    """What the app's retention run says in the status bar once it has run."""
    from ui.retention import RetentionRunner

    said: list[StatusText] = []
    runner = RetentionRunner(session, said.append)
    runner.start()
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_MS)
    runner.stop()
    return [status_text(text) for text in said]


def test_the_workers_saves_do_not_wait_while_the_run_finds_what_is_due(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding what is due reads every due case's document: seconds on a laptop with
    years of decided cases, and the save of the form waited for it (on the db lane)."""
    finding = threading.Event()
    slow_read = retention._scans_of

    def reading_slowly(*args: Any) -> Any:  # (years of decided cases to read)
        finding.set()
        time.sleep(3)
        return slow_read(*args)

    monkeypatch.setattr(retention, "_scans_of", reading_slowly)
    from ui.retention import RetentionRunner

    said: list[StatusText] = []
    runner = RetentionRunner(session, said.append)
    runner.start()
    assert finding.wait(WAIT_MS / 1000)
    started = time.monotonic()
    saved = draft_of(qtbot, session, "Мельник")
    assert time.monotonic() - started < 2  # (not after the run's reading)
    assert saved.number and not said
    runner.stop()
