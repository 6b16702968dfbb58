"""The registry as one object, independent of HTTP: what the API and the CLI call.

Each part has one job (:mod:`registry.accounts`, :mod:`registry.intake`,
:mod:`registry.blobs`, :mod:`registry.feed`, :mod:`registry.backoffice`);
this module only wires them to one database, blob folder and clock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import URL

from registry import revocations
from registry.accounts import Accounts
from registry.backoffice import BackOffice
from registry.blobs import BlobStore
from registry.db import Clock, Database, utc_now
from registry.feed import ChangeFeed
from registry.intake import Intake

DATABASE_ENV = "FRONTDESK_REGISTRY_DATABASE"
ADMIN_TOKEN_ENV = "FRONTDESK_REGISTRY_ADMIN_TOKEN"
DEFAULT_DATABASE = "sqlite:///registry.db"
DEFAULT_BLOBS = Path("blobs")


def database_url(explicit: str | None = None) -> str:
    """``--database`` first, then the environment, then ``registry.db`` in this folder."""
    return explicit or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE


class Registry:
    def __init__(
        self,
        db: Database,
        blobs_root: Path = DEFAULT_BLOBS,
        *,
        clock: Clock = utc_now,
        admin_token: str | None = None,
    ) -> None:
        self.db = db
        self.accounts = Accounts(db, clock, admin_token, revocations=blobs_root)
        self.feed = ChangeFeed(db, clock)
        self.intake = Intake(db, self.feed, clock)
        self.blobs = BlobStore(db, blobs_root, clock)
        self.backoffice = BackOffice(db, clock)

    @classmethod
    def open(cls, url: str | URL, blobs_root: Path = DEFAULT_BLOBS) -> Registry:
        """Open (and create, if new) the registry at ``url``; the admin token may come from env."""
        return cls(Database.open(url), blobs_root, admin_token=os.environ.get(ADMIN_TOKEN_ENV))

    def reapply_revocations(self) -> list[dict[str, Any]]:
        """Revoke again the devices the attachments folder's log says were revoked, which
        this database holds as active: a copy of it restored from before their revocation
        (:mod:`registry.revocations`). Returns them."""
        return revocations.reapply(self.db, self.blobs.root)

    def close(self) -> None:
        self.db.close()
