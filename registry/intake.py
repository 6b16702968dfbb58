"""Intake: batches of application revisions from workstations, exactly once.

Every item is checked with the workstation's own code (schema, then the
shared :class:`~frontdesk.validation.Validator`) and stored in a savepoint
of its own inside the batch's one transaction, so one bad item never
affects the others and a batch costs one durable commit. Idempotency is keyed
on (id, revision) and the content hash the registry computes itself; the
unique constraints of :mod:`registry.db` settle races between retried or
concurrent batches. A revision stored before is answered (``duplicate`` or
``conflict``) before the rules are applied again, so a retry gets the same
answer even after a newer service catalogue changed the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError, OperationalError

from frontdesk.catalog import ServiceCatalog
from frontdesk.document import DocumentError, parse
from frontdesk.messages import MESSAGES
from frontdesk.model import Application, Status
from frontdesk.validation import Problem, Validator
from registry import wire
from registry.accounts import Device
from registry.answers import (
    Checked,
    Known,
    accepted_change,
    accepted_result,
    ack_for,
    application_row,
    attachment_hashes,
    blob_rows,
    community_mismatch,
    conflict_result,
    item_result,
    rejected_result,
    revision_row,
    summary_values,
    workstation_of,
)
from registry.db import (
    Clock,
    Database,
    application_blobs,
    application_revisions,
    applications,
    blobs,
    is_deadlock,
    iso,
    utc_now,
)
from registry.feed import ChangeFeed, append_status_changes
from registry.numbering import foreign_codes, name_last_numbers

MAX_BATCH = 500
_LATEST_OFFSET = dt.timedelta(hours=14)  # the earliest time zone to reach each date
_ATTEMPTS = 3  # a lost race is answered by re-reading; more than twice means a bug

MESSAGES.update(
    {
        "community.mismatch": (
            "Заява належить іншій громаді, ніж це робоче місце ({community})",
            "The application belongs to another community than this workstation ({community})",
        ),
        "number.taken": (
            "Номер заяви {number} уже має інша заява",
            "Application number {number} is already used by another application",
        ),
        "number.elsewhere": (
            "Номер заяви {number} належить до нумерації робочого місця {workstation} іншої громади",
            "Application number {number} is of the series of workstation {workstation} of "
            "another community",
        ),
        "number.changed": (
            "Номер заяви не можна змінювати (було {number})",
            "An application's number cannot change (it was {number})",
        ),
    }
)


def latest_date(moment: dt.datetime) -> dt.date:
    """The latest calendar date anywhere on Earth at ``moment`` (UTC+14, Kiritimati).

    A date is "in the future" to the registry only once it is so everywhere: a Kyiv
    worker's today (UTC+2/+3) is tomorrow in UTC for hours after midnight, and the
    registry's own time zone (a server's is UTC) is no one's calendar."""
    return (moment.astimezone(dt.UTC) + _LATEST_OFFSET).date()


class _LostRace(Exception):
    """Another transaction stored this application first; answer from what it stored."""


