"""Starting FrontDesk again on the same profile shows the open window instead of a second one;
after a crash it starts as usual."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from tests.conftest import ROOT
from ui.single_instance import LOCK_FILE, SingleInstance, ask_to_show, server_name

START_S = 30  # a cold start of the app on a busy machine


def test_a_second_start_asks_the_first_to_come_to_the_front(
    qtbot: QtBot, profile_root: Path, qapp: object
) -> None:
    first = SingleInstance(profile_root)
    assert first.acquire()
    first.listen()
    second = SingleInstance(profile_root)
    assert not second.acquire()  # the profile is taken
    # Asked from another process, as a second start asks (the first answers from its loop).
    code = "import sys; from pathlib import Path; from ui.single_instance import ask_to_show; "
    code += f"sys.exit(0 if ask_to_show(Path({str(profile_root)!r})) else 3)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(first.activated, timeout=START_S * 1000):
        asking = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)
    assert asking.wait(timeout=START_S) == 0  # it got the answer
    first.release()
    assert SingleInstance(profile_root).acquire()  # free again once the first has ended


def test_nobody_answers_for_a_profile_that_is_not_open(profile_root: Path, qapp: object) -> None:
    assert not ask_to_show(profile_root, within_ms=300)


def test_a_frozen_first_start_is_not_taken_for_an_answer(profile_root: Path, qapp: object) -> None:
    """The OS accepts the connection of a hung app: without its answer the second start
    says the open one does not answer, instead of silently doing nothing."""
    from PySide6.QtNetwork import QLocalServer

    hung = QLocalServer()
    assert hung.listen(server_name(profile_root))  # listening, never answering
    try:
        assert not ask_to_show(profile_root, within_ms=1500)
    finally:
        hung.close()


def _answers(root: Path) -> bool:
    """The app on ``root`` is up and listening (a knock only brings it to the front)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    up = socket.waitForConnected(200)
    socket.disconnectFromServer()
    return up


@contextmanager
def _app(root: Path) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui", "--data-dir", str(root)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + START_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_the_real_app_opens_once_per_profile_and_again_after_a_crash(
    profile_root: Path, qapp: object
) -> None:
    with _app(profile_root) as first:  # waits at its sign-in dialog
        _wait_until(lambda: _answers(profile_root), "the first start never came up")
        started = time.monotonic()
        with _app(profile_root) as second:
            assert second.wait(timeout=START_S) == 0  # it showed the first and ended
        assert time.monotonic() - started < START_S
        assert first.poll() is None  # the first is still open
        first.kill()  # a power cut: the lock file stays behind
        first.wait(timeout=10)
    assert (profile_root / LOCK_FILE).exists()
    with _app(profile_root) as again:
        _wait_until(lambda: _answers(profile_root), "the app did not start after a crash")
        assert again.poll() is None


def _lock_left_by(root: Path, host: str) -> None:
    """The lock file a FrontDesk on ``host`` leaves behind after a crash (Qt's format: pid,
    app name, host name)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / LOCK_FILE).write_text(f"4242\nfrontdesk\n{host}\n", encoding="utf-8")


def test_a_lock_left_on_another_computer_is_taken_over_when_the_worker_says_so(
    qtbot: QtBot, profile_root: Path, qapp: object
) -> None:
    """The folder was carried over from a laptop that lost power (or this one was renamed):
    Qt never counts such a lock stale, so without asking the app would never start."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.app import _take_over_from

    _lock_left_by(profile_root, "old-laptop")
    instance = SingleInstance(profile_root)
    assert not instance.acquire()
    assert instance.other_computer() == "old-laptop"

    def answer(role: QMessageBox.ButtonRole) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "old-laptop" in box.text()
        [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
        button.click()

    QTimer.singleShot(100, lambda: answer(QMessageBox.ButtonRole.RejectRole))
    assert not _take_over_from("old-laptop", instance)  # "Quit": nothing changes
    assert "old-laptop" in (profile_root / LOCK_FILE).read_text(encoding="utf-8")

    QTimer.singleShot(100, lambda: answer(QMessageBox.ButtonRole.AcceptRole))
    assert _take_over_from("old-laptop", instance)  # "Open here"
    later = SingleInstance(profile_root)
    assert not later.acquire() and later.other_computer() is None  # held here, by this start
    instance.release()
    assert SingleInstance(profile_root).acquire()


def test_a_lock_of_this_computer_is_not_offered_for_taking_over(
    profile_root: Path, qapp: object
) -> None:
    first = SingleInstance(profile_root)
    assert first.acquire()
    second = SingleInstance(profile_root)
    assert not second.acquire() and second.other_computer() is None
    first.release()


def test_a_second_start_during_the_first_starts_update_waits_for_it(
    profile_root: Path, qapp: object
) -> None:
    """The first start after an update brings the database up to date (seconds with many
    applications), answering nobody meanwhile: a second start waits for it and shows it,
    instead of saying it does not answer and to restart the computer."""
    slow_update = (
        "import sys, time\n"
        "from frontdesk.store import db\n"
        "db.MIGRATIONS.append(lambda conn: time.sleep(4))  # a long update\n"
        "import runpy\n"
        "sys.argv[0] = 'ui'\n"
        "runpy.run_module('ui', run_name='__main__')\n"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", slow_update, "--data-dir", str(profile_root)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until(lambda: (profile_root / ".upgrading").exists(), "no update began")
        with _app(profile_root) as second:
            assert second.wait(timeout=START_S) == 0  # it waited, then showed the first
        assert not (profile_root / ".upgrading").exists()
        assert first.poll() is None  # at its sign-in, after the update
    finally:
        if first.poll() is None:
            first.kill()
        first.wait(timeout=10)
