"""Two syncs on one profile at once: the app's background sync and ``frontdesk sync``
(each a program with its own connection). One round at a time: the second waits for the
first to end, and never takes the first's batch on the wire for one a crash left behind.

Each test holds the first program's batch at the point that matters (threads and events,
no sleeps) and lets the second run meanwhile.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from frontdesk.errors import NotEditable
from frontdesk.exclusive import SYNC_LOCK, ProfileLock
from frontdesk.model import Attachment
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from sync.engine import SyncEngine
from sync.errors import Offline
from sync.loop import SyncLoop
from sync.reports import SyncReport
from sync.workstation import connect
from tests.conftest import ROOT
from tests.factories import application
from tests.registry_process import RunningRegistry, free_port
from tests.sync.conftest import Workstation, assert_exactly_once

WAIT = 60  # seconds: only a broken test waits this long


class Program:
    """One program on the profile (the app, or the command line): a profile of its own
    and an engine whose batches can be held before they leave."""

    def __init__(self, root: Path, *, registry: str | None = None) -> None:
        self.profile = Profile.open(root)
        self.waiting = threading.Event()  # it waits for the other program's round
        base, self.transport = connect(self.profile)
        if registry is not None:  # (this program's link is down: nothing leaves)
            base, self.transport = self._at(registry, base)
        self.engine = SyncEngine(
            self.profile.outbox, self.profile.applications, base._client, progress=self._progress
        )
        self.before_push: Callable[[], None] = lambda: None
        self.before_upload: Callable[[], None] = lambda: None
        client = base._client
        push, upload = client.push_encoded, client.upload_blob

        def held_push(body: bytes, count: int) -> Any:
            self.before_push()
            return push(body, count)

        def held_upload(sha256: str, data: bytes, **options: Any) -> int:
            self.before_upload()
            return upload(sha256, data, **options)

        client.push_encoded = held_push  # type: ignore[method-assign]
        client.upload_blob = held_upload  # type: ignore[method-assign]

    def _at(self, url: str, base: SyncEngine) -> tuple[SyncEngine, Any]:
        self.transport.close()
        real = self.profile.outbox.setting(REGISTRY_KEY)
        self.profile.outbox.set_setting(REGISTRY_KEY, url)
        try:
            return connect(self.profile)
        finally:
            self.profile.outbox.set_setting(REGISTRY_KEY, real)

    def _progress(self, stage: str, _done: int, _count: int) -> None:
        if stage == "wait":
            self.waiting.set()

    def close(self) -> None:
        self.transport.close()
        self.profile.close()


class Round(threading.Thread):
    """A program's sync round in a thread of its own; what it reported or raised."""

    def __init__(self, program: Program) -> None:
        super().__init__(daemon=True)
        self.program = program
        self.report = SyncReport()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.program.engine.sync_once(self.report)
        except BaseException as exc:
            self.error = exc

    def finish(self) -> None:
        self.join(WAIT)
        assert not self.is_alive(), "a sync round never ended"


@pytest.fixture
def programs(workstation: Workstation) -> Iterator[list[Program]]:
    made: list[Program] = []
    yield made
    for program in made:
        program.close()


def hold(this: threading.Event, other: Program, sending: threading.Event) -> None:
    """Say this batch is about to leave (``this``), then hold it until ``other`` has its
    batch on the wire (``sending``), or waits for this round to end."""
    this.set()
    for _ in range(WAIT * 20):
        if sending.is_set() or other.waiting.is_set():
            return
        sending.wait(0.05)
    raise AssertionError("the other program neither sent nor waited")


def test_a_scan_on_its_way_from_the_app_is_not_sent_again_by_the_command_line(
    workstation: Workstation, programs: list[Program]
) -> None:
    """The app is uploading an application's 2 MB scan on a slow link when the IT person
    runs ``frontdesk sync --once``. The command line took the app's batch for one a crash
    left "maybe delivered": it uploaded the scan a second time, at the same time, and sent
    the application again, and both programs said they had sent it (two "sent" in its
    history)."""
    scan = os.urandom(2_000_000)
    digest = workstation.profile.applications.put_blob(scan)
    app = application()
    app.attachments = [Attachment(digest, "scan.jpg", "image/jpeg", len(scan))]
    saved = workstation.profile.applications.save(app, "oksana").application
    root = workstation.profile.root
    gui, cli = Program(root), Program(root)
    programs += [gui, cli]
    gui_sending, cli_sending = threading.Event(), threading.Event()
    gui.before_upload = lambda: hold(gui_sending, cli, cli_sending)
    cli.before_upload = cli.before_push = cli_sending.set

    first = Round(gui)
    first.start()
    assert gui_sending.wait(WAIT)
    second = Round(cli)
    second.start()
    first.finish()
    second.finish()

    assert first.error is None and second.error is None
    assert first.report.push.delivered == 1
    assert (second.report.push.delivered, second.report.push.bytes_uploaded) == (0, 0)
    assert not cli_sending.is_set()
    assert_exactly_once(workstation, [saved.id])
    sent = workstation.profile.db.scalar(
        "SELECT count(*) FROM audit WHERE application_id = ? AND action = 'sent'", (saved.id,)
    )
    assert sent == 1


