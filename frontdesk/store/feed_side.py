"""The outbox's other half: what the registry's feed brings (statuses, later revisions,
catalogues) applied together with the cursor that covers it, what may take a correction
away applied once the feed is read to its end, and what the registry turned out to have
lost queued again. Mixed into :class:`frontdesk.store.outbox.Outbox`, which holds the database
(``_db``) and the writes of what the registry says (``_from_registry``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from frontdesk.model import Application, Status
from frontdesk.store.applications import utc_now
from frontdesk.store.decision_time import record_registry_time
from frontdesk.store.from_registry import IN_FLIGHT, REOPENED

if TYPE_CHECKING:
    from frontdesk.store.db import Database
    from frontdesk.store.from_registry import RegistryWrites

CURSOR_KEY = "sync.cursor"
# Set while the registry's feed is being read from the start (a new enrolment, a cursor
# the registry no longer knew) and not yet compared with what this laptop delivered: an
# interrupted read starts over, so the comparison always sees the whole feed.
FULL_READ_KEY = "sync.full_read"
# The registry's last status so far (application id → change) of a returned revision whose
# correction is here, not delivered: applied once the feed is read to its end (apply_changes).
UNSETTLED_KEY = "sync.unsettled"
# What this laptop holds as delivered, by status: the registry said it holds it.
DELIVERED_STATUSES = ("sent", "accepted", "granted", "refused", "returned")


class FeedSide:
    if TYPE_CHECKING:
        _db: Database
        _from_registry: RegistryWrites

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

        A status of a returned revision whose correction this laptop has not delivered
        yet may take the correction away (set aside:
        :meth:`~frontdesk.store.from_registry.RegistryWrites.set_status`), so only the
        registry's last word on the case may apply: a refusal cancelled later (reopened,
        returned again), on this page or a later one, must leave what the worker typed.
        Such a status waits, the last one per case, with the cursor (:data:`UNSETTLED_KEY`:
        a read cut short between pages goes on from there at the next round) until a page
        read with ``settle``, the feed's last, applies them. Returns the status changes
        that were applied (for announcing decisions).
        """
        applied: list[dict[str, Any]] = []
        with self._db.transaction() as conn:
            waiting = _unsettled(conn)
            for later in later_revisions:
                self._from_registry.take_from_registry(conn, later)
            for change in changes:
                if change.get("kind") == "status":
                    app_id = str(change["application_id"])
                    revision = int(change["revision"])
                    if self._from_registry.correction_waiting(conn, app_id, revision):
                        waiting[app_id] = change
                        continue
                    waiting.pop(app_id, None)  # (a later word on the case: this one)
                    if self._set_status(conn, change):
                        applied.append(change)
                elif change.get("kind") == "catalog" and _newer_catalog(conn, change):
                    set_meta(conn, "catalog", json.dumps(change["catalog"], ensure_ascii=False))
            if settle:
                for app_id, change in list(waiting.items()):
                    revision = int(change["revision"])
                    if self._from_registry.correction_waiting(conn, app_id, revision) == IN_FLIGHT:
                        continue  # (its answer comes first: settled after a later read)
                    del waiting[app_id]
                    if self._set_status(conn, change):
                        applied.append(change)
            if waiting:
                set_meta(conn, UNSETTLED_KEY, json.dumps(waiting, ensure_ascii=False))
            else:
                conn.execute("DELETE FROM meta WHERE key = ?", (UNSETTLED_KEY,))
            set_meta(conn, CURSOR_KEY, cursor)
            record_registry_time(conn, registry_time, changes)
        return applied

    def _set_status(self, conn: Any, change: dict[str, Any]) -> bool:
        reopened = change["status"] == REOPENED
        return self._from_registry.set_status(
            conn,
            change["application_id"],
            int(change["revision"]),
            Status.ACCEPTED if reopened else Status(change["status"]),
            change.get("reason") or "",
            change.get("at"),
            reopened=reopened,
        )

    def read_feed_from_start(self) -> None:
        """Forget the cursor and mark the feed as to be read whole (see FULL_READ_KEY); the
        statuses waiting for the feed's end go too: the whole feed tells them again."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (CURSOR_KEY, UNSETTLED_KEY))
            set_meta(conn, FULL_READ_KEY, "1")

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
        now = utc_stamp()
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


def _unsettled(conn: Any) -> dict[str, dict[str, Any]]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (UNSETTLED_KEY,)).fetchone()
    try:
        found = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


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


def set_meta(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def utc_stamp(moment: dt.datetime | None = None) -> str:
    return (moment or utc_now()).astimezone(dt.UTC).isoformat(timespec="seconds")
