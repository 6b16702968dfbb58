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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from frontdesk import messages
from frontdesk.document import hash_text
from frontdesk.model import Application, Status
from frontdesk.store.applications import utc_now
from frontdesk.store.db import Database
from frontdesk.store.decision_time import record_registry_time
from frontdesk.store.from_registry import REOPENED, RegistryWrites

CURSOR_KEY = "sync.cursor"
LAST_SUCCESS_KEY = "sync.last_success"
LAST_ERROR_KEY = "sync.last_error"
REGISTRY_KEY = "sync.registry"
CA_BUNDLE_KEY = "sync.ca_bundle"
# Set while the registry's feed is being read from the start (a new enrolment, a cursor
# the registry no longer knew) and not yet compared with what this laptop delivered: an
# interrupted read starts over, so the comparison always sees the whole feed.
FULL_READ_KEY = "sync.full_read"
# What this laptop holds as delivered, by status: the registry said it holds it.
DELIVERED_STATUSES = ("sent", "accepted", "granted", "refused", "returned")


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


class Outbox:
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
            registry=self.setting(REGISTRY_KEY),
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
        now = _now()
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

    # --- sync bookkeeping ---------------------------------------------------------------

    def apply_changes(
        self,
        changes: list[dict[str, Any]],
        cursor: str,
        later_revisions: Sequence[Application] = (),
        registry_time: str | None = None,
        *,
        settle: bool = True,
    ) -> list[dict[str, Any]]:
        """Apply the registry's changes and store the cursor that covers them, together.

        ``later_revisions``: revisions the registry holds that are later than this laptop's
        (restored from an older backup), taken first so that their statuses apply.
        ``registry_time``: the registry's time the page brought (its ``now``), kept with
        the cursor; retention counts by it (frontdesk.store.decision_time).
        A decision withdraws a correction not delivered yet (see
        :meth:`~frontdesk.store.from_registry.RegistryWrites.set_status`) only when it is
        the last status the changes give its application, and with ``settle`` only: the
        feed read whole tells a case's history again (granted, reopened, returned), and
        only its end is the registry's word now; that reader settles the decisions once
        it has read it all (:meth:`settle_decisions`).
        Returns the status changes that were applied (for announcing decisions).
        """
        applied: list[dict[str, Any]] = []
        last: dict[str, dict[str, Any]] = {}
        with self._db.transaction() as conn:
            for revision in later_revisions:
                self._from_registry.take_from_registry(conn, revision)
            for change in changes:
                if change.get("kind") == "status":
                    last[str(change["application_id"])] = change
                    if self._set_status(conn, change, withdraw=False):
                        applied.append(change)
                elif change.get("kind") == "catalog" and _newer_catalog(conn, change):
                    _set(conn, "catalog", json.dumps(change["catalog"], ensure_ascii=False))
            if settle:
                applied += self._settle(conn, last.values())
            _set(conn, CURSOR_KEY, cursor)
            record_registry_time(conn, registry_time, changes)
        return applied

    def settle_decisions(self, last: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """After the feed was read whole: ``last``, the last status change it gave each
        application; a decision among them withdraws the correction of the revision it
        decides (if one is here, not delivered) and is applied to that revision. Returns
        the changes applied so."""
        with self._db.transaction() as conn:
            return self._settle(conn, last)

    def _settle(self, conn: Any, last: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        decided = (Status.GRANTED.value, Status.REFUSED.value)
        return [
            change
            for change in last
            if change["status"] in decided and self._set_status(conn, change, withdraw=True)
        ]

    def _set_status(self, conn: Any, change: dict[str, Any], *, withdraw: bool) -> bool:
        reopened = change["status"] == REOPENED
        return self._from_registry.set_status(
            conn,
            change["application_id"],
            int(change["revision"]),
            Status.ACCEPTED if reopened else Status(change["status"]),
            change.get("reason") or "",
            change.get("at"),
            reopened=reopened,
            withdraw=withdraw,
        )

    def read_feed_from_start(self) -> None:
        """Forget the cursor and mark the feed as to be read whole (see FULL_READ_KEY)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (CURSOR_KEY,))
            _set(conn, FULL_READ_KEY, "1")

    def send_again_unheld(self, held: dict[str, int]) -> list[tuple[str, int]]:
        """After reading the registry's whole feed: queue again every application this
        laptop delivered (and holds as delivered) whose current revision the feed never
        spoke of
        (``held``: application id → the highest revision the feed named), when its
        content is still here. The registry lost it (restored from an older copy, set up
        anew). In one transaction, with an audit entry each; "accepted" goes back to
        "sent" (the registry does not hold it now), a decision stays as it is. Returns
        the (id, revision) queued, oldest first.
        """
        marks = ", ".join("?" * len(DELIVERED_STATUSES))
        now = _now()
        with self._db.transaction() as conn:
            # Delivered from here: the registry acknowledged that very revision to this
            # laptop (its "sent" audit entry). A document imported with its status from
            # another workstation was never this laptop's to send.
            rows = conn.execute(
                "SELECT a.id, a.revision FROM applications a "
                "JOIN (SELECT DISTINCT application_id, revision FROM audit "
                "      WHERE action = 'sent') s "
                "ON s.application_id = a.id AND s.revision = a.revision "
                f"WHERE a.status IN ({marks}) AND a.purged_at IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.application_id = a.id) "
                "ORDER BY a.rowid",
                DELIVERED_STATUSES,
            ).fetchall()
            lost = [(str(i), int(r)) for i, r in rows if held.get(str(i), 0) < int(r)]
            conn.executemany("INSERT INTO outbox (application_id, revision) VALUES (?, ?)", lost)
            conn.executemany(
                "UPDATE applications SET status = 'sent', updated_at = ? "
                "WHERE id = ? AND revision = ? AND status = 'accepted'",
                [(now, i, r) for i, r in lost],
            )
            conn.executemany(
                "INSERT INTO audit (at, operator, action, application_id, revision, detail) "
                "VALUES (?, 'sync', 'sent_again', ?, ?, NULL)",
                [(now, i, r) for i, r in lost],
            )
            conn.execute("DELETE FROM meta WHERE key = ?", (FULL_READ_KEY,))
        return lost

    def clear_error(self) -> None:
        """Forget the last problem (a new enrolment), without claiming a sync took place."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (LAST_ERROR_KEY,))

    def record_success(self, moment: dt.datetime | None = None) -> None:
        with self._db.transaction() as conn:
            _set(conn, LAST_SUCCESS_KEY, _now(moment))
            conn.execute("DELETE FROM meta WHERE key = ?", (LAST_ERROR_KEY,))

    def record_error(
        self, code: str, detail: str = "", params: Mapping[str, str] | None = None
    ) -> None:
        """Keep the last problem for the status line: its message code, the technical
        detail, and the ``params`` its message is worded with (never personal data)."""
        error: dict[str, Any] = {"code": code, "detail": detail, "at": _now()}
        if params:
            error["params"] = dict(params)
        with self._db.transaction() as conn:
            _set(conn, LAST_ERROR_KEY, json.dumps(error))

    def set_setting(self, key: str, value: str | None) -> None:
        with self._db.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                _set(conn, key, value)

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


def _newer_catalog(conn: Any, change: dict[str, Any]) -> bool:
    """Whether a catalogue the feed brings is newer than the one received before: the feed
    read whole again tells every catalogue ever published, the oldest first, and the
    form must not go back to an old one meanwhile (nor stay there, were the read cut
    short)."""
    catalog = change.get("catalog")
    if not isinstance(catalog, dict):
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'catalog'").fetchone()
    try:
        held = int(json.loads(row[0])["version"]) if row else None
    except (ValueError, TypeError, KeyError):
        held = None  # (unreadable: ServiceCatalog.newest uses the bundled one; replaced)
    try:
        return held is None or int(catalog["version"]) > held
    except (ValueError, TypeError, KeyError):
        return False


def _set(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _now(moment: dt.datetime | None = None) -> str:
    return (moment or utc_now()).astimezone(dt.UTC).isoformat(timespec="seconds")
