"""A real registry process (and a throwaway PostgreSQL) for integration tests.

Shared by the registry's own tests and the sync tests: the registry runs as
``python -m registry.cli serve`` on 127.0.0.1, exactly as deployed, and tests
talk to it over HTTP. Every wait is bounded and every process started here
is stopped by :meth:`RunningRegistry.stop` / :meth:`PostgresCluster.stop`.

    with RunningRegistry(tmp_path) as registry:
        device = registry.enrol()                 # a new community + device token
        requests.post(f"{registry.url}/v1/applications/batch",
                      json=..., headers=device.headers, timeout=10)
        registry.cli("decide", number, "grant")
        registry.stop(); registry.start()         # same port, same database
"""

from __future__ import annotations

import glob
import http.client
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def random_community() -> str:
    """A КАТОТТГ-shaped community code no other test uses."""
    return "UA" + "".join(secrets.choice("0123456789") for _ in range(17))


def _python_env(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("FRONTDESK_REGISTRY_DATABASE", None)  # --database is always given
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class RegistryCommandFailed(RuntimeError):
    def __init__(self, result: subprocess.CompletedProcess[str]) -> None:
        self.result = result
        super().__init__(
            f"{' '.join(result.args)} exited {result.returncode}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )


@dataclass(frozen=True)
class Enrolment:
    """An enrolled workstation: its token, device id and community."""

    token: str
    device_id: str
    community: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class RunningRegistry:
    """``frontdesk-registry serve`` as a child process on 127.0.0.1.

    ``database_url`` defaults to a SQLite file in ``workdir``; attachments go
    to ``workdir / "blobs"``. The admin token is fixed through
    ``FRONTDESK_REGISTRY_ADMIN_TOKEN`` for the server and for :meth:`cli`.

    With ``certfile`` and ``keyfile`` it serves HTTPS (``url`` is https://), and the
    helpers here trust ``ca_bundle``; both may be changed before a :meth:`start` again
    (another certificate on the same port and database).
    """

    def __init__(
        self,
        workdir: Path,
        *,
        database_url: str | None = None,
        port: int | None = None,
        admin_token: str | None = None,
        env: Mapping[str, str | None] | None = None,
        certfile: Path | None = None,
        keyfile: Path | None = None,
        ca_bundle: Path | None = None,
    ) -> None:
        self.workdir = Path(workdir)
        self.certfile = certfile
        self.keyfile = keyfile
        self.ca_bundle = ca_bundle
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{self.workdir / 'registry.db'}"
        self.blobs_dir = self.workdir / "blobs"
        self.port = port or free_port()
        self.admin_token = admin_token or secrets.token_urlsafe(24)
        self.log_path = self.workdir / "registry.log"
        self._env = dict(env or {})
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.certfile is not None else "http"
        return f"{scheme}://{HOST}:{self.port}"

    @property
    def verify(self) -> str | bool:
        """What the helpers' requests verify the registry's certificate with (given
        explicitly, so no REQUESTS_CA_BUNDLE a test sets can change it)."""
        return str(self.ca_bundle) if self.ca_bundle is not None else True

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def env(self, extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
        """The environment the registry's processes run with."""
        return _python_env(
            {"FRONTDESK_REGISTRY_ADMIN_TOKEN": self.admin_token, **self._env, **(extra or {})}
        )

    # --- the server process --------------------------------------------------

    def start(self, timeout: float = 30.0) -> RunningRegistry:
        """Start serving (again: same port, database and blobs) and wait until it answers."""
        if self.running:
            return self
        self._log = self.log_path.open("ab")
        command = [
            sys.executable,
            "-m",
            "registry.cli",
            "--database",
            self.database_url,
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--blobs",
            str(self.blobs_dir),
            "--log-level",
            "warning",
        ]
        if self.certfile is not None:
            command += ["--ssl-certfile", str(self.certfile)]
            if self.keyfile is not None:
                command += ["--ssl-keyfile", str(self.keyfile)]
        self._process = subprocess.Popen(
            command, cwd=self.workdir, env=self.env(), stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._close_log()
                raise RuntimeError(
                    f"the registry exited with {self._process.returncode}:\n{self.log()[-3000:]}"
                )
            try:
                if self._health() == 200:
                    return self
            except (requests.RequestException, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the registry did not answer within {timeout} s:\n{self.log()[-3000:]}")

    def _health(self) -> int:
        """The status of /v1/health. Over HTTPS the certificate is not checked here: a
        test may serve one that no client should accept (expired, not valid yet)."""
        if self.certfile is None:
            return requests.get(f"{self.url}/v1/health", timeout=1).status_code
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(HOST, self.port, timeout=1, context=context)
        try:
            connection.request("GET", "/v1/health")
            return connection.getresponse().status
        finally:
            connection.close()

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int | None:
        """Ask the server to stop (SIGTERM), kill it if it does not; returns its exit status."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            if process.poll() is None:
                process.send_signal(sig)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        finally:
            self._close_log()
        return process.returncode

    def log(self) -> str:
        """What the server printed so far."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> RunningRegistry:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- the command line ----------------------------------------------------

    def cli(
        self,
        *args: str,
        check: bool = True,
        timeout: float = 60.0,
        env: Mapping[str, str | None] | None = None,
        lang: str = "en",
    ) -> subprocess.CompletedProcess[str]:
        """Run ``frontdesk-registry --database <this database> ARGS`` and capture its output,
        in ``lang`` (tests read the English; the back office gets Ukrainian by default)."""
        command = [sys.executable, "-m", "registry.cli", "--database", self.database_url, *args]
        result = subprocess.run(
            command,
            cwd=self.workdir,
            env=self.env({"FRONTDESK_LANG": lang, **(env or {})}),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise RegistryCommandFailed(result)
        return result

    # --- set-up through the admin API (fast: no process per call) ------------

    def _admin_post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(
            f"{self.url}{path}",
            json=body,
            headers=self.admin_headers,
            timeout=10,
            verify=self.verify,
        )
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def add_community(self, code: str | None = None, name: str = "Тестова громада") -> str:
        code = code or random_community()
        self._admin_post("/v1/admin/communities", {"code": code, "name": name})
        return code

    def enrolment_code(self, community: str) -> str:
        return str(self._admin_post("/v1/admin/enrolment-codes", {"community": community})["code"])

    def deliver(self, device: Enrolment, document: dict[str, Any]) -> dict[str, Any]:
        """Send one document as the workstation ``device`` would; the registry's result."""
        from frontdesk.document import content_hash

        response = requests.post(
            f"{self.url}/v1/applications/batch",
            json={"items": [{"document": document, "content_hash": content_hash(document)}]},
            headers=device.headers,
            timeout=15,
            verify=self.verify,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()["results"][0]
        return result

    def enrol(self, community: str | None = None, workstation: str | None = None) -> Enrolment:
        """Enrol a workstation of ``community`` (a new community when None; a fresh
        workstation code when None: a code belongs to one community)."""
        community = community or self.add_community()
        workstation = workstation or "T" + secrets.token_hex(3).upper()
        code = self.enrolment_code(community)
        response = requests.post(
            f"{self.url}/v1/enrol",
            json={"code": code, "workstation": workstation},
            timeout=10,
            verify=self.verify,
        )
        response.raise_for_status()
        data = response.json()
        return Enrolment(data["token"], data["device_id"], data["community"]["code"])


# --- PostgreSQL ---------------------------------------------------------------


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def find_postgres_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` with initdb, else initdb on PATH."""
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    candidates.sort(key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PostgresCluster:
    """A throwaway cluster in a temp folder, trust auth, on 127.0.0.1 and a free port.

    As root the server runs as the ``postgres`` user (it refuses to run as root).
    """

    def __init__(self, bindir: Path, port: int | None = None) -> None:
        self.bindir = bindir
        self.port = port or free_port()
        self.root: Path | None = None
        self._counter = 0

    @property
    def _as_postgres(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if _is_root() else []

    def _run(self, *command: str, timeout: float = 60.0) -> None:
        result = subprocess.run(
            [*self._as_postgres, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self, timeout: float = 60.0) -> PostgresCluster:
        root = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        self.root = root
        if _is_root():
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(root, user.pw_uid, user.pw_gid)
        data = root / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
            timeout=timeout,
        )  # fmt: skip
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D", str(data), "-l", str(root / "log"), "-o", options,
            "-w", "-t", str(int(timeout)), "start",
            timeout=timeout + 5,
        )  # fmt: skip
        return self

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@{HOST}:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname="postgres", autocommit=True,
            connect_timeout=10,
        ) as conn:  # fmt: skip
            conn.execute(sql.encode())

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        self._counter += 1
        name = name or f"registry_{os.getpid()}_{self._counter}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self, timeout: float = 30.0) -> None:
        root, self.root = self.root, None
        if root is None:
            return
        data = root / "data"
        try:
            if (data / "postmaster.pid").exists():
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                    "-t", str(int(timeout)), "stop",
                    timeout=timeout + 5,
                )  # fmt: skip
        finally:
            self._kill_leftover(data)
            shutil.rmtree(root, ignore_errors=True)

    @staticmethod
    def _kill_leftover(data: Path) -> None:
        pid_file = data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return
        try:  # only if it is still our postmaster, not a process that reused the pid
            if str(data) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
