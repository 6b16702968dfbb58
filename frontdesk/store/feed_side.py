"""The outbox's other half: what the registry's feed brings (statuses, later revisions,
catalogues) applied together with the cursor that covers it, the decisions settled once a
feed read from the start is read whole, and what the registry turned out to have lost
queued again. Mixed into :class:`frontdesk.store.outbox.Outbox`, which holds the database
(``_db``) and the writes of what the registry says (``_from_registry``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from frontdesk.model import Application, Status
from frontdesk.store.applications import utc_now
from frontdesk.store.decision_time import record_registry_time
from frontdesk.store.from_registry import REOPENED

if TYPE_CHECKING:
    from frontdesk.store.db import Database
    from frontdesk.store.from_registry import RegistryWrites

CURSOR_KEY = "sync.cursor"
# Set while the registry's feed is being read from the start (a new enrolment, a cursor
# the registry no longer knew) and not yet compared with what this laptop delivered: an
# interrupted read starts over, so the comparison always sees the whole feed.
FULL_READ_KEY = "sync.full_read"
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
                    set_meta(conn, "catalog", json.dumps(change["catalog"], ensure_ascii=False))
            if settle:
                applied += self._settle(conn, last.values())
            set_meta(conn, CURSOR_KEY, cursor)
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
