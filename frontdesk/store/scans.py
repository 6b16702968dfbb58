"""Scans (attachments) kept no longer than an application holds them.

A scan is stored (``put_blob``) when the worker adds the file, and named by the
application a moment later when its draft is saved. One removed before that
save, or left by a draft or a form that never saved, is held by nothing: a
sweep removes such scans once they are a day old (``blobs_stored`` says when a
scan was last stored, so one being attached right now is never taken).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from frontdesk.store.db import Database

_SCAN = re.compile(r'"sha256":"([0-9a-f]{64})"')
SWEEP_AFTER = dt.timedelta(days=1)


def scans_in(document: str) -> list[str]:
    """The scans a stored document (canonical JSON) names."""
    return _SCAN.findall(document)


def drop_scan(conn: Any, sha256: str, unless_stored_since: str | None = None) -> None:
    """Delete a scan, unless it was stored again since ``unless_stored_since`` (a
    :func:`frontdesk.store.audit.moment_now`): a worker attaching the same file now."""
    if unless_stored_since is not None:
        again = conn.execute(
            "SELECT 1 FROM blobs_stored WHERE sha256 = ? AND stored_at >= ?",
            (sha256, unless_stored_since),
        ).fetchone()
        if again:
            return
    conn.execute("DELETE FROM blobs WHERE sha256 = ?", (sha256,))
    conn.execute("DELETE FROM blobs_stored WHERE sha256 = ?", (sha256,))


def sweep_unheld(db: Database, now: dt.datetime | None = None) -> int:
    """Delete the scans no application or earlier revision names, stored over a day ago;
    returns how many. Reads every document once (~0.7 s at 100,000 applications)."""
    moment = (now or dt.datetime.now(dt.UTC)) - SWEEP_AFTER
    before = moment.isoformat(timespec="microseconds")
    stored = {row[0] for row in db.execute("SELECT sha256 FROM blobs").fetchall()}
    if not stored:
        return 0
    held: set[str] = set()
    for table in ("applications", "revisions"):
        cursor = db.execute(f"SELECT document FROM {table} WHERE document LIKE ?", ('%"sha256"%',))
        for (document,) in cursor:
            held.update(scans_in(document))
    unheld = stored - held
    if not unheld:
        return 0
    swept = 0
    with db.transaction() as conn:
        for sha256 in sorted(unheld):
            named_now = conn.execute(  # (a save since the read above)
                "SELECT 1 FROM applications WHERE status IN ('draft', 'ready') AND document LIKE ?",
                (f'%"{sha256}"%',),
            ).fetchone()
            if named_now:
                continue
            exists = conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
            drop_scan(conn, sha256, unless_stored_since=before)
            gone = not conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
            swept += int(bool(exists) and gone)
    return swept
