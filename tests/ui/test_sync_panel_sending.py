"""The sync strip while a long round sends: it says it is syncing, its count goes down as
the batches are answered, and it says so in the language switched to meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from bench.data import generate
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from sync.engine import BATCH_SIZE
from tests.registry_process import RunningRegistry
from tests.sync.middlebox import Answer, Middlebox
from tests.ui.test_sync_panel import WAIT_MS, enrol_elsewhere
from ui.i18n import Translations
from ui.session import Session
from ui.sync_controller import SyncController
from ui.sync_panel import OK, SYNCING, SyncPanel

BATCHES = 3
SLOW_S = 0.6  # each batch takes this long at the registry: a slow link


def _slowly(method: str, path: str, _body: bytes) -> Answer | None:
    if path.endswith("/batch"):
        time.sleep(SLOW_S)
    return None  # (then sent on to the registry)


def test_a_long_first_sync_says_it_is_sending_and_counts_down(
    qtbot: QtBot,
    session: Session,
    registry: RunningRegistry,
    profile_root: Path,
    ukrainian: Translations,
) -> None:
    """(a first sync of 30,000 said «Буде надіслано під час наступної синхронізації» all
    the while, its count still until the next tick — or, after a day offline, «Немає
    зв'язку з реєстром» in red while it sent; switched to English meanwhile, a «Sync now»
    round's «Синхронізація…» stayed in Ukrainian)"""
    count = BATCH_SIZE * BATCHES
    session.db.run(lambda: session.profile.applications.import_batch(generate(count, 7), "o"))
    enrol_elsewhere(registry, profile_root)
    with Middlebox(registry.port, answer=_slowly) as box:
        with Profile.open(profile_root) as own:
            own.outbox.set_setting(REGISTRY_KEY, box.url)
            own.outbox.record_error("sync.offline", "ConnectionError")  # yesterday's round
        controller = SyncController(profile_root, interval=3600, watch_network=False)
        panel = SyncPanel(session, controller)
        qtbot.addWidget(panel)
        seen: list[tuple[str, str]] = []
        counts: set[str] = set()

        def look() -> bool:
            seen.append((panel.state, panel.problem_label.text()))
            counts.add(panel.pending_label.text())
            return panel.state == OK

        try:
            controller.start()
            qtbot.waitUntil(look, timeout=WAIT_MS)
            assert (SYNCING, "Синхронізація…") in seen
            during = {text for _, text in seen[seen.index((SYNCING, "Синхронізація…")) :]}
            assert "Буде надіслано під час наступної синхронізації" not in during
            assert not any("Немає зв'язку" in text for text in during)  # (a round ago)
            assert len(counts) > 2  # (all, then fewer as each batch is answered, then none)

            session.db.run(
                lambda: session.profile.applications.import_batch(generate(count, 8), "o")
            )
            panel.sync_now()
            ukrainian.switch("en")
            qtbot.waitUntil(lambda: panel.problem_label.text() == "Syncing…", timeout=WAIT_MS)
            assert panel.state == SYNCING
            qtbot.waitUntil(lambda: panel.report_box is not None, timeout=WAIT_MS)
            panel.report_box.close()
        finally:
            controller.stop()
