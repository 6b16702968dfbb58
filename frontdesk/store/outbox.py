"""The outbox and the local side of sync state.

An outbox row is written in the same transaction as the application it
sends (see :mod:`frontdesk.store.applications`). This module moves rows
through their states, always in one transaction with what it records:

    pending ──claim──▶ in_flight ──ack──▶ (row removed, application "sent")
                          │  └──rejected / conflict──▶ quarantined ──worker fixes──▶ pending
                          └──missing attachments──▶ pending

``in_flight`` means "maybe delivered": some byte may have left. Such an
application cannot be edited until the registry has said what it holds.
Nothing here reads the clock for ordering: rows go in ``seq`` order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from frontdesk import messages
from frontdesk.document import hash_text
from frontdesk.model import Application
from frontdesk.store.db import Database
from frontdesk.store.feed_side import (
    CURSOR_KEY,
    FULL_READ_KEY,
    FeedSide,
    set_meta,
    utc_stamp,
)
from frontdesk.store.from_registry import RegistryWrites
from frontdesk.text import address_shown

LAST_SUCCESS_KEY = "sync.last_success"
LAST_ERROR_KEY = "sync.last_error"
REGISTRY_KEY = "sync.registry"
CA_BUNDLE_KEY = "sync.ca_bundle"


@dataclass(frozen=True)
class OutboxItem:
    """One revision to send, as stored: its content JSON, content hash and volatile fields.

    The stored content JSON is already canonical, so the hash is computed from it
    directly, and the document is sent as that text with the volatile fields
    (status, its reason, updated_at) appended: :meth:`document_json`, no parsing
    or re-encoding. :attr:`document` parses it for whoever needs the dict.
    """

    seq: int
    attempts: int
    content: str  # canonical content JSON (without the volatile keys), as stored
    content_hash: str
    application_id: str
    revision: int
    number: str
    status: str
    status_reason: str
    updated_at: str | None

    @cached_property
    def document(self) -> dict[str, Any]:
        """The exchange-format document (what :meth:`document_json` says, as a dict)."""
        document: dict[str, Any] = json.loads(self.content)
        document.update(status=self.status, updated_at=self.updated_at)
        if self.status_reason:
            document["status_reason"] = self.status_reason
        return document

    def document_json(self) -> str:
        """The exchange-format document as JSON text: the content with the volatile keys."""
        volatile = [("status", self.status), ("updated_at", self.updated_at)]
        if self.status_reason:
            volatile.append(("status_reason", self.status_reason))
        tail = ",".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in volatile)
        body = self.content.rstrip()[:-1].rstrip()  # without the closing brace
        return f"{body}{'' if body.endswith('{') else ','}{tail}}}"

    @property
    def attachments(self) -> list[str]:
        if '"attachments"' not in self.content:  # most have none: no parsing needed
            return []
        return [str(a["sha256"]) for a in self.document.get("attachments", [])]

    @property
    def application(self) -> Application:
        return Application.from_dict(self.document)


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    in_flight: int
    quarantined: int
    last_success: str | None
    registry: str | None
    last_error: dict[str, Any] | None
    # Corrections of returned applications begun and not finished (drafts of a later
    # revision): not in the outbox, and not sent either.
    corrections: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending + self.in_flight,
            "in_flight": self.in_flight,
            "quarantined": self.quarantined,
            "last_success": self.last_success,
            "registry": self.registry,
            "last_error": self.last_error,
        }

    def error_message(self, lang: str = "uk") -> str:
        """The last problem as the worker reads it ("" when there is none), with what it
        named when it happened (a certificate refused by this laptop's clock names the
        date the laptop had)."""
        if not self.last_error:
            return ""
        params = self.last_error.get("params")
        return messages.text(
            str(self.last_error.get("code")),
            lang,
            **({str(k): v for k, v in params.items()} if isinstance(params, dict) else {}),
        )


@dataclass(frozen=True)
class Quarantined:
    number: str
    application_id: str
    revision: int
    reason: dict[str, Any]


class Renumberings:
    """Renumberings not told yet, read from the audit: a sync round that failed after
    one (a later batch, the pull) still has it told, and each is told once."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._told = int(db.scalar("SELECT coalesce(max(seq), 0) FROM audit"))

    def untold(self) -> list[tuple[str, str]]:
        """(old number, number now) of each renumbering since the last call, oldest first."""
        rows = self._db.execute(
            "SELECT a.seq, a.detail, p.number FROM audit a "
            "JOIN applications p ON p.id = a.application_id "
            "WHERE a.seq > ? AND a.action = 'renumbered' ORDER BY a.seq",
            (self._told,),
        ).fetchall()
        if rows:
            self._told = int(rows[-1][0])
        return [(str(old), str(new)) for _, old, new in rows]


