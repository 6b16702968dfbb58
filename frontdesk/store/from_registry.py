"""What the registry, through sync, writes into this laptop's applications.

The worker's own writes (save, import, corrections, drafts discarded) are
:mod:`frontdesk.store.applications`; these are the registry's word on what it holds:

- a status it reported (accepted, returned, granted, refused), a decision with its
  registry time; a decision cancelled (:data:`REOPENED`) makes it accepted again; a
  status of a revision it had returned, while the correction of it is not delivered yet,
  is recorded on that revision, and sets the correction aside unless it is "returned"
  again (:meth:`set_status`);
- a later revision it holds, taken as this laptop's (one restored from an older backup),
  this laptop's own version set aside when it differs (:meth:`take_from_registry`);
- a new number for an application whose number it holds already (:meth:`renumber`).

Each runs inside the caller's transaction: sync records the registry's answers with
:class:`frontdesk.store.outbox.Outbox`, which calls these. Rows are written with
:mod:`frontdesk.store.writing`, as the worker's are.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from frontdesk.differences import differences
from frontdesk.document import canonical_json
from frontdesk.model import Application, Status
from frontdesk.store.applications import Clock, utc_now
from frontdesk.store.audit import stamp
from frontdesk.store.db import Database
from frontdesk.store.decision_time import registry_stamp
from frontdesk.store.numbers import MAX_RENUMBERS, NUMBER_RE, next_in_series, series
from frontdesk.store.reading import ApplicationReading
from frontdesk.store.set_aside import NOT_CONTENT, in_conflict, put_aside
from frontdesk.store.writing import audit, keep_revision, write_row

# The feed's status for a decision the back office cancelled (made in error, or overturned
# on a complaint): the application is accepted again, to be decided anew. Not "accepted",
# which a workstation ignores over a decision (an acceptance read again, or late).
REOPENED = "reopened"
# A correction of a returned revision, not delivered (RegistryWrites.correction_waiting):
# here, or being sent right now.
HELD = "held"
IN_FLIGHT = "in_flight"


class RegistryWrites(ApplicationReading):
    """The registry's writes, on the store's connection (``db``, the profile's: the
    same as :class:`~frontdesk.store.applications.ApplicationStore`'s, whose reads it
    shares)."""

    def __init__(self, db: Database, *, workstation: str, clock: Clock = utc_now) -> None:
        self._db = db
        self._workstation = workstation
        self._clock = clock

    def set_status(
        self,
        conn: Any,
        application_id: str,
        revision: int,
        status: Status,
        reason: str = "",
        at: str | None = None,
        *,
        reopened: bool = False,
    ) -> bool:
        """Record a status the registry reported, inside the caller's transaction.

        Used by sync. ``at``: when the registry recorded it, by its clock; a decision's is
        kept, for its retention window (frontdesk.store.decision_time). Returns False when
        the application or revision is unknown here (for example, a newer local revision
        already replaced it), or when the status is already recorded.

        ``reopened``: the decision was cancelled, the application is accepted again (with
        the reason why); it counts no more towards retention.

        A status of the revision that a correction not delivered yet is based on (the one
        the back office returned) is recorded on that revision (:meth:`_on_returned`):
        returned again, the worker reads the new reason; anything else and the registry no
        longer waits for the correction, which is set aside. Sync gives such a status only
        as the registry's last word on the case, once the feed is read to its end (see
        :meth:`frontdesk.store.outbox.Outbox.apply_changes`).
        """
        now = self._clock()
        # The registry's time of the change goes with it into the history (its detail):
        # the decision's date is the back office's, not when this laptop heard of it (a
        # van's laptop synced days later, and the worker told the resident that day).
        registry_at = registry_stamp(at)
        decided_at = registry_at if status in (Status.GRANTED, Status.REFUSED) else None
        waiting = self.correction_waiting(conn, application_id, revision)
        if waiting == IN_FLIGHT:
            return False  # (being sent now: its answer settles it, then the status)
        if waiting == HELD:
            return self._on_returned(
                conn, application_id, revision, status, reason, registry_at, reopened, now
            )
        # A change the registry reports again (its feed read from the start) changes
        # nothing: not the same status a second time, nor "accepted" over its decision.
        # A stripped case (retention) takes no decision's reason back, nor its own status
        # again; the reason of a reopening or a return is the back office's own words,
        # nothing of the resident's, and what the worker must read.
        words = reopened or status is Status.RETURNED
        changed = conn.execute(
            "UPDATE applications SET status = ?, updated_at = ?, decided_at = ?, "
            "status_reason = CASE WHEN purged_at IS NULL OR ? THEN ? ELSE '' END "
            "WHERE id = ? AND revision = ? AND status != 'draft' "
            "AND (status != ? OR (status_reason != ? AND (purged_at IS NULL OR ?))) "
            "AND (? OR NOT (? = 'accepted' AND status IN ('granted', 'refused', 'returned')))",
            (
                status.value,
                stamp(now),
                decided_at,
                words,
                reason,
                application_id,
                revision,
                status.value,
                reason,
                words,
                reopened,
                status.value,
            ),
        ).rowcount
        if not changed:
            if decided_at is not None:  # (the same decision read again: its registry time,
                conn.execute(  # if this laptop never had it: moved here by an export)
                    "UPDATE applications SET decided_at = ? WHERE id = ? AND revision = ? "
                    "AND status = ? AND decided_at IS NULL",
                    (decided_at, application_id, revision, status.value),
                )
            return False
        action = f"status:{REOPENED if reopened else status.value}"
        audit(conn, "registry", action, application_id, revision, now, registry_at)
        return True

    @staticmethod
    def correction_waiting(conn: Any, application_id: str, revision: int) -> str | None:
        """Whether this laptop holds the correction of ``revision`` (the next revision, not
        delivered: a draft, ready to send, or refused by the registry): :data:`HELD`, or
        :data:`IN_FLIGHT` while it is being sent; None otherwise."""
        row = conn.execute(
            "SELECT revision, status FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        if row is None or int(row[0]) != revision + 1:
            return None
        if row[1] not in (Status.DRAFT.value, Status.READY.value):
            return None
        if not conn.execute(
            "SELECT 1 FROM revisions WHERE application_id = ? AND revision = ?",
            (application_id, revision),
        ).fetchone():
            return None
        in_flight = conn.execute(
            "SELECT 1 FROM outbox WHERE application_id = ? AND state = 'in_flight'",
            (application_id,),
        ).fetchone()
        return IN_FLIGHT if in_flight else HELD

    def _on_returned(
        self,
        conn: Any,
        application_id: str,
        revision: int,
        status: Status,
        reason: str,
        registry_at: str | None,
        reopened: bool,
        now: dt.datetime,
    ) -> bool:
        """Record ``status`` (the registry's, at ``registry_at``) on the returned
        ``revision`` a correction here is based on (its copy in ``revisions``, which the
        correction's reason and a draft discarded read).
        Returned again: the worker reads the new reason. Anything else (refused: the
        correction was not brought; granted; accepted again, the return cancelled): the
        registry takes no correction of it now, so the correction is set aside, kept for
        the worker with its scans (the card's "Не надіслано"; retention removes it with
        the case), and the decided revision is the application again."""
        document = conn.execute(
            "SELECT document FROM revisions WHERE application_id = ? AND revision = ?",
            (application_id, revision),
        ).fetchone()[0]
        base = Application.from_dict(json.loads(document))
        if status is base.status and reason == base.status_reason:
            return False  # (read again)
        if status is Status.ACCEPTED and not reopened and base.status is not Status.ACCEPTED:
            return False  # (an acceptance read again, or late: not over the registry's word)
        base.status, base.status_reason = status, reason
        conn.execute(
            "UPDATE revisions SET document = ? WHERE application_id = ? AND revision = ?",
            (canonical_json(base.to_dict()), application_id, revision),
        )
        action = f"status:{REOPENED if reopened else status.value}"
        decided_at = registry_at if status in (Status.GRANTED, Status.REFUSED) else None
        if status is not Status.RETURNED:
            correction = self._current(application_id)
            assert correction is not None  # (correction_waiting read it)
            put_aside(
                conn,
                application_id,
                correction.revision,
                canonical_json(correction.to_dict()),
                stamp(now),
            )
            conn.execute("DELETE FROM outbox WHERE application_id = ?", (application_id,))
            base.updated_at = stamp(now)
            write_row(conn, base, created=False)  # (its scans stay: the set-aside holds them)
            conn.execute(
                "UPDATE applications SET decided_at = ? WHERE id = ?", (decided_at, application_id)
            )
            audit(conn, "registry", "correction_withdrawn", application_id, revision + 1, now)
        audit(conn, "registry", action, application_id, revision, now, registry_at)
        return True

    def take_from_registry(self, conn: Any, app: Application) -> bool:
        """Make a later revision the registry holds this laptop's current one, inside the
        caller's transaction (sync, before the registry's status for it is applied).

        For a laptop restored from an older backup: the registry has a revision delivered
        after the backup (a correction, say). The revision here is kept in the history, and
        what waited to be sent of it is dropped: the later one replaces it. The same
        revision replaces a draft of it (finished and sent after the backup). False when
        the application is not here, or already has that revision (sent, or decided) or a
        later one.
        """
        current = self._current(app.id) if app.id else None
        if current is None or current.revision > app.revision:
            return False
        same = current.revision == app.revision
        conflict = same and in_conflict(conn, app.id, app.revision)
        if same and current.status is not Status.DRAFT and not conflict:
            return False
        now = self._clock()
        app.number = current.number  # (the registry's, as delivered: the same)
        app.status = Status.SENT
        app.status_reason = ""
        action = "taken_from_registry"
        if not same:
            keep_revision(conn, current)
        elif conflict or differences(current.to_dict(), app.to_dict(), ignore=NOT_CONTENT):
            # This laptop's version, refused; or a draft of it with what was typed here
            # (the backup's, from before it was finished on the lost laptop; a correction
            # begun on two laptops): kept for the worker to see, not lost.
            put_aside(conn, app.id, app.revision, canonical_json(current.to_dict()), stamp(now))
            action = "set_aside"
        conn.execute(
            "DELETE FROM outbox WHERE application_id = ? AND revision < ? AND state != 'in_flight'",
            (app.id, app.revision),
        )
        write_row(conn, app, created=False)
        audit(conn, "registry", action, app.id, app.revision, now)
        return True

    def renumber(
        self, conn: Any, application_id: str, revision: int, after: str | None
    ) -> tuple[str, str] | None:
        """Give an application the registry has not taken yet a new number, inside the
        caller's transaction: the registry holds its number already (a laptop restored
        from an older backup numbers again from where the backup stopped). The new
        one follows every number here and ``after``, the highest the registry holds
        in the series. Returns (old, new), or None when it is no longer that revision
        waiting to be sent, its number is not of this workstation's series (an
        imported one: not this workstation's to give), or it was renumbered
        :data:`MAX_RENUMBERS` times already (a registry to look at). Used by sync.
        """
        app = self._current(application_id)
        if app is None or app.revision != revision or app.status is not Status.READY:
            return None
        old = app.number
        prefix = series(old)
        # (as stored now: ``frontdesk set-workstation`` may have corrected it since)
        stored = conn.execute("SELECT value FROM meta WHERE key = 'workstation'").fetchone()
        self._workstation = str(stored[0]) if stored and stored[0] else self._workstation
        if not (prefix.startswith(f"{self._workstation}-") and NUMBER_RE.match(old)):
            return None
        done = conn.execute(
            "SELECT count(*) FROM audit WHERE application_id = ? AND revision = ? "
            "AND action = 'renumbered'",
            (app.id, app.revision),
        ).fetchone()[0]
        if done >= MAX_RENUMBERS:
            return None
        app.number = next_in_series(conn, prefix, after)
        now = self._clock()
        app.updated_at = stamp(now)
        audit(conn, "sync", "renumbered", app.id, app.revision, now, detail=old)
        write_row(conn, app, created=False)  # (after: the old number stays findable)
        return old, app.number
