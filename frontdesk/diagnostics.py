"""A diagnostics report an IT person can send: versions, OS, database health, sizes,
outbox state, last sync error, keyring backend — and no personal data.

Everything here is counts, codes and versions. Free text that could carry a
name (a sync error's detail, a quarantine reason) is left out on purpose.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from frontdesk import __version__
from frontdesk.errors import FrontDeskError
from frontdesk.profile import DATABASE_FILE, PROFILE_FILE, Profile
from frontdesk.secrets import DEVICE_TOKEN, backend_name


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _system() -> dict[str, Any]:
    return {
        "os": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def collect(profile: Profile) -> dict[str, Any]:
    db = profile.db
    root = profile.root
    status = profile.outbox.status()
    last_error = status.last_error or {}
    by_status = dict(db.execute("SELECT status, count(*) FROM applications GROUP BY status"))
    outbox = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
    attempts = db.scalar("SELECT max(attempts) FROM outbox") or 0
    integrity = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    cipher_integrity = [row[0] for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]
    return {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": {
            "frontdesk": __version__,
            "python": sys.version.split()[0],
            "sqlite": db.scalar("SELECT sqlite_version()"),
            "sqlcipher": db.scalar("PRAGMA cipher_version"),
            "PySide6": _version("PySide6-Essentials") or _version("PySide6"),
            "requests": _version("requests"),
            "keyring": _version("keyring"),
        },
        "system": _system(),
        "profile": {
            "workstation": profile.workstation,
            "community": profile.community,
            "schema_version": db.schema_version,
            "catalog_version": profile.catalog.version,
            "codifier_objects": profile.places.count(),
            "operators": len(profile.operators.logins()),
        },
        "database": {
            "integrity": integrity[:20],
            "cipher_integrity": cipher_integrity[:20] or ["ok"],
            "file_bytes": _size(root / DATABASE_FILE),
            "wal_bytes": _size(root / f"{DATABASE_FILE}-wal"),
            "page_count": db.scalar("PRAGMA page_count"),
            "free_pages": db.scalar("PRAGMA freelist_count"),
            "applications_by_status": by_status,
            "attachments": db.scalar("SELECT count(*) FROM blobs"),
            "attachment_bytes": db.scalar("SELECT coalesce(sum(size), 0) FROM blobs"),
        },
        "sync": {
            "registry": status.registry,
            "enrolled": bool(profile.secrets.get(DEVICE_TOKEN)),
            "outbox": outbox,
            "max_attempts": attempts,
            "last_success": status.last_success,
            "last_error_code": last_error.get("code"),
            "last_error_at": last_error.get("at"),
        },
        "keyring_backend": backend_name(),
    }


def collect_unopened(root: Path, error: FrontDeskError) -> dict[str, Any]:
    """What can be told when the profile does not open (a lost key, a damaged or missing
    file, a read-only folder): which error, which files are there and how big, versions."""
    from sqlcipher3 import dbapi2

    files = [PROFILE_FILE, DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm"]
    return {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "opened": False,
        "open_error_code": error.code,
        "versions": {
            "frontdesk": __version__,
            "python": sys.version.split()[0],
            "sqlite": dbapi2.sqlite_version,
            "keyring": _version("keyring"),
        },
        "system": _system(),
        "folder": {
            "exists": root.is_dir(),
            "writable": os.access(root, os.W_OK),
            "files": {name: _size(root / name) for name in files if (root / name).exists()},
        },
        "keyring_backend": backend_name(),
    }


def write_json(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def write_report(profile: Profile, path: Path) -> Path:
    return write_json(collect(profile), path)