# One outbox row: its place (``seq``) and the revision it holds (a place can be reused).
_THIS_ROW = "seq = ? AND application_id = ? AND revision = ?"


def _row_key(item: OutboxItem) -> tuple[int, str, int]:
    return (item.seq, item.application_id, item.revision)


class Outbox(FeedSide):
    def __init__(self, db: Database, from_registry: RegistryWrites) -> None:
        self._db = db
        self._from_registry = from_registry

    @property
    def folder(self) -> Path:
        """The profile folder (where sync keeps its round lock: frontdesk.exclusive)."""
        return self._db.path.parent

    # --- reading -------------------------------------------------------------------

    def in_flight(self) -> list[OutboxItem]:
        return self._items("state = 'in_flight'", 10_000)

    def being_sent(self, application_id: str, revision: int) -> bool:
        """Whether that revision is on its way to the registry right now (in flight): read
        by its key, not by listing what is in flight (the outbox read whole, ~5 ms with
        100,000 waiting, each time a card opened)."""
        return bool(
            self._db.scalar(
                "SELECT 1 FROM outbox WHERE application_id = ? AND revision = ? "
                "AND state = 'in_flight'",
                (application_id, revision),
            )
        )

    def pending(self, limit: int) -> list[OutboxItem]:
        return self._items("state = 'pending'", limit)

    def quarantined(self) -> list[Quarantined]:
        rows = self._db.execute(
            "SELECT a.number, o.application_id, o.revision, o.last_error FROM outbox o "
            "JOIN applications a ON a.id = o.application_id "
            "WHERE o.state = 'quarantined' ORDER BY o.seq"
        ).fetchall()
        return [Quarantined(r[0], r[1], r[2], json.loads(r[3] or "{}")) for r in rows]

    def refusal(self, application_id: str) -> dict[str, Any] | None:
        """Why the registry refused this application's waiting revision, if it did."""
        reason = self._db.scalar(
            "SELECT last_error FROM outbox WHERE application_id = ? AND state = 'quarantined'",
            (application_id,),
        )
        return None if reason is None else dict(json.loads(reason or "{}"))

    def status(self) -> SyncStatus:
        counts = dict(
            self._db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        error = self.setting(LAST_ERROR_KEY)
        return SyncStatus(
            pending=counts.get("pending", 0),
            in_flight=counts.get("in_flight", 0),
            quarantined=counts.get("quarantined", 0),
            last_success=self.setting(LAST_SUCCESS_KEY),
            registry=address_shown(self.setting(REGISTRY_KEY)),  # (never a password)
            last_error=json.loads(error) if error else None,
            corrections=int(
                self._db.scalar(
                    "SELECT count(*) FROM applications WHERE status = 'draft' AND revision > 1"
                )
            ),
        )

    def setting(self, key: str) -> str | None:
        value = self._db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    # --- moving rows -----------------------------------------------------------------

    def claim(self, limit: int) -> list[OutboxItem]:
        """Take up to ``limit`` pending items and mark them in flight, in one transaction.

        Read and marked together, so the worker cannot change or withdraw an item
        between the two: what is returned is exactly what is now immutable.
        """
        with self._db.transaction() as conn:
            items = self._items("state = 'pending'", limit, conn, attempt=1)
            conn.executemany(
                "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1 WHERE seq = ?",
                [(item.seq,) for item in items],
            )
        return items

    def acknowledge(self, item: OutboxItem, ack: dict[str, Any]) -> None:
        """The registry holds this revision: record it and drop the outbox row, together."""
        self.record_results([(item, ack, None)])

    def quarantine(self, item: OutboxItem, reason: dict[str, Any]) -> None:
        """The registry refused this revision: keep it aside for the worker, with the reason."""
        self.record_results([(item, None, reason)])

    def record_results(
        self, results: list[tuple[OutboxItem, dict[str, Any] | None, dict[str, Any] | None]]
    ) -> None:
        """Record a batch's answers in one transaction: ``(item, ack, None)`` for a
        delivered item (its row leaves the outbox, the application becomes "sent"),
        ``(item, None, reason)`` for a refused one (quarantined with the reason)."""
        now = utc_stamp()
        acked = [(item, ack) for item, ack, _ in results if ack is not None]
        refused = [(item, reason) for item, ack, reason in results if ack is None and reason]
        with self._db.transaction() as conn:
            # A row is known by its place and what it holds: two syncs on one profile (the
            # app's and ``frontdesk sync``) may answer for one row, and SQLite gives a
            # deleted row's place to the next saved: a late answer must not touch that one.
            conn.executemany(
                f"DELETE FROM outbox WHERE {_THIS_ROW}", [_row_key(i) for i, _ in acked]
            )
            conn.executemany(
                "UPDATE applications SET status = 'sent', updated_at = ? "
                "WHERE id = ? AND revision = ? AND status = 'ready'",
                [(now, i.application_id, i.revision) for i, _ in acked],
            )
            conn.executemany(
                f"UPDATE outbox SET state = 'quarantined', last_error = ? WHERE {_THIS_ROW}",
                [(json.dumps(r, ensure_ascii=False), *_row_key(i)) for i, r in refused],
            )
            conn.executemany(
                "INSERT INTO audit (at, operator, action, application_id, revision, detail) "
                "VALUES (?, 'sync', ?, ?, ?, ?)",
                [
                    (now, "sent", i.application_id, i.revision, a.get("received_at"))
                    for i, a in acked
                ]
                + [
                    (now, "quarantined", i.application_id, i.revision, r.get("outcome"))
                    for i, r in refused
                ],
            )

    def renumber(self, item: OutboxItem, after: str | None) -> tuple[str, str] | None:
        """The registry holds this new application's number already: give it the next
        free one (after ``after``, the registry's highest) and queue it again, together.

        Returns (old, new), or None when it cannot be renumbered: then nothing changed
        (it stays in flight, and the caller records the refusal).
        """
        with self._db.transaction() as conn:
            renumbered = self._from_registry.renumber(
                conn, item.application_id, item.revision, after
            )
            if renumbered is not None:
                conn.execute(
                    f"UPDATE outbox SET state = 'pending', last_error = NULL WHERE {_THIS_ROW}",
                    _row_key(item),
                )
        return renumbered

    def renumberings(self) -> Renumberings:
        """What to tell the worker of renumberings from now on, each once."""
        return Renumberings(self._db)

    def release(self, item: OutboxItem, error: str | None = None) -> None:
        """Back to pending: the registry has not got it (or still needs its attachments)."""
        with self._db.transaction() as conn:
            conn.execute(  # (one quarantined meanwhile stays so)
                f"UPDATE outbox SET state = 'pending', last_error = ? "
                f"WHERE {_THIS_ROW} AND state = 'in_flight'",
                (error, *_row_key(item)),
            )

    def send_again_with_scans(self, application_id: str) -> bool:
        """A revision set aside because its scans were not on this computer goes back in
        the queue: the caller found them all here since (``import --scans``)."""
        with self._db.transaction() as conn:
            return bool(
                conn.execute(
                    "UPDATE outbox SET state = 'pending', last_error = NULL "
                    "WHERE application_id = ? AND state = 'quarantined' "
                    "AND json_extract(last_error, '$.error') = 'attachment.missing'",
                    (application_id,),
                ).rowcount
            )

    # --- sync bookkeeping (the registry's feed: frontdesk.store.feed_side) ------------------

    def clear_error(self) -> None:
        """Forget the last problem (a new enrolment), without claiming a sync took place."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (LAST_ERROR_KEY,))

    def record_success(self, moment: dt.datetime | None = None) -> None:
        with self._db.transaction() as conn:
            set_meta(conn, LAST_SUCCESS_KEY, utc_stamp(moment))
            conn.execute("DELETE FROM meta WHERE key = ?", (LAST_ERROR_KEY,))

    def record_error(
        self, code: str, detail: str = "", params: Mapping[str, str] | None = None
    ) -> None:
        """Keep the last problem for the status line: its message code, the technical
        detail, and the ``params`` its message is worded with (never personal data)."""
        error: dict[str, Any] = {"code": code, "detail": detail, "at": utc_stamp()}
        if params:
            error["params"] = dict(params)
        with self._db.transaction() as conn:
            set_meta(conn, LAST_ERROR_KEY, json.dumps(error))

    def set_setting(self, key: str, value: str | None) -> None:
        with self._db.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                set_meta(conn, key, value)

    # --- internals ------------------------------------------------------------------------

    def _items(
        self, where: str, limit: int, conn: Any = None, *, attempt: int = 0
    ) -> list[OutboxItem]:
        """Rows in ``seq`` order with the content of exactly their revision (``attempt``:
        added to their attempts, for the ones being claimed)."""
        rows = (
            (conn or self._db)
            .execute(
                "SELECT o.seq, o.attempts, a.document, o.application_id, o.revision, a.number, "
                "a.status, a.status_reason, a.updated_at "
                "FROM outbox o JOIN applications a "
                "ON a.id = o.application_id AND a.revision = o.revision "
                f"WHERE o.{where} ORDER BY o.seq LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        items = []
        for seq, attempts, text, app_id, revision, number, status, reason, updated in rows:
            item = OutboxItem(
                seq,
                attempts + attempt,
                text,
                hash_text(text),
                app_id,
                revision,
                number,
                status,
                reason,
                updated,
            )
            items.append(item)
        return items


__all__ = [
    "CURSOR_KEY",
    "FULL_READ_KEY",
    "Outbox",
    "OutboxItem",
    "Quarantined",
    "Renumberings",
    "SyncStatus",
]
