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
from dataclasses import dataclass
from typing import Any

from frontdesk.model import Application, Status
from frontdesk.store.applications import ApplicationStore, from_row, utc_now
from frontdesk.store.db import Database

CURSOR_KEY = "sync.cursor"
LAST_SUCCESS_KEY = "sync.last_success"
LAST_ERROR_KEY = "sync.last_error"
REGISTRY_KEY = "sync.registry"
CA_BUNDLE_KEY = "sync.ca_bundle"


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    application: Application
    attempts: int


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    in_flight: int
    quarantined: int
    last_success: str | None
    registry: str | None
    last_error: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending + self.in_flight,
            "in_flight": self.in_flight,
            "quarantined": self.quarantined,
            "last_success": self.last_success,
            "registry": self.registry,
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class Quarantined:
    number: str
    application_id: str
    revision: int
    reason: dict[str, Any]


class Outbox:
    def __init__(self, db: Database, applications: ApplicationStore) -> None:
        self._db = db
        self._applications = applications

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
        )

    def setting(self, key: str) -> str | None:
        value = self._db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    # --- moving rows -----------------------------------------------------------------

    def claim(self, items: list[OutboxItem]) -> None:
        """Mark items in flight before any byte of them leaves: they become immutable."""
        with self._db.transaction() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1 "
                "WHERE seq = ? AND state = 'pending'",
                [(item.seq,) for item in items],
            )

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
        delivered item (its row leaves the outbox), ``(item, None, reason)`` for a
        refused one (quarantined with the reason)."""
        with self._db.transaction() as conn:
            for item, ack, reason in results:
                app = item.application
                if ack is not None:
                    self._acknowledged(conn, item, ack)
                elif reason is not None:
                    conn.execute(
                        "UPDATE outbox SET state = 'quarantined', last_error = ? WHERE seq = ?",
                        (json.dumps(reason, ensure_ascii=False), item.seq),
                    )
                    conn.execute(
                        "INSERT INTO audit (at, operator, action, application_id, revision, "
                        "detail) VALUES (?, 'sync', 'quarantined', ?, ?, ?)",
                        (_now(), app.id, app.revision, reason.get("outcome")),
                    )

    def _acknowledged(self, conn: Any, item: OutboxItem, ack: dict[str, Any]) -> None:
        app = item.application
        conn.execute("DELETE FROM outbox WHERE seq = ?", (item.seq,))
        current = conn.execute(
            "SELECT status, revision FROM applications WHERE id = ?", (app.id,)
        ).fetchone()
        if current and current[0] == Status.READY.value and current[1] == app.revision:
            self._applications.set_status(conn, app.id, app.revision, Status.SENT)
        conn.execute(
            "INSERT INTO audit (at, operator, action, application_id, revision, detail) "
            "VALUES (?, 'sync', 'acknowledged', ?, ?, ?)",
            (_now(), app.id, app.revision, json.dumps({"received_at": ack.get("received_at")})),
        )

    def release(self, item: OutboxItem, error: str | None = None) -> None:
        """Back to pending: the registry has not got it (or still needs its attachments)."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'pending', last_error = ? WHERE seq = ?",
                (error, item.seq),
            )

    # --- sync bookkeeping ---------------------------------------------------------------

    def apply_changes(self, changes: list[dict[str, Any]], cursor: str) -> list[dict[str, Any]]:
        """Apply the registry's changes and store the cursor that covers them, together.

        Returns the status changes that were applied (for announcing decisions).
        """
        applied: list[dict[str, Any]] = []
        with self._db.transaction() as conn:
            for change in changes:
                if change.get("kind") == "status":
                    status = Status(change["status"])
                    if self._applications.set_status(
                        conn,
                        change["application_id"],
                        int(change["revision"]),
                        status,
                        change.get("reason") or "",
                    ):
                        applied.append(change)
                elif change.get("kind") == "catalog" and change.get("catalog"):
                    _set(conn, "catalog", json.dumps(change["catalog"], ensure_ascii=False))
            _set(conn, CURSOR_KEY, cursor)
        return applied

    def record_success(self, moment: dt.datetime | None = None) -> None:
        with self._db.transaction() as conn:
            _set(conn, LAST_SUCCESS_KEY, _now(moment))
            conn.execute("DELETE FROM meta WHERE key = ?", (LAST_ERROR_KEY,))

    def record_error(self, code: str, detail: str = "") -> None:
        with self._db.transaction() as conn:
            _set(conn, LAST_ERROR_KEY, json.dumps({"code": code, "detail": detail, "at": _now()}))

    def set_setting(self, key: str, value: str | None) -> None:
        with self._db.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                _set(conn, key, value)

    # --- internals ------------------------------------------------------------------------

    def _items(self, where: str, limit: int) -> list[OutboxItem]:
        rows = self._db.execute(
            "SELECT o.seq, o.attempts, a.revision, o.revision, a.document, a.status, "
            "a.status_reason, a.updated_at FROM outbox o "
            f"JOIN applications a ON a.id = o.application_id WHERE o.{where} "
            "ORDER BY o.seq LIMIT ?",
            (limit,),
        ).fetchall()
        items = []
        for seq, attempts, current_revision, revision, *columns in rows:
            if current_revision != revision:
                continue  # superseded by a newer local revision; that one has its own row
            items.append(OutboxItem(seq, from_row(*columns), attempts))
        return items


def _set(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _now(moment: dt.datetime | None = None) -> str:
    return (moment or utc_now()).astimezone(dt.UTC).isoformat(timespec="seconds")
