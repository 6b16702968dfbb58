"""Device revocations, kept outside the database as well: in the attachments folder.

A lost or stolen laptop is revoked (:meth:`registry.accounts.Accounts.revoke_device`).
A registry database later restored from a copy taken before that still holds the device
as active, and the laptop's old token would work again. Each revocation is therefore
also appended to :data:`LOG` in the attachments folder, which a restore of the database
leaves where it is; when the registry opens, a device the log names revoked, with the
same token, is revoked again (:func:`reapply`). Only ids and token hashes are written:
the log lets no one act as a workstation, and it holds no personal data.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from registry.db import Database, devices

LOG = "revoked-devices.jsonl"
log = logging.getLogger("registry.revocations")


def record(root: Path, device_id: str, token_hash: str, revoked_at: str) -> None:
    """Append a revocation to the folder's log, durably (before the revoke is reported)."""
    root.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"id": device_id, "token_hash": token_hash, "revoked_at": revoked_at},
        ensure_ascii=False,
    )
    with open(root / LOG, "a", encoding="utf-8") as out:
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())


def _logged(root: Path) -> list[dict[str, Any]]:
    try:
        text = (root / LOG).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
        except ValueError:  # (a line cut short by a crash mid-append: the others stand)
            log.warning("%s line %d is not a revocation; skipped", LOG, number)
            continue
        if isinstance(entry, dict) and all(
            isinstance(entry.get(key), str) for key in ("id", "token_hash", "revoked_at")
        ):
            entries.append(entry)
    return entries


def reapply(db: Database, root: Path) -> list[dict[str, Any]]:
    """Revoke again each device the log names whose token the database holds as active (a
    copy restored from before its revocation). Returns those devices (id, workstation,
    community, revoked_at), for the registry to say; nothing else changes."""
    entries = _logged(root)
    if not entries:
        return []
    again: list[dict[str, Any]] = []
    with db.write() as conn:
        for entry in entries:
            done = conn.execute(
                devices.update()
                .where(
                    devices.c.id == entry["id"],
                    devices.c.token_hash == entry["token_hash"],
                    devices.c.revoked_at.is_(None),
                )
                .values(revoked_at=entry["revoked_at"])
            )
            if done.rowcount:
                row = conn.execute(
                    sa.select(devices.c.id, devices.c.workstation, devices.c.community).where(
                        devices.c.id == entry["id"]
                    )
                ).one()
                again.append(
                    {
                        "id": row.id,
                        "workstation": row.workstation,
                        "community": row.community,
                        "revoked_at": entry["revoked_at"],
                    }
                )
    return again
