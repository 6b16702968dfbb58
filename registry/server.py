"""Run the API on uvicorn: say when it listens, stop cleanly on SIGTERM or SIGINT."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn

from registry.api import create_app
from registry.db import parse_url
from registry.errors import RegistryError
from registry.service import Registry
from registry.sweep import (
    DATABASE_OPTION,
    DEFAULT_GRACE_DAYS,
    BlobSweep,
    DailySweep,
    SweepReport,
    blob_files,
    check_folder,
    report_line,
)

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _after_shutdown(_signum: int, _frame: Any) -> None:
    """The signal has been handled already: uvicorn stopped serving."""


class _Server(uvicorn.Server):
    """uvicorn's server, plus one line on stdout once the socket is bound."""

    def __init__(self, config: uvicorn.Config, banner: str, scheme: str = "http") -> None:
        super().__init__(config)
        self._banner = banner
        self._scheme = scheme

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.should_exit:  # could not bind: uvicorn has said why
            return
        host, port = self.config.host, self.config.port
        for server in getattr(self, "servers", []):
            for sock in server.sockets:
                host, port = sock.getsockname()[:2]
                break
        print(
            f"frontdesk-registry listening on {self._scheme}://{host}:{port} {self._banner}",
            flush=True,
        )


def _said_sweep(report: SweepReport) -> None:
    if report.removed:
        print(f"frontdesk-registry {report_line(report)}", file=sys.stderr, flush=True)


def _not_a_new_database_over_scans(database_url: str, blobs_root: Path) -> None:
    """Refuse to make a new SQLite database (``serve`` in the wrong folder, without
    ``--database``) beside an attachments folder that holds scans: to it every scan would
    be a file with no record, swept at once. (A new PostgreSQL database knows none of the
    scans either: :func:`check_folder` refuses it once opened.)"""
    parsed = parse_url(database_url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(str(parsed.database))
    if path.exists() or not blob_files(blobs_root):
        return
    raise RegistryError(
        f"No registry database at {path.resolve()}, and the attachments folder {blobs_root} holds "
        "scans: a new, empty database would take them for files with no record. Run serve "
        f"where the registry keeps its database, or give it with {DATABASE_OPTION}",
        code="database.missing",
        uk=f"Бази даних реєстру немає за адресою {path.resolve()}, а тека вкладень {blobs_root} "
        "містить скан-копії: нова, порожня база вважала б їх файлами без запису. Запустіть "
        f"serve там, де реєстр тримає свою базу, або вкажіть її через {DATABASE_OPTION}",
    )


def serve(
    database_url: str,
    host: str,
    port: int,
    blobs_root: Path,
    *,
    log_level: str = "info",
    ssl_certfile: Path | None = None,
    ssl_keyfile: Path | None = None,
    sweep_older_than_days: int = DEFAULT_GRACE_DAYS,
) -> int:
    """Serve until a signal arrives; uvicorn turns SIGTERM/SIGINT into a graceful shutdown.

    With ``ssl_certfile`` (and ``ssl_keyfile``, unless the key is in the same PEM file) it
    speaks HTTPS itself; otherwise plain HTTP, for a TLS proxy in front or this computer.
    Scans no application refers to, older than ``sweep_older_than_days``, are removed
    when it starts and then daily (:mod:`registry.sweep`); 0 leaves them to a timer.
    """
    for named in (ssl_certfile, ssl_keyfile):  # (the TLS library names no file it lacks)
        if named is not None and not named.exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(named))
    _not_a_new_database_over_scans(database_url, blobs_root)
    made = not blobs_root.exists()
    blobs_root.mkdir(parents=True, exist_ok=True)
    registry = Registry.open(database_url, blobs_root)
    sweeping: DailySweep | None = None
    try:
        try:  # another database's scans, or not this database's folder: not served, not swept
            check_folder(registry.db, blobs_root)
        except RegistryError:
            if made:  # (a folder made for nothing: `serve` in the wrong folder)
                with contextlib.suppress(OSError):
                    blobs_root.rmdir()
            raise
        for device in registry.reapply_revocations():  # (a database restored from a copy)
            held = f"{device['id']} ({device['workstation'] or '-'}, {device['community']})"
            print(
                f"frontdesk-registry revoked device {held} again: revoked "
                f"{device['revoked_at']}, after the copy of this database was taken",
                file=sys.stderr,
                flush=True,
            )
        upgraded = registry.feed.publish_bundled()
        if upgraded is not None:
            print(
                f"frontdesk-registry published its bundled service catalogue, version {upgraded}, "
                "newer than the one published before",
                file=sys.stderr,
                flush=True,
            )
        if sweep_older_than_days > 0:
            sweeping = DailySweep(
                BlobSweep(registry.db, registry.blobs),
                dt.timedelta(days=sweep_older_than_days),
                _said_sweep,
            ).start()
        config_args: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_level": log_level,
            "timeout_graceful_shutdown": 10,
            "server_header": False,
        }
        if ssl_certfile is not None:
            config_args["ssl_certfile"] = str(ssl_certfile)
            if ssl_keyfile is not None:
                config_args["ssl_keyfile"] = str(ssl_keyfile)
        config = uvicorn.Config(create_app(registry), **config_args)
        # Everything made so far (modules, the app, its routes) lives as long as the
        # process: keep it out of the cyclic collector's full passes, which otherwise
        # rescan it all every few batches (~2 ms per 100-item batch, bench/sync.py).
        gc.collect()
        gc.freeze()
        banner = f"(database {registry.db.url()}, blobs {blobs_root.resolve()})"
        server = _Server(config, banner, "https" if ssl_certfile is not None else "http")
        # uvicorn shuts down gracefully on these, then re-raises the signal with
        # the handlers it found: make those harmless so the exit status is 0.
        previous = {sig: signal.signal(sig, _after_shutdown) for sig in _STOP_SIGNALS}
        try:
            server.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if not server.started:
            return 1
    finally:
        if sweeping is not None:
            sweeping.stop()
        registry.close()
    print("frontdesk-registry stopped", file=sys.stderr, flush=True)
    return 0
