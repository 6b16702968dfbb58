"""Applications on this workstation, as the worker writes them: save, number, correct,
discard, scans, outbox and audit (finding them again is :mod:`frontdesk.store.reading`,
which the store extends; importing documents from files is
:mod:`frontdesk.store.import_batch`, which it mixes in). Also the retention run's write,
a decided case stripped of its personal data (:mod:`frontdesk.store.retention` decides
which and when).

What the registry writes, through sync (statuses, its later revisions, new numbers), is
:mod:`frontdesk.store.from_registry`; both write rows with :mod:`frontdesk.store.writing`.

Every save writes the application row, its search entry, its outbox entry
(when ready to send) and an audit entry in ONE transaction: all or nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from frontdesk.errors import (
    InvalidInput,
    NotEditable,
    NotFound,
    PersonalDataRemoved,
    ValidationFailed,
)
from frontdesk.model import Application, Status, new_application_id
from frontdesk.store.audit import moment_now, stamp, write_audit
from frontdesk.store.db import Database
from frontdesk.store.decision_time import Cutoff, KnownClock
from frontdesk.store.import_batch import DocumentImport
from frontdesk.store.numbers import (
    keep_discarded,
    next_in_series,
)
from frontdesk.store.rows import (
    DOCUMENT_COLUMNS,
    Filter,
    Summary,
    from_row,
)
from frontdesk.store.writing import (
    SaveResult,
    audit,
    detached,
    drop_removed_scans,
    keep_revision,
    write_row,
)
from frontdesk.text import SORTS_LAST
from frontdesk.validation import Validator
from frontdesk.worktime import in_kyiv

__all__ = ["ApplicationStore", "Clock", "Filter", "SaveResult", "Summary", "from_row", "utc_now"]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ApplicationStore(DocumentImport):
    def __init__(
        self,
        db: Database,
        *,
        workstation: str,
        community: str,
        validator: Validator,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self._workstation = workstation
        self._community = community
        self._validator = validator
        self._clock = clock
        self._known = KnownClock(lambda: self._clock())  # (the store's clock, as it is then)

    @property
    def validator(self) -> Validator:
        return self._validator

    def now(self) -> dt.datetime:
        """This laptop's clock, as the store reads it (often wrong: see DESIGN.md)."""
        return self._clock()

    def _stamp_time(self, conn: Any) -> dt.datetime:
        """The time a worker's write stamps, read in its transaction: this laptop's clock,
        or the latest time known to have come while the clock is known to be behind the
        registry's (:class:`~frontdesk.store.decision_time.KnownClock`)."""
        return self._known.now(conn)

    # --- writing -----------------------------------------------------------------

    def save(self, app: Application, operator: str, *, as_of: str | None = None) -> SaveResult:
        """Save a draft or a ready-to-send application typed on this workstation.

        A draft is saved whatever its problems (nothing typed is lost); a ready
        application must have no errors, or :class:`ValidationFailed` is raised
        and nothing changes.

        ``as_of``: when the caller took ``app`` (:func:`~frontdesk.store.audit.moment_now`;
        a form's autosave waits its turn behind other writes): a scan ``app`` no longer
        names that was stored again since stays (see :func:`drop_removed_scans`).
        """
        if app.status not in (Status.DRAFT, Status.READY):
            raise InvalidInput(what_code="save.status", status=str(app.status))
        app = detached(app)
        app.workstation = self._workstation
        app.operator = operator
        report = self._validator.validate(app)
        if app.status is Status.READY and not report.ok:
            raise ValidationFailed(report)
        with self._db.transaction() as conn:
            now = self._stamp_time(conn)
            if app.consent.given and not app.consent.given_at:
                app.consent.given_at = stamp(now)
            # Checked inside the write transaction: sync (another connection) cannot
            # put this revision in flight between the check and the write.
            existing = self._current(app.id) if app.id else None
            # The code as stored now, not as the form (or this store) read it: the
            # command line may have corrected it since (``frontdesk set-community``,
            # another program on this profile), and restamped the stored applications.
            community = self._stored_community(conn)
            app.community = (existing.community if existing else "") or community
            app.workstation = self._stored_workstation(conn)
            if existing is not None:
                self._check_editable(existing, app)
            elif app.id and self._discarded(conn, app.id):  # (a late autosave: not again)
                raise NotFound(what_code="draft.discarded", number=app.number or app.id)
            created = existing is None
            if created:
                app.id = app.id or new_application_id()
                app.number = self._next_number(conn, now)
                app.created_at = stamp(now)
            app.updated_at = stamp(now)
            write_row(conn, app, created=created)
            if existing is not None:
                drop_removed_scans(conn, existing, app, as_of)
            self._sync_outbox(conn, app)
            action = "created" if created else "saved"
            audit(conn, operator, action, app.id, app.revision, now)
        return SaveResult(app, report, created)

    def start_revision(
        self, application_id: str, operator: str, registry_copy: Application | None = None
    ) -> Application:
        """Begin correcting a returned application: a new revision, as a draft.

        The returned revision is kept unchanged in the history. A correction of it set
        aside before (the back office refused the case, then cancelled the refusal and
        returned it again) is where the draft starts: what the worker typed and scanned.

        A case whose personal data retention removed from this laptop (decided, then
        returned) holds nothing of the person to correct: it starts from
        ``registry_copy``, the returned revision as the registry holds it (sync asks the
        registry for it: ``sync.own_copy``), which takes the stripped record's place in
        the history too. Without it, :class:`PersonalDataRemoved` is raised and nothing
        changes: a correction started from the empty record would send an empty person.
        """
        with self._db.transaction() as conn:
            now = self._stamp_time(conn)
            current = self.get(application_id)  # read inside: a status may just have arrived
            if current.status is not Status.RETURNED:
                raise NotEditable(number=current.number)
            stripped = conn.execute(
                "SELECT purged_at IS NOT NULL FROM applications WHERE id = ?", (application_id,)
            ).fetchone()[0]
            if stripped:
                current = self._from_registry_copy(current, registry_copy)
            kept = conn.execute(
                "SELECT document FROM set_aside WHERE application_id = ? AND revision = ?",
                (application_id, current.revision + 1),
            ).fetchone()
            corrected = copy.deepcopy(current)
            if kept is not None:
                corrected = Application.from_dict(json.loads(kept[0]))
                conn.execute(
                    "DELETE FROM set_aside WHERE application_id = ? AND revision = ?",
                    (application_id, current.revision + 1),
                )
            corrected.revision = current.revision + 1
            corrected.status = Status.DRAFT
            corrected.status_reason = ""
            corrected.operator = operator
            corrected.updated_at = stamp(now)
            keep_revision(conn, current)
            # A refused earlier revision needs no sending any more: this one replaces it.
            conn.execute(
                "DELETE FROM outbox WHERE application_id = ? AND revision < ? "
                "AND state != 'in_flight'",
                (application_id, corrected.revision),
            )
            write_row(conn, corrected, created=False)
            action = "revision_started" if kept is None else "correction_resumed"
            audit(conn, operator, action, application_id, corrected.revision, now)
        return corrected

    @staticmethod
    def _from_registry_copy(current: Application, held: Application | None) -> Application:
        """The returned revision of a stripped case (``current``) as the registry holds it
        (``held``), with the status and reason this laptop has of it (the return)."""
        if held is None:
            raise PersonalDataRemoved(number=current.number)
        if (held.id, held.revision) != (current.id, current.revision):
            raise InvalidInput(
                what_code="correction.registry_copy",
                number=current.number,
                revision=str(current.revision),
            )
        returned = detached(held)
        returned.number = current.number  # (renumbered here: the number on its receipt)
        returned.status, returned.status_reason = current.status, current.status_reason
        returned.workstation, returned.community = current.workstation, current.community
        returned.created_at, returned.updated_at = current.created_at, current.updated_at
        return returned

    def discard_draft(
        self, application_id: str, operator: str, *, as_of: str | None = None
    ) -> Application | None:
        """Throw away a draft that was never sent, and what it holds of the resident.

        A first revision leaves the laptop (row, search entry, scans no other application
        holds); its number is not given again. A correction's draft is cancelled instead:
        the application is again the revision the back office returned, which it holds
        (that revision is returned). The audit log keeps that it was done, by whom, and
        the number. Anything else, or a draft being sent right now, is refused with
        :class:`NotEditable` and nothing changes. ``as_of``: as :meth:`save`'s (a scan of
        the draft attached again since, to another application, stays).
        """
        with self._db.transaction() as conn:
            now = self._stamp_time(conn)
            draft = self.get(application_id)  # read inside: sync may just have taken it
            in_flight = conn.execute(
                "SELECT 1 FROM outbox WHERE application_id = ? AND state = 'in_flight'",
                (application_id,),
            ).fetchone()
            if draft.status is not Status.DRAFT or in_flight:
                raise NotEditable(number=draft.number)
            if draft.revision > 1:
                returned = conn.execute(
                    "SELECT document FROM revisions WHERE application_id = ? AND revision = ?",
                    (application_id, draft.revision - 1),
                ).fetchone()
                if returned is None:
                    raise NotEditable(number=draft.number)
                previous = Application.from_dict(json.loads(returned[0]))
                conn.execute("DELETE FROM outbox WHERE application_id = ?", (application_id,))
                write_row(conn, previous, created=False)
                drop_removed_scans(conn, draft, previous, as_of)
                audit(conn, operator, "correction_discarded", application_id, draft.revision, now)
                return previous
            rowid, name_key, search_ids = conn.execute(
                "SELECT rowid, name_key, search_ids FROM applications WHERE id = ?",
                (application_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO applications_fts (applications_fts, rowid, name_key, search_ids) "
                "VALUES ('delete', ?, ?, ?)",
                (rowid, name_key, search_ids),
            )
            for table in ("outbox", "revisions", "imported_lines", "set_aside"):
                conn.execute(f"DELETE FROM {table} WHERE application_id = ?", (application_id,))
            conn.execute("DELETE FROM applications WHERE rowid = ?", (rowid,))
            drop_removed_scans(conn, draft, Application(), as_of)
            keep_discarded(conn, draft.number)
            audit(conn, operator, "discarded", application_id, 1, now, detail=draft.number)
        return None

    def remove_personal_data(
        self, conn: Any, stub: Application, now: dt.datetime, decided_before: Cutoff
    ) -> bool:
        """Put ``stub``, a decided case with nothing of the person left in it, in the place
        of the application, inside the caller's transaction (frontdesk.store.retention).

        Its earlier revisions go too; its search entry keeps only the number, and its
        import fingerprints (one-way) stay, so a file run again does not import the
        resident a second time. False, and nothing changed, unless it is still that
        revision, decided (granted or refused) before ``decided_before``, with nothing to
        send and not stripped already: sync, on another connection, may have returned it
        or decided it again since the run looked.
        """
        row = conn.execute(
            "SELECT status, updated_at, decided_at FROM applications WHERE id = ? "
            "AND revision = ? "
            "AND purged_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM outbox WHERE application_id = applications.id)",
            (stub.id, stub.revision),
        ).fetchone()
        if (
            row is None
            or row[0] != stub.status.value
            or stub.status not in (Status.GRANTED, Status.REFUSED)
            or decided_before.passed(row[2], row[1]) is None
        ):
            return False
        write_row(conn, stub, created=False)
        conn.execute(
            "UPDATE applications SET purged_at = ?, name_sort = ? WHERE id = ?",
            (stamp(now), SORTS_LAST, stub.id),
        )
        conn.execute("DELETE FROM revisions WHERE application_id = ?", (stub.id,))
        conn.execute("DELETE FROM set_aside WHERE application_id = ?", (stub.id,))
        audit(conn, "retention", "personal_data_removed", stub.id, stub.revision, now)
        return True

    def restamp_community(self, conn: Any, community: str, operator: str) -> int:
        """Give the applications that carry this workstation's community code the corrected
        ``community``, inside the caller's transaction (Profile.change_community, which
        checks that none of them has left the laptop); this store stamps new ones with it
        from now on. Returns how many."""
        now = self._clock()
        old = self._stored_community(conn)
        rows = conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM applications").fetchall()
        changed = 0
        for row in rows:
            app = from_row(*row)
            if app.community != old:
                continue  # (a case moved here from elsewhere keeps its own)
            app.community, app.updated_at = community, stamp(now)
            write_row(conn, app, created=False)
            audit(
                conn,
                operator,
                "community_changed",
                app.id,
                app.revision,
                now,
                f"{old} → {community}",
            )
            changed += 1
        self._community = community
        return changed

    # --- blobs (attachments) ---------------------------------------------------

    def put_blob(self, data: bytes) -> str:
        """Store an attachment's bytes (encrypted with the database); returns its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        with self._db.transaction() as conn:
            # (stored again: a retention run must not delete it now: frontdesk.store.retention)
            conn.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                (digest, len(data), data),
            )
            conn.execute(
                "INSERT OR REPLACE INTO blobs_stored (sha256, stored_at) VALUES (?, ?)",
                (digest, moment_now()),
            )
        return digest

    # --- internals ---------------------------------------------------------------

    def _stored_community(self, conn: Any) -> str:
        """The community code as the profile stores it, read inside the caller's
        transaction (and kept as this store's): another program on this profile may have
        corrected it since this one opened (``frontdesk set-community`` while the app is
        open)."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'community'").fetchone()
        if row and row[0]:
            self._community = str(row[0])
        return self._community

    def _stored_workstation(self, conn: Any) -> str:
        """The workstation code as the profile stores it, read inside the caller's
        transaction (and kept as this store's): it may have been corrected since this store
        opened (``frontdesk set-workstation`` while the app is open: numbering on in the old
        series would issue another laptop's numbers)."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'workstation'").fetchone()
        if row and row[0]:
            self._workstation = str(row[0])
        return self._workstation

    @staticmethod
    def _discarded(conn: Any, application_id: str) -> bool:
        return bool(
            conn.execute(
                "SELECT 1 FROM audit WHERE application_id = ? AND action = 'discarded'",
                (application_id,),
            ).fetchone()
        )

    def _check_editable(self, existing: Application, app: Application) -> None:
        if not existing.status.editable or existing.revision != app.revision:
            raise NotEditable(number=existing.number)
        in_flight = self._db.scalar(
            "SELECT 1 FROM outbox WHERE application_id = ? AND revision = ? "
            "AND state = 'in_flight'",
            (existing.id, existing.revision),
        )
        if in_flight:
            raise NotEditable(number=existing.number)
        app.number, app.created_at = existing.number, existing.created_at

    def _next_number(self, conn: Any, now: dt.datetime) -> str:
        """The next number of this workstation and year, after every number it holds. The
        year of the worker's calendar: at 00:30 on 1 January in Kyiv it is already the new
        one, as the receipt's date says, though UTC is still in the old."""
        return next_in_series(conn, f"{self._workstation}-{in_kyiv(now).year}-")

    def _sync_outbox(self, conn: Any, app: Application) -> None:
        if app.status is Status.READY:
            # A quarantined revision that the worker fixed goes back in the queue.
            conn.execute(
                "INSERT INTO outbox (application_id, revision) VALUES (?, ?) "
                "ON CONFLICT (application_id, revision) DO UPDATE "
                "SET state = 'pending', last_error = NULL WHERE state = 'quarantined'",
                (app.id, app.revision),
            )
        elif app.status is Status.DRAFT:
            # Taken back to a draft before it was sent (or after the registry refused
            # it): nothing to send any more, and no refusal left to show.
            conn.execute(
                "DELETE FROM outbox WHERE application_id = ? AND revision = ? "
                "AND state IN ('pending', 'quarantined')",
                (app.id, app.revision),
            )

    def last_change(self) -> int:
        """The audit's highest sequence: it moves with every change to an application,
        whichever program made it (one look at the audit's key)."""
        return int(self._db.scalar("SELECT coalesce(max(seq), 0) FROM audit"))

    def note_access(self, who: str, action: str, detail: str = "") -> None:
        """The access log: a reading or change of many applications at once (an export, a
        backup, an operator's password set), with who did it; no personal data."""
        with self._db.transaction() as conn:
            write_audit(conn, who, action, self._clock(), detail=detail or None)
