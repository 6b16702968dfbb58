"""An open card follows its application while the sync sends it: no "Edit" from the
moment it is in flight (the store would refuse the change), and what is true once the
send ended: sent (nothing to change here), or back in the queue (Edit again)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from sync.errors import Offline
from sync.protocol import RegistryClient
from tests.registry_process import RunningRegistry
from tests.ui.test_sync_panel import enrol_elsewhere, save_one
from ui.application_card import ApplicationCard
from ui.session import SENDING, Session
from ui.sync_controller import SyncController
from ui.sync_panel import SyncPanel

WAIT_MS = 30_000
BEING_SENT = "саме зараз надсилається"


@pytest.fixture
def held_push(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The registry's answer to a batch is held (a slow link) until the test lets it go;
    ``fail`` set by then: the link dropped before anything was sent."""
    hold: dict[str, Any] = {"reached": threading.Event(), "go": threading.Event(), "fail": False}
    real = RegistryClient.push_encoded

    def slow(client: RegistryClient, body: bytes, count: int) -> Any:
        hold["reached"].set()
        hold["go"].wait(30)
        if hold["fail"]:
            error = Offline("the link dropped")
            error.nothing_sent = True
            raise error
        return real(client, body, count)

    monkeypatch.setattr(RegistryClient, "push_encoded", slow)
    yield hold
    hold["go"].set()  # (never left waiting)


def _edit_offered(card: ApplicationCard) -> bool:
    return card.edit_button is not None and BEING_SENT not in card.status_label.text()


def _no_edit_while_sent(card: ApplicationCard) -> bool:
    return card.edit_button is None and BEING_SENT in card.status_label.text()


def _open(qtbot: QtBot, session: Session, controller: SyncController, app_id: str) -> Any:
    panel = SyncPanel(session, controller)  # (as in the window: it tells the views)
    qtbot.addWidget(panel)
    card = ApplicationCard(session, app_id)
    qtbot.addWidget(card)
    card.show()
    assert _edit_offered(card)
    return card


def test_an_open_card_stops_offering_edit_while_the_sync_sends_its_application(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
    held_push: dict[str, Any],
) -> None:
    """It stayed offered until the card was opened again; pressed, the form only said it
    could not be changed."""
    enrol_elsewhere(registry, profile_root)
    saved = save_one(qtbot, session).application
    card = _open(qtbot, session, controller, saved.id)
    controller.start()
    assert held_push["reached"].wait(30)
    qtbot.waitUntil(lambda: _no_edit_while_sent(card), timeout=WAIT_MS)

    held_push["go"].set()  # the registry answers: it holds it
    qtbot.waitUntil(lambda: BEING_SENT not in card.status_label.text(), timeout=WAIT_MS)
    assert card.edit_button is None  # sent: nothing to change here any more
    assert session.reader.applications.get(saved.id).status.value in ("sent", "accepted")


def test_an_open_card_offers_edit_again_when_the_send_did_not_happen(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
    held_push: dict[str, Any],
) -> None:
    """The link dropped before the batch left: the application waits in the queue again,
    and the card (still open) offers Edit again without being opened again."""
    enrol_elsewhere(registry, profile_root)
    saved = save_one(qtbot, session).application
    card = _open(qtbot, session, controller, saved.id)
    controller.start()
    assert held_push["reached"].wait(30)
    qtbot.waitUntil(lambda: _no_edit_while_sent(card), timeout=WAIT_MS)

    held_push["fail"] = True
    held_push["go"].set()
    qtbot.waitUntil(lambda: _edit_offered(card), timeout=WAIT_MS)
    controller.stop()
    assert session.reader.outbox.pending(10)[0].application_id == saved.id


def test_a_card_reads_again_only_its_own_sending(qtbot: QtBot, session: Session) -> None:
    """A round claims batch after batch: a card whose application is not waiting to be
    sent (a draft) is not built again for each."""
    from frontdesk.model import Status
    from tests.factories import application

    draft = application()
    draft.status = Status.DRAFT
    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(draft, "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    card = ApplicationCard(session, saved[0].application.id)
    qtbot.addWidget(card)
    built = card._content
    session.changed.data_changed.emit(SENDING)
    assert card._content is built


def test_a_card_opened_in_flight_offers_edit_once_back_in_the_queue(
    qtbot: QtBot, session: Session, profile_root: Path
) -> None:
    """Told by the sync's signal, not by reopening (no round ended yet: the batch's items
    were put back one by one)."""
    saved = save_one(qtbot, session).application
    with Profile.open(profile_root) as sync:
        (item,) = sync.outbox.claim(10)
        card = ApplicationCard(session, saved.id)
        qtbot.addWidget(card)
        assert _no_edit_while_sent(card)
        sync.outbox.release(item)
    session.changed.data_changed.emit(SENDING)
    assert _edit_offered(card)
