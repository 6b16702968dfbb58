"""An application's card opened from the journal: what it says of the application (where it was
taken, citizenship, scans, what did not reach the registry, a correction not sent), how it
follows changes and a language switch, and a draft deleted or a row gone meanwhile."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from frontdesk.profile import Profile
from tests.factories import application
from tests.ui.test_journal import WAIT_MS, draft_of, make_journal
from ui.journal import JournalView
from ui.session import APPLICATIONS, Session


def test_an_open_card_follows_what_happens_to_its_application(
    qtbot: QtBot, session: Session
) -> None:
    """A sync round sends it while its card is open: the card no longer says it waits,
    nor offers to change it (the store would refuse the change)."""
    from ui.application_card import ApplicationCard

    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    card = ApplicationCard(session, saved[0].application.id)
    qtbot.addWidget(card)
    assert card.edit_button is not None and "Очікує надсилання" in card.status_label.text()

    def deliver(profile: Any) -> None:  # what a sync round does with it
        [item] = profile.outbox.claim(1)
        profile.outbox.record_results([(item, {"received_at": "2026-11-22T10:00:00Z"}, None)])

    session.write(deliver)
    qtbot.waitUntil(lambda: "Надіслано" in card.status_label.text(), timeout=WAIT_MS)
    assert card.edit_button is None
    history = [card.history.item(r, 1).text() for r in range(card.history.rowCount())]
    assert history[-1] == "Доставлено до реєстру"


def _listed_draft(qtbot: QtBot, session: Session) -> tuple[Any, JournalView]:
    draft = draft_of(qtbot, session, "Гнатюк")
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    return draft, view


def _discard(session: Session, app_id: str) -> None:
    """What the form's «Видалити чернетку» does: on the db lane, then tell the views."""
    session.write(lambda p: p.applications.discard_draft(app_id, "olena"), APPLICATIONS)


def test_a_card_open_on_a_draft_discarded_meanwhile_closes_and_says_why(
    qtbot: QtBot, session: Session
) -> None:
    draft, view = _listed_draft(qtbot, session)
    card = view.open_application(draft.id)
    assert card is not None and card.isVisible()
    _discard(session, draft.id)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not shiboken6.isValid(card) or not card.isVisible(), timeout=WAIT_MS)
    assert "видалено" in _notice_text(view)


def test_a_stale_row_of_a_discarded_draft_is_not_opened_from_the_keyboard(
    qtbot: QtBot, session: Session
) -> None:
    """The form discarded the draft while the journal tab was hidden; back in the journal,
    Enter in the search and Enter again go to what is there now, not to the deleted draft."""
    kept = draft_of(qtbot, session, "Олійник")
    draft = draft_of(qtbot, session, "Гнатюк")
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    view.hide()  # the worker is in the form's tab
    _discard(session, draft.id)
    qtbot.waitUntil(lambda: view._stale, timeout=WAIT_MS)
    view.show()  # Ctrl+J
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.currentIndex().isValid(), timeout=WAIT_MS)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.card is not None, timeout=WAIT_MS)
    assert view.card is not None and view.card.application.id == kept.id


def test_opening_an_application_gone_since_it_was_listed_says_so(
    qtbot: QtBot, session: Session
) -> None:
    draft, view = _listed_draft(qtbot, session)
    session.write(lambda p: p.applications.discard_draft(draft.id, "olena"))  # not told yet
    qtbot.waitUntil(lambda: session.reader.applications._current(draft.id) is None, timeout=WAIT_MS)
    assert view.open_application(draft.id) is None
    assert "видалено" in _notice_text(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=WAIT_MS)


def test_a_card_does_not_offer_to_change_an_application_being_sent_right_now(
    qtbot: QtBot, session: Session, profile_root: Any
) -> None:
    """The sync started sending it and the registry went away mid-push: it may be in the
    registry already, so "Edit" would unlock what can no longer be changed."""
    from ui.application_card import ApplicationCard

    saved: list[Any] = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    with Profile.open(profile_root) as sync:
        assert len(sync.outbox.claim(10)) == 1  # in flight; no answer
    card = ApplicationCard(session, saved[0].application.id)
    qtbot.addWidget(card)
    assert card.edit_button is None
    assert "саме зараз надсилається" in card.status_label.text()


def _notice_text(parent: QWidget) -> str:
    boxes = [box for box in parent.findChildren(QMessageBox) if box.isVisible()]
    return " ".join(box.text() for box in boxes)


def test_the_card_says_where_the_application_was_taken(qtbot: QtBot, session: Session) -> None:
    """The van's route and the village: the place of work as the window's "Сьогодні" said."""
    from frontdesk.model import ServicePoint
    from tests.conftest import KATOTTG_CSV

    session.profile.places.import_csv(KATOTTG_CSV)
    [teteriv] = [p for p in session.reader.places.search("Тетерівка") if "Житомир" in p.long_label]
    taken = application(surname="Гнатюк")
    taken.service_point = ServicePoint(kind="van", name="Маршрут 3", katottg=teteriv.code)
    saved = session.profile.applications.save(taken, "olena").application
    view = make_journal(qtbot, session)
    card = view.open_application(saved.id)
    assert card is not None
    labels = " | ".join(label.text() for label in card.findChildren(QLabel))
    assert "Мобільний пункт (автомобіль): Маршрут 3, Тетерівка" in labels


