"""What the worker copied does not stay on the clipboard for the next person.

Whether FrontDesk owns the clipboard shows only on a real screen (the offscreen platform
keeps the clipboard inside the process and owns nothing): the main window runs under X
(Xvfb), and another program there (a second process) puts its own text on the clipboard.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Another program: puts its text on the clipboard at start and at each "set" line on its
# standard input, and serves it to whoever pastes until "quit" (or a minute).
OTHER_PROGRAM = """
import sys
from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
clipboard = app.clipboard()

def read() -> None:
    line = sys.stdin.readline().strip()
    if line == "set":
        clipboard.setText("текст іншої програми")
        print("set", flush=True)
    else:
        app.quit()

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(read)
QTimer.singleShot(60_000, app.quit)
app.exec()
"""

WINDOW = """
import subprocess, sys, time
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from frontdesk.profile import Profile
from ui.pyside_fixes import keep_singletons_alive

root = Path(sys.argv[1])
with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as profile:
    profile.operators.add("olena", "correct horse", "Олена Петренко")
keep_singletons_alive()
app = QApplication([])

from ui.main_window import MainWindow
from ui.session import open_session
from ui.sync_controller import SyncController

clipboard = app.clipboard()
RNOKPP = "3012345678"
OTHERS = "текст іншої програми"


def settle(until, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    return until()


def state(what):
    selection = clipboard.text(QClipboard.Mode.Selection)
    print(what, repr(clipboard.text()), clipboard.ownsClipboard(), repr(selection), flush=True)


session = open_session(root, "olena")
other = subprocess.Popen(
    [sys.executable, "-c", sys.argv[2]], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
)


def others_text():
    other.stdin.write("set\\n")
    other.stdin.flush()
    assert other.stdout.readline().strip() == "set"
    settle(lambda: clipboard.text() == OTHERS and not clipboard.ownsClipboard())


def window():
    shown = MainWindow(session, SyncController(root, watch_network=False))
    shown.show()
    shown.new_application()
    field = None

    def found():
        nonlocal field
        field = shown.findChild(QLineEdit, "applicant.rnokpp")
        return field is not None

    settle(found, 30)
    return shown, field


def copy(field):
    field.activateWindow()
    field.setFocus()
    field.setText(RNOKPP)
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # (X11: primary)
    QTest.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    settle(lambda: clipboard.text() == RNOKPP)


try:
    shown, field = window()
    copy(field)
    state("copied")
    shown.lock()
    settle(lambda: clipboard.text() == "")
    state("locked")
    shown.unlock()

    others_text()
    shown.lock()
    settle(lambda: False, 0.3)
    state("others-locked")
    shown.unlock()

    copy(field)
    shown.close()  # (the draft is written first, then the window closes)
    settle(lambda: not shown.isVisible(), 15)
    state("closed")

    shown, field = window()
    others_text()
    shown.close()
    settle(lambda: not shown.isVisible(), 15)
    settle(lambda: False, 0.3)
    state("others-closed")
finally:
    other.stdin.write("quit\\n")
    other.stdin.flush()
    other.wait(30)
    session.close()
"""


def test_what_frontdesk_copied_is_cleared_at_the_lock_and_the_close_what_others_did_stays(
    tmp_path: Path,
) -> None:
    """An РНОКПП or IBAN copied from the form stayed on the clipboard for the next person."""
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xvfb-run (Debian xvfb) is required in CI")
        pytest.skip("xvfb-run is not installed: apt-get install -y xvfb libxcb-cursor0")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    screen = [xvfb, "-a", "-s", "-screen 0 1366x768x24"]
    shown = subprocess.run(
        [*screen, sys.executable, "-c", WINDOW, str(tmp_path / "profile"), OTHER_PROGRAM],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert shown.returncode == 0, shown.stderr
    others = "'текст іншої програми'"
    assert shown.stdout.splitlines() == [
        "copied '3012345678' True '3012345678'",
        "locked '' False ''",  # the clipboard, and X11's primary selection
        f"others-locked {others} False ''",  # another program's: left
        "closed '' False ''",
        f"others-closed {others} False ''",
    ]