def test_a_change_made_after_the_apps_batch_failed_is_not_lost_to_the_command_lines_answer(
    workstation: Workstation, registry: RunningRegistry, programs: list[Program]
) -> None:
    """The app's batch cannot leave (its link is down: the application is editable
    again) while ``frontdesk sync`` sends the same application, taken for one left "maybe
    delivered". The worker corrects the phone number; then the command line's answer for
    the first version arrived and marked the corrected one "sent": the registry never got
    the correction, and nothing said so. Now a correction the worker may make is sent."""
    saved = workstation.profile.applications.save(application(), "oksana").application
    root = workstation.profile.root
    gui = Program(root, registry=f"http://127.0.0.1:{free_port()}")
    cli = Program(root)
    programs += [gui, cli]
    gui_sending, cli_sending, corrected = threading.Event(), threading.Event(), threading.Event()
    gui.before_push = lambda: hold(gui_sending, cli, cli_sending)

    def cli_push() -> None:
        cli_sending.set()
        assert corrected.wait(WAIT)

    cli.before_push = cli_push

    first = Round(gui)
    first.start()
    assert gui_sending.wait(WAIT)
    second = Round(cli)
    second.start()
    first.finish()
    assert isinstance(first.error, Offline)  # nothing left: the application is editable
    changed = workstation.profile.applications.get(saved.id)
    changed.applicant.phone = "+380509999999"
    try:
        workstation.profile.applications.save(changed, "oksana")
        accepted = True
    except NotEditable:  # (the command line's round took it first: it says so)
        accepted = False
    corrected.set()
    second.finish()
    assert second.error is None

    workstation.engine().sync_once()  # what is still to send, goes
    assert_exactly_once(workstation, [saved.id])
    stored = registry.cli("show", saved.number, "--json").stdout
    if accepted:  # the worker was told it is saved: the registry has it
        assert "+380509999999" in stored
        assert workstation.profile.outbox.status().to_dict()["pending"] == 0


def test_frontdesk_sync_waits_for_the_apps_round_and_says_so(
    workstation: Workstation, programs: list[Program]
) -> None:
    """``frontdesk sync --once`` while the app's round is on the wire: the command says
    it waits for the other program, and goes on once that round has ended (it sent the
    app's batch again, and said so as its own)."""
    saved = workstation.profile.applications.save(application(), "oksana").application
    gui = Program(workstation.profile.root)
    programs.append(gui)
    gui_sending, cli_told = threading.Event(), threading.Event()

    def hold_until_the_command_waits() -> None:
        gui_sending.set()
        assert cli_told.wait(WAIT)

    gui.before_push = hold_until_the_command_waits
    first = Round(gui)
    first.start()
    assert gui_sending.wait(WAIT)
    data_dir = str(workstation.profile.root)
    command = [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "sync", "--once"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as cli:
        try:
            assert cli.stderr is not None
            said = cli.stderr.readline()  # (EOF, "", if it never waits)
            cli_told.set()
            first.finish()
            out, err = cli.communicate(timeout=WAIT)
        finally:
            cli_told.set()
            if cli.poll() is None:
                cli.kill()
    assert said.startswith("Цей профіль саме синхронізує інша програма"), said + err
    assert cli.returncode == 0, err
    assert out.startswith("Надіслано: 0, не прийнято: 0"), out
    assert first.error is None and first.report.push.delivered == 1
    assert_exactly_once(workstation, [saved.id])


def test_the_apps_sync_waiting_for_another_programs_round_stops_at_once(
    workstation: Workstation, programs: list[Program]
) -> None:
    """Quitting the app while its sync waits for ``frontdesk sync``'s round: the wait
    ends at once, and no round is said to have taken place."""
    other = ProfileLock(workstation.profile.root, SYNC_LOCK)  # the command line's round, under way
    assert other.acquire()
    try:
        gui = Program(workstation.profile.root)
        programs.append(gui)
        loop = SyncLoop(gui.engine, record_error=lambda *_: None, interval=60)
        thread = threading.Thread(target=loop.run, daemon=True)
        thread.start()
        assert gui.waiting.wait(WAIT)
        loop.stop()
        thread.join(WAIT)
        assert not thread.is_alive()
        assert workstation.profile.outbox.status().last_success is None
    finally:
        other.release()
