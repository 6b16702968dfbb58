"""Settings: connecting to the registry while the worker closes the dialog."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from tests.http_server import serving
from tests.registry_process import RunningRegistry
from tests.ui.conftest import COMMUNITY, main_window
from tests.ui.keyboard import type_text
from ui.session import Session

WAIT_MS = 20_000


def _held(target: str, release: threading.Event) -> type[BaseHTTPRequestHandler]:
    """The way to the registry, slow: each request waits for ``release``, then goes on to
    the registry at ``target`` and its answer comes back as it was."""

    class Held(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            release.wait(WAIT_MS / 1000)
            answer = requests.post(
                target + self.path,
                data=body,
                headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
                timeout=10,
            )
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("Content-Type", ""))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, *_args: object) -> None:
            pass

    return Held


def test_settings_closed_while_connecting_still_tell_the_window_it_is_enrolled(
    qtbot: QtBot, session: Session, profile_root: Path, registry: RunningRegistry
) -> None:
    """(closed while the registry had not answered yet, the dialog dropped the answer: the
    workstation was enrolled, but the window was not told, and nothing was sent until the
    next round)"""
    release = threading.Event()
    code = registry.cli("enrolment-code", COMMUNITY).stdout.strip()
    with (
        serving(_held(registry.url, release)) as slow,
        main_window(qtbot, session, profile_root) as window,
    ):
        dialog = window.open_settings()
        told: list[bool] = []
        dialog.enrolled.connect(lambda: told.append(True))
        type_text(dialog.registry_url, slow)
        type_text(dialog.enrol_code, code)
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        qtbot.wait(200)
        dialog.reject()  # Escape: the worker does not wait
        assert not dialog.isVisible()
        with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
            release.set()
        assert told == [True]
    with Profile.open(profile_root) as profile:
        assert profile.outbox.setting(REGISTRY_KEY) == slow