class Intake:
    def __init__(self, db: Database, feed: ChangeFeed, clock: Clock = utc_now) -> None:
        self._db = db
        self._feed = feed
        self._clock = clock
        self._validator_cache: tuple[ServiceCatalog, Validator] | None = None

    def submit_batch(self, device: Device, items: Sequence[Any]) -> list[dict[str, Any]]:
        """Store a batch in ONE durable transaction, each item in a savepoint of its own.

        One commit (one fsync) per batch instead of per item is what makes
        batching pay; the savepoints keep one bad item from touching the others.
        """
        checked = [self._check(device, item) for item in items]
        for attempt in range(_ATTEMPTS):
            try:
                with self._db.write() as conn:
                    validator = self._validator(conn)
                    fast = self._store_batch(conn, device, checked, validator)
                    if fast is not None:
                        return fast
                    return [
                        c if isinstance(c, dict) else self._store_item(conn, device, c, validator)
                        for c in checked
                    ]
            except (_LostRace, IntegrityError):
                if attempt == _ATTEMPTS - 1:
                    raise
            except OperationalError as exc:
                # PostgreSQL broke a deadlock by aborting this transaction: nothing of it
                # was stored, and run again it finds what the other one stored.
                if not is_deadlock(exc) or attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _validator(self, conn: Connection) -> Validator:
        """A validator for the newest catalogue (no codifier at the registry), reused."""
        catalog = self._feed.catalog(conn)
        cached = self._validator_cache
        if cached is None or cached[0] is not catalog:
            # Lengths are the JSON Schema's, checked on every item before the rules.
            validator = Validator(
                catalog,
                today=lambda: latest_date(self._clock()),
                check_lengths=False,
                future="date.future_registry",
            )
            cached = self._validator_cache = (catalog, validator)
        return cached[1]

    def submit(self, device: Device, item: Any, validator: Validator) -> dict[str, Any]:
        checked = self._check(device, item)
        if isinstance(checked, dict):
            return checked
        with self._db.write() as conn:
            return self._store_item(conn, device, checked, validator)

    def _store_item(
        self, conn: Connection, device: Device, checked: Checked, validator: Validator
    ) -> dict[str, Any]:
        """One item in a savepoint; a unique-constraint race is answered by re-reading."""
        for attempt in range(_ATTEMPTS):
            try:
                with conn.begin_nested():
                    return self._store(conn, device, checked, validator)
            except (IntegrityError, _LostRace):
                if attempt == _ATTEMPTS - 1:
                    raise _LostRace(checked.app.id) from None
        raise AssertionError("unreachable")

    def revision(self, device: Device, app_id: str, revision: int) -> dict[str, Any] | None:
        """What the registry holds for (id, revision), if it belongs to the device's community."""
        query = (
            sa.select(application_revisions, applications.c.number)
            .join(applications, applications.c.id == application_revisions.c.id)
            .where(
                application_revisions.c.id == app_id,
                application_revisions.c.revision == revision,
                applications.c.community == device.community,
            )
        )
        with self._db.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return {
            "id": row.id,
            "revision": row.revision,
            "content_hash": row.content_hash,
            "status": row.status,
            "ack": ack_for(row.number, row.revision, row.received_at),
            # The revision as delivered: a laptop restored from an older backup takes it
            # (with the decision on it) instead of the earlier revision it still has.
            "document": row.document,
        }

    # --- checks before any transaction ---------------------------------------

    def _check(self, device: Device, item: Any) -> Checked | dict[str, Any]:
        """The document's structure, identity and community: what needs no database."""
        document = item.get("document") if isinstance(item, dict) else None
        app_id = document.get("id") if isinstance(document, dict) else None
        revision = document.get("revision", 1) if isinstance(document, dict) else None
        if not isinstance(document, dict):
            problem = Problem(
                "document",
                "schema",
                params=(("detail", "not an object"), ("detail_uk", "документ не є об'єктом JSON")),
            )
            return rejected_result(app_id, revision, [problem], "document.invalid")
        try:
            app = parse(document)
        except DocumentError as exc:
            return rejected_result(app_id, revision, exc.problems, "document.invalid")
        missing = [
            Problem(key, "required")
            for key in ("id", "number", "community")
            if not getattr(app, key)
        ]
        if missing:
            return rejected_result(app.id or app_id, app.revision, missing, "document.invalid")
        if app.community != device.community:
            return community_mismatch(app, device)
        # Kept as the workstation sent it: the content its own hash covers, and (from a
        # workstation, which sends what from_dict made) already normalised. Checks and
        # the summary columns use ``app``, the normalised reading; so does every reader
        # (Application.from_dict). Building the normalised dict again here was a sixth
        # of the registry's time per batch (bench/sync.py).
        return Checked(app, document, wire.content_hash(document), wire.document_text(document))

    # --- the transaction of one item -----------------------------------------

    def _store(
        self, conn: Connection, device: Device, checked: Checked, validator: Validator
    ) -> dict[str, Any]:
        app = checked.app
        current = conn.execute(
            sa.select(applications).where(applications.c.id == app.id).with_for_update()
        ).first()
        stored = conn.execute(
            sa.select(application_revisions).where(
                application_revisions.c.id == app.id,
                application_revisions.c.revision == app.revision,
            )
        ).first()
        owner = conn.execute(
            sa.select(applications.c.id).where(applications.c.number == app.number)
        ).scalar()
        hashes = attachment_hashes(app)
        foreign = foreign_codes(conn, device, [checked])
        known = Known(current, stored, owner, self._complete_blobs(conn, hashes), foreign)
        answer = self._decide(device, checked, known, validator)
        if answer is not None:
            name_last_numbers(conn, device, [checked], [answer])
            return answer
        received_at = iso(self._clock())
        self._write(conn, device, checked, current, hashes, received_at)
        append_status_changes(self._db, conn, [accepted_change(app, received_at)])
        return accepted_result(checked, received_at)

    def _store_batch(
        self,
        conn: Connection,
        device: Device,
        items: list[Checked | dict[str, Any]],
        validator: Validator,
    ) -> list[dict[str, Any]] | None:
        """The whole batch with a handful of set-wise queries and bulk inserts.

        Returns None (nothing written) when the batch needs the careful item-by-item
        path: an id or number repeated inside the batch.
        """
        todo = [c for c in items if not isinstance(c, dict)]
        ids = [c.app.id for c in todo]
        numbers = [c.app.number for c in todo]
        if len(set(ids)) != len(ids) or len(set(numbers)) != len(numbers):
            return None
        if not todo:
            return [c for c in items if isinstance(c, dict)]
        # Plain SQL through the driver: Core's per-execution work cost more than these
        # queries (bench/sync.py). Only the columns the decision needs are read.
        db = self._db
        # The applications the batch names, by id or by number, in one query.
        current: dict[str, Row[Any]] = {}
        owners: dict[str, str] = {}
        wanted_ids, wanted_numbers = set(ids), set(numbers)
        for row in conn.exec_driver_sql(
            "SELECT id, number, community, latest_revision, status FROM applications "
            f"WHERE id IN ({db.placeholders(len(ids))}) "
            f"OR number IN ({db.placeholders(len(numbers))}){db.for_update()}",
            (*ids, *numbers),
        ):
            if row.id in wanted_ids:
                current[row.id] = row
            if row.number in wanted_numbers:
                owners[row.number] = row.id
        # Revisions exist only of applications that exist (a foreign key): a batch of
        # new applications, the usual one, needs no look at them.
        existing = [i for i in ids if i in current]
        stored = (
            {
                (row.id, row.revision): row
                for row in conn.exec_driver_sql(
                    "SELECT id, revision, content_hash, received_at FROM application_revisions "
                    f"WHERE id IN ({db.placeholders(len(existing))})",
                    tuple(existing),
                )
            }
            if existing
            else {}
        )
        complete = self._complete_blobs(conn, [h for c in todo for h in attachment_hashes(c.app)])
        foreign = foreign_codes(conn, device, [c for c in todo if c.app.id not in current])
        received_at = iso(self._clock())
        results: list[dict[str, Any]] = []
        new: list[Checked] = []
        changed: list[Application] = []
        for item in items:
            if isinstance(item, dict):
                results.append(item)
                continue
            app = item.app
            known = Known(
                current.get(app.id),
                stored.get((app.id, app.revision)),
                owners.get(app.number),
                complete,
                foreign,
            )
            answer = self._decide(device, item, known, validator)
            if answer is None:
                if known.current is not None:  # a corrected revision: rare, one by one
                    self._write(
                        conn, device, item, known.current, attachment_hashes(app), received_at
                    )
                else:
                    new.append(item)
                changed.append(app)
                answer = accepted_result(item, received_at)
            results.append(answer)
        self._insert_new(conn, device, new, received_at)
        append_status_changes(
            self._db, conn, [accepted_change(app, received_at) for app in changed]
        )
        name_last_numbers(conn, device, items, results)
        return results

    def _decide(
        self, device: Device, checked: Checked, known: Known, validator: Validator
    ) -> dict[str, Any] | None:
        """The answer for an item that must not be stored, or None when it is to be stored."""
        app = checked.app
        if known.current is not None and known.current.community != device.community:
            return community_mismatch(app, device)
        if known.stored is not None:  # answered the same way even if the rules changed since
            return self._repeat(checked, known.stored, known.current)
        report = validator.validate(app)
        if not report.ok:
            return rejected_result(app.id, app.revision, report.errors, "validation")
        refusal = self._refuse_revision(checked, known)
        if refusal is not None:
            return refusal
        missing = [h for h in attachment_hashes(app) if h not in known.complete]
        if missing:
            return item_result(
                app.id,
                app.revision,
                "missing_blobs",
                code="blobs.missing",
                message=f"{len(missing)} attachment(s) not uploaded yet",
                missing=missing,
            )
        return None

    @staticmethod
    def _repeat(checked: Checked, stored: Row[Any], current: Row[Any] | None) -> dict[str, Any]:
        app = checked.app
        if stored.content_hash != checked.content_hash:
            return conflict_result(
                checked,
                "revision.conflict",
                f"Revision {app.revision} of this application was received before "
                "with other content",
                stored_content_hash=stored.content_hash,
            )
        number = current.number if current is not None else app.number
        return item_result(
            app.id,
            app.revision,
            "duplicate",
            content_hash=stored.content_hash,
            ack=ack_for(number, stored.revision, stored.received_at),
        )

    @staticmethod
    def _refuse_revision(checked: Checked, known: Known) -> dict[str, Any] | None:
        """Why this new revision may not be stored, or None when it may."""
        app = checked.app
        current, number_owner = known.current, known.number_owner
        if current is None:
            if app.revision != 1:
                return conflict_result(
                    checked,
                    "revision.unexpected",
                    f"Revision {app.revision} of an application the registry does not have",
                    latest_revision=None,
                )
            if number_owner == app.id:
                raise _LostRace(app.id)  # committed since our first read: answer from it
            code = workstation_of(app.number)
            if code in known.foreign_codes:
                # Another community's laptop numbers with this code: it would find its
                # numbers taken (renumbered, then set aside), as if two communities shared
                # one workstation code, which enrolment never lets happen.
                params = (("number", app.number), ("workstation", code))
                problem = Problem("number", "number.elsewhere", params=params)
                return rejected_result(app.id, app.revision, [problem], "number.elsewhere")
            if number_owner is not None:
                problem = Problem("number", "number.taken", params=(("number", app.number),))
                return rejected_result(app.id, app.revision, [problem], "number.taken")
            return None
        if current.number != app.number:
            problem = Problem("number", "number.changed", params=(("number", current.number),))
            return rejected_result(app.id, app.revision, [problem], "number.changed")
        if app.revision != current.latest_revision + 1 or current.status != Status.RETURNED:
            return conflict_result(
                checked,
                "revision.unexpected",
                f"Revision {app.revision} is accepted only after revision "
                f"{app.revision - 1} was returned for correction "
                f"(the registry has revision {current.latest_revision}, {current.status})",
                latest_revision=current.latest_revision,
            )
        return None

    @staticmethod
    def _complete_blobs(conn: Connection, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        return set(
            conn.execute(
                sa.select(blobs.c.sha256).where(
                    blobs.c.sha256.in_(sorted(set(hashes))), blobs.c.complete
                )
            ).scalars()
        )

    def _write(
        self,
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
                    # (not refused meanwhile: a returned application may be, see backoffice)
                    applications.c.status == current.status,
                )
                .values(**summary_values(app, received_at))
            )
            if updated.rowcount != 1:  # a concurrent writer moved it on: re-read
                raise _LostRace(app.id)
        conn.execute(
            application_revisions.insert().values(**revision_row(checked, device, received_at))
        )
        if hashes:
            conn.execute(application_blobs.insert(), blob_rows(app))

    def _insert_new(
        self, conn: Connection, device: Device, new: list[Checked], received_at: str
    ) -> None:
        """Bulk-insert new applications: one executemany per table, through the driver."""
        if not new:
            return
        # In one order whatever order the batch came in: two batches naming the same
        # applications or numbers (one batch sent again by another connection, in another
        # order) then wait for each other instead of each holding a row the other needs
        # (a deadlock PostgreSQL breaks only after a second, failing one of them).
        new = sorted(new, key=lambda c: (c.app.number, c.app.id))
        db = self._db
        rows = [application_row(c.app, received_at) for c in new]
        columns = list(rows[0])
        conn.exec_driver_sql(
            f"INSERT INTO applications ({', '.join(columns)}) "
            f"VALUES ({db.placeholders(len(columns))})",
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
