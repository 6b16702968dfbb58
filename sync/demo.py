"""``frontdesk demo``: the whole loop on one machine, for a newcomer.

Starts the reference registry as a child process on 127.0.0.1 (by module
name — sync never imports the registry), adds a sample community, creates a
demo profile with the example applications and an operator, enrols it, and
opens the app in a child process (or, with ``--no-gui``, syncs once and
prints the state).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from frontdesk.cli.common import Failed, profile_dir
from frontdesk.command_language import say
from frontdesk.document import parse_json
from frontdesk.paths import data_dir
from frontdesk.profile import Profile

COMMUNITY = "UA18040530000045696"
COMMUNITY_NAME = "Тетерівська територіальна громада (демо)"
OPERATOR, PASSWORD = "demo", "proba-2026"
EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "applications.jsonl"


def register(sub: Any) -> None:
    demo = sub.add_parser(
        "demo",
        help=say(
            "спробувати весь цикл: локальний реєстр, демо-профіль, програма",
            "try the whole loop: local registry, demo profile, app",
        ),
    )
    demo.add_argument(
        "--no-gui",
        action="store_true",
        help=say("один обмін і звіт, без вікна", "sync once and print, no window"),
    )
    demo.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from sync.workstation import connect, enrol  # (the HTTP stack: not at every start)

    if importlib.util.find_spec("registry") is None:
        raise Failed(
            say(
                "Демо потребує еталонного реєстру, якого немає в цій збірці (make run)",
                "The demo needs the reference registry, which this build lacks (make run)",
            )
        )
    root = profile_dir(args) if args.data_dir else data_dir().parent / "demo"
    workdir = root.parent / f"{root.name}-registry"
    workdir.mkdir(parents=True, exist_ok=True)
    registry = _Registry(workdir)
    try:
        registry.start()
        profile = _demo_profile(root)
        try:
            registry.cli("community", "add", COMMUNITY, "--name", COMMUNITY_NAME, check=False)
            # A demo run before this one enrolled this laptop on another port: the registry
            # would take it for a second laptop with the same workstation code.
            for device in json.loads(
                registry.cli("device", "list", "--community", COMMUNITY, "--json")
            ):
                if device["workstation"] == profile.workstation and not device["revoked_at"]:
                    registry.cli("device", "revoke", device["id"])
            code = registry.cli("enrolment-code", COMMUNITY).strip()
            enrol(profile, registry.url, code)
            print(
                say(
                    f"Реєстр: {registry.url}; профіль: {root}; вхід: {OPERATOR} / {PASSWORD}",
                    f"Registry: {registry.url}; profile: {root}; sign in: {OPERATOR} / {PASSWORD}",
                )
            )
            if args.no_gui:
                engine, transport = connect(profile)
                report = engine.sync_once()
                transport.close()
                held = len(json.loads(registry.cli("list", "--json")))
                print(
                    say(
                        f"Надіслано: {report.push.delivered}; у реєстрі заяв: {held}",
                        f"Sent: {report.push.delivered}; applications in the registry: {held}",
                    )
                )
                return 0
        finally:
            profile.close()
        # The app in a child process: sync never imports the GUI (the arrows go down).
        app = [sys.executable, "-m", "frontdesk", "--data-dir", str(root), "gui"]
        return subprocess.run(app, check=False).returncode
    finally:
        registry.stop()


def _demo_profile(root: Path) -> Profile:
    if Profile.exists(root):
        return Profile.open(root)
    profile = Profile.create(root, workstation="DEMO", community=COMMUNITY)
    if EXAMPLES.is_file():
        lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
        profile.applications.import_batch([parse_json(line) for line in lines if line], OPERATOR)
    profile.operators.add(OPERATOR, PASSWORD, "Демо-оператор")
    return profile


class _Registry:
    """The reference registry as a child process on 127.0.0.1."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.database = f"sqlite:///{workdir / 'registry.db'}"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FRONTDESK_REGISTRY_ADMIN_TOKEN": secrets.token_urlsafe(24)}
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def cli(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "registry.cli", "--database", self.database, *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.workdir,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            raise Failed(f"frontdesk-registry {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "registry.cli",
            "--database",
            self.database,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--blobs",
            str(self.workdir / "blobs"),
        ]
        self._log = (self.workdir / "registry.log").open("ab")
        self._process = subprocess.Popen(
            command, stdout=self._log, stderr=self._log, env=self.env, cwd=self.workdir
        )
        import requests

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = self.workdir / "registry.log"
                raise Failed(
                    say(
                        f"Демо-реєстр зупинився; див. {log}",
                        f"The demo registry stopped; see {log}",
                    )
                )
            try:
                if requests.get(f"{self.url}/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise Failed(
            say("Демо-реєстр не запустився за 30 с", "The demo registry did not start in 30 s")
        )

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        if self._log:
            self._log.close()


def _free_port() -> int:
    import socket  # (here: every start builds the command line, which imports this module)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
