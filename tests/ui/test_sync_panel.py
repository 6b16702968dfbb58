"""The sync strip follows a real registry process: delivered, decision in, gone, back."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.applications import SaveResult
from frontdesk.worktime import kyiv_now
from sync import priority
from sync.workstation import enrol
from tests.factories import application
from tests.registry.registry_samples import make_document
from tests.registry_process import RunningRegistry
from tests.ui.conftest import COMMUNITY, WORKSTATION
from ui.application_card import ApplicationCard
from ui.i18n import Translations
from ui.session import Session
from ui.status_message import StatusText, status_text
from ui.sync_controller import SyncController
from ui.sync_panel import OK, PENDING, PROBLEM, SYNCING, SyncPanel

WAIT_MS = 30_000


def enrol_elsewhere(registry: RunningRegistry, profile_root: Path) -> None:
    """The profile enrolled with a new code through a connection of its own (as
    ``frontdesk enrol`` does, another program than the app)."""
    with Profile.open(profile_root) as other:
        enrol(other, registry.url, registry.cli("enrolment-code", COMMUNITY).stdout.strip())


def save_one(qtbot: QtBot, session: Session) -> SaveResult:
    """One application saved ready to send, through the db lane as the form saves it."""
    saved: list[SaveResult] = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return saved[0]


def test_a_workstation_not_connected_shows_no_empty_last_sync(
    qtbot: QtBot, session: Session, controller: SyncController
) -> None:
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    panel.resize(1200, 40)
    panel.show()
    qtbot.waitUntil(lambda: panel.status is not None, timeout=WAIT_MS)
    assert panel.pending_label.isVisible() and "Реєстр не під" in panel.problem_label.text()
    assert not panel.last_label.isVisible() and not panel.between.isVisible()  # no "| |"


def test_sync_now_on_a_workstation_not_connected_says_where_to_connect_it(
    qtbot: QtBot, session: Session, controller: SyncController
) -> None:
    """The dialog the button opens told a social worker to run «frontdesk enrol» in a
    terminal; the strip beside it said Settings → Registry."""
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.start()  # (as the app does once the journal is on screen)
    qtbot.waitUntil(lambda: panel.status is not None, timeout=WAIT_MS)
    panel.sync_now()
    qtbot.waitUntil(lambda: panel.report_box is not None, timeout=WAIT_MS)
    said = panel.report_box.text()
    assert "Налаштування → Реєстр" in said and "frontdesk" not in said
    panel.report_box.close()


def test_corrections_begun_and_not_sent_are_not_everything_sent(
    qtbot: QtBot, session: Session, controller: SyncController, profile_root: Path
) -> None:
    """A returned case whose correction waits unfinished: the strip said "Усе надіслано"."""
    from frontdesk.store.outbox import REGISTRY_KEY
    from tests.ui.test_main_window import returned_application
    from ui.session import APPLICATIONS

    with Profile.open(profile_root) as own:
        own.outbox.set_setting(REGISTRY_KEY, "http://127.0.0.1:9")  # connected, not started
    app_id = returned_application(qtbot, session)
    session.write(lambda p: p.applications.start_revision(app_id, "olena"), APPLICATIONS)
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    unfinished = "Не надіслано: 1 незавершене виправлення (у журналі: «Повернуто на доопрацювання»)"
    qtbot.waitUntil(lambda: panel.problem_label.text() == unfinished, timeout=WAIT_MS)
    assert panel.state == PENDING  # not the green "everything is sent"

    def finish(p: Profile) -> None:
        draft = p.applications.get(app_id)
        draft.status = Status.READY
        p.applications.save(draft, "olena")

    session.write(finish, APPLICATIONS)
    qtbot.waitUntil(lambda: panel.pending_label.text() == "Очікують надсилання: 1", timeout=WAIT_MS)
    assert panel.problem_label.text() == "Буде надіслано під час наступної синхронізації"


def test_indicator_changes_when_the_registry_goes_away_and_comes_back(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    enrol_elsewhere(registry, profile_root)
    sent = save_one(qtbot, session).application
    number = sent.number

    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.pending_label.text() == "Очікують надсилання: 1", timeout=WAIT_MS)
    assert panel.state == PENDING  # enrolled, one waiting, before the first round
    controller.start()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert panel.pending_label.text() == "Очікують надсилання: 0"
    assert panel.last_label.text() == "Остання синхронізація: щойно"

    # A decision made in the back office is announced when it arrives.
    registry.cli("decide", number, "return", "--reason", "Немає довідки про склад сім'ї")
    with qtbot.waitSignal(panel.decisionsArrived, timeout=WAIT_MS) as announced:
        controller.wake()
    assert "Повернуто на доопрацювання" in status_text(announced.args[0])
    assert session.reader.applications.get(sent.id).status is Status.RETURNED

    registry.stop()
    qtbot.waitUntil(lambda: panel.state == PROBLEM, timeout=WAIT_MS)
    assert "Немає зв'язку з реєстром" in panel.problem_label.text()

    registry.start()
    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert panel.problem_label.text() == "Усе надіслано"
    assert panel.report_box is not None  # a sync started by hand reports in a dialog
    assert "Надіслано" in panel.report_box.text()
    panel.report_box.close()


def test_an_acceptance_is_told_plainly_and_only_decisions_are_announced(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    profile_root: Path,
    ukrainian: Translations,
) -> None:
    """The registry accepting an application is not a decision: it is said in plain words
    on the status bar (no alert), and the sync report counts it apart from decisions."""
    controller = SyncController(profile_root, interval=60, watch_network=False)
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(controller.stopped, timeout=WAIT_MS):
        controller.start()  # not enrolled yet: "Sync now" below starts it again
    # (before the sync's next look for an enrolment, which would start it by itself)
    enrol_elsewhere(registry, profile_root)
    sent = save_one(qtbot, session).application
    news: list[StatusText] = []
    decisions: list[StatusText] = []
    panel.newsArrived.connect(news.append)
    panel.decisionsArrived.connect(decisions.append)

    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report_box is not None and bool(news), timeout=WAIT_MS)
    assert [status_text(text) for text in news] == ["Реєстр прийняв заяв: 1"]
    assert decisions == []  # no "decisions arrived", no taskbar alert
    assert panel.report_box is not None
    told = panel.report_box.text()
    assert "Отримано рішень: 0" in told and "Реєстр прийняв заяв: 1" in told
    panel.report_box.close()

    registry.cli("decide", sent.number, "refuse", "--reason", "Дохід вищий")
    with qtbot.waitSignal(panel.decisionsArrived, timeout=WAIT_MS) as announced:
        controller.wake()
    assert status_text(announced.args[0]) == "Надійшли рішення реєстру: 1 (Відмовлено: 1)"
    ukrainian.switch("en")  # (while it is on the status bar: said again in English)
    assert status_text(announced.args[0]) == "Registry decisions arrived: 1 (Refused: 1)"
    controller.stop()


def test_a_number_the_registry_already_has_is_replaced_and_the_worker_told(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """This laptop was restored from an older backup: its next number reached the
    registry from the lost one. The worker is told the new number, and why."""
    sent = save_one(qtbot, session).application
    taken = sent.number
    lost = registry.enrol(COMMUNITY, workstation=WORKSTATION)  # the lost laptop's token
    document = make_document(COMMUNITY, number=taken, workstation=WORKSTATION, surname="Гнатюк")
    assert registry.deliver(lost, document)["outcome"] == "accepted"
    registry.cli("device", "revoke", lost.device_id)  # the IT person retires the lost laptop
    enrol_elsewhere(registry, profile_root)

    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.decisionsArrived, timeout=WAIT_MS) as announced:
        controller.start()
    new = session.reader.applications.get(sent.id).number
    assert new != taken
    said = status_text(announced.args[0])  # (one line of the status bar: short)
    assert "Нові номери отримала 1 заява: видайте заявникам нові розписки" in said
    assert taken not in said
    box = panel.renumbered_box  # the list, in a window that stays until closed
    assert box is not None and box.isVisible()
    assert "Видайте цим заявникам нові розписки" in box.text()
    assert f"{taken} → {new}  Коваленко Марʼяна" in box.informativeText()
    box.close()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)

    card = ApplicationCard(session, sent.id)
    qtbot.addWidget(card)
    history = [card.history.item(r, 1).text() for r in range(card.history.rowCount())]
    assert f"Новий номер: у реєстрі вже була заява з номером {taken}" in " ".join(history)
    assert history[0] == "Збережено на цьому робочому місці"
    assert history[-2:] == [
        "Доставлено до реєстру",
        "Реєстр: Прийнято до розгляду",
    ]  # words, not codes
    who = {card.history.item(r, 2).text() for r in range(card.history.rowCount())}
    assert "FrontDesk (синхронізація)" in who and "sync" not in who  # in words, not a code
    assert "Олена Петренко" in who and "olena" not in who  # the name, not the login


def test_what_a_round_did_before_the_link_dropped_reaches_the_journal(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    profile_root: Path,
) -> None:
    """A round delivers its first batch, then the link drops: what it delivered is shown
    as sent in the journal at once, not when some later round succeeds (on a bad link,
    maybe hours later)."""
    from bench.data import generate
    from frontdesk.store.outbox import REGISTRY_KEY
    from sync.engine import BATCH_SIZE
    from tests.sync.proxy import DroppingProxy
    from tests.ui.test_journal import make_journal
    from ui.journal_model import STATUS

    count = BATCH_SIZE + 20
    session.db.run(lambda: session.profile.applications.import_batch(generate(count, 4), "o"))
    enrol_elsewhere(registry, profile_root)
    view = make_journal(qtbot, session)
    qtbot.waitUntil(lambda: view.model.total == count, timeout=WAIT_MS)

    def shown_sent() -> int:
        rows = range(view.model.rowCount())
        texts = [view.model.index(row, STATUS).data() for row in rows]
        return texts.count("Надіслано")

    assert shown_sent() == 0
    with DroppingProxy(registry.port, passes=1, drops=1000) as proxy:
        with Profile.open(profile_root) as own:
            own.outbox.set_setting(REGISTRY_KEY, proxy.url)
        controller = SyncController(profile_root, interval=3600, watch_network=False)
        panel = SyncPanel(session, controller)
        qtbot.addWidget(panel)
        try:
            controller.start()
            qtbot.waitUntil(lambda: panel.state == PROBLEM, timeout=WAIT_MS)
            assert proxy.dropped >= 1
            qtbot.waitUntil(lambda: shown_sent() >= BATCH_SIZE, timeout=WAIT_MS)
        finally:
            controller.stop()


def test_a_certificate_not_valid_yet_by_the_laptops_clock_is_named_in_the_strip(
    qtbot: QtBot,
    session: Session,
    controller: SyncController,
    profile_root: Path,
    tmp_path: Path,
) -> None:
    """A background round refused for the registry's certificate dates (the laptop's
    clock behind, played by a certificate valid from the day after tomorrow): the strip
    tells the worker to check the computer's date and time, and shows the date it has."""
    import datetime as dt

    from tests.certificates import CertificateAuthority

    ca = CertificateAuthority(tmp_path / "ca")
    served = ca.issue()
    with RunningRegistry(
        tmp_path / "tls-registry",
        certfile=served.certfile,
        keyfile=served.keyfile,
        ca_bundle=ca.bundle,
    ) as registry:
        registry.cli("community", "add", COMMUNITY, "--name", "Тетерівська")
        code = registry.cli("enrolment-code", COMMUNITY).stdout.strip()
        with Profile.open(profile_root) as own:
            enrol(own, registry.url, code, str(ca.bundle))
        later = ca.issue("later", not_before=dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
        registry.stop()
        registry.certfile, registry.keyfile = later.certfile, later.keyfile
        registry.start()

        panel = SyncPanel(session, controller)
        qtbot.addWidget(panel)
        panel.show()
        controller.start()
        qtbot.waitUntil(lambda: "дату й час" in panel.problem_label.text(), timeout=WAIT_MS)
        assert panel.state == PROBLEM
        said = panel.problem_label.text()
        assert "Перевірте дату й час комп'ютера" in said
        assert f"на ньому зараз {kyiv_now():%d.%m.%Y}" in said


def test_enrolled_at_the_command_line_while_the_app_is_open_sync_starts(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The app was started before the laptop was enrolled ("work offline for now"); the
    IT person then runs ``frontdesk enrol`` with the app open. The app went on saying it
    works without a registry and sent nothing until restarted (or "Sync now" pressed):
    the strip's next look at the profile (every 30 s) now sees the enrolment and starts
    syncing."""
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(controller.stopped, timeout=WAIT_MS):
        controller.start()  # not enrolled: the sync stops at once
    saved = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: panel.pending_label.text() == "Очікують надсилання: 1", timeout=WAIT_MS)
    assert "Реєстр не під" in panel.problem_label.text()

    enrol_elsewhere(registry, profile_root)  # `frontdesk enrol`, another program
    panel.refresh()  # (what its 30-second tick does)
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert panel.pending_label.text() == "Очікують надсилання: 0"
    assert registry.cli("show", saved[0].application.number, "--json").returncode == 0


def test_enrolled_again_at_the_command_line_after_the_token_was_refused_sync_starts(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The registry refused the device token (revoked); the strip says to enrol again, and
    the IT person does, at the command line, with the app open: the app syncs again."""
    enrol_elsewhere(registry, profile_root)
    devices = registry.cli("device", "list", "--community", COMMUNITY).stdout
    device_id = devices.split()[0] if devices.split() else ""
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    registry.cli("device", "revoke", device_id)
    with qtbot.waitSignal(controller.stopped, timeout=WAIT_MS):
        controller.start()  # 401: the token no longer opens anything
    saved = []
    session.write(lambda p: saved.append(p.applications.save(application(), "olena")))
    qtbot.waitUntil(lambda: panel.state == PROBLEM, timeout=WAIT_MS)

    enrol_elsewhere(registry, profile_root)  # `frontdesk enrol` again
    panel.refresh()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert panel.pending_label.text() == "Очікують надсилання: 0"


def test_enrolled_again_at_the_command_line_while_the_apps_sync_runs_it_goes_on(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The IT person enrols the laptop again (``frontdesk enrol``, a new certificate
    bundle say) while the app syncs: the token the app's sync held stopped working with
    the new one, and the app stopped syncing and asked to enrol again, though the laptop
    was enrolled. It goes on with the new token (a 401 that came before the new token was
    in the keyring is followed by it within a look or two)."""
    enrol_elsewhere(registry, profile_root)
    with qtbot.waitSignal(controller.round_finished, timeout=WAIT_MS):
        controller.start()

    enrol_elsewhere(registry, profile_root)  # the same registry: the old token is retired
    saved = save_one(qtbot, session).application
    controller.wake()
    number, app_id = saved.number, saved.id

    def sent() -> bool:
        return session.reader.applications.get(app_id).status is not Status.READY

    qtbot.waitUntil(sent, timeout=WAIT_MS)  # (nobody pressed anything)
    assert number in registry.cli("list", "--json", "--community", COMMUNITY).stdout


def test_a_sync_waiting_for_the_command_lines_round_says_so_then_syncs(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The IT person runs ``frontdesk sync`` (a day's catch-up) while the app is open: the
    app's round waits for that one (one at a time per profile). The strip said "Will be
    sent at the next sync", or "Syncing…" after "Sync now", for as long as the other took;
    it now says what it waits for, then syncs."""
    from frontdesk.exclusive import SYNC_LOCK, ProfileLock

    enrol_elsewhere(registry, profile_root)
    save_one(qtbot, session)
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    other = ProfileLock(profile_root, SYNC_LOCK)  # `frontdesk sync`'s round, under way
    assert other.acquire()
    try:
        controller.start()
        qtbot.waitUntil(lambda: "інша програма" in panel.problem_label.text(), timeout=WAIT_MS)
        assert panel.state == SYNCING and not panel.sync_button.isEnabled()
        panel.refresh()  # (its 30-second tick: the strip goes on saying it waits)
        qtbot.wait(300)
        assert "інша програма" in panel.problem_label.text()
    finally:
        other.release()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert panel.problem_label.text() == "Усе надіслано"


def test_a_decision_cancelled_in_the_back_office_is_announced_and_its_reason_shown(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The resident was told "granted"; the back office finds the decision was wrong and
    reopens the case: the worker is alerted, and the card says why."""
    enrol_elsewhere(registry, profile_root)
    sent = save_one(qtbot, session).application
    number = sent.number
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    controller.start()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    registry.cli("decide", number, "grant")
    with qtbot.waitSignal(panel.decisionsArrived, timeout=WAIT_MS):
        controller.wake()

    reason = "Помилково задоволено: дохід перевищує межу"
    registry.cli("decide", number, "reopen", "--reason", reason)
    with qtbot.waitSignal(panel.decisionsArrived, timeout=WAIT_MS) as announced:
        controller.wake()
    assert status_text(announced.args[0]) == (
        "Скасовано рішення щодо заяв: 1 (їх розглянуть знову; причина — у картці заяви)"
    )
    card = ApplicationCard(session, sent.id)
    qtbot.addWidget(card)
    assert "Прийнято" in card.status_label.text()
    labels = [w.text() for w in card.findChildren(QLabel)]
    assert "Рішення скасовано:" in labels and reason in labels


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_apps_sync_runs_below_the_windows_priority(controller: SyncController) -> None:
    """(at the same priority, on two cores, the journal's repaint after a search waited
    its turn behind the sync: bench gui's stall figure)"""
    controller.start()
    thread = controller._thread
    assert thread is not None and thread.native_id is not None
    window = os.getpriority(os.PRIO_PROCESS, os.getpid())
    for _ in range(500):  # it lowers itself first thing
        if os.getpriority(os.PRIO_PROCESS, thread.native_id) > window:
            break
        time.sleep(0.01)
    assert os.getpriority(os.PRIO_PROCESS, thread.native_id) == window + priority.NICE_STEP
    assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == window


def test_closing_never_waits_on_a_sync_on_the_wire_and_the_next_session_follows_it(
    profile_root: Path, qapp: object
) -> None:
    """The window closed while a round waited on a slow registry: the window's thread
    waited for it (3 s, the window frozen on screen). And a colleague's session opened at
    the lock then said another program was syncing: it was the session before's round,
    which the new one now simply follows. (The round on the wire is played by an opener
    that does not return until let go.)"""
    import threading

    from ui.sync_controller import CLOSING_WAIT_S

    let_go = threading.Event()
    opened: list[str] = []

    def slow(root: Path) -> Profile:
        opened.append("first")
        let_go.wait(30)
        return Profile.open(root)

    first = SyncController(profile_root, interval=60, watch_network=False, opener=slow)
    first.start()
    deadline = time.monotonic() + 10
    while not opened and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    first.stop(CLOSING_WAIT_S)
    assert time.monotonic() - started < 1.0 and first.running  # left behind, not waited on

    def second_opener(root: Path) -> Profile:
        opened.append("second")
        return Profile.open(root)

    second = SyncController(profile_root, interval=60, watch_network=False, opener=second_opener)
    second.start()
    time.sleep(0.5)
    assert opened == ["first"]  # waits for the round before, silently
    let_go.set()
    deadline = time.monotonic() + 10
    while opened != ["first", "second"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert opened == ["first", "second"]
    second.stop()
    first.stop()


def test_a_round_that_reaches_the_registry_outweighs_a_stale_no_network_hint(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    controller: SyncController,
    profile_root: Path,
) -> None:
    """The system said the network was down (its hint stale, or wrong), and the strip said
    "no connection" over rounds that succeeded; a hint of "unknown" counted as down."""
    from PySide6.QtNetwork import QNetworkInformation

    enrol_elsewhere(registry, profile_root)
    save_one(qtbot, session)
    panel = SyncPanel(session, controller)
    qtbot.addWidget(panel)
    panel.show()
    controller._reachability_changed(QNetworkInformation.Reachability.Unknown)
    assert controller.link_up is None
    controller._reachability_changed(QNetworkInformation.Reachability.Disconnected)
    assert controller.link_up is False
    controller.start()
    qtbot.waitUntil(lambda: panel.state == OK, timeout=WAIT_MS)
    assert controller.link_up is True
    assert "Немає зв'язку" not in panel.problem_label.text()
