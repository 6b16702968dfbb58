"""The audit log: who did what, when — to an application, or to many at once (the access
log: an export, a backup, an operator's password). Ids and codes only, no personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any


def stamp(moment: dt.datetime) -> str:
    """A time as the store writes it: UTC, to the second, "…Z"."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def moment_now() -> str:
    """Now, to the microsecond, in a form that sorts as text: when a scan was stored, next
    to when a retention run looked (frontdesk.store.retention)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def write_audit(
    conn: Any,
    operator: str,
    action: str,
    at: dt.datetime,
    *,
    application_id: str | None = None,
    revision: int | None = None,
    detail: str | None = None,
) -> None:
    """One audit row, inside the caller's transaction."""
    conn.execute(
        "INSERT INTO audit (at, operator, action, application_id, revision, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (stamp(at), operator, action, application_id, revision, detail),
    )
