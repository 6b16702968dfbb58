"""Applications on this workstation: save, number, outbox and audit (finding them
again is :mod:`frontdesk.store.reading`, which the store extends).

Every save writes the application row, its search entry, its outbox entry
(when ready to send) and an audit entry in ONE transaction: all or nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from frontdesk.differences import differences
from frontdesk.document import canonical_json, content_hash
from frontdesk.errors import (
    DuplicateApplication,
    FrontDeskError,
    InvalidInput,
    NotEditable,
    NotFound,
    ValidationFailed,
)
from frontdesk.model import Application, Status, new_application_id
from frontdesk.store.audit import moment_now, stamp, write_audit
from frontdesk.store.db import Database
from frontdesk.store.decision_time import Cutoff, registry_stamp
from frontdesk.store.duplicates import import_candidates, imported_before
from frontdesk.store.entry import entry_rowid
from frontdesk.store.importing import check_new_status, check_not_future, import_fingerprint
from frontdesk.store.numbers import (
    MAX_RENUMBERS,
    NUMBER_RE,
    keep_discarded,
    last_in_series,
    next_in_series,
    series,
)
from frontdesk.store.numbers import (
    discarded as discarded_number,
)
from frontdesk.store.reading import ApplicationReading
from frontdesk.store.rows import (
    Filter,
    Summary,
    from_row,
    row_values,
)
from frontdesk.store.scans import HOLDERS, drop_scan
from frontdesk.store.set_aside import NOT_CONTENT, in_conflict, put_aside
from frontdesk.text import SORTS_LAST, parse_stamp
from frontdesk.validation import Report, Validator

__all__ = ["ApplicationStore", "Clock", "Filter", "SaveResult", "Summary", "from_row", "utc_now"]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


RERUN_DAYS = 30  # an undated line of a file met again this soon is the file run again
MAX_NUMBER_JUMP = 1000  # how far past its last number a paper receipt's number may be


def _detached(app: Application) -> Application:
    """A copy whose top-level fields and consent the store may set without touching ``app``.

    Nested parts (applicant, household, …) are shared: the store never changes them.
    """
    return dataclasses.replace(app, consent=dataclasses.replace(app.consent))


@dataclass(frozen=True)
class SaveResult:
    application: Application
    report: Report
    created: bool


class ApplicationStore(ApplicationReading):
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

    @property
    def validator(self) -> Validator:
        return self._validator

    def now(self) -> dt.datetime:
        """This laptop's clock, as the store reads it (often wrong: see DESIGN.md)."""
        return self._clock()

    # --- writing -----------------------------------------------------------------

    def save(self, app: Application, operator: str) -> SaveResult:
        """Save a draft or a ready-to-send application typed on this workstation.

        A draft is saved whatever its problems (nothing typed is lost); a ready
        application must have no errors, or :class:`ValidationFailed` is raised
        and nothing changes.
        """
        if app.status not in (Status.DRAFT, Status.READY):
            raise InvalidInput(what_code="save.status", status=str(app.status))
        app = _detached(app)
        app.workstation = self._workstation
        app.community = app.community or self._community
        app.operator = operator
        report = self._validator.validate(app)
        if app.status is Status.READY and not report.ok:
            raise ValidationFailed(report)
        now = self._clock()
        if app.consent.given and not app.consent.given_at:
            app.consent.given_at = stamp(now)
        with self._db.transaction() as conn:
            # Checked inside the write transaction: sync (another connection) cannot
            # put this revision in flight between the check and the write.
            existing = self._current(app.id) if app.id else None
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
            self._write(conn, app, created=created)
            if existing is not None:
                self._drop_removed_scans(conn, existing, app)
            self._sync_outbox(conn, app)
            action = "created" if created else "saved"
            self._audit(conn, operator, action, app.id, app.revision, now)
        return SaveResult(app, report, created)

    @staticmethod
    def _drop_removed_scans(conn: Any, before: Application, after: Application) -> None:
        """A scan the worker removed from an application not yet sent leaves the laptop,
        unless another application (or a revision already sent) holds the same file. The
        applications are read once however many scans went (each read is every document)."""
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
            drop_scan(conn, sha256)

    def import_document(self, app: Application, operator: str) -> SaveResult:
        """Store one document converted from paper or another workstation.

        See :meth:`import_batch`; raises the document's error instead of returning it.
        """
        [outcome] = self.import_batch([app], operator)
        if isinstance(outcome, FrontDeskError):
            raise outcome
        return outcome

    def import_batch(
        self,
        apps: list[Application],
        operator: str,
        *,
        skip_imported: bool = False,
        refuse_duplicates: bool = False,
    ) -> list[SaveResult | FrontDeskError]:
        """Store documents in one transaction, each one all-or-nothing on its own.

        Keeps the id, number, status and timestamps a document carries and
        assigns the missing ones. A document with errors is rejected (its
        :class:`ValidationFailed` or :class:`InvalidInput` is returned in its
        place) unless it is a draft. Importing the same revision again changes
        nothing. Errors of the environment (disk full, …) abort the batch.

        For people's files (paper converted, spreadsheets): with ``skip_imported``
        a document imported before — the same content, whatever number the store
        gave it — changes nothing either; with ``refuse_duplicates`` one for a person
        who already has an undecided application for one of its services is refused
        (:class:`DuplicateApplication`).
        """
        outcomes: list[SaveResult | FrontDeskError] = []
        now = self._clock()
        with self._db.transaction() as conn:
            for app in apps:
                conn.execute("SAVEPOINT document")
                try:
                    outcomes.append(
                        self._import_one(
                            conn,
                            _detached(app),
                            operator,
                            now,
                            skip_imported=skip_imported,
                            refuse_duplicates=refuse_duplicates,
                        )
                    )
                except (ValidationFailed, InvalidInput) as exc:
                    conn.execute("ROLLBACK TO document")
                    outcomes.append(exc)
                conn.execute("RELEASE document")
        return outcomes

    def _import_one(
        self,
        conn: Any,
        app: Application,
        operator: str,
        now: dt.datetime,
        *,
        skip_imported: bool,
        refuse_duplicates: bool,
    ) -> SaveResult:
        new = not app.id  # never numbered or sent from anywhere (docs/format.md)
        if new:  # taken here: this workstation's, whatever a spreadsheet's column said
            app.community, app.workstation = self._community, self._workstation
        app.operator = app.operator or operator
        report = self._validator.validate(app)
        if app.status is not Status.DRAFT and not report.ok:
            raise ValidationFailed(report)
        check_not_future(app, now)
        check_new_status(app)
        if app.id:
            existing = self._current(app.id)
            if existing is not None:
                same = existing.revision == app.revision
                if same and content_hash(existing) == content_hash(app):
                    return SaveResult(existing, report, False)
                raise InvalidInput(what_code="import.other_revision", id=app.id)
        fingerprint = None if app.id else import_fingerprint(app)
        # Both rules are for people's files (paper converted, spreadsheets): a document
        # with an id was numbered already (an export: this laptop's own when moving to
        # another, another workstation's), and the worker chose then to save it.
        skip_imported = skip_imported and not app.id
        refuse_duplicates = refuse_duplicates and not app.id
        if skip_imported:
            earlier = self._imported_line(conn, app, fingerprint, now)
            if earlier is not None:  # whatever became of it since: decided, corrected
                return SaveResult(earlier, report, False)
        if skip_imported or refuse_duplicates:
            undecided = self.open_duplicates(app)  # one look serves both rules
            earlier = (  # (lines stored before the import kept fingerprints)
                imported_before(app, import_candidates(self._db, app, undecided), self._current)
                if skip_imported
                else None
            )
            if earlier is not None:
                return SaveResult(earlier, report, False)
            if refuse_duplicates and undecided:
                raise DuplicateApplication(number=undecided[0].number)
        app.id = app.id or new_application_id()
        if app.number:
            self._claim_number(conn, app.number, typed=new)
        else:
            app.number = self._next_number(conn, now)
        app.created_at = app.created_at or stamp(now)
        app.updated_at = app.updated_at or app.created_at
        if app.consent.given and not app.consent.given_at:
            app.consent.given_at = app.created_at
        self._write(conn, app, created=True)
        if fingerprint is not None:
            conn.execute(
                "INSERT OR REPLACE INTO imported_lines (fingerprint, application_id, imported_at) "
                "VALUES (?, ?, ?)",
                (fingerprint, app.id, stamp(now)),
            )
        self._sync_outbox(conn, app)
        self._audit(conn, operator, "imported", app.id, app.revision, now)
        return SaveResult(app, report, True)

    def _imported_line(
        self, conn: Any, app: Application, fingerprint: str | None, now: dt.datetime
    ) -> Application | None:
        """The application this line of a file was stored as before, if it is the same line:
        one dated (its creation time says which application it is), or one imported within
        :data:`RERUN_DAYS` (a file run again). An undated line met again later is the same
        person applying again with the same data: a new application."""
        row = conn.execute(
            "SELECT application_id, imported_at FROM imported_lines WHERE fingerprint = ?",
            (fingerprint,),
        ).fetchone()
        if row is None:
            return None
        imported_at = parse_stamp(row[1])
        recent = imported_at is not None and now - imported_at < dt.timedelta(days=RERUN_DAYS)
        return self._current(row[0]) if app.created_at or recent else None

    def start_revision(self, application_id: str, operator: str) -> Application:
        """Begin correcting a returned application: a new revision, as a draft.

        The returned revision is kept unchanged in the history.
        """
        now = self._clock()
        with self._db.transaction() as conn:
            current = self.get(application_id)  # read inside: a status may just have arrived
            if current.status is not Status.RETURNED:
                raise NotEditable(number=current.number)
            corrected = copy.deepcopy(current)
            corrected.revision = current.revision + 1
            corrected.status = Status.DRAFT
            corrected.status_reason = ""
            corrected.operator = operator
            corrected.updated_at = stamp(now)
            self._keep_revision(conn, current)
            # A refused earlier revision needs no sending any more: this one replaces it.
            conn.execute(
                "DELETE FROM outbox WHERE application_id = ? AND revision < ? "
                "AND state != 'in_flight'",
                (application_id, corrected.revision),
            )
            self._write(conn, corrected, created=False)
            self._audit(conn, operator, "revision_started", application_id, corrected.revision, now)
        return corrected

    def discard_draft(self, application_id: str, operator: str) -> Application | None:
        """Throw away a draft that was never sent, and what it holds of the resident.

        A first revision leaves the laptop (row, search entry, scans no other application
        holds); its number is not given again. A correction's draft is cancelled instead:
        the application is again the revision the back office returned, which it holds
        (that revision is returned). The audit log keeps that it was done, by whom, and
        the number. Anything else, or a draft being sent right now, is refused with
        :class:`NotEditable` and nothing changes.
        """
        now = self._clock()
        with self._db.transaction() as conn:
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
                self._write(conn, previous, created=False)
                self._drop_removed_scans(conn, draft, previous)
                self._audit(
                    conn, operator, "correction_discarded", application_id, draft.revision, now
                )
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
            self._drop_removed_scans(conn, draft, Application())
            keep_discarded(conn, draft.number)
            self._audit(conn, operator, "discarded", application_id, 1, now, detail=draft.number)
        return None

    def set_status(
        self,
        conn: Any,
        application_id: str,
        revision: int,
        status: Status,
        reason: str = "",
        at: str | None = None,
    ) -> bool:
        """Record a status the registry reported, inside the caller's transaction.

        Used by sync. ``at``: when the registry recorded it, by its clock; a decision's is
        kept, for its retention window (frontdesk.store.decision_time). Returns False when
        the application or revision is unknown here (for example, a newer local revision
        already replaced it), or when the status is already recorded.
        """
        now = self._clock()
        decided_at = registry_stamp(at) if status in (Status.GRANTED, Status.REFUSED) else None
        if decided_at is not None:
            self._withdraw_correction(conn, application_id, revision, now)
        # A change the registry reports again (its feed read from the start) changes
        # nothing: not the same status a second time, nor "accepted" over its decision.
        # A stripped case (retention) takes no reason back, nor its own status again.
        changed = conn.execute(
            "UPDATE applications SET status = ?, updated_at = ?, decided_at = ?, "
            "status_reason = CASE WHEN purged_at IS NULL THEN ? ELSE '' END "
            "WHERE id = ? AND revision = ? AND status != 'draft' "
            "AND (status != ? OR (status_reason != ? AND purged_at IS NULL)) "
            "AND NOT (? = 'accepted' AND status IN ('granted', 'refused', 'returned'))",
            (
                status.value,
                stamp(now),
                decided_at,
                reason,
                application_id,
                revision,
                status.value,
                reason,
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
        self._audit(conn, "registry", f"status:{status.value}", application_id, revision, now)
        return True

    def _withdraw_correction(
        self, conn: Any, application_id: str, revision: int, now: dt.datetime
    ) -> None:
        """The back office decided ``revision``, which it had returned (a refusal: the
        correction was not brought in time), while this laptop holds the next revision, a
        correction not delivered (a draft, ready to send, or refused by the registry): the
        decision closes the case, so the correction is withdrawn and the decided revision
        is the application again (the registry takes no later revision of it). One being
        sent right now is left alone: its answer settles it."""
        row = conn.execute(
            "SELECT revision, status FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        if row is None or int(row[0]) != revision + 1:
            return
        if row[1] not in (Status.DRAFT.value, Status.READY.value):
            return
        if conn.execute(
            "SELECT 1 FROM outbox WHERE application_id = ? AND state = 'in_flight'",
            (application_id,),
        ).fetchone():
            return
        kept = conn.execute(
            "SELECT document FROM revisions WHERE application_id = ? AND revision = ?",
            (application_id, revision),
        ).fetchone()
        if kept is None:
            return
        decided = Application.from_dict(json.loads(kept[0]))
        if decided.status is not Status.RETURNED:
            return
        correction = self._current(application_id)
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (application_id,))
        self._write(conn, decided, created=False)
        if correction is not None:
            self._drop_removed_scans(conn, correction, decided)
        self._audit(conn, "registry", "correction_withdrawn", application_id, revision + 1, now)

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
            self._keep_revision(conn, current)
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
        self._write(conn, app, created=False)
        self._audit(conn, "registry", action, app.id, app.revision, now)
        return True

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
        self._write(conn, stub, created=False)
        conn.execute(
            "UPDATE applications SET purged_at = ?, name_sort = ? WHERE id = ?",
            (stamp(now), SORTS_LAST, stub.id),
        )
        conn.execute("DELETE FROM revisions WHERE application_id = ?", (stub.id,))
        conn.execute("DELETE FROM set_aside WHERE application_id = ?", (stub.id,))
        self._audit(conn, "retention", "personal_data_removed", stub.id, stub.revision, now)
        return True

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
        return next_in_series(conn, f"{self._workstation}-{now.astimezone().year}-")

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
        self._write(conn, app, created=False)
        self._audit(conn, "sync", "renumbered", app.id, app.revision, now, detail=old)
        return old, app.number

    def _claim_number(self, conn: Any, number: str, *, typed: bool) -> None:
        """Keep an imported number (this workstation then numbers on after it).

        A ``typed`` one (a paper receipt's, converted) in this workstation's own series
        may not run far past its last number: a typo such as 999999 would leave the
        series used up, and nothing more could be registered this year.
        """
        if not NUMBER_RE.match(number):
            raise InvalidInput(what_code="number.format", number=repr(number))
        taken = conn.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone()
        if taken:
            raise InvalidInput(what_code="input.number_taken", number=number)
        if discarded_number(conn, number):  # (a receipt printed for it may be about)
            raise InvalidInput(what_code="number.discarded", number=number)
        prefix = series(number)
        if typed and prefix.startswith(f"{self._workstation}-"):
            last = last_in_series(conn, prefix)
            if int(number.rsplit("-", 1)[1]) > last + MAX_NUMBER_JUMP:
                raise InvalidInput(
                    what_code="number.far_ahead", number=number, last=f"{prefix}{last:06d}"
                )

    def _write(self, conn: Any, app: Application, *, created: bool) -> None:
        """Insert or update the application row and its entry in the search index.

        The index is an external-content FTS5 table over ``name_key`` and
        ``search_ids``: an update first removes the old terms, by their old values.
        """
        values = row_values(app)
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

    def _keep_revision(self, conn: Any, app: Application) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO revisions (application_id, revision, content_hash, document) "
            "VALUES (?, ?, ?, ?)",
            (app.id, app.revision, content_hash(app), canonical_json(app.to_dict())),
        )

    def note_access(self, who: str, action: str, detail: str = "") -> None:
        """The access log: a reading or change of many applications at once (an export, a
        backup, an operator's password set), with who did it; no personal data."""
        with self._db.transaction() as conn:
            write_audit(conn, who, action, self._clock(), detail=detail or None)

    @staticmethod
    def _audit(
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
