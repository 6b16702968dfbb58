"""What intake writes of accepted revisions (a new application, a bulk of them, the
corrected revision of a returned one) and the attachments it finds uploaded in full."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from frontdesk.model import Status
from registry.accounts import Device
from registry.answers import (
    Checked,
    application_row,
    blob_rows,
    revision_row,
    summary_values,
)
from registry.db import (
    Database,
    application_blobs,
    application_revisions,
    applications,
    blobs,
)


class LostRace(Exception):
    """Another transaction stored this application first; answer from what it stored."""


def complete_blobs(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of ``hashes`` name attachments uploaded in full."""
    if not hashes:
        return set()
    return set(
        conn.execute(
            sa.select(blobs.c.sha256).where(
                blobs.c.sha256.in_(sorted(set(hashes))), blobs.c.complete
            )
        ).scalars()
    )


def write_revision(
    conn: Connection,
    device: Device,
    checked: Checked,
    current: Row[Any] | None,
    hashes: list[str],
    received_at: str,
) -> None:
    """Store one item (a new application, or the next revision of a returned one)."""
    app = checked.app
    if current is None:
        conn.execute(applications.insert().values(**application_row(app, received_at)))
    else:
        updated = conn.execute(
            applications.update()
            .where(
                applications.c.id == app.id,
                applications.c.latest_revision == current.latest_revision,
                # (not refused meanwhile: a returned application may be, see registry.decision)
                applications.c.status == current.status,
            )
            .values(**summary_values(app, received_at))
        )
        if updated.rowcount != 1:  # a concurrent writer moved it on: re-read
            raise LostRace(app.id)
    conn.execute(
        application_revisions.insert().values(**revision_row(checked, device, received_at))
    )
    if hashes:
        conn.execute(application_blobs.insert(), blob_rows(app))


def insert_new(
    db: Database, conn: Connection, device: Device, new: list[Checked], received_at: str
) -> None:
    """Bulk-insert new applications: one executemany per table, through the driver."""
    if not new:
        return
    # In one order whatever order the batch came in: two batches naming the same
    # applications or numbers (one batch sent again by another connection, in another
    # order) then wait for each other instead of each holding a row the other needs
    # (a deadlock PostgreSQL breaks only after a second, failing one of them).
    new = sorted(new, key=lambda c: (c.app.number, c.app.id))
    rows = [application_row(c.app, received_at) for c in new]
    columns = list(rows[0])
    conn.exec_driver_sql(
        f"INSERT INTO applications ({', '.join(columns)}) VALUES ({db.placeholders(len(columns))})",
        [tuple(row.values()) for row in rows],  # one function made each: one key order
    )
    conn.exec_driver_sql(
        "INSERT INTO application_revisions "
        "(id, revision, content_hash, document, status, device_id, received_at) "
        f"VALUES ({db.placeholders(3)}, {db.json_placeholder()}, {db.placeholders(3)})",
        [
            (
                c.app.id,
                c.app.revision,
                c.content_hash,
                c.document_text,
                Status.ACCEPTED.value,
                device.id,
                received_at,
            )
            for c in new
        ],
    )
    links = [row for c in new for row in blob_rows(c.app)]
    if links:
        conn.execute(application_blobs.insert(), links)
