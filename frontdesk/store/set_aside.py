"""A worker's version of a revision the registry holds with other content, set aside.

The same application (same id) can be finished on two laptops: a laptop restored from a
backup finishes a draft the lost laptop had already sent, or a returned case moved to a
colleague's laptop by export is corrected on both. The registry keeps the revision that
arrived first and refuses the other as a conflict (``revision.conflict``). The registry's
is the one the back office decides on, so the laptop takes it as the application's (the
decisions then apply to what the registry holds, not to content it never had), and keeps
its own here: the card shows what did not reach the registry. Retention removes it with
the rest of the case's personal data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

CONFLICT = "revision.conflict"


@dataclass(frozen=True)
class SetAside:
    revision: int
    document: dict[str, Any]  # this laptop's version, as it was sent
    at: str  # when it was set aside


def in_conflict(conn: Any, application_id: str, revision: int) -> bool:
    """Whether the registry refused this laptop's ``revision`` of the application as a
    conflict (it holds that revision with other content)."""
    row = conn.execute(
        "SELECT last_error FROM outbox WHERE application_id = ? AND revision = ? "
        "AND state = 'quarantined'",
        (application_id, revision),
    ).fetchone()
    if row is None or not row[0]:
        return False
    try:
        reason = json.loads(row[0])
    except ValueError:
        return False
    return isinstance(reason, dict) and reason.get("error") == CONFLICT


def put_aside(conn: Any, application_id: str, revision: int, document: str, at: str) -> None:
    """Keep ``document`` (this laptop's canonical JSON of the revision) and take the
    revision out of the queue, inside the caller's transaction."""
    conn.execute(
        "INSERT OR REPLACE INTO set_aside (application_id, revision, document, set_aside_at) "
        "VALUES (?, ?, ?, ?)",
        (application_id, revision, document, at),
    )
    conn.execute(
        "DELETE FROM outbox WHERE application_id = ? AND revision = ? AND state = 'quarantined'",
        (application_id, revision),
    )


# What changes of an application at every save, or is the registry's to set: not content.
NOT_CONTENT = frozenset(
    ("revision", "status", "status_reason", "updated_at", "created_at", "operator", "workstation")
)
