"""Writing one application's rows, inside the caller's transaction: the row and its
search entry, a revision kept in the history, the scans it no longer holds, its audit
entry; and what a save or an import returns (:class:`SaveResult`).

Shared by the worker's writes (:mod:`frontdesk.store.applications`, which also holds
retention's) and the registry's (:mod:`frontdesk.store.from_registry`), so neither
writes a row its own way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontdesk.document import canonical_json, content_hash
from frontdesk.model import Application
from frontdesk.store.audit import write_audit
from frontdesk.store.entry import entry_rowid
from frontdesk.store.rows import row_values
from frontdesk.store.scans import HOLDERS, drop_scan
from frontdesk.validation import Report


def detached(app: Application) -> Application:
    """A copy whose top-level fields and consent the store may set without touching ``app``.

    Nested parts (applicant, household, …) are shared: the store never changes them.
    """
    return dataclasses.replace(app, consent=dataclasses.replace(app.consent))


@dataclass(frozen=True)
class SaveResult:
    application: Application
    report: Report
    created: bool


# The history's actions whose detail is the number an application had before: given a
# new one by the sync (the registry held it) or by ``frontdesk set-workstation``.
RENUMBERINGS = ("renumbered", "workstation_changed")


def former_numbers(conn: Any, application_id: str) -> list[str]:
    """The numbers ``application_id`` had before, oldest first: the receipts handed over
    name them, and a resident calls with one."""
    marks = ", ".join("?" for _ in RENUMBERINGS)
    return [
        str(row[0])
        for row in conn.execute(
            f"SELECT detail FROM audit WHERE application_id = ? AND action IN ({marks}) "
            "AND detail IS NOT NULL ORDER BY seq",
            (application_id, *RENUMBERINGS),
        ).fetchall()
    ]


def renumbered_from(conn: Any, number: str) -> str | None:
    """The application that had ``number`` before it was given another, if any (the
    latest such)."""
    marks = ", ".join("?" for _ in RENUMBERINGS)
    row = conn.execute(
        f"SELECT application_id FROM audit WHERE action IN ({marks}) AND detail = ? "
        "ORDER BY seq DESC LIMIT 1",
        (*RENUMBERINGS, number),
    ).fetchone()
    return str(row[0]) if row else None


def write_row(conn: Any, app: Application, *, created: bool) -> None:
    """Insert or update the application row and its entry in the search index.

    The index is an external-content FTS5 table over ``name_key`` and
    ``search_ids``: an update first removes the old terms, by their old values. An
    update keeps the numbers the application had before findable (:func:`former_numbers`).
    """
    values = row_values(app, () if created else former_numbers(conn, app.id))
    if created:
        rowid = entry_rowid(conn, app.created_at)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        conn.execute(
            f"INSERT INTO applications (rowid, {columns}) VALUES (?, {marks})",
            [rowid, *values.values()],
        )
    else:
        rowid, old_name, old_ids = conn.execute(
            "SELECT rowid, name_key, search_ids FROM applications WHERE id = ?", (app.id,)
        ).fetchone()
        conn.execute(
            "INSERT INTO applications_fts (applications_fts, rowid, name_key, search_ids) "
            "VALUES ('delete', ?, ?, ?)",
            (rowid, old_name, old_ids),
        )
        # (personal data written again, by a correction say: its retention starts over)
        assignments = ", ".join(f"{k} = ?" for k in values if k != "id")
        conn.execute(
            f"UPDATE applications SET {assignments}, purged_at = NULL WHERE id = ?",
            [*(v for k, v in values.items() if k != "id"), app.id],
        )
    conn.execute(
        "INSERT INTO applications_fts (rowid, name_key, search_ids) VALUES (?, ?, ?)",
        (rowid, values["name_key"], values["search_ids"]),
    )


def keep_revision(conn: Any, app: Application) -> None:
    """Keep ``app`` as it is now in the history (``revisions``), before another revision
    takes its place: with its status and reason now (a copy kept before, when a correction
    of it was begun and then set aside or cancelled, has the registry's word of then)."""
    conn.execute(
        "INSERT OR REPLACE INTO revisions (application_id, revision, content_hash, document) "
        "VALUES (?, ?, ?, ?)",
        (app.id, app.revision, content_hash(app), canonical_json(app.to_dict())),
    )


def drop_removed_scans(
    conn: Any, before: Application, after: Application, as_of: str | None = None
) -> None:
    """A scan the worker removed from an application not yet sent leaves the laptop,
    unless another application (or a revision already sent) holds the same file, or it was
    stored again after ``as_of`` (a :func:`frontdesk.store.audit.moment_now`: when the
    caller took ``after``): the worker removed it and attached the same file again before
    this write came, and the form's next save names it. (Left, it goes with the daily
    sweep if nothing names it by then: frontdesk.store.scans.) The applications are read
    once however many scans went (each read is every document)."""
    gone = {a.sha256 for a in before.attachments} - {a.sha256 for a in after.attachments}
    if not gone:
        return
    likes = " OR ".join("document LIKE ?" for _ in gone)
    patterns = [f'%"{sha256}"%' for sha256 in gone]
    held = set()
    for table, _key in HOLDERS:
        for (document,) in conn.execute(
            f"SELECT document FROM {table} WHERE {likes}", patterns
        ).fetchall():
            held |= {sha256 for sha256 in gone if sha256 in document}
    for sha256 in gone - held:
        drop_scan(conn, sha256, unless_stored_since=as_of)


def audit(
    conn: Any,
    operator: str,
    action: str,
    app_id: str,
    revision: int,
    now: dt.datetime,
    detail: str | None = None,
) -> None:
    """Who did what to which application, when: ids only, no personal data."""
    write_audit(
        conn, operator, action, now, application_id=app_id, revision=revision, detail=detail
    )
