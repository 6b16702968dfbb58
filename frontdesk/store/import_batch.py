"""Importing documents from files: paper converted, spreadsheets, another laptop's export.

:class:`DocumentImport` is the import half of
:class:`frontdesk.store.applications.ApplicationStore`, which mixes it in: a batch in one
transaction, each document all-or-nothing on its own, a typed receipt number checked
and kept, a line of a file run again not stored twice. The rules for one document are
:mod:`frontdesk.store.importing`'s.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from frontdesk.document import content_hash
from frontdesk.errors import (
    DuplicateApplication,
    FrontDeskError,
    InvalidInput,
    ValidationFailed,
)
from frontdesk.model import Application, Status, new_application_id
from frontdesk.store.audit import stamp
from frontdesk.store.duplicates import import_candidates, imported_before
from frontdesk.store.importing import (
    as_stored_before,
    check_new_status,
    check_not_future,
    check_typed_number,
    import_fingerprint,
    left_out,
)
from frontdesk.store.numbers import NUMBER_RE, last_in_series, series
from frontdesk.store.numbers import discarded as discarded_number
from frontdesk.store.reading import ApplicationReading
from frontdesk.store.writing import SaveResult, audit, detached, write_row
from frontdesk.text import parse_stamp

if TYPE_CHECKING:
    from frontdesk.store.decision_time import KnownClock
    from frontdesk.validation import Validator

RERUN_DAYS = 30  # an undated line of a file met again this soon is the file run again
MAX_NUMBER_JUMP = 1000  # how far past its last number a paper receipt's number may be


class DocumentImport(ApplicationReading):
    """Documents from files, stored as they came (see :meth:`import_batch`)."""

    if TYPE_CHECKING:  # what these methods use of the ApplicationStore they are mixed into
        _workstation: str
        _community: str
        _validator: Validator
        _known: KnownClock

        def _stored_community(self, conn: Any) -> str: ...

        def _stored_workstation(self, conn: Any) -> str: ...

        def _next_number(self, conn: Any, now: dt.datetime) -> str: ...

        def _stamp_time(self, conn: Any) -> dt.datetime: ...

        def _sync_outbox(self, conn: Any, app: Application) -> None: ...

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
        with self._db.transaction() as conn:
            now = self._stamp_time(conn)
            for app in apps:
                conn.execute("SAVEPOINT document")
                try:
                    outcomes.append(
                        self._import_one(
                            conn,
                            detached(app),
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
        empty = left_out(app)  # (filled in below)
        self._stored_community(conn)  # (corrected meanwhile by another program?)
        self._stored_workstation(conn)
        if new:  # taken here: this workstation's, whatever a spreadsheet's column said
            app.community, app.workstation = self._community, self._workstation
        elif app.community and app.community != self._community:
            # Another community's case (its export): the registry takes it from a
            # workstation of that community only, so from here it could never be sent.
            raise InvalidInput(
                what_code="import.other_community", community=app.community, own=self._community
            )
        else:  # one that does not say (written by hand): the registry would refuse it so
            app.community = app.community or self._community
            app.workstation = app.workstation or self._workstation
        app.operator = app.operator or operator
        report = self._validator.validate(app)
        # A case the registry holds already (its export, moving it to another laptop) is
        # its history here, not something this laptop sends: checked by today's codifier and
        # rules, it may no longer pass them (a village code a newer codifier dropped), and
        # was left behind for good. Its problems are told; it is taken as it was sent.
        sent_before = bool(app.id) and not app.status.editable
        if app.status is not Status.DRAFT and not report.ok and not sent_before:
            raise ValidationFailed(report)
        check_not_future(app, now, numbered=not new, behind=self._known.behind)
        check_new_status(app)
        if app.id:
            existing = self._current(app.id)
            if existing is not None:
                same = existing.revision == app.revision
                line = as_stored_before(app, existing, empty)
                if same and content_hash(existing) == content_hash(line):
                    return SaveResult(existing, report, False)
                raise InvalidInput(what_code="import.other_revision", number=existing.number)
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
            self._claim_number(conn, app.number, now, typed=new)
        else:
            app.number = self._next_number(conn, now)
        app.created_at = app.created_at or stamp(now)
        app.updated_at = app.updated_at or app.created_at
        if app.consent.given and not app.consent.given_at:
            app.consent.given_at = app.created_at
        write_row(conn, app, created=True)
        if fingerprint is not None:
            conn.execute(
                "INSERT OR REPLACE INTO imported_lines (fingerprint, application_id, imported_at) "
                "VALUES (?, ?, ?)",
                (fingerprint, app.id, stamp(now)),
            )
        self._sync_outbox(conn, app)
        audit(conn, operator, "imported", app.id, app.revision, now)
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

    def _claim_number(self, conn: Any, number: str, now: dt.datetime, *, typed: bool) -> None:
        """Keep an imported number (this workstation then numbers on after it).

        A ``typed`` one (a paper receipt's, converted: a document without an id) must be
        of this workstation's own series: a number of another workstation's series, kept
        here, would reach the registry before its owner's application, which would then be
        renumbered and its receipt be wrong. Its year must be one that has been (2000 to
        now), its sequence not 000000, and it may not run far past the series' last
        number: a typo such as 999999 would leave the series used up, and nothing more
        could be registered this year. (A document with an id was numbered by a
        workstation: it keeps its number.)
        """
        if not NUMBER_RE.match(number):
            raise InvalidInput(what_code="number.format", number=repr(number))
        if typed:
            check_typed_number(number, self._workstation, now, behind=self._known.behind)
        taken = conn.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone()
        if taken:
            raise InvalidInput(what_code="input.number_taken", number=number)
        if discarded_number(conn, number):  # (a receipt printed for it may be about)
            raise InvalidInput(what_code="number.discarded", number=number)
        prefix = series(number)
        if typed:
            last = last_in_series(conn, prefix)
            if int(number.rsplit("-", 1)[1]) > last + MAX_NUMBER_JUMP:
                raise InvalidInput(
                    what_code="number.far_ahead", number=number, last=f"{prefix}{last:06d}"
                )