def test_the_card_names_a_foreigners_citizenship(qtbot: QtBot, session: Session) -> None:
    foreigner, citizen = application(surname="Ковальскі"), application(surname="Гнатюк")
    foreigner.applicant.citizenship = "PL"
    store = session.profile.applications
    ids = [store.save(a, "olena").application.id for a in (foreigner, citizen)]
    view = make_journal(qtbot, session)
    shown = []
    for app_id in ids:
        card = view.open_application(app_id)
        assert card is not None
        shown.append(" | ".join(label.text() for label in card.findChildren(QLabel)))
        card.close()
    assert "Громадянство:" in shown[0] and "Польща" in shown[0]
    assert "Громадянство:" not in shown[1]  # (most: citizens of Ukraine, said nowhere)


def test_the_card_names_the_scans_of_the_application(qtbot: QtBot, session: Session) -> None:
    """(the card said nothing of the scans: whether the passport was attached had to be
    found by opening the application)"""
    from frontdesk.model import Attachment

    store = session.profile.applications
    with_scans = application(surname="Гнатюк")
    with_scans.attachments = [
        Attachment(store.put_blob(b"scan one"), "паспорт.jpg", "image/jpeg", 8),
        Attachment(store.put_blob(b"scan two"), "довідка.pdf", "application/pdf", 8),
    ]
    saved = store.save(with_scans, "olena").application
    card = make_journal(qtbot, session).open_application(saved.id)
    assert card is not None
    labels = " | ".join(label.text() for label in card.findChildren(QLabel))
    assert "Скан-копії:" in labels and "2: паспорт.jpg, довідка.pdf" in labels


def test_the_card_says_what_of_a_revision_set_aside_did_not_reach_the_registry(
    qtbot: QtBot, session: Session
) -> None:
    """(a revision finished on two laptops: this one's, refused as a conflict, is set
    aside and the registry's shown; the card says what the worker entered that did not go)"""
    from frontdesk.document import canonical_json
    from frontdesk.store.set_aside import put_aside

    store = session.profile.applications
    saved = store.save(application(surname="Гнатюк"), "olena").application
    ours = store.get(saved.id)
    ours.applicant.phone = "+380672222222"
    ours.household[0].surname = "Гнатюк-Бондар"
    with session.profile.db.transaction() as conn:
        put_aside(conn, saved.id, 1, canonical_json(ours.to_dict()), "2026-11-23T09:00:00Z")
    card = make_journal(qtbot, session).open_application(saved.id)
    assert card is not None and card.set_aside_label is not None
    said = card.set_aside_label.text()
    assert "Редакція 1 цієї заяви надійшла до реєстру раніше з іншого комп'ютера" in said
    assert f"Заявник · телефон: +380672222222 (у реєстрі: {saved.applicant.phone})" in said
    assert "Член сім'ї 1 · прізвище: Гнатюк-Бондар (у реєстрі: Гнатюк)" in said


def test_a_correction_not_sent_yet_says_so_and_stays_with_the_returned_ones(
    qtbot: QtBot, session: Session
) -> None:
    """A returned case whose correction was begun read just "Чернетка" in the journal and
    left the "Повернуто на доопрацювання" filter: easy to forget, unsent."""
    from tests.ui.test_main_window import returned_application
    from ui.journal_model import STATUS

    returned = returned_application(qtbot, session)
    corrected = returned_application(qtbot, session)
    session.db.run(lambda: session.profile.applications.start_revision(corrected, "olena"))
    session.db.run(lambda: session.profile.applications.save(application(serial=9), "olena"))
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == 3, timeout=WAIT_MS)
    line = view.model.index(view.model.row_of(corrected), STATUS)
    assert line.data() == "Виправлення (чернетка)"
    assert "ще не надіслано" in line.data(Qt.ItemDataRole.ToolTipRole)

    view.status_filter.setCurrentIndex(view.status_filter.findData(Status.RETURNED.value))
    qtbot.waitUntil(lambda: not view.model.busy and view.model.total == 2, timeout=WAIT_MS)
    assert {view.model.summary(row).id for row in range(2)} == {returned, corrected}
    for order in ("status", "status_desc"):  # sorted by status too, each line once
        view.model.set_query(order=order)
        qtbot.waitUntil(lambda: not view.model.busy, timeout=WAIT_MS)
        assert sorted(view.model.summary(r).id for r in range(view.model.rowCount())) == sorted(
            [returned, corrected]
        )
    view.status_filter.setCurrentIndex(0)  # every status, sorted by status: each line once
    qtbot.waitUntil(lambda: not view.model.busy and view.model.total == 3, timeout=WAIT_MS)
    assert view.model.rowCount() == 3


def test_an_open_card_follows_a_change_of_language(
    qtbot: QtBot, session: Session, ukrainian: Any
) -> None:
    """(switched to Ukrainian with a card open, the card stayed English but for Close)"""
    saved = session.profile.applications.save(application(surname="Гнатюк"), "olena").application
    card = make_journal(qtbot, session).open_application(saved.id)
    assert card is not None
    assert "Історія" in [label.text() for label in card.findChildren(QLabel)]
    session.language = "en"  # as Settings does, then every window hears of it
    ukrainian.switch("en")
    qtbot.waitUntil(
        lambda: "History" in [label.text() for label in card.findChildren(QLabel)],
        timeout=WAIT_MS,
    )
    assert card.windowTitle().startswith("Application ")
